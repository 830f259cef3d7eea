import ExactJSON
import Foundation
import HTTPTransport
import HTTPTypes
import SyncCore

/// Odoo 19's JSON-2 API: `POST /json/2/<model>/<method>` with a bearer API key, the database in `X-Odoo-Database`,
/// named arguments in a JSON object body, and real HTTP status codes for errors.
enum OdooJSON2Wire {
    static func request(
        baseURL: String, database: String, apiKey: String, model: String, method: String, body: [String: JSONValue],
        timeout: Duration
    ) -> HTTPRequestData {
        HTTPRequestData(
            method: .post, url: "\(baseURL)/json/2/\(model)/\(method)",
            headerFields: [
                .authorization: "bearer \(apiKey)",
                odooDatabase: database,
                .contentType: "application/json",
                .accept: "application/json",
            ],
            body: JSONText.serialize(.object(body)), timeout: timeout
        )
    }

    /// The header that names the database on a multi-database server.
    static let odooDatabase = HTTPField.Name("X-Odoo-Database")!

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
        HTTPRequestData(method: .get, url: baseURL + "/json/version", headerFields: [.accept: "application/json"],
                        timeout: timeout)
    }
}
