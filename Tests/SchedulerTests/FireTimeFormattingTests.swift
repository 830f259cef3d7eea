import Foundation
import Scheduler
import Testing

@Suite("Fire time formatting")
struct FireTimeFormattingTests {
    @Test("ISO 8601 with a +HH:MM offset, never Z", arguments: [
        (1_774_746_000.0, "Europe/Berlin", "2026-03-29T03:00:00+02:00"),
        (1_774_746_000.0, "UTC", "2026-03-29T01:00:00+00:00"),
        (1_774_746_000.0, "America/New_York", "2026-03-28T21:00:00-04:00"),
        (1_774_746_000.0, "Asia/Kolkata", "2026-03-29T06:30:00+05:30"),
        (1_774_746_000.0, "Australia/Sydney", "2026-03-29T12:00:00+11:00"),
        (1_774_746_059.9, "UTC", "2026-03-29T01:00:59+00:00"),
        (0.0, "UTC", "1970-01-01T00:00:00+00:00"),
        (-1.0, "UTC", "1969-12-31T23:59:59+00:00"),
    ])
    func formats(seconds: Double, zone: String, expected: String) throws {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(formatFireTime(date, in: try parseTimeZone(zone)) == expected)
    }

    @Test func theSameInstantReadsDifferentlyOnEachPassOfARepeatedHour() throws {
        let zone = try parseTimeZone("Europe/Berlin")
        let first = try isoDate("2025-10-26T02:30:00+02:00")
        #expect(formatFireTime(first, in: zone) == "2025-10-26T02:30:00+02:00")
        #expect(formatFireTime(first.addingTimeInterval(3600), in: zone) == "2025-10-26T02:30:00+01:00")
    }
}
