import Foundation
import HTTPTransport
import SyncCore

/// The one place that turns what Odoo answered into an `OdooError.Kind`: by exception class name and HTTP status,
/// never by message text (the wording differs between 17 and 19, the class names do not).
public enum OdooErrorClassifier {
    /// Kind for an Odoo exception class (`error.data.name` in JSON-RPC, `name` in a JSON-2 error body).
    public static func kind(forException name: String) -> OdooError.Kind {
        switch name {
        case "odoo.exceptions.AccessDenied", "werkzeug.exceptions.Unauthorized", "odoo.http.SessionExpiredException":
            .invalidCredentials
        case "odoo.exceptions.AccessError", "werkzeug.exceptions.Forbidden":
            .accessDenied
        case "psycopg2.OperationalError":
            .unknownDatabase
        case "odoo.exceptions.MissingError":
            .missingRecord
        case "odoo.exceptions.UserError", "odoo.exceptions.RedirectWarning":
            .userError
        case "builtins.ValueError", "builtins.TypeError", "builtins.KeyError", "odoo.exceptions.ValidationError",
             "werkzeug.exceptions.BadRequest", "werkzeug.exceptions.UnprocessableEntity",
             "werkzeug.exceptions.UnsupportedMediaType":
            .invalidRequest
        case "builtins.AttributeError":
            .unknownMethod
        case "werkzeug.exceptions.NotFound", "werkzeug.exceptions.MethodNotAllowed":
            .notFound
        case "psycopg2.errors.SerializationFailure", "psycopg2.errors.LockNotAvailable",
             "psycopg2.extensions.TransactionRollbackError", "odoo.exceptions.ConcurrencyError",
             "werkzeug.exceptions.ServiceUnavailable", "werkzeug.exceptions.TooManyRequests":
            .unavailable
        default:
            .serverError
        }
    }

    /// What a 404 without an Odoo JSON body means depends on the endpoint that answered it.
    public enum NotFoundMeaning: Sendable {
        /// `/jsonrpc` or `/json/version`: nothing Odoo-like lives at this URL.
        case wrongURL
        /// `/json/2/…` after the server proved it speaks JSON-2: Odoo's "No database is selected" page.
        case unknownDatabase
    }

    /// Kind for an HTTP answer that is not a success. `exceptionName` is set when the body is an Odoo error body
    /// (JSON object with `name` and `message`); anything else (HTML, garbage, another JSON shape) is judged by status.
    public static func kind(httpStatus status: Int, exceptionName: String?, notFound: NotFoundMeaning) -> OdooError.Kind {
        switch status {
        case 401: return .invalidCredentials
        case 403: return .accessDenied
        case 408: return .timeout
        case 409, 502, 503, 504: return .unavailable
        case 429: return .rateLimited
        default: break
        }
        if let exceptionName {
            // An Odoo error body: the exception class decides (JSON-2 sends ValueError/TypeError as 500).
            let byName = kind(forException: exceptionName)
            if status == 422 || status == 400 || status == 415 { return byName == .serverError ? .invalidRequest : byName }
            return byName
        }
        switch status {
        case 404: return notFound == .wrongURL ? .wrongURL : .unknownDatabase
        case 300..<400: return .wrongURL
        case 400..<500: return .invalidRequest
        case 500..<600: return .unavailable
        default: return .invalidResponse
        }
    }

    /// Kind for a failure below HTTP.
    public static func kind(for transportError: TransportError) -> OdooError.Kind {
        switch transportError.kind {
        case .invalidURL, .redirected: .wrongURL
        case .timeout: .timeout
        case .connection: .connection
        case .truncatedBody: .invalidResponse
        }
    }
}
