import Synchronization

/// The one rule for keeping secrets out of text that may reach a log line, an error message or a run record: every
/// known secret — configured keys and passwords, their encoded forms, tokens issued during a session — is replaced by
/// `[redacted]`, including in text a server sent back (which could echo a header). Used by both API clients and the
/// log handler, so a secret is hidden the same way wherever it would appear.
public final class SecretRedactor: Sendable {
    public static let placeholder = "[redacted]"
    /// Shorter strings are not treated as secrets: they would redact ordinary words.
    public static let minimumSecretLength = 4
    private static let maximumRememberedSecrets = 16

    private let fixedSecrets: [String]
    private let issuedTokens = Mutex<[String]>([])

    public init(secrets: [String]) {
        // Longest first, so a secret containing another is replaced whole.
        fixedSecrets = Array(Set(secrets.filter { $0.count >= Self.minimumSecretLength })).sorted { $0.count > $1.count }
    }

    /// Remembers a secret learnt during the session (e.g. an issued token; the latest few are kept).
    public func remember(_ token: String) {
        guard token.count >= Self.minimumSecretLength else { return }
        issuedTokens.withLock { tokens in
            tokens.append(token)
            if tokens.count > Self.maximumRememberedSecrets { tokens.removeFirst(tokens.count - Self.maximumRememberedSecrets) }
        }
    }

    public func redact(_ text: String) -> String {
        var result = text
        for secret in fixedSecrets + issuedTokens.withLock({ $0 }) where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.placeholder)
        }
        return result
    }
}
