import ExactJSON
import Foundation
import SyncCore

/// An Odoo search domain in Odoo's prefix notation (`["|", [f, op, v], [f, op, v]]`), built from typed pieces so
/// nobody hand-writes the Polish notation.
public struct OdooDomain: Sendable, Hashable {
    public private(set) var terms: [JSONValue]

    public init(terms: [JSONValue] = []) { self.terms = terms }

    /// Matches every record.
    public static let all = OdooDomain()

    public static func condition(_ field: String, _ comparison: String, _ value: JSONValue) -> OdooDomain {
        OdooDomain(terms: [.array([.string(field), .string(comparison), value])])
    }

    public static func ids(in ids: [Int]) -> OdooDomain {
        condition("id", "in", .array(ids.map { .number(Decimal($0)) }))
    }

    public static func field(_ field: String, in ids: [Int]) -> OdooDomain {
        condition(field, "in", .array(ids.map { .number(Decimal($0)) }))
    }

    /// Records whose `field` is one of `ids` or below one of them in its model's hierarchy (Odoo's `child_of`, which
    /// follows the model's parent field: `parent_id`, or `location_id` for `stock.location`).
    public static func field(_ field: String, childOf ids: [Int]) -> OdooDomain {
        condition(field, "child_of", .array(ids.map { .number(Decimal($0)) }))
    }

    /// Both must match. Empty domains are neutral.
    public func and(_ other: OdooDomain) -> OdooDomain {
        if terms.isEmpty { return other }
        if other.terms.isEmpty { return self }
        return OdooDomain(terms: [.string("&")] + terms + other.terms)
    }

    /// Either may match. An empty side matches everything, and so does the result.
    public func or(_ other: OdooDomain) -> OdooDomain {
        if terms.isEmpty || other.terms.isEmpty { return .all }
        return OdooDomain(terms: [.string("|")] + terms + other.terms)
    }

    public var negated: OdooDomain {
        terms.isEmpty ? OdooDomain(terms: [.array([.number(0), .string("="), .number(1)])])
            : OdooDomain(terms: [.string("!")] + terms)
    }

    public var json: JSONValue { .array(terms) }

    /// Records strictly after `cursor` in `(write_date, id)` order.
    ///
    /// Odoo stores `write_date` with microseconds but reads it back cut to seconds, and compares domain values against
    /// the full timestamp. So the cursor names a whole second `d`: everything from the next second on, plus the records
    /// of second `d` with a higher id —
    /// `['|', ('write_date', '>=', d + 1s), '&', ('write_date', '>=', d), ('id', '>', i)]`.
    /// (The textbook `('write_date', '>', d)` would match every record of second `d` again, and `('write_date', '=', d)`
    /// almost none, so a second holding more records than a page would be read forever.)
    public static func after(_ cursor: ModelCursor) -> OdooDomain {
        let nextSecond = OdooDateTime(cursor.writeDate.date.addingTimeInterval(1))
        return condition("write_date", ">=", .string(nextSecond.text))
            .or(condition("write_date", ">=", .string(cursor.writeDate.text)).and(condition("id", ">", .number(Decimal(cursor.id)))))
    }

    /// Records whose `write_date`, cut to seconds, is exactly `second`.
    public static func writtenDuring(_ second: OdooDateTime) -> OdooDomain {
        let nextSecond = OdooDateTime(second.date.addingTimeInterval(1))
        return condition("write_date", ">=", .string(second.text)).and(condition("write_date", "<", .string(nextSecond.text)))
    }
}
