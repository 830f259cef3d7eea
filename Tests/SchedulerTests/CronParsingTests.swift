import Foundation
import Scheduler
import Testing

@Suite("Cron parsing")
struct CronParsingTests {
    static let utc = TimeZone(identifier: "UTC")!

    /// Valid syntax, checked by what it does: the first fire times after a fixed start (UTC).
    @Test("valid expressions fire where expected", arguments: [
        ("* * * * *", "2025-01-01T00:00:00+00:00", ["2025-01-01T00:01:00+00:00", "2025-01-01T00:02:00+00:00"]),
        ("*/15 * * * *", "2025-01-01T00:07:30+00:00", ["2025-01-01T00:15:00+00:00", "2025-01-01T00:30:00+00:00", "2025-01-01T00:45:00+00:00"]),
        ("5/15 * * * *", "2025-01-01T00:00:00+00:00", ["2025-01-01T00:05:00+00:00", "2025-01-01T00:20:00+00:00", "2025-01-01T00:35:00+00:00", "2025-01-01T00:50:00+00:00", "2025-01-01T01:05:00+00:00"]),
        ("1-10/2 * * * *", "2025-01-01T00:00:00+00:00", ["2025-01-01T00:01:00+00:00", "2025-01-01T00:03:00+00:00", "2025-01-01T00:05:00+00:00", "2025-01-01T00:07:00+00:00", "2025-01-01T00:09:00+00:00", "2025-01-01T01:01:00+00:00"]),
        ("0,30 8-9 * * *", "2025-01-01T00:00:00+00:00", ["2025-01-01T08:00:00+00:00", "2025-01-01T08:30:00+00:00", "2025-01-01T09:00:00+00:00", "2025-01-01T09:30:00+00:00", "2025-01-02T08:00:00+00:00"]),
        ("0 0 1 JAN-MAR,OCT *", "2025-03-01T00:00:00+00:00", ["2025-10-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00", "2026-02-01T00:00:00+00:00"]),
        ("0 0 1 jan-Mar,oct *", "2025-03-01T00:00:00+00:00", ["2025-10-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00", "2026-02-01T00:00:00+00:00"]),
        ("0 0 1 */3 *", "2025-01-01T00:00:00+00:00", ["2025-04-01T00:00:00+00:00", "2025-07-01T00:00:00+00:00", "2025-10-01T00:00:00+00:00"]),
        ("  0   0  *\t* *  ", "2025-01-01T00:00:00+00:00", ["2025-01-02T00:00:00+00:00"]),
        ("@hourly", "2025-01-01T00:59:59+00:00", ["2025-01-01T01:00:00+00:00", "2025-01-01T02:00:00+00:00"]),
        ("@daily", "2025-01-01T12:00:00+00:00", ["2025-01-02T00:00:00+00:00"]),
        ("@midnight", "2025-01-01T12:00:00+00:00", ["2025-01-02T00:00:00+00:00"]),
        ("@WEEKLY", "2025-01-01T00:00:00+00:00", ["2025-01-05T00:00:00+00:00", "2025-01-12T00:00:00+00:00"]),
        ("@monthly", "2025-01-31T12:00:00+00:00", ["2025-02-01T00:00:00+00:00", "2025-03-01T00:00:00+00:00"]),
        ("@yearly", "2025-01-01T00:00:00+00:00", ["2026-01-01T00:00:00+00:00"]),
        ("@annually", "2025-01-01T00:00:00+00:00", ["2026-01-01T00:00:00+00:00"]),
    ])
    func validExpression(expression: String, start: String, expected: [String]) throws {
        let schedule = try CronSchedule(parsing: expression)
        let fires = schedule.nextDates(after: try isoDate(start), in: Self.utc, count: expected.count)
        #expect(fires.map { formatFireTime($0, in: Self.utc) } == expected)
    }

    @Test("invalid expressions name the field and the reason", arguments: [
        ("", "expression is empty"),
        ("   ", "expression is empty"),
        ("* * * *", "expected 5 fields, got 4"),
        ("* * * * * *", "expected 5 fields, got 6"),
        ("60 * * * *", "minute: value 60 is out of range 0-59"),
        ("* 24 * * *", "hour: value 24 is out of range 0-23"),
        ("* * 0 * *", "day-of-month: value 0 is out of range 1-31"),
        ("* * 32 * *", "day-of-month: value 32 is out of range 1-31"),
        ("* * * 0 *", "month: value 0 is out of range 1-12"),
        ("* * * 13 *", "month: value 13 is out of range 1-12"),
        ("* * * * 8", "day-of-week: value 8 is out of range 0-7"),
        ("* * 1-40 * *", "day-of-month: value 40 is out of range 1-31"),
        ("99999999999999999999 * * * *", "minute: value 99999999999999999999 is out of range 0-59"),
        ("* * * * FUNDAY", "day-of-week: unknown name \"FUNDAY\""),
        ("0 0 * * MON-FUNDAY", "day-of-week: unknown name \"FUNDAY\""),
        ("* * * JANUARY *", "month: unknown name \"JANUARY\""),
        ("mon * * * *", "minute: invalid value \"mon\""),
        ("* * L * *", "day-of-month: invalid value \"L\""),
        ("* * 15W * *", "day-of-month: invalid value \"15W\""),
        ("* * * * 1#2", "day-of-week: invalid value \"1#2\""),
        ("* * ? * *", "day-of-month: invalid value \"?\""),
        ("-5 * * * *", "minute: invalid value \"-5\""),
        ("5- * * * *", "minute: invalid value \"5-\""),
        ("1-2-3 * * * *", "minute: invalid value \"1-2-3\""),
        ("*/0 * * * *", "minute: step must be positive"),
        ("1-5/0 * * * *", "minute: step must be positive"),
        ("* */00 * * *", "hour: step must be positive"),
        ("*/x * * * *", "minute: invalid step \"x\""),
        ("*/ * * * *", "minute: invalid step \"\""),
        ("*/5/2 * * * *", "minute: invalid step \"5/2\""),
        ("1,,2 * * * *", "minute: empty entry in list"),
        ("* * * * 1,", "day-of-week: empty entry in list"),
        ("@every 5m", "unknown macro \"@every 5m\" (known: @hourly @daily @midnight @weekly @monthly @yearly @annually)"),
        ("@reboot", "unknown macro \"@reboot\" (known: @hourly @daily @midnight @weekly @monthly @yearly @annually)"),
    ])
    func invalidExpression(expression: String, message: String) {
        #expect {
            _ = try CronSchedule(parsing: expression)
        } throws: { error in
            (error as? CronParseError)?.description == message
        }
    }

    @Test func parseErrorsCarryTheFieldForProgrammaticUse() {
        #expect(throws: CronParseError(field: .hour, reason: .outOfRange("24", 0...23))) {
            try CronSchedule(parsing: "0 24 * * *")
        }
        #expect(throws: CronParseError(field: nil, reason: .wrongFieldCount(6))) {
            try CronSchedule(parsing: "0 0 * * * *")
        }
    }

    @Test func expressionIsKeptAsWrittenForLogs() throws {
        let schedule = try CronSchedule(parsing: "  @daily ")
        #expect(schedule.expression == "@daily")
        #expect(schedule.description == "@daily")
    }
}
