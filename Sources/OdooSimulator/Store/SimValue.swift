import Foundation
import SyncCore

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
    var odooText: String {
        OdooDateTime(secondsSince1970: Int(wholeSecond.microseconds / 1_000_000)).text
    }

    /// `"YYYY-MM-DD HH:MM:SS.ffffff"`, what a webhook payload shows.
    var textWithMicroseconds: String {
        let fraction = String(microseconds.modulo(1_000_000))
        return odooText + "." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// Parses `"YYYY-MM-DD HH:MM:SS"` (a real calendar date, as Odoo checks it) with an optional `.ffffff`; when
    /// `lenient`, also a `T` separator, a trailing `Z`, or a date alone (midnight).
    static func parse(_ text: String, lenient: Bool = false) -> SimTimestamp? {
        var bytes = Array(text.utf8)
        if lenient {
            if bytes.last == UInt8(ascii: "Z") { bytes.removeLast() }
            if bytes.count > 10, bytes[10] == UInt8(ascii: "T") { bytes[10] = UInt8(ascii: " ") }
        }
        if bytes.count == 10 { bytes += Array(" 00:00:00".utf8) }
        guard bytes.count >= 19, let whole = OdooDateTime(String(decoding: bytes[0..<19], as: UTF8.self)) else { return nil }
        var fraction: Int64 = 0
        if bytes.count > 19 {
            guard bytes[19] == UInt8(ascii: "."), bytes.count > 20, bytes.count <= 26 else { return nil }
            for byte in bytes[20...] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                fraction = fraction * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            for _ in 0..<(26 - bytes.count) { fraction *= 10 }
        }
        return SimTimestamp(microseconds: Int64(whole.secondsSince1970) * 1_000_000 + fraction)
    }
}

extension Int64 {
    /// Remainder that is never negative.
    func modulo(_ divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder >= 0 ? remainder : remainder + divisor
    }
}
