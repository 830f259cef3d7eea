import Foundation

/// Medusa adjustments on a line → Odoo's `discount` percent.
///
/// Medusa's adjustment `amount` is for the whole line. What Medusa 2.0 **charges** subtracts the raw amounts from the
/// line's *net* subtotal (`discount_subtotal = Σ amount`, `total = (subtotal − discount_subtotal) × (1 + r)`,
/// orders.md §3c), also on a tax-inclusive line whose subtotal is `unit_price × quantity / (1 + r)`. Odoo's discount
/// is a percent of the line, so the percent that makes Odoo's line total equal to what Medusa charged is
/// `Σ amount / subtotal × 100`: on a tax-exclusive line `Σ amount / (unit_price × quantity)`; on a tax-inclusive one
/// the same over the net subtotal (100 incl. 20 % with a 10 adjustment: Medusa charges (83.33 − 10) × 1.2 = 88, a
/// 12 % discount, not 10 %). Computed in `Decimal` (no binary drift).
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

    /// - Parameter inclusiveTaxRate: for a tax-inclusive line, the sum of its tax rates in percent (nil: exclusive).
    public static func compute(lineId: String, unitPrice: Decimal, quantity: Decimal, adjustments: [MedusaAdjustment],
                               inclusiveTaxRate: Decimal? = nil,
                               digits: Int) throws(OrderPlanningError) -> OrderDiscount {
        let discount = adjustments.reduce(Decimal(0)) { $0 + $1.amount }
        if discount == 0 { return OrderDiscount(percent: nil, exactPercent: nil) }
        let lineAmount = unitPrice * quantity / (1 + (inclusiveTaxRate ?? 0) / 100)
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
