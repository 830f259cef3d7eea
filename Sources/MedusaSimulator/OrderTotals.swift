import Foundation

/// Medusa 2.0's order totals (`U/totals/cart`, `line-item`, `shipping-method`, `adjustment`, `tax`; orders.md §3c),
/// in exact decimals and never rounded. r = Σ tax-line rates / 100.
/// - line `subtotal` = unit_price × quantity (or the shipping amount), ÷ (1 + r) when tax-inclusive;
/// - an adjustment's `subtotal` = amount, ÷ (1 + r) when tax-inclusive, its `total` = subtotal × (1 + r); the line's
///   `discount_subtotal` adds up the raw amounts (as the contract reads the source), `discount_tax_total` the
///   adjustments' subtotal × r;
/// - `tax_total` = (subtotal − discount_subtotal) × r, or 0 when that is ≤ 0; `total` = subtotal − discount_subtotal
///   + tax_total; the `original_*` values are the same without the discount;
/// - the order's `subtotal` and `tax_total` include shipping (2.0.0), `total` = subtotal + tax_total − discount_subtotal.
struct LineTotals: Sendable {
    struct Adjustment: Sendable {
        var subtotal: Decimal
        var total: Decimal
    }

    struct TaxLine: Sendable {
        /// Tax on the undiscounted subtotal.
        var subtotal: Decimal
        /// Tax on the discounted subtotal.
        var total: Decimal
    }

    var subtotal: Decimal
    var discountSubtotal: Decimal
    var discountTaxTotal: Decimal
    var taxTotal: Decimal
    var originalTaxTotal: Decimal
    var adjustments: [Adjustment]
    var taxLines: [TaxLine]

    var discountTotal: Decimal { discountSubtotal + discountTaxTotal }
    var total: Decimal { subtotal - discountSubtotal + taxTotal }
    var originalTotal: Decimal { subtotal + originalTaxTotal }

    init(amount: Decimal, isTaxInclusive: Bool, rates: [Decimal], adjustmentAmounts: [Decimal]) {
        let rate = Self.percent(rates.reduce(Decimal(0), +))
        // Decimal division is slow even by 1: a tax-exclusive line does not divide at all.
        let net: (Decimal) -> Decimal = isTaxInclusive ? { $0 / (1 + rate) } : { $0 }
        subtotal = net(amount)
        adjustments = adjustmentAmounts.map { amount in
            let subtotal = net(amount)
            return Adjustment(subtotal: subtotal, total: subtotal * (1 + rate))
        }
        discountSubtotal = adjustmentAmounts.reduce(Decimal(0), +)
        discountTaxTotal = adjustments.reduce(Decimal(0)) { $0 + $1.subtotal * rate }
        let taxable = subtotal - discountSubtotal
        taxTotal = taxable > 0 ? taxable * rate : 0
        originalTaxTotal = subtotal * rate
        let discountedBase = max(taxable, 0)
        let undiscountedBase = subtotal
        taxLines = rates.map { TaxLine(subtotal: Self.percent(undiscountedBase * $0), total: Self.percent(discountedBase * $0)) }
    }

    /// `value / 100`, by moving the decimal point: the same decimal, without Decimal's long division.
    static func percent(_ value: Decimal) -> Decimal {
        // Far from the smallest exponent, where Decimal's own division underflows differently.
        guard value.exponent > -60 else { return value / 100 }
        return Decimal(sign: value.sign, exponent: value.exponent - 2, significand: value.significand)
    }

    init(item: OrderLineItemRecord) {
        self.init(amount: item.unitPrice * item.quantity, isTaxInclusive: item.isTaxInclusive,
                  rates: item.taxLines.map(\.rate), adjustmentAmounts: item.adjustments.map(\.amount))
    }

    init(shipping: OrderShippingMethodRecord) {
        self.init(amount: shipping.amount, isTaxInclusive: shipping.isTaxInclusive,
                  rates: shipping.taxLines.map(\.rate), adjustmentAmounts: shipping.adjustments.map(\.amount))
    }
}

