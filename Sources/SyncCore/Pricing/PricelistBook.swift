import Foundation

/// Pricelists and their rules, with each pricelist's rules kept in Odoo's search order
/// (`_order = "applied_on, min_quantity desc, categ_id desc, id desc"`), so "first applicable rule wins" reads as in Odoo.
public struct PricelistBook: Sendable, Hashable {
    public let pricelists: [Int: OdooPricelist]
    public let rules: [Int: [OdooPricelistItem]]

    public init(pricelists: [OdooPricelist], items: [OdooPricelistItem], categories: CategoryTree) {
        var byId: [Int: OdooPricelist] = [:]
        for pricelist in pricelists { byId[pricelist.id] = pricelist }
        self.pricelists = byId
        self.rules = Dictionary(grouping: items, by: \.pricelistId)
            .mapValues { $0.sorted { PricelistBook.precedes($0, $1, categories: categories) } }
    }

    /// Odoo's order. `categ_id desc` sorts by the category's `_order` (complete_name) descending; among the categories
    /// that can match one product (its ancestors) that is deepest first. Rules without category sort first (NULLS FIRST).
    static func precedes(_ a: OdooPricelistItem, _ b: OdooPricelistItem, categories: CategoryTree) -> Bool {
        if a.appliedOn.rawValue != b.appliedOn.rawValue { return a.appliedOn.rawValue < b.appliedOn.rawValue }
        if a.minQuantity != b.minQuantity { return a.minQuantity > b.minQuantity }
        let nameA = a.categoryId.map(categories.completeName(of:))
        let nameB = b.categoryId.map(categories.completeName(of:))
        if nameA != nameB {
            guard let nameA else { return true }
            guard let nameB else { return false }
            return nameA > nameB
        }
        return a.id > b.id
    }

    /// The active pricelist in `currencyId` with the lowest id (the automatic choice for a store currency).
    public func defaultPricelist(currencyId: Int) -> OdooPricelist? {
        pricelists.values.filter { $0.active && $0.currencyId == currencyId }.min { $0.id < $1.id }
    }
}
