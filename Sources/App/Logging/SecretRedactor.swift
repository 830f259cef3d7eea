import Foundation

/// Replaces every configured secret in a text. Secrets are known at start (from the environment).
public struct SecretRedactor: Sendable {
    let secrets: [String]

    public init(secrets: [String]) {
        // Longest first so a secret containing another is replaced whole.
        self.secrets = Array(Set(secrets.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
    }

    public func redact(_ text: String) -> String {
        secrets.reduce(text) { partial, secret in
            partial.contains(secret) ? partial.replacingOccurrences(of: secret, with: "[redacted]") : partial
        }
    }
}
