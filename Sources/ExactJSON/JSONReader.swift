import Foundation

/// Recursive-descent reader over UTF-8 bytes, building a `Tree`.
struct JSONReader<Tree: JSONTree> {
    let bytes: [UInt8]
    let surrogates: JSONText.Surrogates
    /// Object members built (nil: all). Any other member's value is checked as strictly but not built.
    let keptKeys: JSONMemberFilter?
    var position = 0

    init(bytes: [UInt8], surrogates: JSONText.Surrogates, keptKeys: JSONMemberFilter? = nil) {
        self.bytes = bytes
        self.surrogates = surrogates
        self.keptKeys = keptKeys
    }

    func error(_ reason: String) -> JSONText.SyntaxError {
        JSONText.SyntaxError(offset: position, reason: reason)
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func readValue(depth: Int) throws(JSONText.SyntaxError) -> Tree {
        guard depth < JSONText.maximumDepth else { throw error("nested deeper than \(JSONText.maximumDepth)") }
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

    mutating func expectLiteral(_ literal: StaticString) throws(JSONText.SyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("unexpected end of input") }
        let matches = literal.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[position + $0] == expected[$0] }
        }
        guard matches else { throw error("invalid literal") }
        position += count
    }

    mutating func readObject(depth: Int) throws(JSONText.SyntaxError) -> Tree {
        var object = Tree.emptyMembers()
        if opensEmpty(UInt8(ascii: "}")) { return .object(object) }
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input in an object") }
            guard bytes[position] == UInt8(ascii: "\"") else { throw error("expected a key") }
            let key = if let keptKeys { try readKey(keptKeys) } else { try readString() }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':'") }
            position += 1
            skipWhitespace()
            if let key {
                Tree.add(try readValue(depth: depth + 1), for: key, to: &object)
            } else {
                try skipValue(depth: depth + 1)
            }
            if try closes(UInt8(ascii: "}"), in: "an object") { return .object(object) }
        }
    }

    /// Past a container's opening bracket: true (and past `closing` too) when it is empty.
    mutating func opensEmpty(_ closing: UInt8) -> Bool {
        position += 1
        skipWhitespace()
        guard position < bytes.count, bytes[position] == closing else { return false }
        position += 1
        return true
    }

    /// After a member or an item: true past the container's `closing` bracket, false past a comma (another follows).
    mutating func closes(_ closing: UInt8, in container: String) throws(JSONText.SyntaxError) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw error("unexpected end of input in \(container)") }
        if bytes[position] == UInt8(ascii: ",") { position += 1; return false }
        if bytes[position] == closing { position += 1; return true }
        throw error("expected ',' or '\(Character(Unicode.Scalar(closing)))'")
    }

    /// A member's key when `filter` keeps it, else nil. A plain ASCII key is matched on its bytes, so a key that is
    /// skipped never becomes a `String`; a key with an escape or other text is read and matched as a string.
    mutating func readKey(_ filter: JSONMemberFilter) throws(JSONText.SyntaxError) -> String? {
        let start = position + 1
        var end = start
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") {
                position = end + 1
                return filter.match(bytes, from: start, to: end)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            end += 1
        }
        let key = try readString()
        return filter.keys.contains(key) ? key : nil
    }

    /// Reads past one value with the same checks as `readValue`, building nothing (no strings, decimals or
    /// containers). A string with an escape is read by `readString`, so its escapes are checked exactly alike.
    mutating func skipValue(depth: Int) throws(JSONText.SyntaxError) {
        guard depth < JSONText.maximumDepth else { throw error("nested deeper than \(JSONText.maximumDepth)") }
        guard position < bytes.count else { throw error("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            if opensEmpty(UInt8(ascii: "}")) { return }
            while true {
                skipWhitespace()
                guard position < bytes.count else { throw error("unexpected end of input in an object") }
                guard bytes[position] == UInt8(ascii: "\"") else { throw error("expected a key") }
                try skipString()
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':'") }
                position += 1
                skipWhitespace()
                try skipValue(depth: depth + 1)
                if try closes(UInt8(ascii: "}"), in: "an object") { return }
            }
        case UInt8(ascii: "["):
            if opensEmpty(UInt8(ascii: "]")) { return }
            while true {
                skipWhitespace()
                try skipValue(depth: depth + 1)
                if try closes(UInt8(ascii: "]"), in: "an array") { return }
            }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try readNumber()
        default: throw error("unexpected character")
        }
    }

    /// Past a string: scanned without building it unless it has an escape.
    mutating func skipString() throws(JSONText.SyntaxError) {
        let start = position
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { position += 1; return }
            if byte == UInt8(ascii: "\\") {
                position = start
                _ = try readString()
                return
            }
            if byte < 0x20 { throw error("control character in a string") }
            position += 1
        }
        throw error("unexpected end of input in a string")
    }

    mutating func readArray(depth: Int) throws(JSONText.SyntaxError) -> Tree {
        var items: [Tree] = []
        if opensEmpty(UInt8(ascii: "]")) { return .array(items) }
        while true {
            skipWhitespace()
            items.append(try readValue(depth: depth + 1))
            if try closes(UInt8(ascii: "]"), in: "an array") { return .array(items) }
        }
    }

    mutating func readString() throws(JSONText.SyntaxError) -> String {
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
                    let scalar = try readEscapedScalar()
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

    /// The scalar of a `\u` escape (the `\u` already read), joining a surrogate pair.
    mutating func readEscapedScalar() throws(JSONText.SyntaxError) -> Unicode.Scalar {
        let code = try readHex4()
        var combined = code
        var unpaired = (0xDC00...0xDFFF).contains(code)
        if (0xD800...0xDBFF).contains(code) {
            if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                let resume = position
                position += 2
                let low = try readHex4()
                if (0xDC00...0xDFFF).contains(low) {
                    combined = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    unpaired = true
                    position = resume
                }
            } else {
                unpaired = true
            }
        }
        if unpaired {
            guard surrogates == .replaceUnpaired else { throw error("unpaired surrogate") }
            return "\u{FFFD}"
        }
        guard let scalar = Unicode.Scalar(combined) else { throw error("invalid unicode escape") }
        return scalar
    }

    mutating func readHex4() throws(JSONText.SyntaxError) -> UInt32 {
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
    mutating func readNumber() throws(JSONText.SyntaxError) -> Decimal {
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
