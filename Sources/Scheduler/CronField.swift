/// The five positions of a cron expression, in order. Parse errors name them so an operator
/// can see which part of `SYNC_SCHEDULE` is wrong.
public enum CronField: Int, CaseIterable, Sendable, Hashable {
    case minute, hour, dayOfMonth, month, dayOfWeek

    /// The name used in error messages, e.g. `day-of-month`.
    public var name: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    /// Values a user may write. Day-of-week accepts 7 as a second spelling of Sunday.
    public var writtenRange: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }

    /// Values after normalisation (Sunday is always 0).
    var range: ClosedRange<Int> {
        self == .dayOfWeek ? 0...6 : writtenRange
    }

    /// Three-letter names, lowercase, mapped to their numbers.
    var names: [String: Int] {
        switch self {
        case .month:
            ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
             "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12]
        case .dayOfWeek:
            ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]
        default:
            [:]
        }
    }
}
