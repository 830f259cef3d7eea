import Foundation
import Scheduler

extension Commands {
    /// `schedule`: the next fire times of a cron expression in a zone, to check it before deploying.
    public static func scheduleFireTimes(expression: String, from: String?, count: Int, timeZone: String?,
                                         environment: EnvironmentSource = .process()) throws(InvalidArgument) -> [String] {
        let schedule: CronSchedule
        do { schedule = try CronSchedule(parsing: expression) } catch {
            throw InvalidArgument("invalid cron expression: \(error)")
        }
        let zoneName = timeZone ?? environment["SYNC_TIMEZONE"] ?? "UTC"
        let zone: TimeZone
        do { zone = try parseTimeZone(zoneName) } catch { throw InvalidArgument("\(error)") }
        var start = Date()
        if let from {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            let fractional = ISO8601DateFormatter()
            fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            guard let parsed = formatter.date(from: from) ?? fractional.date(from: from) else {
                throw InvalidArgument("--from \(from) is not ISO 8601 with a zone, e.g. 2026-03-29T00:00:00Z")
            }
            start = parsed
        }
        guard (1...1000).contains(count) else { throw InvalidArgument("--count must be between 1 and 1000") }
        let dates = schedule.nextDates(after: start, in: zone, count: count)
        if dates.isEmpty { throw InvalidArgument("\(expression) never fires (e.g. 30 February)") }
        return dates.map { formatFireTime($0, in: zone) }
    }
}
