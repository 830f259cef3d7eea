import Foundation

extension Decimal {
    /// Rounds to a multiple of `increment` with ties away from zero: Odoo's `float_round(..., rounding_method='HALF-UP')`,
    /// done exactly so no binary drift reaches Medusa. A zero or negative increment leaves the value as is.
    public func rounded(toIncrement increment: Decimal) -> Decimal {
        guard increment > 0 else { return self }
        var value = self
        var whole = Decimal()
        // Currencies round to a power of ten (0.01, 1, 0.001): rounding at that scale is the same operation without a
        // Decimal division, which is most of the cost of pricing 30,000 variants.
        if let scale = Self.decimalPlaces(ofPowerOfTen: increment) {
            NSDecimalRound(&whole, &value, scale, .plain)
            return whole
        }
        var quotient = self / increment
        NSDecimalRound(&whole, &quotient, 0, .plain)
        return whole * increment
    }

    /// `k` when `increment` is written as 1 × 10^-k (k from -6 to 10), as Odoo's roundings are; else nil (the general
    /// path then gives the same result, only slower).
    private static func decimalPlaces(ofPowerOfTen increment: Decimal) -> Int? {
        guard increment.significand == 1, (-10...6).contains(increment.exponent) else { return nil }
        return -increment.exponent
    }
}
