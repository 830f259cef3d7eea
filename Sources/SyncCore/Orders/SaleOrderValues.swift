import ExactJSON
import Foundation

/// Which many2many holds a sale order line's taxes: `tax_id` on Odoo 17, `tax_ids` on 19 (ORDERS.md §1). The client
/// knows the version; the plan does not depend on it.
public enum OdooLineTaxField: String, Sendable, Hashable {
    case taxId = "tax_id"
    case taxIds = "tax_ids"
}

/// One `sale.order.line` to create.
public struct SaleOrderLineValues: Sendable, Hashable {
    /// The Medusa line item or shipping method it comes from (not sent; for outcomes).
    public var medusaId: String
    public var productId: Int
    public var quantity: Decimal
    /// What Medusa charged per unit (gross when the taxes are price-included). Odoo keeps a given `price_unit`
    /// instead of its list price (ORDERS.md §4).
    public var priceUnit: Decimal
    /// Percent; nil: no discount key is sent.
    public var discount: Decimal?
    /// Always sent, even empty (`[[6, 0, []]]`), so Odoo never adds the product's default taxes.
    public var taxIds: [Int]
    /// nil: Odoo's default (the product's display name).
    public var name: String?

    public init(medusaId: String, productId: Int, quantity: Decimal, priceUnit: Decimal, discount: Decimal? = nil,
                taxIds: [Int], name: String? = nil) {
        self.medusaId = medusaId; self.productId = productId; self.quantity = quantity; self.priceUnit = priceUnit
        self.discount = discount; self.taxIds = taxIds; self.name = name
    }

    /// The `[0, 0, {...}]` create command (`order_create_one_with_lines.json`).
    public func command(taxField: OdooLineTaxField) -> JSONValue {
        var values: [String: JSONValue] = [
            "product_id": .number(Decimal(productId)),
            "product_uom_qty": .number(quantity),
            "price_unit": .number(priceUnit),
            taxField.rawValue: .array([.array([.number(6), .number(0), .array(taxIds.map { .number(Decimal($0)) })])]),
        ]
        if let discount { values["discount"] = .number(discount) }
        if let name { values["name"] = .string(name) }
        return .array([.number(0), .number(0), .object(values)])
    }
}

/// The `sale.order` create values for one Medusa order.
public struct SaleOrderValues: Sendable, Hashable {
    public var partnerId: Int
    public var partnerInvoiceId: Int
    public var partnerShippingId: Int
    public var pricelistId: Int
    /// "MEDUSA-<display id>": what people type (`OrderReference.clientOrderRef`).
    public var clientOrderRef: String
    /// "medusa:<order id>": the key searched before any create (`OrderReference.origin`).
    public var origin: String
    public var lines: [SaleOrderLineValues]

    public init(partnerId: Int, partnerInvoiceId: Int, partnerShippingId: Int, pricelistId: Int,
                clientOrderRef: String, origin: String, lines: [SaleOrderLineValues]) {
        self.partnerId = partnerId; self.partnerInvoiceId = partnerInvoiceId; self.partnerShippingId = partnerShippingId
        self.pricelistId = pricelistId; self.clientOrderRef = clientOrderRef; self.origin = origin; self.lines = lines
    }

    /// One element of `create`'s `vals_list`.
    public func createValues(taxField: OdooLineTaxField) -> [String: JSONValue] {
        [
            "partner_id": .number(Decimal(partnerId)),
            "partner_invoice_id": .number(Decimal(partnerInvoiceId)),
            "partner_shipping_id": .number(Decimal(partnerShippingId)),
            "pricelist_id": .number(Decimal(pricelistId)),
            "client_order_ref": .string(clientOrderRef),
            "origin": .string(origin),
            "order_line": .array(lines.map { $0.command(taxField: taxField) }),
        ]
    }
}
