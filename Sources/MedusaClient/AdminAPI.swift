import Foundation
import HTTPTransport
import HTTPTypes
import Logging
import SyncCore

/// One admin request in plain values: method, path (segments already escaped), query and body.
struct AdminRequest: Sendable {
    enum Body: Sendable {
        case json([UInt8])
        case multipart(MultipartFormData)
    }

    var method: HTTPRequest.Method
    var path: String
    var query: [(String, String)] = []
    var body: Body?
    /// false for a write Medusa does not make idempotent (a fulfilment): a lost answer must not become a second write,
    /// so the caller re-reads instead. Sent once; only a refused JWT is renewed and the request sent again.
    var retried = true
}

/// Sends admin requests: authentication, the shared retry policy, Medusa's body limits, error classification and
/// logging (method, path, status, duration, sizes — never headers or bodies).
final class AdminAPI: Sendable {
    let configuration: MedusaConfiguration
    private let transport: any HTTPTransport
    private let session: AdminSession
    private let redactor: SecretRedactor
    private let logger: Logger

    init(configuration: MedusaConfiguration, transport: any HTTPTransport, logger: Logger) {
        self.configuration = configuration
        self.transport = transport
        self.logger = logger
        session = AdminSession(authentication: configuration.authentication)
        switch configuration.authentication {
        case .secretKey(let key):
            redactor = SecretRedactor(secrets: [key, Data("\(key):".utf8).base64EncodedString()])
        case .emailPassword(_, let password):
            redactor = SecretRedactor(secrets: [password])
        }
    }

    /// Serialises `json`, refusing (permanently, before sending) a body over `limit` bytes.
    func encode(_ json: WireJSON, limit: Int, method: String, path: String, subject: @autoclosure () -> String)
        throws(MedusaError) -> [UInt8]
    {
        let bytes = json.serialized()
        guard bytes.count <= limit else {
            throw MedusaError(
                kind: .requestTooLarge,
                message: "refused to send \(subject()): the JSON body is \(bytes.count) bytes and Medusa accepts at most "
                    + "\(limit) bytes on this route (body-parser limit); shorten descriptions or metadata",
                method: method, path: path, failureClass: .permanent)
        }
        return bytes
    }

