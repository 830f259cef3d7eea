import Foundation

/// Odoo's datetime as it travels on the wire: `"YYYY-MM-DD HH:MM:SS"` in UTC, no zone, no fraction.
/// Kept as text because that is what domains accept (Odoo 19 rejects ISO `T…Z`) and because it sorts correctly as text.
public struct OdooDateTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let text: String

    /// Accepts Odoo's format, with or without microseconds (webhooks send `.336054`); the fraction is dropped.
    /// Checked by hand, not with a `DateFormatter`: every record read carries a `write_date`, and ICU parsing cost more
    /// CPU than anything else in a large sync.
    public init?(_ text: String) {
        let trimmed = text.split(separator: ".", maxSplits: 1).first.map(String.init) ?? text
        guard OdooDateTime.fields(of: trimmed) != nil else { return nil }
        self.text = trimmed
    }

    public init(_ date: Date) {
        self.init(secondsSince1970: Int(date.timeIntervalSince1970.rounded(.down)))
    }

    /// The whole second that many seconds after 1970-01-01 00:00:00 UTC (before it when negative).
    public init(secondsSince1970 seconds: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let time = seconds - days * 86_400
        let (year, month, day) = ProlepticGregorian.civil(fromDays: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        self.text = "\(yearText)-\(two(month))-\(two(day)) \(two(time / 3600)):\(two(time / 60 % 60)):\(two(time % 60))"
    }

    /// Seconds since 1970-01-01 00:00:00 UTC: the exact integer behind `date`, for code that keeps finer time itself.
    public var secondsSince1970: Int {
        let (year, month, day, hour, minute, second) = OdooDateTime.fields(of: text)!
        return ProlepticGregorian.days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(secondsSince1970)) }

    public static func < (lhs: OdooDateTime, rhs: OdooDateTime) -> Bool { lhs.text < rhs.text }
    public var description: String { text }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = OdooDateTime(raw) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an Odoo datetime: \(raw)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    /// Year, month, day, hour, minute, second of a valid `"YYYY-MM-DD HH:MM:SS"` (a real calendar date), else nil.
    static func fields(of text: String) -> (Int, Int, Int, Int, Int, Int)? {
        let bytes = Array(text.utf8)
        guard bytes.count == 19, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x20, bytes[13] == 0x3A,
              bytes[16] == 0x3A else { return nil }
        func number(_ from: Int, _ to: Int) -> Int? {
            var value = 0
            for index in from..<to {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 7), let day = number(8, 10), let hour = number(11, 13),
              let minute = number(14, 16), let second = number(17, 19),
              year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        return (year, month, day, hour, minute, second)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Position in one Odoo model's change stream: the `(write_date, id)` of the last record fully applied.
/// Reads continue with `write_date > d OR (write_date = d AND id > i)`, ascending.
public struct ModelCursor: Sendable, Hashable, Codable {
    public var writeDate: OdooDateTime
    public var id: Int

    public init(writeDate: OdooDateTime, id: Int) {
        self.writeDate = writeDate
        self.id = id
    }
}
