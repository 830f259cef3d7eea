import ExactJSON
import Foundation
import HTTPTransport
import HTTPTypes
import SyncCore

/// `POST /jsonrpc`: the protocol of Odoo ≤ 18 (deprecated in 19). Errors come back as HTTP 200 with
/// `error.data.name` (the Python exception class); a method that returns None has no `result` key at all.
enum OdooJSONRPCWire {
    static func request(
        baseURL: String, service: String, method: String, args: [JSONValue], requestId: Int, timeout: Duration
    ) -> HTTPRequestData {
        let envelope: JSONValue = .object([
            "jsonrpc": .string("2.0"),
            "method": .string("call"),
            "params": .object(["service": .string(service), "method": .string(method), "args": .array(args)]),
            "id": .number(Decimal(requestId)),
        ])
        return HTTPRequestData(
            method: .post, url: baseURL + "/jsonrpc",
            headerFields: [.contentType: "application/json", .accept: "application/json"],
            body: JSONText.serialize(envelope), timeout: timeout
        )
    }

    /// `execute_kw` arguments: `[db, uid, key, model, method, positional]` plus `kwargs` when there are any.
    static func executeKwArgs(
        database: String, uid: Int, apiKey: String, model: String, method: String, ids: [Int]?, args: [JSONValue],
        kwargs: [String: JSONValue], context: [String: JSONValue]?
    ) -> [JSONValue] {
        var positional = args
        if let ids { positional.insert(.array(ids.map { .number(Decimal($0)) }), at: 0) }
        var named = kwargs
        if let context { named["context"] = .object(context) }
        var result: [JSONValue] = [
            .string(database), .number(Decimal(uid)), .string(apiKey), .string(model), .string(method), .array(positional),
        ]
        if !named.isEmpty { result.append(.object(named)) }
        return result
    }

    static func result(
        of response: HTTPResponseData, model: String?, method: String, secret: String
    ) throws(OdooError) -> JSONValue {
        guard response.status == 200 else {
            throw OdooResponseReading.httpFailure(response, model: model, method: method, notFound: .wrongURL, secret: secret)
        }
        let body = try OdooResponseReading.json(response, model: model, method: method)
        guard case .object(let envelope) = body else {
            throw OdooError(kind: .invalidResponse, model: model, method: method,
                            message: "a JSON-RPC answer must be an object", httpStatus: response.status)
        }
        if let error = envelope["error"] {
            guard case .object(let errorObject) = error else {
                throw OdooError(kind: .serverError, model: model, method: method, message: error.stringValue, redacting: secret)
            }
            if case .object(let data)? = errorObject["data"], let exception = OdooResponseReading.odooException(in: data) {
                throw OdooError(
                    kind: OdooErrorClassifier.kind(forException: exception.name), model: model, method: method,
                    exceptionName: exception.name, message: exception.message ?? errorObject["message"]?.stringValue,
                    redacting: secret
                )
            }
            throw OdooError(kind: .serverError, model: model, method: method,
                            message: errorObject["message"]?.stringValue, redacting: secret)
        }
        // No `result` key: the method returned None.
        return envelope["result"] ?? .null
    }
}
