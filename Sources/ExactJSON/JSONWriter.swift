import Foundation

/// Appends JSON to a byte buffer. Used for request bodies, simulator responses and webhook payloads.
public struct JSONWriter: Sendable {
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
        let text = DecimalText.plain(value)
        appendRaw(text)
        if asFloat, !text.contains("."), !text.contains("e"), !text.contains("E") { appendRaw(".0") }
    }

    public mutating func appendString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings need no escape: copied at once rather than byte by byte.
        let copied = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                return false
            }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
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
