import Foundation

/// An error answer exactly as Medusa 2.0's error handler shapes it (`FW/http/middlewares/error-handler.ts`):
/// `{"code"?, "type", "message"}` with the status the type maps to, or the auth middleware's bare
/// `{"message":"Unauthorized"}`.
struct SimulatedAPIError: Error, Sendable {
    var status: Int
    var body: OrderedJSON

    static func invalidData(_ message: String) -> SimulatedAPIError {
        SimulatedAPIError(status: 400, body: .object([("type", .string("invalid_data")), ("message", .string(message))]))
    }

    static func notAllowed(_ message: String) -> SimulatedAPIError {
        SimulatedAPIError(status: 400, body: .object([("type", .string("not_allowed")), ("message", .string(message))]))
    }

    static func notFound(_ message: String) -> SimulatedAPIError {
        SimulatedAPIError(status: 404, body: .object([("type", .string("not_found")), ("message", .string(message))]))
    }

    /// What the auth middleware sends when no actor could be authenticated.
    static let unauthorized = SimulatedAPIError(status: 401, body: .object([("message", .string("Unauthorized"))]))

    static func loginRefused(_ message: String) -> SimulatedAPIError {
        SimulatedAPIError(status: 401, body: .object([("type", .string("unauthorized")), ("message", .string(message))]))
    }

    /// Any error type the handler does not know — including body-parser's `entity.too.large` and
    /// `entity.parse.failed` — becomes this 500.
    static let unknown = SimulatedAPIError(status: 500, body: .object([
        ("code", .string("unknown_error")), ("type", .string("unknown_error")),
        ("message", .string("An unknown error occurred.")),
    ]))

    /// A unique-index violation, as the DB error mapper words it: `<Table words> with <col>: <val>, already exists.`
    static func alreadyExists(_ table: String, _ columns: [(String, String)]) -> SimulatedAPIError {
        let pairs = columns.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
        return invalidData("\(table) with \(pairs), already exists.")
    }

    var message: String { body["message"]?.stringValue ?? "" }
    var type: String? { body["type"]?.stringValue }
}
