import ExactJSON
import Foundation
import HTTPTransport
import SyncCore

/// Reads what came back over either protocol into a result or an `OdooError`. Shared by both wires so the rules
/// ("an Odoo error body decides by class name; anything else by status; unreadable JSON is retryable") live once.
enum OdooResponseReading {
    /// The parsed body, or an `invalidResponse` error when it is not complete JSON (truncated, HTML, garbage).
    static func json(_ response: HTTPResponseData, model: String?, method: String) throws(OdooError) -> JSONValue {
        do {
            return try JSONText.parse(response.body)
        } catch {
            let what = response.body.isEmpty ? "an empty body" : "\(response.body.count) bytes that are not JSON (\(error.reason))"
            throw OdooError(kind: .invalidResponse, model: model, method: method,
                            message: "HTTP \(response.status) with \(what)", httpStatus: response.status)
        }
    }

    /// `(name, message)` of an Odoo error object: JSON-RPC `error.data` or a JSON-2 error body.
    static func odooException(in object: [String: JSONValue]) -> (name: String, message: String?)? {
        guard case .string(let name)? = object["name"], !name.isEmpty else { return nil }
        return (name, object["message"]?.stringValue)
    }

    /// The error for a non-success HTTP answer.
    static func httpFailure(
        _ response: HTTPResponseData, model: String?, method: String, notFound: OdooErrorClassifier.NotFoundMeaning,
        secret: String
    ) -> OdooError {
        var exception: (name: String, message: String?)?
        if isJSON(response), let body = try? JSONText.parse(response.body), case .object(let object) = body {
            if case .object(let error)? = object["error"], case .object(let data)? = error["data"] {
                exception = odooException(in: data)
            } else {
                exception = odooException(in: object)
            }
        }
        let kind = OdooErrorClassifier.kind(httpStatus: response.status, exceptionName: exception?.name, notFound: notFound)
        let retryAfter = kind == .rateLimited ? RetryPolicy.retryAfter(response.header("Retry-After")) : nil
        return OdooError(
            kind: kind, model: model, method: method, exceptionName: exception?.name,
            message: exception?.message ?? textSnippet(response), httpStatus: response.status, retryAfter: retryAfter,
            redacting: secret
        )
    }

    static func isJSON(_ response: HTTPResponseData) -> Bool {
        guard let type = response.header("Content-Type")?.lowercased() else {
            return response.body.first.map { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") } ?? false
        }
        return type.contains("json")
    }

    /// A short plain-text rendering of a non-JSON body (e.g. "Invalid JSON data", werkzeug's 404 page), for the message.
    static func textSnippet(_ response: HTTPResponseData) -> String? {
        guard !response.body.isEmpty, !isJSON(response) else { return nil }
        var text = String(decoding: response.body.prefix(2_000), as: UTF8.self)
        while let open = text.range(of: "<"), let close = text.range(of: ">", range: open.upperBound..<text.endIndex) {
            text.replaceSubrange(open.lowerBound..<close.upperBound, with: " ")
        }
        let words = text.split(whereSeparator: { $0.isWhitespace })
        let joined = words.joined(separator: " ")
        guard !joined.isEmpty else { return nil }
        return joined.count > 200 ? String(joined.prefix(200)) + "…" : joined
    }
}
