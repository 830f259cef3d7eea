import Foundation
import Scheduler
import Testing

/// Fire times worked out by hand from a calendar (UTC, so no DST): leap days, month ends,
/// the day-of-month / day-of-week OR rule, Sunday as 0 or 7, names.
@Suite("Next fire time")
struct CronNextDateTests {
    static let utc = TimeZone(identifier: "UTC")!

    @Test("next fire times", arguments: [
        // Feb 29 only exists in leap years; 2100 is not one.
        ("0 0 29 2 *", "2025-01-01T00:00:00+00:00", ["2028-02-29T00:00:00+00:00", "2032-02-29T00:00:00+00:00", "2036-02-29T00:00:00+00:00"]),
        ("0 12 29 FEB *", "2024-02-29T12:00:00+00:00", ["2028-02-29T12:00:00+00:00"]),
        ("0 0 29 2 *", "2096-03-01T00:00:00+00:00", ["2104-02-29T00:00:00+00:00"]),
        // Month ends: the 31st skips 30-day months, the 30th skips February.
        ("0 0 31 * *", "2025-01-31T00:00:00+00:00", ["2025-03-31T00:00:00+00:00", "2025-05-31T00:00:00+00:00", "2025-07-31T00:00:00+00:00", "2025-08-31T00:00:00+00:00"]),
        ("0 0 30 * *", "2025-01-30T00:00:00+00:00", ["2025-03-30T00:00:00+00:00", "2025-04-30T00:00:00+00:00"]),
        ("59 23 31 12 *", "2025-06-01T00:00:00+00:00", ["2025-12-31T23:59:00+00:00", "2026-12-31T23:59:00+00:00"]),
        ("0 0 1 * *", "2025-12-31T23:59:59+00:00", ["2026-01-01T00:00:00+00:00", "2026-02-01T00:00:00+00:00"]),
        // Strictly after: a start exactly on a fire time moves on.
        ("0 0 * * *", "2025-01-01T00:00:00+00:00", ["2025-01-02T00:00:00+00:00"]),
        ("0 0 * * *", "2024-12-31T23:59:59+00:00", ["2025-01-01T00:00:00+00:00"]),
        // OR rule: both day fields restricted, so the 1st, the 15th and every Monday (2025-01-01 is a Wednesday).
        ("0 0 1,15 * MON", "2025-01-01T00:00:00+00:00", ["2025-01-06T00:00:00+00:00", "2025-01-13T00:00:00+00:00", "2025-01-15T00:00:00+00:00", "2025-01-20T00:00:00+00:00", "2025-01-27T00:00:00+00:00", "2025-02-01T00:00:00+00:00"]),
        ("0 0 13 * FRI", "2025-06-07T00:00:00+00:00", ["2025-06-13T00:00:00+00:00", "2025-06-20T00:00:00+00:00", "2025-06-27T00:00:00+00:00", "2025-07-04T00:00:00+00:00", "2025-07-11T00:00:00+00:00", "2025-07-13T00:00:00+00:00"]),
        // AND when one side is `*`: only Mondays / only the 1st.
        ("0 0 * * MON", "2025-01-01T00:00:00+00:00", ["2025-01-06T00:00:00+00:00", "2025-01-13T00:00:00+00:00"]),
        ("0 0 1 * *", "2025-01-01T00:00:00+00:00", ["2025-02-01T00:00:00+00:00"]),
        // croniter, not Vixie: `*/2` is restricted, so OR (odd days or Mondays); Vixie would AND.
        ("0 0 */2 * MON", "2025-01-01T00:00:00+00:00", ["2025-01-03T00:00:00+00:00", "2025-01-05T00:00:00+00:00", "2025-01-06T00:00:00+00:00", "2025-01-07T00:00:00+00:00"]),
        // Sunday as 0, 7 or SUN; 5-7 is Friday through Sunday.
        ("0 0 * * 0", "2025-01-01T00:00:00+00:00", ["2025-01-05T00:00:00+00:00", "2025-01-12T00:00:00+00:00"]),
        ("0 0 * * 7", "2025-01-01T00:00:00+00:00", ["2025-01-05T00:00:00+00:00", "2025-01-12T00:00:00+00:00"]),
        ("0 0 * * sun", "2025-01-01T00:00:00+00:00", ["2025-01-05T00:00:00+00:00", "2025-01-12T00:00:00+00:00"]),
        ("0 0 * * 5-7", "2025-01-01T00:00:00+00:00", ["2025-01-03T00:00:00+00:00", "2025-01-04T00:00:00+00:00", "2025-01-05T00:00:00+00:00", "2025-01-10T00:00:00+00:00"]),
        ("0 0 1 * 0,7", "2025-01-20T00:00:00+00:00", ["2025-01-26T00:00:00+00:00", "2025-02-01T00:00:00+00:00", "2025-02-02T00:00:00+00:00"]),
        // Names, case-insensitive, in ranges.
        ("0 9 * * MON-FRI", "2025-01-03T09:00:00+00:00", ["2025-01-06T09:00:00+00:00", "2025-01-07T09:00:00+00:00", "2025-01-08T09:00:00+00:00"]),
        ("30 9 * * mon-Fri", "2025-01-03T09:00:00+00:00", ["2025-01-03T09:30:00+00:00", "2025-01-06T09:30:00+00:00"]),
        ("15 10 * jan,Jul sat", "2025-01-01T00:00:00+00:00", ["2025-01-04T10:15:00+00:00", "2025-01-11T10:15:00+00:00", "2025-01-18T10:15:00+00:00", "2025-01-25T10:15:00+00:00", "2025-07-05T10:15:00+00:00"]),
        // croniter extension: ranges may wrap past the end of the field.
        ("0 22-2 * * *", "2025-01-01T12:00:00+00:00", ["2025-01-01T22:00:00+00:00", "2025-01-01T23:00:00+00:00", "2025-01-02T00:00:00+00:00", "2025-01-02T01:00:00+00:00", "2025-01-02T02:00:00+00:00", "2025-01-02T22:00:00+00:00"]),
        ("0 0 * * SAT-SUN", "2025-01-01T00:00:00+00:00", ["2025-01-04T00:00:00+00:00", "2025-01-05T00:00:00+00:00", "2025-01-11T00:00:00+00:00"]),
    ])
    func nextFireTimes(expression: String, start: String, expected: [String]) throws {
        let schedule = try CronSchedule(parsing: expression)
        let fires = schedule.nextDates(after: try isoDate(start), in: Self.utc, count: expected.count)
        #expect(fires.map { formatFireTime($0, in: Self.utc) } == expected)
    }

