import Foundation

/// What the evaluator needs to know about one variant.
public struct PricedVariant: Sendable, Hashable {
    public var variantId: Int
    public var templateId: Int
    public var categoryId: Int?
    /// `lst_price` as read (list price + variant extras), in the company currency.
    public var listPrice: Decimal

    public init(variantId: Int, templateId: Int, categoryId: Int?, listPrice: Decimal) {
        self.variantId = variantId; self.templateId = templateId; self.categoryId = categoryId; self.listPrice = listPrice
    }
}

/// Reproduces Odoo 17/19 `product.pricelist._compute_price_rule` for quantity 1, because Odoo's price methods are
/// private and cannot be called remotely. Results are unrounded and in the pricelist's currency.
public struct PricelistEvaluator: Sendable {
    public let book: PricelistBook
    public let currencies: CurrencyTable
    public let categories: CategoryTree
    public let now: Date
    /// Guards "other pricelist" chains (Odoo only forbids a pricelist basing on itself directly).
    public let maxDepth: Int

    public init(book: PricelistBook, currencies: CurrencyTable, categories: CategoryTree, now: Date, maxDepth: Int = 8) {
        self.book = book; self.currencies = currencies; self.categories = categories; self.now = now
        self.maxDepth = maxDepth
    }

    public func price(of variant: PricedVariant, in pricelistId: Int) throws(PricingError) -> Decimal {
        try price(of: variant, in: pricelistId, depth: 0)
    }

    /// The rule Odoo would apply, nil when none does (then the list price applies).
    public func applicableRule(for variant: PricedVariant, in pricelistId: Int) -> OdooPricelistItem? {
        book.rules[pricelistId]?.first { isApplicable($0, to: variant) }
    }

    private func price(of variant: PricedVariant, in pricelistId: Int, depth: Int) throws(PricingError) -> Decimal {
        guard depth <= maxDepth else { throw .recursionTooDeep(pricelistId: pricelistId) }
        guard let pricelist = book.pricelists[pricelistId] else { throw .unknownPricelist(pricelistId) }
        guard let currency = currencies.currency(id: pricelist.currencyId) else { throw .unknownCurrency(pricelist.currencyId) }
        guard let rule = applicableRule(for: variant, in: pricelistId) else {
            return try listPrice(of: variant, in: currency)
        }
        switch rule.computePrice {
        case .fixed:
            return rule.fixedPrice
        case .percentage:
            let base = try basePrice(of: variant, rule: rule, currency: currency, depth: depth)
            return base - base * rule.percentPrice / 100
        case .formula:
            let base = try basePrice(of: variant, rule: rule, currency: currency, depth: depth)
            var price = base - base * rule.priceDiscount / 100
            if rule.priceRound != 0 { price = price.rounded(toIncrement: rule.priceRound) }
            price += rule.priceSurcharge
            // Odoo clamps margins against the rule's base price (`price_limit = base_price`).
            if rule.priceMinMargin != 0 { price = max(price, base + rule.priceMinMargin) }
            if rule.priceMaxMargin != 0 { price = min(price, base + rule.priceMaxMargin) }
            return price
        }
    }

    private func basePrice(of variant: PricedVariant, rule: OdooPricelistItem, currency: OdooCurrency, depth: Int)
        throws(PricingError) -> Decimal
    {
        switch rule.base {
        case .pricelist where rule.basePricelistId != nil:
            let baseId = rule.basePricelistId!
            let amount = try price(of: variant, in: baseId, depth: depth + 1)
            guard let basePricelist = book.pricelists[baseId] else { throw .unknownPricelist(baseId) }
            guard let source = currencies.currency(id: basePricelist.currencyId) else {
                throw .unknownCurrency(basePricelist.currencyId)
            }
            return try convert(amount, from: source, to: currency)
        case .standardPrice:
            throw .costBasedRule(itemId: rule.id)
        case .listPrice, .pricelist:
            return try listPrice(of: variant, in: currency)
        }
    }

    private func listPrice(of variant: PricedVariant, in currency: OdooCurrency) throws(PricingError) -> Decimal {
        try convert(variant.listPrice, from: currencies.company, to: currency)
    }

    private func convert(_ amount: Decimal, from: OdooCurrency, to: OdooCurrency) throws(PricingError) -> Decimal {
        guard let converted = currencies.convert(amount, from: from, to: to) else {
            throw .missingRate(currencies.rate(of: from) == nil ? from.name : to.name)
        }
        return converted
    }

    /// Odoo's `_get_applicable_rules` domain plus `_is_applicable_for`, for quantity 1.
    func isApplicable(_ rule: OdooPricelistItem, to variant: PricedVariant) -> Bool {
        if rule.minQuantity > 1 { return false }
        if let start = rule.dateStart, start.date > now { return false }
        if let end = rule.dateEnd, end.date < now { return false }
        switch rule.appliedOn {
        case .variant:
            return rule.variantId == variant.variantId
        case .template:
            return rule.templateId == variant.templateId
        case .category:
            guard let ruleCategory = rule.categoryId, let category = variant.categoryId else { return false }
            return categories.isSelfOrDescendant(category, of: ruleCategory)
        case .global:
            return true
        }
    }
}
