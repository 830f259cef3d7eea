import Foundation

/// The value of `SYNC_SCHEDULE`: `off` (any case) disables scheduled syncs, anything else
/// must be a cron expression. Kept separate from `CronSchedule` so "disabled" is explicit
/// rather than an empty or magic expression.
public enum ScheduleSetting: Hashable, Sendable, CustomStringConvertible {
    case off
    case cron(CronSchedule)

    /// Parses the environment value; a bad expression throws `CronParseError`.
    public init(parsing value: String) throws(CronParseError) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.lowercased() == "off" {
            self = .off
        } else {
            self = .cron(try CronSchedule(parsing: trimmed))
        }
    }

    /// The schedule, or nil when disabled.
    public var schedule: CronSchedule? {
        if case .cron(let schedule) = self { return schedule }
        return nil
    }

    public var description: String {
        switch self {
        case .off: "off"
        case .cron(let schedule): schedule.expression
        }
    }
}