    @Test("impossible dates end the search instead of hanging", arguments: ["0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 31 FEB,APR *"])
    func neverFires(expression: String) throws {
        let schedule = try CronSchedule(parsing: expression)
        let clock = ContinuousClock()
        let started = clock.now
        #expect(schedule.nextDate(after: try isoDate("2025-01-01T00:00:00+00:00"), in: Self.utc) == nil)
        #expect(schedule.nextDates(after: try isoDate("2025-01-01T00:00:00+00:00"), in: Self.utc, count: 3).isEmpty)
        #expect(clock.now - started < .seconds(1))
    }

    @Test func manyFireTimesAreCheapBecauseTheSearchJumpsByField() throws {
        let zone = try parseTimeZone("Europe/Berlin")
        let schedule = try CronSchedule(parsing: "0 0 29 2 1")
        let clock = ContinuousClock()
        let started = clock.now
        let fires = schedule.nextDates(after: try isoDate("2025-01-01T00:00:00+00:00"), in: zone, count: 2_000)
        #expect(fires.count == 2_000)
        #expect(clock.now - started < .seconds(5))
    }

    @Test func nextDatesReturnsFewerWhenCountIsZero() throws {
        let schedule = try CronSchedule(parsing: "* * * * *")
        #expect(schedule.nextDates(after: Date(), in: Self.utc, count: 0).isEmpty)
    }
}
