import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIRuntime

/// Every failure leaves the service as a JSON error body with a 4xx/5xx — never HTML, never a bare 500 for bad input.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response
        } catch let error as ServerError {
            return Self.map(error).response
        } catch let error as HTTPError {
            return Self.map(error).response
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(describing: type(of: error)))"])
            return APIError(.internalServerError, code: "internal", message: "internal error").response
        }
    }

    /// Errors raised while the generated code parses a request are the client's fault (400), not ours.
    static func map(_ error: ServerError) -> APIError {
        if let api = error.underlyingError as? APIError { return api }
        if let http = error.underlyingError as? HTTPError { return map(http) }
        let status = error.httpStatus
        if status.code >= 400, status.code < 500 {
            return APIError(status, code: code(for: status), message: error.causeDescription)
        }
        if error.underlyingError is DecodingError {
            return APIError(.badRequest, code: "invalid_request", message: "request does not match the API: \(describe(error.underlyingError))")
        }
        if error.operationOutput == nil {
            // Failed before the handler ran: parsing the path, query or body.
            return APIError(.badRequest, code: "invalid_request", message: "\(error.causeDescription): \(describe(error.underlyingError))")
        }
        return APIError(.internalServerError, code: "internal", message: "internal error while answering \(error.operationID)")
    }

    static func map(_ error: HTTPError) -> APIError {
        let status = error.status
        let message: String = switch status {
        case .notFound: "no such resource"
        case .contentTooLarge: "request body is larger than 1 MB"
        case .methodNotAllowed: "method not allowed"
        default: error.body ?? status.reasonPhrase
        }
        return APIError(status, code: code(for: status), message: message, headers: error.headers)
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "invalid_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 503: "unavailable"
        default: status.code >= 500 ? "internal" : "invalid_request"
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context):
            return "malformed JSON or value (\(context.debugDescription))"
        case DecodingError.keyNotFound(let key, _):
            return "missing field '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "wrong type at '\(path)'"
        default:
            return String(describing: error).prefix(200).description
        }
    }
}

/// Refuses request paths no client of this service sends: control characters (a NUL cuts a file path short and
/// ends up in a redirect's `Location`) and a leading `//` (the static files' directory redirect would answer
/// `Location: //js/`, which a browser reads as another host).
struct PathHygieneMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let rawPath = request.uri.path
        // Decoding allocates (through CoreFoundation) on every request; a path without '%' is its own decoding.
        guard let path = rawPath.utf8.contains(UInt8(ascii: "%")) ? rawPath.removingPercentEncoding : rawPath else {
            throw APIError(.badRequest, code: "invalid_request", message: "invalid percent encoding in the path")
        }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw APIError(.badRequest, code: "invalid_request", message: "control characters in the path")
        }
        if path.hasPrefix("//") || path.hasPrefix("/\\") {
            throw APIError(.notFound, code: "not_found", message: "no such resource")
        }
        return try await next(request, context)
    }
}

/// Bodies above `limit` are refused with 413 before any handler reads them.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError(.contentTooLarge, code: "payload_too_large", message: "request body is larger than \(limit / 1_048_576) MB")
        }
        var request = request
        if request.method == .post || request.method == .put || request.method == .patch {
            do {
                _ = try await request.collectBody(upTo: limit)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                throw APIError(.contentTooLarge, code: "payload_too_large", message: "request body is larger than \(limit / 1_048_576) MB")
            } catch is NIOTooManyBytesError {
                // A body without Content-Length (chunked) passes the check above and overflows here.
                throw APIError(.contentTooLarge, code: "payload_too_large", message: "request body is larger than \(limit / 1_048_576) MB")
            }
        }
        return try await next(request, context)
    }
}

