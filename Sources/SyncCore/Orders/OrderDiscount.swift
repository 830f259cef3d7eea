import Foundation

/// Medusa adjustments on a line → Odoo's `discount` percent.
///
/// Medusa's adjustment `amount` is for the whole line and in the line's tax mode (orders.md §7), and Odoo's discount
/// applies to `price_unit × quantity` in the line's tax mode too, so the exact percent is
/// `Σ amount / (unit_price × quantity) × 100`, computed in `Decimal` (no binary drift).
///
/// Rounding: Odoo stores `discount` with the "Discount" decimal precision (2 digits unless changed), so it would
/// round whatever we send. We round first, half-up to the same digits, so the plan says exactly what Odoo will keep;
/// when that changes the value, the line carries an `OrderWarning.discountRounded` with the exact and the sent percent,
/// and the totals check after creation shows whether the residual mattered.
public struct OrderDiscount: Sendable, Hashable {
    /// What is sent; nil when the line has no adjustment.
    public var percent: Decimal?
    /// The exact percent before rounding (equal to `percent` when nothing was lost).
    public var exactPercent: Decimal?

    public var wasRounded: Bool { percent != exactPercent }

    public static func compute(lineId: String, unitPrice: Decimal, quantity: Decimal, adjustments: [MedusaAdjustment],
                               digits: Int) throws(OrderPlanningError) -> OrderDiscount {
        let discount = adjustments.reduce(Decimal(0)) { $0 + $1.amount }
        if discount == 0 { return OrderDiscount(percent: nil, exactPercent: nil) }
        let lineAmount = unitPrice * quantity
        guard lineAmount > 0, discount > 0, discount <= lineAmount else {
            throw .invalidDiscount(lineId: lineId, discount: discount, lineAmount: lineAmount)
        }
        let exact = discount / lineAmount * 100
        var value = exact
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, max(digits, 0), .plain)
        return OrderDiscount(percent: rounded, exactPercent: exact)
    }
}
