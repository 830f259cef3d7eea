/// Fingerprints bytes for bindings: image checksums and desired-state hashes. A port, so the core does no hashing
/// itself; the service hands in SHA-256 (stored bindings hold its lowercase hex, so the adapter must keep printing it).
public protocol ContentDigest: Sendable {
    /// Lowercase hex of the digest of `bytes`.
    func hex(of bytes: [UInt8]) -> String
}

extension ContentDigest {
    /// The digest of the text's UTF-8 bytes.
    public func hex(of text: String) -> String { hex(of: Array(text.utf8)) }
}
