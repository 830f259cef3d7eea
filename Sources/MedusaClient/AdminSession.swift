import Foundation

/// Produces the `Authorization` header for admin calls.
///
/// A secret key is sent as `Basic base64("sk_…:")` (what Medusa's JS SDK sends; `Bearer sk_…` is refused).
/// An email/password login is exchanged once for a JWT, shared by concurrent calls, and dropped when Medusa
/// answers 401 so the next call logs in again.
actor AdminSession {
    enum Credentials: Sendable {
        case basic(headerValue: String)
        case login(email: String, password: String)
    }

    let credentials: Credentials
    private var token: String?
    private var pendingLogin: Task<String, any Error>?

    init(authentication: MedusaConfiguration.Authentication) {
        switch authentication {
        case .secretKey(let key):
            credentials = .basic(headerValue: "Basic " + Data("\(key):".utf8).base64EncodedString())
        case .emailPassword(let email, let password):
            credentials = .login(email: email, password: password)
        }
    }

    /// Whether a 401 can be cured by logging in again.
    nonisolated var canRefresh: Bool {
        if case .login = credentials { return true }
        return false
    }

    /// The header value to send; `login` is called (once, for all concurrent callers) when no JWT is held.
    func authorization(login: @escaping @Sendable (_ email: String, _ password: String) async throws -> String)
        async throws -> String
    {
        switch credentials {
        case .basic(let headerValue):
            return headerValue
        case .login(let email, let password):
            if let token { return "Bearer " + token }
            let task: Task<String, any Error>
            if let pendingLogin {
                task = pendingLogin
            } else {
                task = Task { try await login(email, password) }
                pendingLogin = task
            }
            do {
                let fresh = try await task.value
                if pendingLogin == task { pendingLogin = nil; token = fresh }
                return "Bearer " + fresh
            } catch {
                if pendingLogin == task { pendingLogin = nil }
                throw error
            }
        }
    }

    /// Forgets the JWT that Medusa just refused, unless another call already replaced it.
    func invalidate(headerValue: String) {
        guard let token, headerValue == "Bearer " + token else { return }
        self.token = nil
    }
}
