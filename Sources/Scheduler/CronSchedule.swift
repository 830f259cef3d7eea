import Foundation

/// A parsed standard 5-field cron expression (minute hour day-of-month month day-of-week).
///
/// A pure value: parsing and date arithmetic only, no clock and no I/O, so the scheduler,
/// the CLI and the health endpoint can all ask it questions. Fire times follow croniter,
/// the agreed oracle, including its daylight-saving behaviour.
public struct CronSchedule: Hashable, Sendable, CustomStringConvertible {
    /// The text as given (trimmed), e.g. `@daily` or `*/15 * * * *`.
    public let expression: String

    let minutes: CronValueSet
    let hours: CronValueSet
    let daysOfMonth: CronValueSet
    let months: CronValueSet
    let daysOfWeek: CronValueSet

    /// Day-of-month and day-of-week are both restricted, so a day matching either fires.
    ///
    /// croniter, not Vixie: Vixie ORs when neither field's text starts with `*`; croniter
    /// ORs when neither field expands to its wildcard. So `*/2` with `MON` is OR here (Vixie: AND),
    /// and a full day-of-month list such as `1-31` stays restricted unless day-of-week has a `*`.
    let dayOr: Bool

    static let macros: [String: String] = [
        "@hourly": "0 * * * *",
        "@daily": "0 0 * * *",
        "@midnight": "0 0 * * *",
        "@weekly": "0 0 * * 0",
        "@monthly": "0 0 1 * *",
        "@yearly": "0 0 1 1 *",
        "@annually": "0 0 1 1 *",
    ]

    /// Parses `expression`; throws a `CronParseError` naming the field and the reason.
    public init(parsing expression: String) throws(CronParseError) {
        let trimmed = expression.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CronParseError(field: nil, reason: .emptyExpression) }
        var body = trimmed
        if trimmed.hasPrefix("@") {
            guard let expanded = Self.macros[trimmed.lowercased()] else {
                throw CronParseError(field: nil, reason: .unknownMacro(trimmed))
            }
            body = expanded
        }
        let texts = body.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard texts.count == 5 else { throw CronParseError(field: nil, reason: .wrongFieldCount(texts.count)) }

        var parsed: [ParsedField] = []
        for field in CronField.allCases {
            parsed.append(try CronFieldParser.parse(texts[field.rawValue], as: field))
        }
        let dom = parsed[CronField.dayOfMonth.rawValue]
        let dow = parsed[CronField.dayOfWeek.rawValue]

        self.expression = trimmed
        minutes = parsed[CronField.minute.rawValue].values
        hours = parsed[CronField.hour.rawValue].values
        daysOfMonth = dom.values
        months = parsed[CronField.month.rawValue].values
        daysOfWeek = dow.values
        dayOr = !Self.isWildcard(dom, field: .dayOfMonth, otherText: dow)
            && !Self.isWildcard(dow, field: .dayOfWeek, otherText: dom)
    }

    /// croniter collapses a full day list to `*` only when the other day field's text has a `*`.
    private static func isWildcard(_ field: ParsedField, field kind: CronField, otherText other: ParsedField) -> Bool {
        field.hasBareStar || (field.values.isFull(kind.range) && other.textContainsStar)
    }

    public var description: String { expression }
}
