import Foundation

/// JSON text and timestamps for log lines, written by hand. `JSONSerialization` sorts keys with a locale-aware
/// comparison and the ISO 8601 format style builds a `Locale`: the first log line loaded ICU's collation and locale
/// data (≈ 1–2 MB resident for the life of the process) to order a handful of ASCII keys and print a UTC time.
enum LogLineJSON {
    /// An object of the values `JSONLinesLogHandler` builds (strings, arrays, dictionaries), keys in code-point order.
    static func object(_ fields: [String: Any]) -> String {
        var text = ""
        text.reserveCapacity(256)
        append(fields, to: &text)
        return text
    }

    private static func append(_ value: Any, to text: inout String) {
        switch value {
        case let string as String:
            appendString(string, to: &text)
        case let array as [Any]:
            text += "["
            for (index, element) in array.enumerated() {
                if index > 0 { text += "," }
                append(element, to: &text)
            }
            text += "]"
        case let dictionary as [String: Any]:
            text += "{"
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { text += "," }
                appendString(key, to: &text)
                text += ":"
                append(dictionary[key]!, to: &text)
            }
            text += "}"
        default:
            appendString(String(describing: value), to: &text)
        }
    }

    /// RFC 8259 escaping: quote, backslash and control characters; `/` and non-ASCII are written as they are.
    private static func appendString(_ string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    /// `2026-11-25T16:37:42.425Z`: UTC, milliseconds (truncated), as the log lines have always shown.
    static func timestamp(_ date: Date = Date()) -> String {
        // Whole seconds, then the fraction truncated to milliseconds — the order the format style used.
        let interval = date.timeIntervalSince1970
        let whole = interval.rounded(.down)
        var seconds = time_t(whole)
        let fraction = min(999, Int((interval - whole) * 1000))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(digits(parts.tm_year + 1900, 4))-\(digits(parts.tm_mon + 1, 2))-\(digits(parts.tm_mday, 2))T"
            + "\(digits(parts.tm_hour, 2)):\(digits(parts.tm_min, 2)):\(digits(parts.tm_sec, 2)).\(digits(Int32(fraction), 3))Z"
    }
}
