import Foundation
import Testing

@testable import MedusaSimulator

/// The Medusa simulator formats dates and amounts without Foundation's slow paths; each shortcut must answer what
/// the general rule answers.
@Suite("Medusa simulator: dates and amounts")
struct SimulatorFormattingTests {
    /// What `OrderClock.text` printed before it did its own arithmetic: `Calendar` in UTC and `String(format:)`.
    static func calendarText(_ date: Date) -> String {
        let total = OrderClock.milliseconds(date)
        let seconds = Int64((Double(total) / 1000).rounded(.down))
        let millis = Int(total - seconds * 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                            from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, millis)
    }

    @Test("dates: edge cases", arguments: [
        0, -1, 1, 999, -999, 86_399_999, 86_400_000, 951_782_400_000, 951_868_799_999, 1_733_390_042_318,
        4_102_444_799_999, -2_208_988_800_000, 1_582_934_400_000, 253_402_300_799_999,
    ] as [Int64])
    func dateEdges(_ milliseconds: Int64) {
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        #expect(OrderClock.text(date) == Self.calendarText(date))
    }

    @Test("dates: 1900 to 2200")
    func dateRange() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for _ in 0..<1_000 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            let milliseconds = Int64(state % 9_467_280_000_000) - 2_208_988_800_000
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            #expect(OrderClock.text(date) == Self.calendarText(date), "\(milliseconds)")
        }
    }

    /// The general rule: the nearest double's shortest text, read back as a decimal.
    static func amountThroughDouble(_ value: Decimal) -> Decimal {
        guard let double = Double(value.description), double.isFinite else { return value }
        return Decimal(string: "\(double)", locale: Locale(identifier: "en_US_POSIX")) ?? value
    }

    @Test("amounts: the shortcut for short decimals changes nothing", arguments: [
        "0", "1", "87.9", "0.1", "0.30000000000000004", "123456789012345", "999999999999999", "1000000000000000",
        "1234567890123456", "82.64462809917356", "82.644628099173553719008264462809917355", "-15.5", "0.000001",
        "1e20", "760", "33.333333333333333333",
    ])
    func amounts(_ text: String) throws {
        let value = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
        #expect(OrderedJSON.amount(value) == .number(Self.amountThroughDouble(value)))
        #expect(OrderedJSON.amount(value).serialized() == OrderedJSON.number(Self.amountThroughDouble(value)).serialized())
    }

    @Test("amounts: sums, products and tax divisions")
    func computedAmounts() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<1_000 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            let price = Decimal(sign: .plus, exponent: -2, significand: Decimal(state % 10_000_000))
            let rate = Decimal(Int(state >> 40) % 30)
            for value in [price, price * 3, price * rate / 100, price / (1 + rate / 100), price - price * rate / 100] {
                #expect(OrderedJSON.amount(value).serialized() == OrderedJSON.number(Self.amountThroughDouble(value)).serialized(),
                        "\(value)")
            }
        }
    }
}

@Suite("Medusa simulator: totals arithmetic")
struct SimulatorTotalsArithmeticTests {
    @Test("percent moves the point: the same decimal as dividing by 100")
    func percent() {
        var state: UInt64 = 0xD1B5_4A32_D192_ED03
        var values: [Decimal] = [0, 1, 21, 15, 7.5, -3, Decimal(string: "82.644628099173553719008264462809917355")!,
                                 Decimal(string: "99999999999999999999999999999999999999")!, Decimal(string: "1e-50")!]
        for _ in 0..<1_000 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            let base = Decimal(sign: state % 2 == 0 ? .plus : .minus, exponent: -Int(state % 5),
                               significand: Decimal(state >> 20))
            values += [base, base / 7, base * Decimal(state % 30)]
        }
        for value in values {
            let shifted = LineTotals.percent(value)
            #expect(shifted == value / 100, "\(value)")
            #expect(shifted.description == (value / 100).description, "\(value)")
        }
    }
}
