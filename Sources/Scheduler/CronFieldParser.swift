/// One parsed field: its values, plus what croniter needs to decide the day-of-month /
/// day-of-week OR rule (whether `*` was written, literally or inside the text).
struct ParsedField: Hashable, Sendable {
    var values: CronValueSet
    /// An unstepped `*` list entry: the field is unrestricted whatever else is listed.
    var hasBareStar: Bool
    /// croniter looks for any `*` in the other day field's text (see `CronSchedule.dayOr`).
    var textContainsStar: Bool
}

/// Parses a single field. The expansion follows croniter (the agreed oracle) where it
/// differs from Vixie cron; each such place says so.
enum CronFieldParser {
    static func parse(_ text: String, as field: CronField) throws(CronParseError) -> ParsedField {
        var result = ParsedField(values: CronValueSet(), hasBareStar: false, textContainsStar: text.contains("*"))
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            if entry.isEmpty { throw CronParseError(field: field, reason: .emptyListEntry) }
            try parseEntry(Substring(entry), field: field, into: &result)
        }
        return result
    }

    private static func parseEntry(_ entry: Substring, field: CronField, into result: inout ParsedField) throws(CronParseError) {
        let range = field.range
        var base = entry
        var step: Int?
        if let slash = entry.firstIndex(of: "/") {
            base = entry[..<slash]
            let stepText = entry[entry.index(after: slash)...]
            guard !stepText.isEmpty, stepText.allSatisfy(\.isASCIIDigit) else {
                throw CronParseError(field: field, reason: .invalidStep(String(stepText)))
            }
            let parsed = Int(stepText) ?? Int.max
            guard parsed > 0 else { throw CronParseError(field: field, reason: .nonPositiveStep) }
            // Any step above 59 selects only the start; capping keeps `stride` far from overflow.
            step = min(parsed, 64)
        }

        if base == "*" {
            if let step {
                result.values.formUnion(stride(from: range.lowerBound, through: range.upperBound, by: step))
            } else {
                result.hasBareStar = true
                result.values.formUnion(range)
            }
            return
        }

        let bounds = base.split(separator: "-", omittingEmptySubsequences: false)
        switch bounds.count {
        case 1:
            let low = try value(bounds[0], field: field)
            guard let step else {
                result.values.insert(low)
                return
            }
            // `5/15` means 5-59/15. croniter: a start at the field maximum (`59/15`) is that value alone.
            if low == range.upperBound {
                result.values.insert(low)
            } else {
                result.values.formUnion(stride(from: low, through: range.upperBound, by: step))
            }
        case 2 where !bounds[0].isEmpty && !bounds[1].isEmpty:
            var low = try value(bounds[0], field: field)
            var high = try value(bounds[1], field: field)
            let step = step ?? 1
            if low == high {
                // croniter, not Vixie: an equal range (`5-5`, `MON-MON`, `0-7`) means the whole field.
                (low, high) = (range.lowerBound, range.upperBound)
            }
            if low <= high {
                result.values.formUnion(stride(from: low, through: high, by: step))
            } else {
                result.values.formUnion(wrappingRange(low, high, step: step, field: range))
            }
        default:
            throw CronParseError(field: field, reason: .invalidValue(String(base)))
        }
    }

    /// croniter, not Vixie (which rejects it): `22-2` wraps past the field maximum.
    /// With a step croniter restarts the second half `step - (max - last)` past the minimum,
    /// which is one later than a continuous count (`22-2/3` gives 22 and 2); kept to match it.
    private static func wrappingRange(_ low: Int, _ high: Int, step: Int, field: ClosedRange<Int>) -> [Int] {
        var values = Array(stride(from: low, through: field.upperBound, by: step))
        var skip = 0
        if let last = values.last {
            let alreadySkipped = field.upperBound - last
            if last - field.lowerBound + step > field.count, alreadySkipped < step {
                skip = step - alreadySkipped
            }
        }
        values += stride(from: field.lowerBound + skip, through: high, by: step)
        return values
    }

    /// A number or a name, checked against the written range; Sunday 7 becomes 0.
    private static func value(_ token: Substring, field: CronField) throws(CronParseError) -> Int {
        let number: Int
        if token.allSatisfy(\.isASCIIDigit) {
            guard let parsed = Int(token), field.writtenRange.contains(parsed) else {
                throw CronParseError(field: field, reason: .outOfRange(String(token), field.writtenRange))
            }
            number = parsed
        } else if let named = field.names[token.lowercased()] {
            number = named
        } else if field.names.isEmpty || !token.allSatisfy({ $0.isASCII && $0.isLetter }) {
            throw CronParseError(field: field, reason: .invalidValue(String(token)))
        } else {
            throw CronParseError(field: field, reason: .unknownName(String(token)))
        }
        return field == .dayOfWeek && number == 7 ? 0 : number
    }
}

extension CronValueSet {
    mutating func formUnion<S: Sequence<Int>>(_ values: S) {
        for value in values { insert(value) }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
