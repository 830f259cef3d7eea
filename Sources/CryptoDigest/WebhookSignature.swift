import Crypto
import Foundation

/// The signature of a pushed event (Medusa subscriber → `POST /webhooks/medusa`): HMAC-SHA256, keyed with the shared
/// secret, over `"<unix seconds>.<raw body>"`, as lowercase hex. The timestamp is signed too, so an old request cannot
/// be replayed with a fresh timestamp; the receiver also refuses timestamps outside its replay window.
public enum WebhookSignature {
    public static func sign(secret: String, timestamp: String, body: [UInt8]) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array((timestamp + ".").utf8) + body,
                                                  using: SymmetricKey(data: Array(secret.utf8)))
        return code.map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
    }

    /// Whether `signature` (hex, any case) signs this timestamp and body; the comparison takes the same time wherever the
    /// bytes differ (swift-crypto's `isValidAuthenticationCode`).
    public static func isValid(_ signature: String, secret: String, timestamp: String, body: [UInt8]) -> Bool {
        guard let bytes = hexBytes(signature), bytes.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: Array((timestamp + ".").utf8) + body,
                                                      using: SymmetricKey(data: Array(secret.utf8)))
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count / 2)
        for index in stride(from: 0, to: characters.count, by: 2) {
            guard let high = nibble(characters[index]), let low = nibble(characters[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