/// The generated server percent-encodes header values; `Location` must stay a plain path for clients to follow.
/// `POST /sync` takes an optional body: an empty one is treated as `{}` so `curl -X POST` works without headers.
struct RequestResponseNormalizationMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        if request.method == .post, request.uri.path == "/sync" {
            let body = try await request.collectBody(upTo: maxRequestBodyBytes)
            if body.readableBytes == 0 {
                var head = request.head
                head.headerFields[.contentType] = "application/json"
                request = Request(head: head, body: RequestBody(buffer: ByteBuffer(string: "{}")))
            } else if let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
                      let key = object.filter({ $0.value is NSNull }).keys.sorted().first {
                // The generated decoder reads an explicit null as "absent"; the contract allows no null here.
                throw APIError(.badRequest, code: "invalid_request",
                               message: "'\(key.prefix(64))' is null; leave the field out or give it a value")
            }
        }
        var response = try await next(request, context)
        if let location = response.headers[.location], location.contains("%") {
            response.headers[.location] = location.removingPercentEncoding ?? location
        }
        return response
    }
}

/// Bearer token on the API, `?token=` on the webhook (Odoo cannot send headers). A guard whose secret is not
/// configured answers 503 naming the variable: nothing is open by default.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let apiToken: String?
    let webhookToken: String?

    /// Every path `openapi.yaml` gives `security: bearerAuth` (a test checks the two agree).
    static func needsAPIToken(_ path: String) -> Bool {
        path == "/sync" || path == "/runs" || path.hasPrefix("/runs/") || path == "/retries" || path.hasPrefix("/retries/")
            || path == "/orders" || path.hasPrefix("/orders/") || path == "/demo/deliveries"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if request.method != .options, Self.needsAPIToken(path) {
            guard let apiToken else { throw APIError.notConfigured(["SYNC_API_TOKEN"], what: "the API token") }
            guard let header = request.headers[.authorization] else {
                throw APIError.unauthorized("missing Authorization: Bearer <SYNC_API_TOKEN>")
            }
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer",
                  constantTimeEquals(String(parts[1]).trimmingCharacters(in: .whitespaces), apiToken)
            else { throw APIError.unauthorized("invalid API token") }
        } else if path == "/webhooks/odoo", request.method != .options {
            guard let webhookToken else { throw APIError.notConfigured(["ODOO_WEBHOOK_TOKEN"], what: "the Odoo webhook") }
            guard let token = request.uri.queryParameters["token"] else {
                throw APIError.unauthorized("missing ?token=<ODOO_WEBHOOK_TOKEN> in the webhook URL")
            }
            guard constantTimeEquals(String(token), webhookToken) else { throw APIError.unauthorized("invalid webhook token") }
        }
        return try await next(request, context)
    }
}

/// Compares secrets in time independent of where they differ (length differences included).
func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let left = Array(a.utf8), right = Array(b.utf8)
    var difference = UInt64(left.count ^ right.count)
    for index in 0..<max(left.count, right.count) {
        let x = index < left.count ? left[index] : 0
        let y = index < right.count ? right[index] : 0
        difference |= UInt64(x ^ y)
    }
    return difference == 0
}

/// CORS for the Medusa admin origins only; preflight included. Unknown origins get no CORS headers (and a 403 on preflight).
struct CORSAllowListMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedOrigins: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        let allowed = allowedOrigins.contains(origin) || allowedOrigins.contains("*")
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            guard allowed else {
                throw APIError(.forbidden, code: "cors_origin_not_allowed", message: "origin \(origin) is not in CORS_ALLOWED_ORIGINS")
            }
            var headers = Self.headers(origin: origin)
            headers[.accessControlAllowMethods] = "GET, POST, OPTIONS"
            headers[.accessControlAllowHeaders] = "Authorization, Content-Type, Last-Event-ID"
            headers[.accessControlMaxAge] = "600"
            return Response(status: .noContent, headers: headers)
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = error.response
        }
        if allowed {
            for field in Self.headers(origin: origin) { response.headers[field.name] = field.value }
        }
        return response
    }

    static func headers(origin: String) -> HTTPFields {
        [.accessControlAllowOrigin: origin, .vary: "Origin", .accessControlExposeHeaders: "Location"]
    }
}

/// Conservative headers on every response: the dashboard loads nothing from elsewhere.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = error.response
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'"
        return response
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
