import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An HTTP error with the JSON body every client of this service can rely on: `{"error": {"code", "message"}}`.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var response: Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: Self.body(code: code, message: message))))
    }

    static func body(code: String, message: String) -> [UInt8] {
        let payload = ["error": ["code": code, "message": message]]
        return (try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys, .withoutEscapingSlashes])).map(Array.init) ?? Array(#"{"error":{"code":"internal","message":"error"}}"#.utf8)
    }

    public static func unauthorized(_ message: String) -> APIError {
        APIError(.unauthorized, code: "unauthorized", message: message, headers: [.wwwAuthenticate: "Bearer"])
    }

    public static func notConfigured(_ variables: [String], what: String) -> APIError {
        APIError(.serviceUnavailable, code: "not_configured",
                 message: "\(what) is not configured: set \(variables.joined(separator: ", "))")
    }
}
