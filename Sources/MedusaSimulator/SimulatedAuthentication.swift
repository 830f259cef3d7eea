import Foundation
import Synchronization

/// Admin authentication exactly as Medusa 2.0 does it (`authenticate-middleware.ts`, contract §1):
/// `Authorization: Basic <sk_…>` or `Basic base64("sk_…:")` with a case-insensitive scheme; `Bearer <jwt>` for a
/// logged-in admin; `Bearer sk_…` is refused. Failure is a 401 `{"message":"Unauthorized"}`.
final class SimulatedAuthentication: Sendable {
    private let secretKey: String
    private let email: String
    private let password: String
    private let jwtLifetime: Duration
    /// Issued JWTs and when they stop being accepted.
    private let tokens = Mutex<[String: ContinuousClock.Instant]>([:])
    private let userId = "user_01JBSIMULATEDADMINUSER000000"

    init(configuration: MedusaSimulatorConfiguration) {
        secretKey = configuration.secretAPIKey
        email = configuration.adminEmail
        password = configuration.adminPassword
        jwtLifetime = configuration.jwtLifetime
    }

    /// Whether the header authenticates an admin actor (secret key or JWT).
    func isAdmin(authorization header: String?) -> Bool {
        guard let header else { return false }
        // `authHeader.split(" ")` then `[tokenType, token]`.
        let parts = header.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !parts[1].isEmpty else { return false }
        switch parts[0].lowercased() {
        case "basic": return apiKey(fromBasicToken: parts[1]) == secretKey
        case "bearer": return isValidJWT(parts[1])
        default: return false
        }
    }

    /// `getApiKeyInfo`: a raw `sk_…`, else base64-decoded; a trailing `:` (empty Basic password) is dropped.
    private func apiKey(fromBasicToken token: String) -> String? {
        var normalized = token
        if !token.hasPrefix("sk_") { normalized = Self.lenientBase64Decode(token) }
        if normalized.hasSuffix(":") { normalized.removeLast() }
        return normalized.hasPrefix("sk_") ? normalized : nil
    }

    private func isValidJWT(_ token: String) -> Bool {
        tokens.withLock { tokens in
            guard let expiry = tokens[token] else { return false }
            return ContinuousClock.now < expiry
        }
    }

    /// `POST /auth/user/emailpass` → `{token}`, or 401 `{"type":"unauthorized","message":"Invalid email or password"}`.
    func login(body: OrderedJSON) throws(SimulatedAPIError) -> String {
        guard let givenEmail = body["email"]?.stringValue else { throw .loginRefused("Email should be a string") }
        guard let givenPassword = body["password"]?.stringValue else { throw .loginRefused("Password should be a string") }
        guard givenEmail.lowercased() == email.lowercased(), givenPassword == password else {
            throw .loginRefused("Invalid email or password")
        }
        return issueToken()
    }

    /// `POST /auth/token/refresh` with a valid Bearer JWT → a new token.
    func refresh(authorization header: String?) throws(SimulatedAPIError) -> String {
        guard let header, header.lowercased().hasPrefix("bearer "), isValidJWT(String(header.dropFirst("bearer ".count)))
        else { throw .unauthorized }
        return issueToken()
    }

    /// Makes every issued JWT unacceptable (as if it expired), to exercise the client's re-login.
    func expireTokens() { tokens.withLock { $0.removeAll() } }

    private func issueToken() -> String {
        let issuedAt = Int(Date().timeIntervalSince1970)
        let header = #"{"alg":"HS256","typ":"JWT"}"#
        let payload = #"{"actor_id":"\#(userId)","actor_type":"user","auth_identity_id":"authid_\#(userId.dropFirst(5))","#
            + #""app_metadata":{"user_id":"\#(userId)"},"iat":\#(issuedAt),"exp":\#(issuedAt + Int(jwtLifetime.components.seconds))}"#
        var signature = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in signature.indices { signature[index] = UInt8.random(in: 0...255, using: &generator) }
        let token = [Array(header.utf8), Array(payload.utf8), signature].map(Self.base64URL).joined(separator: ".")
        let expiry = ContinuousClock.now + jwtLifetime
        tokens.withLock { $0[token] = expiry }
        return token
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Node's `Buffer.from(text, "base64")`: ignores characters outside the alphabet and missing padding.
    static func lenientBase64Decode(_ text: String) -> String {
        var cleaned = String(text.unicodeScalars.filter {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "+" || $0 == "/"
                || $0 == "-" || $0 == "_"
        }.map(Character.init))
        cleaned = cleaned.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while cleaned.count % 4 != 0 { cleaned += "=" }
        guard let data = Data(base64Encoded: cleaned) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
