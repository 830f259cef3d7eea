import HTTPTransport
import SyncCore

/// Everything the Odoo client can fail with, already classified: the engine and the run record read `failureClass`
/// and `kind`, never the message. Carries where it happened (model/method), Odoo's exception class and Odoo's own
/// message (which, for access errors, names the groups the user lacks) — but never the API key or the request body.
public struct OdooError: ClassifiedError, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        // configuration: every call would fail the same way until someone fixes the settings or rights
        case wrongURL = "wrong_url"
        case unknownDatabase = "unknown_database"
        case invalidCredentials = "invalid_credentials"
        case accessDenied = "access_denied"
        case protocolUnavailable = "protocol_unavailable"
        // permanent: this request is wrong; retrying changes nothing
        case notFound = "not_found"
        case unknownMethod = "unknown_method"
        case invalidRequest = "invalid_request"
        case missingRecord = "missing_record"
        case userError = "user_error"
        case serverError = "server_error"
        case unexpectedData = "unexpected_data"
        // retryable: the server or the network had a moment
        case unavailable
        case rateLimited = "rate_limited"
        case timeout
        case connection
        case invalidResponse = "invalid_response"

        public var failureClass: FailureClass {
            switch self {
            case .wrongURL, .unknownDatabase, .invalidCredentials, .accessDenied, .protocolUnavailable: .configuration
            case .notFound, .unknownMethod, .invalidRequest, .missingRecord, .userError, .serverError, .unexpectedData:
                .permanent
            case .unavailable, .rateLimited, .timeout, .connection, .invalidResponse: .retryable
            }
        }

        var summary: String {
            switch self {
            case .wrongURL: "the URL does not serve Odoo's API (check ODOO_URL)"
            case .unknownDatabase: "Odoo database not found (check ODOO_DB_NAME)"
            case .invalidCredentials: "Odoo rejected the login or API key (check ODOO_USERNAME and ODOO_API_KEY)"
            case .accessDenied: "the Odoo user lacks access rights"
            case .protocolUnavailable: "JSON-2 is not available on this Odoo (it needs Odoo 19+; use ODOO_PROTOCOL=auto or jsonrpc)"
            case .notFound: "Odoo does not know this model or method"
            case .unknownMethod: "Odoo does not know this method"
            case .invalidRequest: "Odoo rejected the request's arguments"
            case .missingRecord: "the Odoo record does not exist"
            case .userError: "Odoo refused the request"
            case .serverError: "Odoo raised an unexpected error"
            case .unexpectedData: "Odoo sent a value of an unexpected shape"
            case .unavailable: "Odoo is temporarily unavailable"
            case .rateLimited: "Odoo is limiting the request rate"
            case .timeout: "Odoo did not answer in time"
            case .connection: "could not reach Odoo"
            case .invalidResponse: "Odoo's response was not complete, valid JSON"
            }
        }
    }

    public var kind: Kind
    /// e.g. "product.template"; nil for calls outside a model (version, authenticate).
    public var model: String?
    /// e.g. "search_read", or "common.authenticate" for JSON-RPC service calls.
    public var method: String?
    /// Odoo's exception class (`error.data.name` / JSON-2 `name`), e.g. "odoo.exceptions.AccessError".
    public var exceptionName: String?
    /// Odoo's message (or a short reason of our own), with the API key scrubbed out.
    public var message: String?
    public var httpStatus: Int?
    /// Server-requested delay before the next attempt (a 429's `Retry-After`).
    public var retryAfter: Duration?

    public init(
        kind: Kind, model: String? = nil, method: String? = nil, exceptionName: String? = nil, message: String? = nil,
        httpStatus: Int? = nil, retryAfter: Duration? = nil, redacting secret: String? = nil
    ) {
        self.kind = kind
        self.model = model
        self.method = method
        self.exceptionName = exceptionName
        self.message = message.map { Self.scrub($0, secret: secret) }
        self.httpStatus = httpStatus
        self.retryAfter = retryAfter
    }

    public var failureClass: FailureClass { kind.failureClass }
    public var system: String { "odoo" }

    public var description: String {
        var text = kind.summary
        if let model, let method { text += " [\(model).\(method)]" }
        else if let method { text += " [\(method)]" }
        var details: [String] = []
        if let httpStatus { details.append("HTTP \(httpStatus)") }
        if let exceptionName { details.append(exceptionName) }
        if !details.isEmpty { text += " (\(details.joined(separator: ", ")))" }
        if let message, !message.isEmpty { text += ": \(message)" }
        return text
    }

    /// Removes the secret from text that came back from the server (in case it echoed it), by the shared rule.
    static func scrub(_ text: String, secret: String?) -> String {
        guard let secret else { return text }
        return SecretRedactor(secrets: [secret]).redact(text)
    }

    /// The same error attributed to a call site (model/method), keeping everything else.
    func located(model: String?, method: String?) -> OdooError {
        var copy = self
        if copy.model == nil { copy.model = model }
        if copy.method == nil { copy.method = method }
        return copy
    }
}
