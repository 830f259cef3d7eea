import Crypto
import SyncCore

/// The digest the service runs with: SHA-256 as lowercase hex, from swift-crypto rather than a hand-written one.
/// Bindings already stored hold these hex strings, so this must stay SHA-256 of the same bytes, printed the same way.
public struct SHA256ContentDigest: ContentDigest {
    public init() {}

    public func hex(of bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
