import Foundation

/// An Odoo sale tax as read from `account.tax` (`type_tax_use = sale`, `amount_type = percent`, filtered by the
/// order's company: ORDERS.md §2). `priceIncluded` is `price_include` as read, which both Odoo 17 and 19 return
/// (on 19 it is computed from `price_include_override` and the company default).
public struct OdooSaleTax: Sendable, Hashable {
    public var id: Int
    /// `amount`, a percent.
    public var rate: Decimal
    public var priceIncluded: Bool

    public init(id: Int, rate: Decimal, priceIncluded: Bool) {
        self.id = id; self.rate = rate; self.priceIncluded = priceIncluded
    }
}

/// Medusa tax rates → Odoo sale tax ids.
///
/// * An explicit entry (`ODOO_TAX_MAP=rate:tax_id`) wins for that rate, whatever the price-included flag: the user
///   chose that tax and owns the consequence.
/// * Otherwise the Odoo tax of the **same rate and the same price-included flag**; with several, the lowest id (stable).
///   A different flag would change the amounts (a 20 % tax included in 56.40 is 9.40; added on top it is 11.28).
/// * A 0 % Medusa tax line with no Odoo 0 % tax is simply dropped: it changes no amount, and holding every
///   tax-free order for it would help no one.
/// * Anything else is a hold naming the rate and the flag.
public struct TaxBook: Sendable, Hashable {
    public var taxes: [OdooSaleTax]
    public var explicit: [Decimal: Int]

    public init(taxes: [OdooSaleTax], explicit: [Decimal: Int] = [:]) {
        self.taxes = taxes; self.explicit = explicit
    }

    /// The Odoo tax for one rate, or nil when none fits.
    public func taxId(rate: Decimal, priceIncluded: Bool) -> Int? {
        // Compared by value, not by hash, so "10" and "10.0" are the same rate.
        if let id = explicit.filter({ $0.key == rate }).min(by: { $0.value < $1.value })?.value { return id }
        return taxes.filter { $0.rate == rate && $0.priceIncluded == priceIncluded }.min(by: { $0.id < $1.id })?.id
    }

    /// The tax ids for a line's tax lines. An empty result is meaningful: the line is sent with an explicit empty tax
    /// list so Odoo does not add the product's default taxes behind the shop's back.
    public func taxIds(for taxLines: [MedusaTaxLine], priceIncluded: Bool, lineId: String) -> TaxResolution {
        var ids: [Int] = []
        var holds: [OrderHold] = []
        for line in taxLines {
            if let id = taxId(rate: line.rate, priceIncluded: priceIncluded) {
                if !ids.contains(id) { ids.append(id) }
            } else if line.rate != 0 {
                let hold = OrderHold.unmappedTax(rate: line.rate, priceIncluded: priceIncluded, lineId: lineId)
                if !holds.contains(hold) { holds.append(hold) }
            }
        }
        return holds.isEmpty ? .taxes(ids) : .held(holds)
    }
}

/// A line's Odoo taxes, or the rates that have none.
public enum TaxResolution: Sendable, Hashable {
    case taxes([Int])
    case held([OrderHold])
}
