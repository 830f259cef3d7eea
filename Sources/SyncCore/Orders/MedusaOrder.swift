import Foundation

/// A Medusa 2.x order as the orders engine receives it from the Medusa client (`GET /admin/orders/{id}` with
/// `+email,+currency_code,+customer_id,+canceled_at` and the totals asked for; `shared/contracts/medusa/orders.md` §3).
/// Only what the Odoo side needs is kept. Money is in **major units** and **unrounded**, exactly as Medusa sends it
/// (orders.md §3c: `raw_*` values are exact, totals are never rounded), so nothing here rounds.
public struct MedusaOrder: Sendable, Hashable {
    /// `id` (`order_…`): the stable key of the order and of its binding.
    public var id: String
    /// `display_id`: the number people see ("#1042").
    public var displayId: Int
    /// `email`: not in the default payload; the client must ask for it (orders.md §0.1).
    public var email: String?
    /// `currency_code`, lower-case in practice; every amount of the order is in it.
    public var currencyCode: String
    /// `customer_id`: every 2.0 order has one, guests included (a `has_account: false` customer, orders.md §4).
    public var customerId: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var status: MedusaOrderStatus
    /// `canceled_at`; set together with `status: canceled`.
    public var canceledAt: Date?
    /// Computed by Medusa's GET workflows only (orders.md §0.3).
    public var paymentStatus: MedusaPaymentStatus
    public var items: [MedusaLineItem]
    public var shippingMethods: [MedusaShippingMethod]
    public var shippingAddress: MedusaAddress?
    public var billingAddress: MedusaAddress?
    /// `total`: subtotal + tax_total − discount_subtotal, shipping included, unrounded.
    public var total: Decimal

    public init(id: String, displayId: Int, email: String?, currencyCode: String, customerId: String?,
                createdAt: Date, updatedAt: Date, status: MedusaOrderStatus = .pending, canceledAt: Date? = nil,
                paymentStatus: MedusaPaymentStatus, items: [MedusaLineItem], shippingMethods: [MedusaShippingMethod] = [],
                shippingAddress: MedusaAddress? = nil, billingAddress: MedusaAddress? = nil, total: Decimal) {
        self.id = id; self.displayId = displayId; self.email = email; self.currencyCode = currencyCode
        self.customerId = customerId; self.createdAt = createdAt; self.updatedAt = updatedAt; self.status = status
        self.canceledAt = canceledAt; self.paymentStatus = paymentStatus; self.items = items
        self.shippingMethods = shippingMethods; self.shippingAddress = shippingAddress
        self.billingAddress = billingAddress; self.total = total
    }

    public var isCanceled: Bool { status == .canceled || canceledAt != nil }
}

/// `order.status` (orders.md §3b). It stays `pending` through fulfilment; unknown values are kept, not guessed.
public enum MedusaOrderStatus: Sendable, Hashable {
    case pending, completed, draft, archived, canceled, requiresAction
    case other(String)

    public init(rawValue: String) {
        switch rawValue {
        case "pending": self = .pending
        case "completed": self = .completed
        case "draft": self = .draft
        case "archived": self = .archived
        case "canceled": self = .canceled
        case "requires_action": self = .requiresAction
        default: self = .other(rawValue)
        }
    }
}

/// `payment_status` as computed by `getLastPaymentStatus` (orders.md §3b).
public enum MedusaPaymentStatus: String, Sendable, Hashable, CaseIterable {
    case notPaid = "not_paid"
    case awaiting
    case authorized
    case partiallyAuthorized = "partially_authorized"
    case captured
    case partiallyCaptured = "partially_captured"
    case refunded
    case partiallyRefunded = "partially_refunded"
    case canceled
    case requiresAction = "requires_action"
}

/// `items[]`. `unitPrice` is gross when `isTaxInclusive` (orders.md §7).
public struct MedusaLineItem: Sendable, Hashable {
    /// `id` (`ordli_…`), stable across order versions (unlike `detail.id`).
    public var id: String
    public var title: String
    /// `variant_id`; nil for a custom line, which can never be mapped to an Odoo product.
    public var variantId: String?
    public var variantSku: String?
    /// `quantity` (may be fractional: `z.number()`).
    public var quantity: Decimal
    public var unitPrice: Decimal
    public var isTaxInclusive: Bool
    public var taxLines: [MedusaTaxLine]
    public var adjustments: [MedusaAdjustment]

