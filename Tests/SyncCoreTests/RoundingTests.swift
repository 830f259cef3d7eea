import Foundation
import Testing
@testable import SyncCore

@Suite("Decimal rounding (Odoo float_round HALF-UP)")
struct RoundingTests {
    @Test(arguments: [
        ("89.838", "0.01", "89.84"),
        ("2.345", "0.01", "2.35"),
        ("2.344", "0.01", "2.34"),
        ("-2.345", "0.01", "-2.35"),
        ("1234.5", "1", "1235"),
        ("1234.49", "1", "1234"),
        ("12.3", "0.05", "12.3"),
        ("12.324", "0.05", "12.3"),
        ("12.325", "0.05", "12.35"),
        ("94.99", "10", "90"),
        ("95", "10", "100"),
        ("7.777", "0", "7.777"),
    ])
    func rounding(value: String, increment: String, expected: String) {
        #expect(dec(value).rounded(toIncrement: dec(increment)) == dec(expected))
    }
}
