import ExactJSON
import Foundation
import SyncCore
import Testing

/// Money must arrive exactly: `840.4` is 840.4, never 840.39999…
@Suite("Exact JSON numbers")
struct JSONTextTests {
    @Test("decimals are built from the number's digits", arguments: [
        ("0.1", "0.1"), ("840.4", "840.4"), ("30.75", "30.75"), ("1e-7", "0.0000001"), ("760.0", "760"), ("-0.0", "0"),
        ("1.2834", "1.2834"), ("12345678901234567.89", "12345678901234567.89"), ("2E+3", "2000"), ("0.30000000000000004", "0.30000000000000004"),
    ])
    func exactDecimal(text: String, expected: String) throws {
        let parsed = try JSONText.parse("[\(text)]")
        #expect(parsed == .array([.number(Decimal(string: expected)!)]))
        #expect(JSONText.decimal(fromNumberText: text) == Decimal(string: expected)!)
    }

    @Test("going through Double is not exact, which is why the reader never does")
    func doubleIsNotExact() throws {
        let viaDouble = Decimal(Double("12345678901234567.89")!)
        #expect(viaDouble != Decimal(string: "12345678901234567.89")!)
        // Foundation's JSONDecoder on this platform decodes Decimal from the text too; the reader agrees with it.
        let foundation = try JSONDecoder().decode([Decimal].self, from: Data("[0.1, 840.4, 30.75, 1e-7]".utf8))
        let ours = try JSONText.parse("[0.1, 840.4, 30.75, 1e-7]")
        #expect(ours == .array(foundation.map(JSONValue.number)))
    }

    @Test("malformed and truncated input is a syntax error, never a crash", arguments: [
        "", "{", "{\"result\": [{\"id\": 1, \"na", "[1, 2", "tru", "{\"a\" 1}", "01", "1.", "\"\\u12\"", "[1]x", "<!doctype html>",
        "\"\\ud800\"", String(repeating: "[", count: 600),
    ])
    func malformedInput(text: String) {
        #expect(throws: JSONText.SyntaxError.self) { try JSONText.parse(text) }
    }