/// The order-level totals: the 19 fields `shouldIncludeTotals` looks for, plus `discount_subtotal`.
struct OrderTotals: Sendable {
    var items: [LineTotals]
    var shipping: [LineTotals]

    init(_ order: OrderRecord) {
        items = order.items.map(LineTotals.init(item:))
        shipping = order.shippingMethods.map(LineTotals.init(shipping:))
    }

    /// The top-level fields that make Medusa compute totals (`OM/services/order-module-service.ts`).
    static let fieldNames: Set<String> = [
        "total", "subtotal", "tax_total", "discount_total", "discount_tax_total", "original_total", "original_tax_total",
        "item_total", "item_subtotal", "item_tax_total", "original_item_total", "original_item_subtotal",
        "original_item_tax_total", "shipping_total", "shipping_subtotal", "shipping_tax_total",
        "original_shipping_tax_total", "original_shipping_subtotal", "original_shipping_total",
    ]

    private static func sum(_ lines: [LineTotals], _ value: (LineTotals) -> Decimal) -> Decimal {
        lines.reduce(Decimal(0)) { $0 + value($1) }
    }

    var itemSubtotal: Decimal { Self.sum(items, \.subtotal) }
    var itemTaxTotal: Decimal { Self.sum(items, \.taxTotal) }
    var itemTotal: Decimal { Self.sum(items, \.total) }
    var shippingSubtotal: Decimal { Self.sum(shipping, \.subtotal) }
    var shippingTaxTotal: Decimal { Self.sum(shipping, \.taxTotal) }
    var shippingTotal: Decimal { Self.sum(shipping, \.total) }
    var subtotal: Decimal { itemSubtotal + shippingSubtotal }
    var taxTotal: Decimal { itemTaxTotal + shippingTaxTotal }
    var discountSubtotal: Decimal { Self.sum(items + shipping, \.discountSubtotal) }
    var discountTaxTotal: Decimal { Self.sum(items + shipping, \.discountTaxTotal) }
    var discountTotal: Decimal { discountSubtotal + discountTaxTotal }
    var originalTaxTotal: Decimal { Self.sum(items + shipping, \.originalTaxTotal) }
    var total: Decimal { subtotal + taxTotal - discountSubtotal }
    var originalTotal: Decimal { subtotal + originalTaxTotal }

    /// The fields `wanted` keeps, in Medusa's key order (orders.md §3a); the others are not computed.
    func fields(where wanted: (String) -> Bool) -> [(String, Decimal)] {
        Self.fieldOrder.compactMap { name, value in wanted(name) ? (name, value(self)) : nil }
    }

    private static let fieldOrder: [(String, @Sendable (OrderTotals) -> Decimal)] = [
        ("total", \.total), ("subtotal", \.subtotal), ("tax_total", \.taxTotal), ("discount_total", \.discountTotal),
        ("discount_subtotal", \.discountSubtotal), ("discount_tax_total", \.discountTaxTotal),
        ("original_total", \.originalTotal), ("original_tax_total", \.originalTaxTotal),
        ("item_total", \.itemTotal), ("item_subtotal", \.itemSubtotal), ("item_tax_total", \.itemTaxTotal),
        ("original_item_total", { sum($0.items, \.originalTotal) }), ("original_item_subtotal", \.itemSubtotal),
        ("original_item_tax_total", { sum($0.items, \.originalTaxTotal) }),
        ("shipping_total", \.shippingTotal), ("shipping_subtotal", \.shippingSubtotal),
        ("shipping_tax_total", \.shippingTaxTotal), ("original_shipping_total", { sum($0.shipping, \.originalTotal) }),
        ("original_shipping_subtotal", \.shippingSubtotal),
        ("original_shipping_tax_total", { sum($0.shipping, \.originalTaxTotal) }),
    ]
}
