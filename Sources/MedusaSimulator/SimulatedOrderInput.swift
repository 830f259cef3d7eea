import ExactJSON
import Foundation
import SyncCore

/// An order as the storefront would place it, for `RunningMedusaSimulator.placeOrder` (the admin API cannot create
/// orders). Amounts are major units, exactly as Medusa stores them.
public struct SimulatedOrderInput: Sendable {
    /// Who places the order.
    public enum Customer: Sendable {
        /// A registered customer (`has_account: true`); reused when one with this e-mail exists.
        case registered(email: String, firstName: String?, lastName: String?, phone: String? = nil,
                        companyName: String? = nil)
        /// Guest checkout: a `has_account: false` customer with only the e-mail, found or created (orders.md §4).
        case guest(email: String)
        /// A customer placed before, by id.
        case existing(id: String)
    }

    public var customer: Customer
    /// The order's e-mail; the customer's when nil.
    public var email: String?
    public var currencyCode: String
    public var items: [SimulatedLineItemInput]
    public var shippingMethods: [SimulatedShippingMethodInput]
    public var shippingAddress: MedusaAddress?
    public var billingAddress: MedusaAddress?
    /// The payment collection's status; the system provider only authorizes, so a new order is `authorized`.
    public var paymentStatus: MedusaPaymentStatus
    public var metadata: JSONValue?
    /// A draft order is stored but never listed (`is_draft_order: false` is always added).
    public var isDraft: Bool
    /// `created_at` = `updated_at`; now when nil (cut to the millisecond either way).
    public var placedAt: Date?

    public init(customer: Customer, email: String? = nil, currencyCode: String = "eur",
                items: [SimulatedLineItemInput], shippingMethods: [SimulatedShippingMethodInput] = [],
                shippingAddress: MedusaAddress? = nil, billingAddress: MedusaAddress? = nil,
                paymentStatus: MedusaPaymentStatus = .authorized, metadata: JSONValue? = nil, isDraft: Bool = false,
                placedAt: Date? = nil) {
        self.customer = customer; self.email = email; self.currencyCode = currencyCode; self.items = items
        self.shippingMethods = shippingMethods; self.shippingAddress = shippingAddress
        self.billingAddress = billingAddress; self.paymentStatus = paymentStatus; self.metadata = metadata
        self.isDraft = isDraft; self.placedAt = placedAt
    }
}

/// A line of a placed order: `variantId` must be a live variant of the catalogue (its title and sku are copied).
public struct SimulatedLineItemInput: Sendable {
    public var variantId: String
    public var quantity: Decimal
    public var unitPrice: Decimal
    public var isTaxInclusive: Bool
    public var taxLines: [MedusaTaxLine]
    public var adjustments: [MedusaAdjustment]

    public init(variantId: String, quantity: Decimal, unitPrice: Decimal, isTaxInclusive: Bool = false,
                taxLines: [MedusaTaxLine] = [], adjustments: [MedusaAdjustment] = []) {
        self.variantId = variantId; self.quantity = quantity; self.unitPrice = unitPrice
        self.isTaxInclusive = isTaxInclusive; self.taxLines = taxLines; self.adjustments = adjustments
    }
}

public struct SimulatedShippingMethodInput: Sendable {
    public var name: String
    public var amount: Decimal
    public var isTaxInclusive: Bool
    public var taxLines: [MedusaTaxLine]
    public var adjustments: [MedusaAdjustment]
    public var shippingOptionId: String?

    public init(name: String, amount: Decimal, isTaxInclusive: Bool = false, taxLines: [MedusaTaxLine] = [],
                adjustments: [MedusaAdjustment] = [], shippingOptionId: String? = "so_standard") {
        self.name = name; self.amount = amount; self.isTaxInclusive = isTaxInclusive; self.taxLines = taxLines
        self.adjustments = adjustments; self.shippingOptionId = shippingOptionId
    }
}

/// What `placeOrder` created.
public struct SimulatedPlacedOrder: Sendable, Hashable {
    public var id: String
    public var displayId: Int
    public var customerId: String
}

/// An order as a test sees it through the control (`RunningMedusaSimulator.orders()`).
public struct SimulatedOrderState: Sendable, Hashable {
    public var id: String
    public var displayId: Int
    public var status: String
    public var paymentStatus: MedusaPaymentStatus
    public var customerId: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var canceledAt: Date?
    public var metadata: JSONValue?
    /// The order total as Medusa computes it (exact, unrounded).
    public var total: Decimal
}

/// A control call Medusa would refuse (unknown variant or order, a rule of the cancel workflow): its status and message.
public struct SimulatedOrderError: Error, Sendable, CustomStringConvertible {
    public var status: Int
    public var message: String
    public var description: String { "\(status): \(message)" }
}

/// An event the simulated shop emits (`event.name`, `event.data.id` in a Medusa subscriber; orders.md §6). For
/// `payment.captured` the id is the order's here (Medusa sends the payment's).
///
/// `data` is the whole `event.data`: `{order_id, fulfillment_id}` for `order.fulfillment_created` and
/// `order.fulfillment_canceled` (whose `id` is then the order's), `{id}` otherwise (`{id, no_notification}` for
/// `shipment.created` in `current` mode).
public struct MedusaSimulatedEvent: Sendable, Hashable {
    public var name: String
    public var id: String
    public var data: [String: JSONValue]

    public init(name: String, id: String, data: [String: JSONValue]? = nil) {
        self.name = name; self.id = id; self.data = data ?? ["id": .string(id)]
    }
}

/// What a subscriber file does with an event (tests and the demo forward it to the service, signed).
public typealias MedusaEventSubscriber = @Sendable (MedusaSimulatedEvent) async -> Void
