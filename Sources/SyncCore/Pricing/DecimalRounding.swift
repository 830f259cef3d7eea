import Foundation

extension Decimal {
    /// Rounds to a multiple of `increment` with ties away from zero: Odoo's `float_round(..., rounding_method='HALF-UP')`,
    /// done exactly so no binary drift reaches Medusa. A zero or negative increment leaves the value as is.
    public func rounded(toIncrement increment: Decimal) -> Decimal {
        guard increment > 0 else { return self }
        var quotient = self / increment
        var whole = Decimal()
        NSDecimalRound(&whole, &quotient, 0, .plain)
        return whole * increment
    }
}
