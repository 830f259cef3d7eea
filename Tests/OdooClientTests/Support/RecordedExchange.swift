import ExactJSON
import Foundation
import HTTPTransport
import HTTPTypes
import SyncCore

/// One recorded fixture file: `{name, protocol, request{method,path,headers,body}, response{status,headers,body}}`,
/// read with the exact-number JSON reader so recorded money stays exact when replayed.
struct RecordedExchange: Sendable {
    /// e.g. "odoo19/jsonrpc/common_version.json".
    let path: String
    let root: JSONValue

    init(path: String, root: JSONValue) {
        self.path = path
        self.root = root
    }

    var components: [String] { path.split(separator: "/").map(String.init) }
    /// 17, 18 or 19, from the folder ("odoo18/…").
    var majorVersion: Int { components.first.flatMap { Int($0.dropFirst(4)) } ?? 19 }
    /// "jsonrpc", "json2", "json2_incremental_probe", "webhook" or "webhook_setup".
    var folder: String { components.count > 1 ? components[1] : "" }
    var baseName: String { String((components.last ?? "").dropLast(5)) }
    var protocolName: String? { root["protocol"]?.stringValue }

    var request: JSONValue? { root["request"] }
    var requestMethod: String? { request?["method"]?.stringValue }
    var requestPath: String? { request?["path"]?.stringValue }
    var requestBody: JSONValue? { request?["body"] }

    func requestHeader(_ name: String) -> String? {
        guard case .object(let headers)? = request?["headers"] else { return nil }
        return headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value.stringValue
    }

    var response: JSONValue? { root["response"] }
    var responseStatus: Int? { response?["status"]?.intValue }
    var responseBody: JSONValue? { response?["body"] }
    var responseContentType: String? { responseHeader("Content-Type") }

    /// JSON-RPC `params.args` of the recorded request.
    var rpcArgs: [JSONValue] {
        if case .array(let args)? = requestBody?["params"]?["args"] { return args }
        return []
    }

    var rpcService: String? { requestBody?["params"]?["service"]?.stringValue }
    var rpcMethod: String? { requestBody?["params"]?["method"]?.stringValue }

    /// The recorded response as the transport would deliver it: text bodies as recorded, JSON bodies serialized.
    var httpResponse: HTTPResponseData {
        let status = responseStatus ?? 200
        let contentType = responseContentType ?? "application/json; charset=utf-8"
        let bytes: [UInt8]
        if contentType.contains("json") {
            bytes = JSONText.serialize(responseBody ?? .null, sortedKeys: false)
        } else {
            bytes = Array((responseBody?.stringValue ?? "").utf8)
        }
        var fields: HTTPFields = [.contentType: contentType]
        if let location = responseHeader("Location") { fields[.location] = location }
        return HTTPResponseData(status: status, headerFields: fields, body: bytes)
    }

    func responseHeader(_ name: String) -> String? {
        guard case .object(let headers)? = response?["headers"] else { return nil }
        return headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value.stringValue
    }

    /// The same response with JSON-RPC `result` replaced (used to hand a recorded `authenticate` the recorded uid).
    func httpResponse(replacingResult result: JSONValue) -> HTTPResponseData {
        guard case .object(var body)? = responseBody else { return httpResponse }
        body["result"] = result
        return HTTPResponseData(status: 200, headerFields: [.contentType: "application/json; charset=utf-8"],
                                body: JSONText.serialize(.object(body)))
    }
}

/// The fixture files of the test bundle.
enum FixtureLibrary {
    static var directory: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    /// Every `*.json` under Fixtures, as sorted relative paths.
    static let allPaths: [String] = {
        let root = directory.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var paths: [String] = []
        while let next = enumerator.nextObject() as? String {
            if next.hasSuffix(".json") { paths.append(next) }
        }
        return paths.sorted()
    }()

    /// Number of regular files under Fixtures, counted independently of `allPaths`.
    static func fileCount() throws -> Int {
        let keys: [URLResourceKey] = [.isRegularFileKey]
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: keys) else { return 0 }
        var count = 0
        for case let url as URL in enumerator where try url.resourceValues(forKeys: Set(keys)).isRegularFile == true {
            count += 1
        }
        return count
    }

    static func load(_ path: String) throws -> RecordedExchange {
        let data = try Data(contentsOf: directory.appendingPathComponent(path))
        return RecordedExchange(path: path, root: try JSONText.parse(Array(data)))
    }
}
