import Foundation

/// A decimal in plain notation, exactly as `Decimal.description` prints it (digits, a point, no exponent, no
/// trailing zeros), without Foundation's digit-by-digit division when the significand fits in 18 digits. Every
/// amount the simulators and request bodies write goes through here; `description` was a tenth of the Medusa
/// simulator's time rendering orders.
public enum DecimalText {
    /// 10^18: any significand below it is an exact `UInt64`.
    private static let fastLimit = Decimal(sign: .plus, exponent: 18, significand: 1)

    public static func plain(_ value: Decimal) -> String {
        guard !value.isNaN else { return value.description }
        let significand = value.significand.magnitude
        guard significand < fastLimit else { return value.description }
        let whole = NSDecimalNumber(decimal: significand).uint64Value
        if whole == 0 { return "0" }
        var digits = String(whole)
        let exponent = value.exponent
        if exponent > 0 {
            digits += String(repeating: "0", count: exponent)
        } else if exponent < 0 {
            let point = digits.count + exponent
            if point > 0 {
                digits.insert(".", at: digits.index(digits.startIndex, offsetBy: point))
            } else {
                digits = "0." + String(repeating: "0", count: -point) + digits
            }
        }
        return value.sign == .minus ? "-" + digits : digits
    }
}
