import Foundation

/// JSON as Medusa's Node.js server sees it: objects keep their key order (zod reports unknown keys in input order),
/// numbers keep their decimal digits, duplicate keys keep the first position and the last value (`JSON.parse`).
enum OrderedJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Decimal)
    case string(String)
    case array([OrderedJSON])
    case object(Members)

    /// Object members in insertion order with keyed access.
    struct Members: Sendable, Equatable {
        private(set) var keys: [String] = []
        private var values: [String: OrderedJSON] = [:]

        init() {}
        init(_ pairs: [(String, OrderedJSON)]) { for (key, value) in pairs { self[key] = value } }

        subscript(key: String) -> OrderedJSON? {
            get { values[key] }
            set {
                if let newValue {
                    if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
                } else if values.removeValue(forKey: key) != nil {
                    keys.removeAll { $0 == key }
                }
            }
        }

        var pairs: [(String, OrderedJSON)] { keys.map { ($0, values[$0]!) } }
        var isEmpty: Bool { keys.isEmpty }
        func has(_ key: String) -> Bool { values[key] != nil }
    }

    static func object(_ pairs: [(String, OrderedJSON)]) -> OrderedJSON { .object(Members(pairs)) }

    // MARK: Access

    subscript(key: String) -> OrderedJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var members: Members? { if case .object(let members) = self { members } else { nil } }
    var arrayValue: [OrderedJSON]? { if case .array(let items) = self { items } else { nil } }
    var stringValue: String? { if case .string(let text) = self { text } else { nil } }
    var decimalValue: Decimal? { if case .number(let number) = self { number } else { nil } }
    var isNull: Bool { self == .null }

    /// A `booleanString()` field: a JSON boolean or the strings "true"/"false" in any case.
    var booleanValue: Bool? {
        switch self {
        case .bool(let flag): flag
        case .string(let text): ["true": true, "false": false][text.lowercased()]
        default: nil
        }
    }

    /// The name zod gives the type of a parsed JSON value ("got: 'string'").
    var zodTypeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// How JavaScript's template literal prints a value (`${value}`), for enum error messages.
    var javascriptText: String {
        switch self {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): number.description
        case .string(let text): text
        case .array(let items): items.map(\.javascriptText).joined(separator: ",")
        case .object: "[object Object]"
        }
    }

    static func optionalString(_ value: String?) -> OrderedJSON { value.map(OrderedJSON.string) ?? .null }
    static func optionalNumber(_ value: Decimal?) -> OrderedJSON { value.map(OrderedJSON.number) ?? .null }
    static func date(_ value: Date?) -> OrderedJSON {
        guard let value else { return .null }
        return .string(value.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)))
    }

    // MARK: Serialisation

    func serialized() -> [UInt8] {
        var output: [UInt8] = []
        write(into: &output)
        return output
    }

    private func write(into output: inout [UInt8]) {
        switch self {
        case .null: output += Array("null".utf8)
        case .bool(let flag): output += Array((flag ? "true" : "false").utf8)
        case .number(let number): output += Array((number.isNaN ? "null" : number.description).utf8)
        case .string(let text): Self.writeString(text, into: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                item.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                members[key]!.write(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                           hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    // MARK: Parsing

    struct SyntaxError: Error, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "JSON syntax error at byte \(offset): \(reason)" }
    }

    /// Parses a complete JSON text (RFC 8259; nesting limited to 512 levels).
    static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> OrderedJSON {
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw SyntaxError(offset: parser.position, reason: "trailing data") }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        mutating func skipWhitespace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        func fail(_ reason: String) -> SyntaxError { SyntaxError(offset: position, reason: reason) }

        mutating func parseValue(depth: Int) throws(SyntaxError) -> OrderedJSON {
            guard depth < 512 else { throw fail("nested too deeply") }
            guard position < bytes.count else { throw fail("unexpected end") }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try parseObject(depth: depth)
            case UInt8(ascii: "["): return try parseArray(depth: depth)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
            case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
            case UInt8(ascii: "n"): try expectLiteral("null"); return .null
            default: return .number(try parseNumber())
            }
        }

        mutating func expectLiteral(_ literal: String) throws(SyntaxError) {
            let expected = Array(literal.utf8)
            guard position + expected.count <= bytes.count,
                  Array(bytes[position..<position + expected.count]) == expected
            else { throw fail("invalid literal") }
            position += expected.count
        }

        mutating func parseObject(depth: Int) throws(SyntaxError) -> OrderedJSON {
            position += 1
            var members = Members()
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                let key = try parseString()
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                position += 1
                skipWhitespace()
                members[key] = try parseValue(depth: depth + 1)
                skipWhitespace()
                guard position < bytes.count else { throw fail("unterminated object") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
                throw fail("expected ',' or '}'")
            }
        }

        mutating func parseArray(depth: Int) throws(SyntaxError) -> OrderedJSON {
            position += 1
            var items: [OrderedJSON] = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
            while true {
                skipWhitespace()
                items.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                guard position < bytes.count else { throw fail("unterminated array") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                throw fail("expected ',' or ']'")
            }
        }

        mutating func parseString() throws(SyntaxError) -> String {
            position += 1
            var scalars: [UInt8] = []
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: scalars, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard position < bytes.count else { throw fail("unterminated escape") }
                    let escape = bytes[position]
                    position += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append(UInt8(ascii: "\""))
                    case UInt8(ascii: "\\"): scalars.append(UInt8(ascii: "\\"))
                    case UInt8(ascii: "/"): scalars.append(UInt8(ascii: "/"))
                    case UInt8(ascii: "b"): scalars.append(0x08)
                    case UInt8(ascii: "f"): scalars.append(0x0C)
                    case UInt8(ascii: "n"): scalars.append(0x0A)
                    case UInt8(ascii: "r"): scalars.append(0x0D)
                    case UInt8(ascii: "t"): scalars.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try parseHex4()
                        if (0xD800..<0xDC00).contains(code), position + 6 <= bytes.count,
                           bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                            position += 2
                            let low = try parseHex4()
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                        scalars += Array(String(Character(scalar)).utf8)
                    default: throw fail("invalid escape")
                    }
                case 0x00..<0x20:
                    throw fail("control character in string")
                default:
                    scalars.append(byte)
                }
            }
            throw fail("unterminated string")
        }

        mutating func parseHex4() throws(SyntaxError) -> UInt32 {
            guard position + 4 <= bytes.count,
                  let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
            else { throw fail("invalid \\u escape") }
            position += 4
            return code
        }

        mutating func parseNumber() throws(SyntaxError) -> Decimal {
            let start = position
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
            let digitsStart = position
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
            guard position > digitsStart else { throw fail("invalid value") }
            if bytes[digitsStart] == UInt8(ascii: "0"), position - digitsStart > 1 { throw fail("leading zero") }
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                let fraction = position
                while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
                guard position > fraction else { throw fail("invalid fraction") }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                    position += 1
                }
                let exponent = position
                while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
                guard position > exponent else { throw fail("invalid exponent") }
            }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            guard let number = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw fail("number out of range")
            }
            return number
        }
    }
}
