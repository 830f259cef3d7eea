import Foundation
import ExactJSON
import SyncCore
import Testing

@testable import MedusaSimulator

/// The Medusa simulator reads bodies with the project's JSON reader, but as Node's `JSON.parse` would.
@Suite("OrderedJSON: the simulator's JSON keeps key order like JSON.parse")
struct OrderedJSONTests {
    @Test("keys keep their order; a repeated key keeps its first place and takes the last value; output is compact")
    func keyOrder() throws {
        let value = try OrderedJSON.parse(Array(#"{"zeta": 1, "alpha": {"b": 2, "a": 3}, "zeta": 4.50, "mid": [true, null, "x"]}"#.utf8))
        #expect(value.members?.keys == ["zeta", "alpha", "mid"])
        #expect(value["zeta"] == .number(Decimal(string: "4.5")!))
        #expect(value["alpha"]?.members?.keys == ["b", "a"])
        #expect(String(decoding: value.serialized(), as: UTF8.self) == #"{"zeta":4.5,"alpha":{"b":2,"a":3},"mid":[true,null,"x"]}"#)
    }

    @Test("a lone surrogate becomes U+FFFD (JavaScript accepts it); broken JSON is a syntax error")
    func leniencyAndErrors() throws {
        #expect(try OrderedJSON.parse(Array(#""a\ud800b""#.utf8)) == .string("a\u{FFFD}b"))
        #expect(throws: JSONText.SyntaxError.self) { try OrderedJSON.parse(Array(#"{"a": }"#.utf8)) }
        #expect(throws: JSONText.SyntaxError.self) { try OrderedJSON.parse(Array("[1, 2".utf8)) }
    }

    @Test("strings with quotes, control characters and non-ASCII round-trip")
    func strings() throws {
        let value = OrderedJSON.object([("t", .string("line\n\"q\" \\ \u{1} € 🪑"))])
        #expect(try OrderedJSON.parse(value.serialized()) == value)
    }
}
