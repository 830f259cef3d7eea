import Foundation
import Synchronization

/// Removes every secret the client knows (API key and its Basic form, password, issued JWTs) from text that may reach
/// an error message or a log line — including text the server sent back, which could echo a header.
final class SecretRedactor: Sendable {
    static let placeholder = "[redacted]"
    /// Tokens shorter than this are not treated as secrets (they would redact ordinary words).
    private static let minimumSecretLength = 6
    private static let maximumRememberedSecrets = 16

    private let fixedSecrets: [String]
    private let issuedTokens = Mutex<[String]>([])

    init(secrets: [String]) {
        fixedSecrets = secrets.filter { $0.count >= Self.minimumSecretLength }
    }

    /// Remembers a token issued during the session (the latest few).
    func remember(_ token: String) {
        guard token.count >= Self.minimumSecretLength else { return }
        issuedTokens.withLock { tokens in
            tokens.append(token)
            if tokens.count > Self.maximumRememberedSecrets { tokens.removeFirst(tokens.count - Self.maximumRememberedSecrets) }
        }
    }

    func redact(_ text: String) -> String {
        var result = text
        for secret in fixedSecrets + issuedTokens.withLock({ $0 }) where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.placeholder)
        }
        return result
    }
}
