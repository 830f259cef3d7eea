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
        ("0.0005", "0.001", "0.001"),
        ("-0.0005", "0.001", "-0.001"),
        ("2.345", "0.010", "2.35"),
        ("149.5", "100", "100"),
        ("150", "100", "200"),
        ("3.14159265", "0.000001", "3.141593"),
    ])
    func rounding(value: String, increment: String, expected: String) {
        #expect(dec(value).rounded(toIncrement: dec(increment)) == dec(expected))
    }

    /// Powers of ten take a path without division: it must agree with dividing, rounding and multiplying back.
    @Test("rounding to a power of ten agrees with the general rule", arguments: ["0.000001", "0.001", "0.01", "0.1", "1", "10", "100"])
    func powerOfTenAgrees(increment: String) {
        let step = dec(increment)
        for numerator in stride(from: -20_000, through: 20_000, by: 7) {
            for scale in [dec("0.0001"), dec("0.005"), dec("0.37"), dec("1.5")] {
                let value = Decimal(numerator) * scale
                var quotient = value / step
                var whole = Decimal()
                NSDecimalRound(&whole, &quotient, 0, .plain)
                #expect(value.rounded(toIncrement: step) == whole * step, "\(value) to \(increment)")
            }
        }
    }
}
