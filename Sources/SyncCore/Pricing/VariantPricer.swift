import Foundation

/// Prices one variant in every store currency, rounded with each currency's own rounding (half-up, major units).
public struct VariantPricer: Sendable {
    public let plan: PriceSourcePlan
    public let evaluator: PricelistEvaluator

    public init(plan: PriceSourcePlan, evaluator: PricelistEvaluator) {
        self.plan = plan; self.evaluator = evaluator
    }

    /// Prices for the currencies that could be priced, and one warning per currency that could not.
    public func prices(for variant: PricedVariant) -> (prices: [MedusaPrice], warnings: [String]) {
        var prices: [MedusaPrice] = []
        var warnings: [String] = []
        for entry in plan.entries {
            switch amount(for: variant, entry: entry) {
            case .success(let amount):
                prices.append(MedusaPrice(currencyCode: entry.currencyCode, amount: amount))
            case .failure(let reason):
                warnings.append("no \(entry.currencyCode.uppercased()) price: \(reason)")
            }
        }
        return (prices, warnings)
    }

    private func amount(for variant: PricedVariant, entry: PriceSourcePlan.Entry) -> Result<Decimal, Reason> {
        guard let currency = entry.currency else {
            if case .unavailable(let reason) = entry.source { return .failure(Reason(reason)) }
            return .failure(Reason("unknown currency"))
        }
        let raw: Decimal
        switch entry.source {
        case .unavailable(let reason):
            return .failure(Reason(reason))
        case .listPrice:
            raw = variant.listPrice
        case .conversion:
            guard let converted = evaluator.currencies.convert(variant.listPrice, from: evaluator.currencies.company, to: currency)
            else { return .failure(Reason(PricingError.missingRate(currency.name).description)) }
            raw = converted
        case .pricelist(let id):
            do { raw = try evaluator.price(of: variant, in: id) } catch { return .failure(Reason(error.description)) }
        }
        return .success(raw.rounded(toIncrement: currency.rounding))
    }

    struct Reason: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
