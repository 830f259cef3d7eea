import Foundation
import HTTPTransport
import SyncCore

/// Odoo 19's JSON-2 API: `POST /json/2/<model>/<method>` with a bearer API key, the database in `X-Odoo-Database`,
/// named arguments in a JSON object body, and real HTTP status codes for errors.
enum OdooJSON2Wire {
    static func request(
        baseURL: String, database: String, apiKey: String, model: String, method: String, body: [String: JSONValue],
        timeout: Duration
    ) -> HTTPRequestData {
        HTTPRequestData(
            method: "POST", url: "\(baseURL)/json/2/\(model)/\(method)",
            headers: [
                (name: "Authorization", value: "bearer \(apiKey)"),
                (name: "X-Odoo-Database", value: database),
                (name: "Content-Type", value: "application/json"),
                (name: "Accept", value: "application/json"),
            ],
            body: JSONText.serialize(.object(body)), timeout: timeout
        )
    }

    /// Named arguments plus `ids` (record methods) and `context`.
    static func body(
        ids: [Int]?, kwargs: [String: JSONValue], context: [String: JSONValue]?
    ) -> [String: JSONValue] {
        var body = kwargs
        if let ids { body["ids"] = .array(ids.map { .number(Decimal($0)) }) }
        if let context { body["context"] = .object(context) }
        return body
    }

    static func result(
        of response: HTTPResponseData, model: String?, method: String, secret: String
    ) throws(OdooError) -> JSONValue {
        guard (200..<300).contains(response.status) else {
            throw OdooResponseReading.httpFailure(response, model: model, method: method, notFound: .unknownDatabase,
                                                  secret: secret)
        }
        return try OdooResponseReading.json(response, model: model, method: method)
    }

    static func versionRequest(baseURL: String, timeout: Duration) -> HTTPRequestData {
        HTTPRequestData(method: "GET", url: baseURL + "/json/version",
                        headers: [(name: "Accept", value: "application/json")], timeout: timeout)
    }
}
