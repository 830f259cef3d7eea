import Foundation

/// One stored field value, compact enough for catalogues of tens of thousands of records.
/// `empty` is Odoo's `false` (no value).
enum SimValue: Sendable, Hashable {
    case empty
    case bool(Bool)
    case int(Int)
    case decimal(Decimal)
    case text(String)
    case many2one(Int)
    case ids([Int])
    case timestamp(SimTimestamp)

    var isEmpty: Bool {
        switch self {
        case .empty: true
        case .ids(let ids): ids.isEmpty
        case .text(let text): text.isEmpty
        default: false
        }
    }

    var id: Int? {
        switch self {
        case .many2one(let id), .int(let id): id
        default: nil
        }
    }

    var ids: [Int] {
        if case .ids(let ids) = self { return ids }
        return []
    }

    var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    var decimal: Decimal {
        switch self {
        case .decimal(let value): value
        case .int(let value): Decimal(value)
        default: 0
        }
    }

    var flag: Bool {
        if case .bool(let value) = self { return value }
        return false
    }
}

/// A UTC instant with microseconds, as Odoo keeps `write_date` in PostgreSQL. Reads show it cut to seconds
/// (`"YYYY-MM-DD HH:MM:SS"`); webhooks show the microseconds.
struct SimTimestamp: Sendable, Hashable, Comparable {
    /// Microseconds since 1970-01-01 00:00:00 UTC.
    var microseconds: Int64

    init(microseconds: Int64) { self.microseconds = microseconds }

    init(_ date: Date) {
        microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
    }

    static func < (lhs: SimTimestamp, rhs: SimTimestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    var wholeSecond: SimTimestamp { SimTimestamp(microseconds: microseconds - microseconds.modulo(1_000_000)) }

    func adding(seconds: Int64 = 0, microseconds extra: Int64 = 0) -> SimTimestamp {
        SimTimestamp(microseconds: microseconds + seconds * 1_000_000 + extra)
    }

    /// `"YYYY-MM-DD HH:MM:SS"`, what `search_read` shows.
    var odooText: String { Self.format(microseconds: microseconds, withFraction: false) }
    /// `"YYYY-MM-DD HH:MM:SS.ffffff"`, what a webhook payload shows.
    var textWithMicroseconds: String { Self.format(microseconds: microseconds, withFraction: true) }

    /// Parses `"YYYY-MM-DD HH:MM:SS"` with an optional `.ffffff`, `T` separator or trailing `Z` when `lenient`.
    static func parse(_ text: String, lenient: Bool = false) -> SimTimestamp? {
        var bytes = Array(text.utf8)
        if lenient {
            if bytes.last == UInt8(ascii: "Z") { bytes.removeLast() }
            if bytes.count > 10, bytes[10] == UInt8(ascii: "T") { bytes[10] = UInt8(ascii: " ") }
        }
        if bytes.count == 10 { bytes += Array(" 00:00:00".utf8) }
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: " "),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month), (1...31).contains(day),
              hour < 24, minute < 60, second < 60 else { return nil }
        var fraction: Int64 = 0
        if bytes.count > 19 {
            guard bytes[19] == UInt8(ascii: "."), bytes.count > 20, bytes.count <= 26, let digits = number(20..<bytes.count) else {
                return nil
            }
            fraction = Int64(digits)
            for _ in 0..<(26 - bytes.count) { fraction *= 10 }
        }
        let days = Int64(daysFromCivil(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return SimTimestamp(microseconds: seconds * 1_000_000 + fraction)
    }

    private static func format(microseconds: Int64, withFraction: Bool) -> String {
        let fraction = microseconds.modulo(1_000_000)
        let totalSeconds = (microseconds - fraction) / 1_000_000
        let secondsOfDay = totalSeconds.modulo(86_400)
        let days = (totalSeconds - secondsOfDay) / 86_400
        let (year, month, day) = civilFromDays(Int(days))
        let hour = Int(secondsOfDay / 3600), minute = Int(secondsOfDay % 3600 / 60), second = Int(secondsOfDay % 60)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + " " + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
        if withFraction { text += "." + pad(Int(fraction), 6) }
        return text
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    // Howard Hinnant's civil calendar algorithms (proleptic Gregorian).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    /// Remainder that is never negative.
    func modulo(_ divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder >= 0 ? remainder : remainder + divisor
    }
}
