import ExactJSON
import Foundation
import Testing

/// `DecimalText.plain` takes a shortcut around `Decimal.description`; it must print the same text for every value.
@Suite("Decimal text")
struct DecimalTextTests {
    static let written = [
        "0", "-0", "1", "-1", "1.5", "1.50", "100", "1e3", "0.05", "-0.5", "0.000001", "123.4500", "-12.340",
        "999999999999999999", "1000000000000000000", "99999999999999999999.5", "82.64462809917356",
        "82.644628099173553719008264462809917355", "1e-20", "-3.2e-7", "7e25", "12345678901234567", "0.1", "760",
        "18446744073709551615", "18446744073709551616", "1.8e-127", "4.2e127",
    ]

    @Test("written values", arguments: written)
    func writtenValue(_ text: String) throws {
        let value = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
        #expect(DecimalText.plain(value) == value.description)
    }

    /// Results of the arithmetic the simulators do (sums, products, divisions by tax rates), compacted or not.
    @Test("computed values")
    func computedValues() {
        var state: UInt64 = 0x5EED_1234_ABCD_0001  // xorshift64: deterministic, so a failure can be reproduced
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        var checked = 0
        for _ in 0..<2_000 {
            let a = Decimal(sign: next() % 2 == 0 ? .plus : .minus, exponent: -Int(next() % 6),
                            significand: Decimal(next() % 10_000_000))
            let b = Decimal(sign: .plus, exponent: -Int(next() % 3), significand: Decimal(next() % 5_000 + 1))
            for value in [a, a + b, a - b, a * b, a / b, a / (1 + b / 100), a * 100, a / 1000] {
                #expect(DecimalText.plain(value) == value.description, "\(value)")
                checked += 1
            }
        }
        #expect(checked == 16_000)
    }
}

