import Foundation

/// Log timestamps written by hand: the ISO 8601 format style builds a `Locale`, and the first log line then loaded ICU's
/// locale data (resident for the life of the process) to print a UTC time.
enum LogTimestamp {
    /// `2026-11-25T16:37:42.425Z`: UTC, milliseconds (truncated), as the log lines have always shown.
    static func text(_ date: Date = Date()) -> String {
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
