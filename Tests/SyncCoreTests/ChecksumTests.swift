import ExactJSON
import Foundation
@testable import SyncCore
import Testing

/// The digest adapter must print exactly what the hand-written SHA-256 it replaced printed: stored bindings hold it.
@Suite("SHA-256 and canonical JSON")
struct ChecksumTests {
    @Test("FIPS 180-4 test vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func vectors(input: String, expected: String) {
        #expect(digest.hex(of: input) == expected)
    }

    @Test("a million a's (multi-block)")
    func million() {
        #expect(digest.hex(of: [UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("prints what the hand-written SHA-256 printed, at every length around the block boundaries")
    func sameAsReplacedImplementation() {
        for length in 0..<300 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ length) }
            #expect(digest.hex(of: bytes) == ReferenceSHA256.hex(bytes), "\(length) bytes")
        }
    }

    @Test("canonical JSON sorts keys and normalises numbers")
    func canonical() {
        let a: JSONValue = .object(["b": .number(dec("1.50")), "a": .array([.string("x\"y"), .null, .bool(true)])])
        let b: JSONValue = .object(["a": .array([.string("x\"y"), .null, .bool(true)]), "b": .number(dec("1.5"))])
        #expect(CanonicalJSON.text(a) == #"{"a":["x\"y",null,true],"b":1.5}"#)
        #expect(CanonicalJSON.text(a) == CanonicalJSON.text(b))
    }
}