    @Test("a syntax error says what was expected and where, filtered or not", arguments: [
        ("[1 2]", 3, "expected ',' or ']'"), (#"{"a": 1 "b": 2}"#, 8, "expected ',' or '}'"),
        (#"{"a": [1"#, 8, "unexpected end of input in an array"), (#"{"a": 1"#, 7, "unexpected end of input in an object"),
        (#"{"skip": {"x": 1 "y": 2}}"#, 17, "expected ',' or '}'"),
    ])
    func syntaxErrorReasons(text: String, offset: Int, reason: String) {
        for filtered in [false, true] {
            do {
                _ = filtered ? try JSONText.parse(Array(text.utf8), keepingMembers: ["a"]) : try JSONText.parse(text)
                Issue.record("\(text) parsed")
            } catch {
                #expect(error == JSONText.SyntaxError(offset: offset, reason: reason), "\(text), filtered: \(filtered)")
            }
        }
    }

    @Test("strings, escapes and unicode round-trip")
    func stringsRoundTrip() throws {
        let value = JSONValue.object(["symbol": .string("€"), "text": .string("line\n\"quoted\" \\ tab\t \u{1}"), "emoji": .string("🪑")])
        let text = JSONText.serializedString(value)
        #expect(try JSONText.parse(text) == value)
        #expect(try JSONText.parse(#""\u20ac \ud83e\ude91""#) == .string("€ 🪑"))
    }

    @Test("a lone surrogate is an error when strict and U+FFFD when read like JavaScript", arguments: [
        #""\ud800""#, #""\udc00 x""#, #""\ud800\u0041""#,
    ])
    func loneSurrogates(text: String) throws {
        #expect(throws: JSONText.SyntaxError.self) { try JSONText.parse(text) }
        guard case .string(let lenient) = try JSONText.parse(Array(text.utf8), as: JSONValue.self, surrogates: .replaceUnpaired) else {
            Issue.record("not a string")
            return
        }
        #expect(lenient.unicodeScalars.first == "\u{FFFD}")
        #expect(try JSONText.parse(Array(#""\ud83e\ude91""#.utf8), as: JSONValue.self, surrogates: .replaceUnpaired) == .string("🪑"))
    }

    /// Strings without anything to escape are copied whole; the rest byte by byte. Both must print the same JSON.
    @Test("the writer escapes exactly the characters JSON requires, wherever they are", arguments: [
        ("plain", #""plain""#), ("", #""""#), ("€ 🪑 ü", "\"€ 🪑 ü\""), ("a\"b", #""a\"b""#), ("\\end", #""\\end""#),
        ("tab\t", #""tab\t""#), ("\nstart", #""\nstart""#), ("cr\r", #""cr\r""#), ("\u{1}x\u{1F}", #""\u0001x\u001f""#),
        ("/ and \u{7F}", "\"/ and \u{7F}\""), (String(repeating: "long text ", count: 50), "\"" + String(repeating: "long text ", count: 50) + "\""),
    ])
    func writerEscapes(text: String, expected: String) throws {
        var writer = JSONWriter()
        writer.appendString(text)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
        #expect(try JSONText.parse(Array(expected.utf8)) == .string(text))
    }

    @Test("writer prints integral floats the Python way when asked")
    func pythonFloats() {
        var writer = JSONWriter()
        writer.appendNumber(760, asFloat: true)
        writer.appendRaw(" ")
        writer.appendNumber(Decimal(string: "840.4")!, asFloat: true)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "760.0 840.4")
    }

    /// `JSONValue` through `Decodable` (what the Medusa client's metadata uses) gives each kind as it is written.
    @Test("JSONValue decodes each kind as itself through JSONDecoder")
    func decodableKinds() throws {
        let text = #"{"s":"1","t":"true","n":1.50,"i":7,"b":true,"f":false,"z":null,"a":[1,"x",false,{"k":[]}],"o":{"e":{}}}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        let expected: JSONValue = .object([
            "s": .string("1"), "t": .string("true"), "n": .number(Decimal(string: "1.5")!), "i": .number(7),
            "b": .bool(true), "f": .bool(false), "z": .null,
            "a": .array([.number(1), .string("x"), .bool(false), .object(["k": .array([])])]),
            "o": .object(["e": .object([:])]),
        ])
        #expect(value == expected)
    }

    /// The member filter builds less, never accepts more: each malformed text is an error whether the broken part is
    /// in a kept member or a skipped one.
    @Test("reading only some members rejects what the full reader rejects, inside skipped members too", arguments: [
        #"{"skip": [1, 2}"#, #"{"skip": {"a" 1}}"#, #"{"skip": "\u12"}"#, #"{"skip": "\ud800"}"#, #"{"skip": 01}"#,
        #"{"skip": 1.}"#, #"{"skip": tru}"#, #"{"skip": "a"#, "{\"skip\": \"\u{1}\"}", #"{"skip": "\q"}"#,
        #"{"skip": [1], "keep": 1"#, #"{"skip": {"x": [}]}"#, #"{"skip": 1} x"#,
        "{\"skip\": " + String(repeating: "[", count: 600) + "}",
        // Keys themselves: a control character, an end of input, a bad escape, a lone surrogate.
        "{\"ke\u{1}y\": 1}", #"{"kee"#, #"{"k\q": 1}"#, #"{"k\ud800": 1}"#, #"{"keep" 1}"#,
    ])
    func keptMembersRejectMalformedSkippedMembers(text: String) {
        #expect(throws: JSONText.SyntaxError.self) { try JSONText.parse(text) }
        #expect(throws: JSONText.SyntaxError.self) { try JSONText.parse(Array(text.utf8), keepingMembers: ["keep"]) }
    }

    /// Dropping the members afterwards is what the filter must equal, at every depth and inside arrays.
    @Test("reading only some members equals reading everything and dropping the rest")
    func keptMembersEqualDroppingTheRest() throws {
        let text = #"""
        {"orders": [{"id": "o1", "raw_total": {"value": "10.5", "precision": 20}, "items": [{"id": "i1",
          "quantity": 2, "thumbnail": null, "title": "Esc \"aped\" \u20ac", "tax_lines": [], "detail": {"quantity": 3,
          "raw_quantity": {"value": "3"}}}], "metadata": {"id": "nested id kept", "x": [1, {"id": 2}],
          "co\u0075nt": 5, "ünïcode": 1, "qu\u00e4ntity": 2, "tit": 0, "titles": 0}}],
         "count": 1, "limit": 50, "empty": { }, "none": [ ], "ignored": [true, false, null, -1.5e3, "s"]}
        """#
        let kept: Set<String> = ["orders", "id", "items", "quantity", "title", "tax_lines", "detail", "metadata", "count"]
        func dropping(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(let members):
                .object(members.filter { kept.contains($0.key) }.mapValues(dropping))
            case .array(let items): .array(items.map(dropping))
            default: value
            }
        }
        let filtered = try JSONText.parse(Array(text.utf8), keepingMembers: kept)
        #expect(filtered == dropping(try JSONText.parse(text)))
        guard case .array(let orders)? = filtered["orders"], case .object(let order)? = orders.first else {
            Issue.record("no orders")
            return
        }
        #expect(Set(order.keys) == ["id", "items", "metadata"])
        // An escaped key is kept by what it spells; keys of another length or spelling are not.
        #expect(order["metadata"]?["count"] == .number(5) && order["metadata"]?["tit"] == nil)
        #expect(filtered["limit"] == nil && filtered["count"] == .number(1))
    }
}

