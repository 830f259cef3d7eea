/// Why a price in one currency could not be computed; it becomes a warning on the product, never a wrong price.
public enum PricingError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownPricelist(Int)
    case unknownCurrency(Int)
    case missingRate(String)
    case recursionTooDeep(pricelistId: Int)
    /// A rule based on cost (`standard_price`): the sync does not read cost, so it cannot reproduce the price.
    case costBasedRule(itemId: Int)

    public var description: String {
        switch self {
        case .unknownPricelist(let id): "pricelist \(id) not found in Odoo"
        case .unknownCurrency(let id): "currency \(id) not found in Odoo"
        case .missingRate(let code): "no exchange rate for \(code) in Odoo"
        case .recursionTooDeep(let id): "pricelist \(id): 'other pricelist' chain too deep (loop?)"
        case .costBasedRule(let id): "pricelist rule \(id) is based on cost, which the sync does not read"
        }
    }
}
