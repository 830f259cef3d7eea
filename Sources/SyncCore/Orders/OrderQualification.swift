import Foundation

/// Which payment state an order must reach before it goes to Odoo (`ORDERS_REQUIRE_PAYMENT`).
public enum PaymentRequirement: String, Sendable, Hashable, CaseIterable {
    /// The money is taken: `captured`, or `partially_refunded` (captured, then part given back: the order stands).
    case captured
    /// The money is at least reserved: also `authorized` and `partially_captured`.
    case authorized
    /// Any payment state; only cancelled orders are left out.
    case any
}

/// What to do with one polled order now. Pure: the engine supplies whether the order already has an Odoo binding.
public enum OrderQualification: Sendable, Hashable {
    /// Plan and create it in Odoo.
    case send
    /// Not paid enough yet. In Medusa 2.0 a capture moves neither `updated_at` nor fires an event (orders.md §0.10,
    /// §3d), so a cursor alone would lose this order: the engine must remember it and re-check it on later polls
    /// until it qualifies or is cancelled.
    case waitForPayment(MedusaPaymentStatus)
    /// Cancelled in Medusa and already in Odoo: cancel it there.
    case cancelInOdoo
    /// Already in Odoo and still live: nothing to create.
    case alreadySent
    /// Created before `ORDERS_SINCE`: never sent (no flood of the shop's history), never remembered.
    case beforeSince
    /// Cancelled before it ever reached Odoo: nothing to do, stop remembering it.
    case canceledBeforeSent
    /// Fully refunded (or a draft): it will not become payable by waiting, so it is not remembered.
    case notSendable(reason: String)


    /// Decides for one order. Order of the checks: binding state first (a cancellation must reach Odoo even for an order
    /// created before `since`), then `since`, cancellation, payment.
    public static func decide(_ order: MedusaOrder, requirement: PaymentRequirement, since: Date?,
                              alreadyBound: Bool) -> OrderQualification {
        if alreadyBound { return order.isCanceled ? .cancelInOdoo : .alreadySent }
        if let since, order.createdAt < since { return .beforeSince }
        if order.isCanceled { return .canceledBeforeSent }
        if order.status == .draft { return .notSendable(reason: "draft order") }
        if order.paymentStatus == .refunded { return .notSendable(reason: "payment refunded") }
        return satisfies(order.paymentStatus, requirement) ? .send : .waitForPayment(order.paymentStatus)
    }

    /// Whether a payment status meets the requirement (see `PaymentRequirement`).
    public static func satisfies(_ status: MedusaPaymentStatus, _ requirement: PaymentRequirement) -> Bool {
        switch requirement {
        case .any: return true
        case .captured: return status == .captured || status == .partiallyRefunded
        case .authorized:
            return [.authorized, .partiallyCaptured, .captured, .partiallyRefunded].contains(status)
        }
    }
}
