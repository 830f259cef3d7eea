import Foundation

/// Odoo's datetime as it travels on the wire: `"YYYY-MM-DD HH:MM:SS"` in UTC, no zone, no fraction.
/// Kept as text because that is what domains accept (Odoo 19 rejects ISO `T…Z`) and because it sorts correctly as text.
public struct OdooDateTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let text: String

    /// Accepts Odoo's format, with or without microseconds (webhooks send `.336054`); the fraction is dropped.
    public init?(_ text: String) {
        let trimmed = text.split(separator: ".", maxSplits: 1).first.map(String.init) ?? text
        guard trimmed.count == 19, OdooDateTime.parser.date(from: trimmed) != nil else { return nil }
        self.text = trimmed
    }

    public init(_ date: Date) {
        self.text = OdooDateTime.parser.string(from: date)
    }

    public var date: Date { OdooDateTime.parser.date(from: text)! }

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

    // DateFormatter is thread-safe for formatting/parsing once configured.
    nonisolated(unsafe) private static let parser: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter
    }()
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