    /// Sends `request` with retries and decodes a success body as `T`.
    func send<T: Decodable>(_ request: AdminRequest, decoding type: T.Type) async throws -> T {
        let response = try await send(request)
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            throw MedusaError(
                kind: .undecodableResponse, status: response.status,
                message: "the response body is not what \(request.method) \(request.path) returns: "
                    + redactor.redact(Self.describe(decodingError: error)),
                method: request.method.rawValue, path: request.path, failureClass: .permanent)
        }
    }

    /// Sends `request` with retries; returns only a 2xx response, throws `MedusaError` otherwise.
    func send(_ request: AdminRequest) async throws -> HTTPResponseData {
        if !request.retried { return try await attempt(request) }
        return try await configuration.retryPolicy.run(
            retryAfter: { ($0 as? MedusaError)?.retryAfter },
            { attempt in
                do {
                    return try await self.attempt(request)
                } catch let error as MedusaError {
                    if error.failureClass == .retryable, attempt < self.configuration.retryPolicy.maxAttempts {
                        self.logger.notice("Medusa request failed, retrying", metadata: [
                            "attempt": "\(attempt)", "error": "\(error.description)",
                        ])
                    }
                    throw error
                }
            })
    }

    /// One attempt: at most two exchanges, the second only after a refused JWT was renewed.
    private func attempt(_ request: AdminRequest) async throws -> HTTPResponseData {
        var renewedToken = false
        for _ in 0..<2 {
            let authorization = try await session.authorization(login: { email, password in
                try await self.login(email: email, password: password)
            })
            let response = try await exchange(request, authorization: authorization)
            if (200..<300).contains(response.status) { return response }
            if response.status == 401, session.canRefresh, !renewedToken {
                await session.invalidate(headerValue: authorization)
                renewedToken = true
                logger.info("Medusa refused the admin JWT; logging in again")
                continue
            }
            throw error(from: response, request: request)
        }
        throw MedusaError(kind: .authentication, status: 401, message: "Medusa refused a freshly issued admin JWT",
                          method: request.method.rawValue, path: request.path, failureClass: .configuration)
    }

    private func exchange(_ request: AdminRequest, authorization: String?) async throws -> HTTPResponseData {
        var headers: HTTPFields = [.accept: "application/json"]
        if let authorization { headers[.authorization] = authorization }
        var body: [UInt8]?
        switch request.body {
        case .json(let bytes)?:
            headers[.contentType] = "application/json"
            body = bytes
        case .multipart(let form)?:
            headers[.contentType] = form.contentType
            body = form.finished()
        case nil:
            break
        }
        let outbound = HTTPRequestData(method: request.method, url: url(for: request), headerFields: headers, body: body,
                                       timeout: configuration.timeout)
        let started = ContinuousClock.now
        do {
            let response = try await transport.send(outbound)
            let elapsed = ContinuousClock.now - started
            let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
            logger.debug("Medusa request", metadata: [
                "method": "\(request.method)", "path": "\(request.path)", "status": "\(response.status)",
                "ms": "\(milliseconds)", "bytes_out": "\(body?.count ?? 0)", "bytes_in": "\(response.body.count)",
            ])
            return response
        } catch let error as TransportError {
            throw MedusaError(kind: .transport, message: redactor.redact(error.description), method: request.method.rawValue,
                              path: request.path, failureClass: error.failureClass)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw MedusaError(kind: .transport, message: redactor.redact(String(describing: error)),
                              method: request.method.rawValue, path: request.path, failureClass: failureClass(of: error))
        }
    }

    /// `POST /auth/user/emailpass` → `{token}`.
    private func login(email: String, password: String) async throws -> String {
        let path = "/auth/user/emailpass"
        let body = WireJSON.object([("email", .string(email)), ("password", .string(password))]).serialized()
        let request = AdminRequest(method: .post, path: path, body: .json(body))
        let response = try await exchange(request, authorization: nil)
        guard (200..<300).contains(response.status) else {
            var failure = error(from: response, request: request)
            if response.status == 400 || response.status == 401 {
                failure.kind = .authentication
                failure.failureClass = .configuration
                failure.message += " — check MEDUSA_ADMIN_EMAIL / MEDUSA_ADMIN_PASSWORD"
            }
            throw failure
        }
        struct TokenBody: Decodable { var token: String }
        guard let token = try? JSONDecoder().decode(TokenBody.self, from: Data(response.body)).token, !token.isEmpty
        else {
            throw MedusaError(kind: .undecodableResponse, status: response.status,
                              message: "the login response carries no token", method: "POST", path: path,
                              failureClass: .permanent)
        }
        redactor.remember(token)
        logger.info("Logged in to Medusa as an admin user")
        return token
    }

    private func error(from response: HTTPResponseData, request: AdminRequest) -> MedusaError {
        let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: Data(response.body))
        var message = envelope?.message ?? String(response.bodyText.prefix(300))
        if message.isEmpty { message = "HTTP \(response.status) without a body" }
        message = redactor.redact(message)
        var failureClass = MedusaError.failureClass(forStatus: response.status)
        if response.status == 404, envelope?.type == nil {
            // Medusa's 404s are `{"type":"not_found",…}`; anything else means the URL reaches something that is
            // not the Medusa Admin API (wrong base URL, a proxy), which no binding should be dropped for.
            failureClass = .configuration
            message += " — MEDUSA_BACKEND_URL does not lead to a Medusa Admin API (\(request.method) \(request.path) is unknown there)"
        } else if failureClass == .configuration {
            message += " — " + MedusaError.configurationHint(status: response.status,
                                                                 authentication: configuration.authentication)
        }
        var retryAfter: Duration?
        if response.status == 429 || response.status == 503, let header = response.header("Retry-After") {
            retryAfter = RetryPolicy.retryAfter(header)
        }
        return MedusaError(kind: .response, status: response.status, type: envelope?.type, code: envelope?.code,
                           message: message, method: request.method.rawValue, path: request.path,
                           failureClass: failureClass, retryAfter: retryAfter)
    }

    private func url(for request: AdminRequest) -> String {
        var url = configuration.backendURL + request.path
        if !request.query.isEmpty {
            url += "?" + request.query.map { "\(Self.escapeQuery($0.0))=\(Self.escapeQuery($0.1))" }
                .joined(separator: "&")
        }
        return url
    }

    // MARK: - Helpers

    private static let queryAllowed: CharacterSet = {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~*,")
        return allowed
    }()

    /// Escapes a query component; a literal `+` becomes `%2B` (Medusa would read `+` as a space). Brackets are escaped
    /// too (`id%5B%5D`, `updated_at%5B%24gte%5D`; qs decodes them first): left raw, the URL does not parse and the
    /// HTTP client escapes the whole query again, so `%2B` arrived as `%252B` and `$gte` as `%24gte`.
    static func escapeQuery(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: queryAllowed) ?? text
    }

    private static let pathAllowed: CharacterSet = {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~")
        return allowed
    }()

    /// Escapes one path segment (an id coming from Medusa or from a binding).
    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: pathAllowed) ?? text
    }

    private static func describe(decodingError error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: type(of: error)) }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)' at '\(path(context))'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) at '\(path(context))'"
        @unknown default: return "undecodable"
        }
    }
}
