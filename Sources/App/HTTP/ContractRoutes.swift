import Foundation
import Hummingbird
import NIOCore
import Yams

/// Serves the API contract itself: `/openapi.yaml` as written, `/openapi.json` for the dashboard's API page (a
/// browser reads JSON natively, so the page needs no YAML library and nothing from the internet).
struct ContractRoutes {
    let yaml: String?
    let json: [UInt8]?

    init(path: String) {
        let yaml = try? String(contentsOfFile: path, encoding: .utf8)
        self.yaml = yaml
        self.json = yaml.flatMap { text in
            guard let object = try? Yams.load(yaml: text),
                  let data = try? JSONSerialization.data(withJSONObject: Self.jsonCompatible(object), options: [.sortedKeys])
            else { return nil }
            return Array(data)
        }
    }

    /// The paths `register(on:)` serves (GET only).
    static let paths = ["/openapi.yaml", "/openapi.json"]

    func register(on router: Router<BasicRequestContext>) {
        router.get("/openapi.yaml") { _, _ -> Response in
            guard let yaml else { throw APIError(.notFound, code: "not_found", message: "openapi.yaml is not shipped with this build") }
            return Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: yaml)))
        }
        router.get("/openapi.json") { _, _ -> Response in
            guard let json else { throw APIError(.notFound, code: "not_found", message: "openapi.yaml is not shipped with this build") }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: json)))
        }
    }

    /// Yams yields Int/Double/Bool/String/arrays/dictionaries with `AnyHashable` keys; JSON needs String keys.
    static func jsonCompatible(_ value: Any) -> Any {
        switch value {
        case let dictionary as [AnyHashable: Any]:
            var result: [String: Any] = [:]
            for (key, value) in dictionary { result["\(key.base)"] = jsonCompatible(value) }
            return result
        case let dictionary as [String: Any]:
            return dictionary.mapValues(jsonCompatible)
        case let array as [Any]:
            return array.map(jsonCompatible)
        default:
            return value
        }
    }
}