    public init(id: String, title: String, variantId: String?, variantSku: String? = nil, quantity: Decimal,
                unitPrice: Decimal, isTaxInclusive: Bool = false, taxLines: [MedusaTaxLine] = [],
                adjustments: [MedusaAdjustment] = []) {
        self.id = id; self.title = title; self.variantId = variantId; self.variantSku = variantSku
        self.quantity = quantity; self.unitPrice = unitPrice; self.isTaxInclusive = isTaxInclusive
        self.taxLines = taxLines; self.adjustments = adjustments
    }
}

/// `shipping_methods[]`: `amount` is what the shop charged, gross when `isTaxInclusive`.
public struct MedusaShippingMethod: Sendable, Hashable {
    public var id: String
    public var name: String
    public var amount: Decimal
    public var isTaxInclusive: Bool
    public var taxLines: [MedusaTaxLine]
    public var adjustments: [MedusaAdjustment]

    public init(id: String, name: String, amount: Decimal, isTaxInclusive: Bool = false,
                taxLines: [MedusaTaxLine] = [], adjustments: [MedusaAdjustment] = []) {
        self.id = id; self.name = name; self.amount = amount; self.isTaxInclusive = isTaxInclusive
        self.taxLines = taxLines; self.adjustments = adjustments
    }
}

/// `tax_lines[]`: `rate` is a percent (10 means 10 %).
public struct MedusaTaxLine: Sendable, Hashable {
    public var code: String?
    public var rate: Decimal
    public var taxRateId: String?

    public init(code: String? = nil, rate: Decimal, taxRateId: String? = nil) {
        self.code = code; self.rate = rate; self.taxRateId = taxRateId
    }
}

/// `adjustments[]`: a promotion's `amount` **for the whole line** (not per unit), in the line's tax mode (orders.md §7).
public struct MedusaAdjustment: Sendable, Hashable {
    public var code: String?
    public var amount: Decimal
    public var promotionId: String?

    public init(code: String? = nil, amount: Decimal, promotionId: String? = nil) {
        self.code = code; self.amount = amount; self.promotionId = promotionId
    }
}

/// An order address (`shipping_address`, `billing_address`) or a customer address (`addresses[]`): same fields.
/// `province` is free text in Medusa ("il", "DE-BY"); `countryCode` is ISO 3166-1 alpha-2, lower-case in practice.
public struct MedusaAddress: Sendable, Hashable {
    public var firstName: String?
    public var lastName: String?
    public var company: String?
    public var address1: String?
    public var address2: String?
    public var city: String?
    public var province: String?
    public var postalCode: String?
    public var countryCode: String?
    public var phone: String?

    public init(firstName: String? = nil, lastName: String? = nil, company: String? = nil, address1: String? = nil,
                address2: String? = nil, city: String? = nil, province: String? = nil, postalCode: String? = nil,
                countryCode: String? = nil, phone: String? = nil) {
        self.firstName = firstName; self.lastName = lastName; self.company = company; self.address1 = address1
        self.address2 = address2; self.city = city; self.province = province; self.postalCode = postalCode
        self.countryCode = countryCode; self.phone = phone
    }

    /// "First Last", or nil when both are blank.
    public var personName: String? {
        let parts = [firstName, lastName].compactMap { $0?.trimmedBlanks(.whitespaces) }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}

/// A Medusa customer (`GET /admin/customers/{id}`, orders.md §4). A guest is a customer with `has_account: false`
/// and no names: its name lives only on the order's addresses.
public struct MedusaCustomer: Sendable, Hashable {
    public var id: String
    public var email: String
    public var firstName: String?
    public var lastName: String?
    public var companyName: String?
    public var phone: String?
    public var hasAccount: Bool

    public init(id: String, email: String, firstName: String? = nil, lastName: String? = nil,
                companyName: String? = nil, phone: String? = nil, hasAccount: Bool = true) {
        self.id = id; self.email = email; self.firstName = firstName; self.lastName = lastName
        self.companyName = companyName; self.phone = phone; self.hasAccount = hasAccount
    }
}
