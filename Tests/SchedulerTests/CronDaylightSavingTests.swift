import Foundation
import Scheduler
import Testing

/// Spring-forward and fall-back, written out by hand and agreeing with croniter:
/// a skipped wall time fires at the end of the gap (unless the hour field is `*`, which just
/// drops the skipped minutes); a repeated wall time fires on both passes.
@Suite("Daylight saving time")
struct CronDaylightSavingTests {
    @Test("Europe/Berlin", arguments: [
        // 2025-03-30 02:00 CET jumps to 03:00 CEST.
        ("30 2 * * *", "2025-03-29T12:00:00+01:00", ["2025-03-30T03:00:00+02:00", "2025-03-31T02:30:00+02:00"]),
        ("0 2 * * *", "2025-03-29T12:00:00+01:00", ["2025-03-30T03:00:00+02:00", "2025-03-31T02:00:00+02:00"]),
        ("0 3 * * *", "2025-03-29T12:00:00+01:00", ["2025-03-30T03:00:00+02:00", "2025-03-31T03:00:00+02:00"]),
        ("*/15 * * * *", "2025-03-30T01:40:00+01:00", ["2025-03-30T01:45:00+01:00", "2025-03-30T03:00:00+02:00", "2025-03-30T03:15:00+02:00"]),
        ("30 * * * *", "2025-03-30T01:00:00+01:00", ["2025-03-30T01:30:00+01:00", "2025-03-30T03:30:00+02:00"]),
        ("0 * * * *", "2025-03-30T00:30:00+01:00", ["2025-03-30T01:00:00+01:00", "2025-03-30T03:00:00+02:00", "2025-03-30T04:00:00+02:00"]),
        ("0 12 * * *", "2025-03-29T12:00:00+01:00", ["2025-03-30T12:00:00+02:00"]),
        // 2025-10-26 03:00 CEST falls back to 02:00 CET: 02:xx happens twice.
        ("30 2 * * *", "2025-10-25T12:00:00+02:00", ["2025-10-26T02:30:00+02:00", "2025-10-26T02:30:00+01:00", "2025-10-27T02:30:00+01:00"]),
        ("0 * * * *", "2025-10-26T00:30:00+02:00", ["2025-10-26T01:00:00+02:00", "2025-10-26T02:00:00+02:00", "2025-10-26T02:00:00+01:00", "2025-10-26T03:00:00+01:00"]),
        ("*/20 * * * *", "2025-10-26T02:30:00+01:00", ["2025-10-26T02:40:00+01:00", "2025-10-26T03:00:00+01:00"]),
        ("0 0 * * *", "2025-10-25T12:00:00+02:00", ["2025-10-26T00:00:00+02:00", "2025-10-27T00:00:00+01:00"]),
    ])
    func berlin(expression: String, start: String, expected: [String]) throws {
        try check(expression, zone: "Europe/Berlin", start: start, expected: expected)
    }

    @Test("America/New_York", arguments: [
        // 2025-03-09 02:00 EST jumps to 03:00 EDT.
        ("30 2 * * *", "2025-03-08T12:00:00-05:00", ["2025-03-09T03:00:00-04:00", "2025-03-10T02:30:00-04:00"]),
        ("*/30 * * * *", "2025-03-09T01:15:00-05:00", ["2025-03-09T01:30:00-05:00", "2025-03-09T03:00:00-04:00", "2025-03-09T03:30:00-04:00"]),
        ("0 12 * * *", "2025-03-08T12:00:00-05:00", ["2025-03-09T12:00:00-04:00"]),
        // 2025-11-02 02:00 EDT falls back to 01:00 EST: 01:xx happens twice.
        ("30 1 * * *", "2025-11-01T12:00:00-04:00", ["2025-11-02T01:30:00-04:00", "2025-11-02T01:30:00-05:00", "2025-11-03T01:30:00-05:00"]),
        ("0 * * * *", "2025-11-02T00:30:00-04:00", ["2025-11-02T01:00:00-04:00", "2025-11-02T01:00:00-05:00", "2025-11-02T02:00:00-05:00"]),
        ("0 2 * * *", "2025-11-01T12:00:00-04:00", ["2025-11-02T02:00:00-05:00", "2025-11-03T02:00:00-05:00"]),
    ])
    func newYork(expression: String, start: String, expected: [String]) throws {
        try check(expression, zone: "America/New_York", start: start, expected: expected)
    }

    private func check(_ expression: String, zone name: String, start: String, expected: [String]) throws {
        let zone = try parseTimeZone(name)
        let schedule = try CronSchedule(parsing: expression)
        let fires = schedule.nextDates(after: try isoDate(start), in: zone, count: expected.count)
        #expect(fires.map { formatFireTime($0, in: zone) } == expected)
    }
}
