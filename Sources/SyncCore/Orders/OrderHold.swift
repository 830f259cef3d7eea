import Foundation

/// Why an order is not sent to Odoo yet. A hold is not a half-created order: the planner names **every** problem at
/// once so one run's outcome tells the user all there is to fix, and the next orders run plans the order again.
/// It is a `ClassifiedError` so it can be recorded like any failure: `configuration` when every order in that
/// situation will be held the same way until a setting or an Odoo record exists, `permanent` when it is this order's
/// data (retrying without a change in the catalogue or the order gives the same hold).
public enum OrderHold: ClassifiedError, Hashable {
    /// A line item whose variant is not bound to an Odoo `product.product` (or a custom line with no variant).
    case unmappedLine(itemId: String, variantId: String?, title: String)
    /// A Medusa tax rate with no Odoo sale tax of the same rate and price-included flag, and none in the explicit map.
    case unmappedTax(rate: Decimal, priceIncluded: Bool, lineId: String)
    /// No Odoo pricelist in the order's currency.
    case noPricelist(currency: String)
    /// The order has shipping but no shipping product is configured or found.
    case noShippingProduct
    /// A country code Odoo's `res.country` table (as passed in) does not know.
    case unknownCountry(code: String)
    /// A province the country's states (as passed in) do not know.
    case unknownState(countryCode: String, province: String)
    /// Neither the order nor the customer carries an email, so the contact cannot be matched or created safely.
    case noEmail(orderId: String)

    public var failureClass: FailureClass {
        switch self {
        case .unmappedTax, .noPricelist, .noShippingProduct: .configuration
        case .unmappedLine, .unknownCountry, .unknownState, .noEmail: .permanent
        }
    }

    public var system: String { "orders" }

    public var description: String {
        switch self {
        case .unmappedLine(let itemId, let variantId, let title):
            if let variantId { "line \(itemId) (\(title)): variant \(variantId) is not bound to an Odoo product" }
            else { "line \(itemId) (\(title)) has no variant, so no Odoo product" }
        case .unmappedTax(let rate, let included, let lineId):
            "line \(lineId): no Odoo sale tax of \(rate)% \(included ? "price-included" : "price-excluded") (map one with ODOO_TAX_MAP=\(rate):<tax id>)"
        case .noPricelist(let currency): "no Odoo pricelist in \(currency.uppercased())"
        case .noShippingProduct: "the order has shipping but no shipping product is set (ODOO_SHIPPING_PRODUCT_ID)"
        case .unknownCountry(let code): "country code \(code.uppercased()) is not in Odoo"
        case .unknownState(let country, let province): "province \(province) is not a state of \(country.uppercased()) in Odoo"
        case .noEmail(let orderId): "order \(orderId) has no email"
        }
    }
}

/// Input the planner refuses because it contradicts Medusa's own rules (orders.md §3c): not a hold that heals by
/// itself, so `permanent`.
public enum OrderPlanningError: ClassifiedError, Hashable {
    /// A quantity ≤ 0.
    case invalidQuantity(lineId: String, quantity: Decimal)
    /// Adjustments larger than the line's amount, or a discount on a line that costs nothing.
    case invalidDiscount(lineId: String, discount: Decimal, lineAmount: Decimal)

    public var failureClass: FailureClass { .permanent }
    public var system: String { "orders" }

    public var description: String {
        switch self {
        case .invalidQuantity(let lineId, let quantity): "line \(lineId): quantity \(quantity) is not positive"
        case .invalidDiscount(let lineId, let discount, let amount):
            "line \(lineId): discount \(discount) does not fit the line amount \(amount)"
        }
    }
}
