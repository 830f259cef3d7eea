import Foundation
import HTTPTransport
import SyncCore

/// A failed Medusa Admin API call, classified once where it is understood, with Medusa's own `type` and `message`
/// kept for the run record. Never carries a secret: messages coming from the server are scrubbed of the key,
/// password and tokens the client knows.
public struct MedusaError: ClassifiedError, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// Medusa answered with an error status.
        case response
        /// Nothing (or nothing complete) came back: connection, timeout, truncated body.
        case transport
        /// The client refused to send a body larger than Medusa accepts on that route.
        case requestTooLarge = "request_too_large"
        /// A success status whose body is not what the route returns.
        case undecodableResponse = "undecodable_response"
        /// The admin login (`/auth/user/emailpass`) was refused.
        case authentication
    }

    public var kind: Kind
    /// HTTP status, when Medusa answered.
    public var status: Int?
    /// Medusa's error `type` (`invalid_data`, `not_found`, `unknown_error`, …), when the body had one.
    public var type: String?
    /// Medusa's error `code`, when given (rare).
    public var code: String?
    public var message: String
    public var method: String
    /// Path without the query string.
    public var path: String
    public var failureClass: FailureClass
    /// Delay the server asked for (`Retry-After` on a 429 or 503).
    public var retryAfter: Duration?

    public var system: String { "medusa" }

    public init(kind: Kind, status: Int? = nil, type: String? = nil, code: String? = nil, message: String,
                method: String, path: String, failureClass: FailureClass, retryAfter: Duration? = nil) {
        self.kind = kind; self.status = status; self.type = type; self.code = code; self.message = message
        self.method = method; self.path = path; self.failureClass = failureClass; self.retryAfter = retryAfter
    }

    public var description: String {
        var text = "Medusa \(method) \(path)"
        if let status { text += " → \(status)" }
        if let type { text += " \(type)" }
        return text + ": \(message)"
    }

    /// The class of an error status: 400/413/422 permanent, 401/403 configuration, 404 missing remotely,
    /// 408/409/425/429/5xx retryable; anything else permanent.
    public static func failureClass(forStatus status: Int) -> FailureClass {
        switch status {
        case 401, 403: .configuration
        case 404, 410: .missingRemotely
        case 408, 409, 425, 429, 500...599: .retryable
        default: .permanent
        }
    }

    /// A hint appended to messages of configuration failures so the operator knows what to check.
    static func configurationHint(status: Int, authentication: MedusaConfiguration.Authentication) -> String {
        switch (status, authentication) {
        case (401, .secretKey): "check MEDUSA_API_KEY (an active secret API key, sent as HTTP Basic)"
        case (401, .emailPassword): "check MEDUSA_ADMIN_EMAIL / MEDUSA_ADMIN_PASSWORD"
        case (403, _): "the credentials are valid but not allowed to do this; use an admin user's secret API key"
        default: ""
        }
    }
}
