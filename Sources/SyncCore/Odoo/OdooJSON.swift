import Foundation

/// A small JSON reader and writer for Odoo traffic that keeps numbers exact.
///
/// Odoo sends money as JSON floats (`840.4`). Going through `Double` would turn that into 840.39999…; this reader builds
/// each `Decimal` from the number's own digits, so `840.4` is exactly 840.4. It is also fast (no `Codable` round trips),
/// bounded in nesting depth, and reports malformed or truncated input as a `SyntaxError` instead of trapping.
public enum OdooJSON {
    /// Why a text is not JSON, with the byte offset where reading stopped.
    public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        public var offset: Int
        public var reason: String

        public init(offset: Int, reason: String) {
            self.offset = offset
            self.reason = reason
        }

        public var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    /// Deepest nesting accepted; deeper input is rejected rather than risking the stack.
    public static let maximumDepth = 512

    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        var reader = Reader(bytes: bytes)
        reader.skipWhitespace()
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw reader.error("unexpected text after the value") }
        return value
    }

    public static func parse(_ text: String) throws(SyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Compact JSON. Keys are sorted when `sortedKeys` (what Odoo's webhooks do, and what makes output reproducible).
    public static func serialize(_ value: JSONValue, sortedKeys: Bool = true) -> [UInt8] {
        var writer = OdooJSONWriter()
        writer.append(value, sortedKeys: sortedKeys)
        return writer.bytes
    }

    public static func serializedString(_ value: JSONValue, sortedKeys: Bool = true) -> String {
        String(decoding: serialize(value, sortedKeys: sortedKeys), as: UTF8.self)
    }

    /// Exact decimal from a JSON number's text (`"840.4"`, `"-1e-7"`); nil when the text is not a JSON number.
    public static func decimal(fromNumberText text: String) -> Decimal? {
        let bytes = Array(text.utf8)
        var reader = Reader(bytes: bytes)
        guard case .number(let value)? = try? reader.readValue(depth: 0), reader.position == bytes.count else { return nil }
        return value
    }
}

/// Appends JSON to a byte buffer. Used for request bodies, simulator responses and webhook payloads.
public struct OdooJSONWriter: Sendable {
    public var bytes: [UInt8]

    public init(reservingCapacity capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func append(_ value: JSONValue, sortedKeys: Bool = true) {
        switch value {
        case .null: appendRaw("null")
        case .bool(let flag): appendRaw(flag ? "true" : "false")
        case .number(let number): appendNumber(number)
        case .string(let text): appendString(text)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                append(item, sortedKeys: sortedKeys)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            let keys = sortedKeys ? object.keys.sorted() : Array(object.keys)
            for (index, key) in keys.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                appendString(key)
                bytes.append(UInt8(ascii: ":"))
                append(object[key]!, sortedKeys: sortedKeys)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Writes text as it is (a literal, punctuation, or an already-encoded value).
    public mutating func appendRaw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    public mutating func appendInt(_ value: Int) {
        appendRaw(String(value))
    }

    /// Writes a decimal in plain notation. With `asFloat`, integral values get a `.0` the way Python prints floats
    /// (`760.0`), which is what Odoo sends for float and monetary fields.
    public mutating func appendNumber(_ value: Decimal, asFloat: Bool = false) {
        let text = value.description
        appendRaw(text)
        if asFloat, !text.contains("."), !text.contains("e"), !text.contains("E") { appendRaw(".0") }
    }

    public mutating func appendString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): appendRaw("\\\"")
            case UInt8(ascii: "\\"): appendRaw("\\\\")
            case 0x0A: appendRaw("\\n")
            case 0x0D: appendRaw("\\r")
            case 0x09: appendRaw("\\t")
            case 0x00..<0x20:
                appendRaw("\\u00")
                bytes.append(Self.hexDigit(byte >> 4))
                bytes.append(Self.hexDigit(byte & 0x0F))
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}

/// Recursive-descent reader over UTF-8 bytes.
private struct Reader {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    func error(_ reason: String) -> OdooJSON.SyntaxError {
        OdooJSON.SyntaxError(offset: position, reason: reason)
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func readValue(depth: Int) throws(OdooJSON.SyntaxError) -> JSONValue {
        guard depth < OdooJSON.maximumDepth else { throw error("nested deeper than \(OdooJSON.maximumDepth)") }
        guard position < bytes.count else { throw error("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try readObject(depth: depth)
        case UInt8(ascii: "["): return try readArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumber())
        default: throw error("unexpected character")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(OdooJSON.SyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("unexpected end of input") }
        let matches = literal.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[position + $0] == expected[$0] }
        }
        guard matches else { throw error("invalid literal") }
        position += count
    }

    mutating func readObject(depth: Int) throws(OdooJSON.SyntaxError) -> JSONValue {
        position += 1
        var object: [String: JSONValue] = [:]
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input in an object") }
            guard bytes[position] == UInt8(ascii: "\"") else { throw error("expected a key") }
            let key = try readString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':'") }
            position += 1
            skipWhitespace()
            object[key] = try readValue(depth: depth + 1)
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input in an object") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(object) }
            throw error("expected ',' or '}'")
        }
    }

    mutating func readArray(depth: Int) throws(OdooJSON.SyntaxError) -> JSONValue {
        position += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try readValue(depth: depth + 1))
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input in an array") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
            throw error("expected ',' or ']'")
        }
    }

    mutating func readString() throws(OdooJSON.SyntaxError) -> String {
        position += 1
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[start..<position], as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in a string") }
            position += 1
        }
        var scalars = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                position += 1
                guard position < bytes.count else { throw error("unexpected end of input in an escape") }
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
                    var code = try readHex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                              bytes[position + 1] == UInt8(ascii: "u") else { throw error("unpaired surrogate") }
                        position += 2
                        let low = try readHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(code) {
                        throw error("unpaired surrogate")
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("invalid unicode escape") }
                    scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw error("invalid escape")
                }
            default:
                if byte < 0x20 { throw error("control character in a string") }
                scalars.append(byte)
                position += 1
            }
        }
        throw error("unexpected end of input in a string")
    }

    mutating func readHex4() throws(OdooJSON.SyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("unexpected end of input in a unicode escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid unicode escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    /// Reads a JSON number and builds the Decimal from its digits: significand × 10^exponent, never via Double.
    mutating func readNumber() throws(OdooJSON.SyntaxError) -> Decimal {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") { negative = true; position += 1 }
        var significand: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var overflowed = false

        func isDigit(_ index: Int) -> Bool {
            index < bytes.count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")
        }

        guard isDigit(position) else { throw error("expected a digit") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if isDigit(position) { throw error("leading zero in a number") }
        } else {
            while isDigit(position) {
                accumulate(bytes[position], into: &significand, digits: &significantDigits, exponent: &exponent,
                           afterPoint: false, overflowed: &overflowed)
                position += 1
            }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard isDigit(position) else { throw error("expected a digit after '.'") }
            while isDigit(position) {
                accumulate(bytes[position], into: &significand, digits: &significantDigits, exponent: &exponent,
                           afterPoint: true, overflowed: &overflowed)
                position += 1
            }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            var exponentNegative = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                exponentNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            guard isDigit(position) else { throw error("expected a digit in the exponent") }
            var written = 0
            while isDigit(position) {
                if written < 100_000 { written = written * 10 + Int(bytes[position] - UInt8(ascii: "0")) }
                position += 1
            }
            exponent += exponentNegative ? -written : written
        }
        if overflowed || exponent < -128 || exponent > 127 {
            // Beyond what fits a UInt64 significand: let Decimal's own text parser take the (still exact) digits.
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw error("number out of range")
            }
            return value
        }
        return Decimal(sign: negative && significand != 0 ? .minus : .plus, exponent: exponent,
                       significand: Decimal(significand))
    }

    private func accumulate(
        _ digitByte: UInt8, into significand: inout UInt64, digits: inout Int, exponent: inout Int, afterPoint: Bool,
        overflowed: inout Bool
    ) {
        let digit = UInt64(digitByte - UInt8(ascii: "0"))
        if significand == 0, digit == 0 {
            if afterPoint { exponent -= 1 }
            return
        }
        if digits >= 19 {
            overflowed = true
            return
        }
        significand = significand * 10 + digit
        digits += 1
        if afterPoint { exponent -= 1 }
    }
}
