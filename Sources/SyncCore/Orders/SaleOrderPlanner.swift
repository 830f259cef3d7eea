import Foundation

/// Everything the sale order planner needs from Odoo and from configuration, resolved by the engine beforehand.
public struct SaleOrderContext: Sendable, Hashable {
    /// Medusa variant id → bound Odoo `product.product` id (the catalogue's variant bindings).
    public var productByVariant: [String: Int]
    /// Lower-case currency code → `product.pricelist` id (the pricelist the catalogue side uses for that currency).
    public var pricelistByCurrency: [String: Int]
    public var taxes: TaxBook
    /// The service product shipping lines are written on (`ODOO_SHIPPING_PRODUCT_ID` or the one found/created).
    public var shippingProductId: Int?
    /// Odoo's "Discount" decimal precision (2 unless changed in Odoo).
    public var discountDigits: Int

    public init(productByVariant: [String: Int], pricelistByCurrency: [String: Int], taxes: TaxBook,
                shippingProductId: Int?, discountDigits: Int = 2) {
        self.productByVariant = productByVariant
        self.pricelistByCurrency = Dictionary(pricelistByCurrency.map { ($0.key.lowercased(), $0.value) },
                                              uniquingKeysWith: { a, _ in a })
        self.taxes = taxes; self.shippingProductId = shippingProductId; self.discountDigits = discountDigits
    }
}

/// The contacts the order is for, once `ContactPlanner`'s plan was applied.
public struct OrderContacts: Sendable, Hashable {
    public var partnerId: Int
    public var invoiceId: Int
    public var shippingId: Int

    public init(partnerId: Int, invoiceId: Int? = nil, shippingId: Int? = nil) {
        self.partnerId = partnerId; self.invoiceId = invoiceId ?? partnerId; self.shippingId = shippingId ?? partnerId
    }
}

public enum SaleOrderPlan: Sendable, Hashable {
    case ready(SaleOrderValues, warnings: [OrderWarning])
    /// Every reason the order cannot be created now, in line order; nothing is created.
    case held([OrderHold])
}

/// A Medusa order → the `sale.order` to create, or every reason it must wait.
///
/// * One Odoo line per Medusa line item on the bound `product.product`, at the **unit price Medusa charged** and its
///   quantity; adjustments become Odoo's discount percent (`OrderDiscount`).
/// * One line per shipping method on the shipping product, quantity 1, at the amount charged, named
///   "Shipping: <name> (Medusa)".
/// * Taxes through `TaxBook`, per line, with the line's own price-included flag; a line without tax gets `[[6, 0, []]]`.
/// * The pricelist of the order's currency (the order's currency follows the pricelist in Odoo).
/// * `client_order_ref` and `origin` from `OrderReference`.
public enum SaleOrderPlanner {
    public static func plan(_ order: MedusaOrder, contacts: OrderContacts,
                            context: SaleOrderContext) throws(OrderPlanningError) -> SaleOrderPlan {
        var holds: [OrderHold] = []
        var warnings: [OrderWarning] = []
        var lines: [SaleOrderLineValues] = []

        func add(_ hold: OrderHold) { if !holds.contains(hold) { holds.append(hold) } }

        func line(medusaId: String, productId: Int?, quantity: Decimal, price: Decimal, included: Bool,
                  taxLines: [MedusaTaxLine], adjustments: [MedusaAdjustment], name: String?) throws(OrderPlanningError) {
            guard quantity > 0 else { throw .invalidQuantity(lineId: medusaId, quantity: quantity) }
            let inclusiveRate = included ? taxLines.reduce(Decimal(0)) { $0 + $1.rate } : nil
            let discount = try OrderDiscount.compute(lineId: medusaId, unitPrice: price, quantity: quantity,
                                                     adjustments: adjustments, inclusiveTaxRate: inclusiveRate,
                                                     digits: context.discountDigits)
            if discount.wasRounded, let exact = discount.exactPercent, let sent = discount.percent {
                warnings.append(.discountRounded(lineId: medusaId, exact: exact, sent: sent))
            }
            var taxIds: [Int] = []
            switch context.taxes.taxIds(for: taxLines, priceIncluded: included, lineId: medusaId) {
            case .taxes(let ids): taxIds = ids
            case .held(let taxHolds): taxHolds.forEach(add)
            }
            guard let productId else { return }
            lines.append(SaleOrderLineValues(medusaId: medusaId, productId: productId, quantity: quantity,
                                             priceUnit: price, discount: discount.percent, taxIds: taxIds, name: name))
        }

        for item in order.items {
            let productId = item.variantId.flatMap { context.productByVariant[$0] }
            if productId == nil { add(.unmappedLine(itemId: item.id, variantId: item.variantId, title: item.title)) }
            try line(medusaId: item.id, productId: productId, quantity: item.quantity, price: item.unitPrice,
                     included: item.isTaxInclusive, taxLines: item.taxLines, adjustments: item.adjustments, name: nil)
        }
        if !order.shippingMethods.isEmpty && context.shippingProductId == nil { add(.noShippingProduct) }
        for method in order.shippingMethods {
            try line(medusaId: method.id, productId: context.shippingProductId, quantity: 1, price: method.amount,
                     included: method.isTaxInclusive, taxLines: method.taxLines, adjustments: method.adjustments,
                     name: "Shipping: \(method.name) (Medusa)")
        }
        let pricelistId = context.pricelistByCurrency[order.currencyCode.lowercased()]
        if pricelistId == nil { add(.noPricelist(currency: order.currencyCode.lowercased())) }

        guard holds.isEmpty, let pricelistId else { return .held(holds) }
        return .ready(SaleOrderValues(partnerId: contacts.partnerId, partnerInvoiceId: contacts.invoiceId,
                                      partnerShippingId: contacts.shippingId, pricelistId: pricelistId,
                                      clientOrderRef: OrderReference.clientOrderRef(displayId: order.displayId),
                                      origin: OrderReference.origin(orderId: order.id), lines: lines),
                      warnings: warnings)
    }
}
