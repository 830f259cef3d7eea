import Foundation
import SyncCore
import Testing

@testable import OdooSimulator

/// The simulator's clock keeps microseconds (as Odoo stores them) and prints through `OdooDateTime`.
@Suite("SimTimestamp: Odoo's datetime text with microseconds")
struct SimTimestampTests {
    @Test("text round-trips, with and without the fraction", arguments: [
        ("2026-11-25 11:34:46.336054", "2026-11-25 11:34:46"),
        ("1970-01-01 00:00:00.000001", "1970-01-01 00:00:00"),
        ("1969-12-31 23:59:59.999999", "1969-12-31 23:59:59"),
        ("2024-02-29 23:59:59.500000", "2024-02-29 23:59:59"),
    ])
    func roundTrip(withFraction: String, seconds: String) throws {
        let stamp = try #require(SimTimestamp.parse(withFraction))
        #expect(stamp.textWithMicroseconds == withFraction)
        #expect(stamp.odooText == seconds)
        #expect(SimTimestamp.parse(seconds)?.odooText == seconds)
    }

    @Test("a short fraction is scaled to microseconds; lenient parsing takes ISO and a date alone")
    func fractionsAndLeniency() {
        #expect(SimTimestamp.parse("2026-01-02 03:04:05.5")?.textWithMicroseconds == "2026-01-02 03:04:05.500000")
        #expect(SimTimestamp.parse("2026-01-02T03:04:05Z") == nil)
        #expect(SimTimestamp.parse("2026-01-02T03:04:05Z", lenient: true)?.odooText == "2026-01-02 03:04:05")
        #expect(SimTimestamp.parse("2026-01-02", lenient: true)?.odooText == "2026-01-02 00:00:00")
    }

    @Test("what Odoo would refuse is refused", arguments: [
        "2026-02-30 00:00:00", "2026-13-01 00:00:00", "2026-01-01 24:00:00", "2026-01-01 00:00:00.", "2026-01-01 00:00:00.1234567",
        "2026-01-01 00:00:00.12a", "not a date",
    ])
    func invalid(text: String) {
        #expect(SimTimestamp.parse(text) == nil)
    }
}
