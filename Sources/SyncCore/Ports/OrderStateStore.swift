import Foundation

/// Durable state of the orders sync: which Medusa order became which Odoo sale order, which Medusa customer is which
/// Odoo contact, and the orders waiting for their payment. Implemented by `RunStore`; each call is its own transaction.
/// A link is saved right after the create it records; a crash in between is healed by searching Odoo by `origin`
/// before any create (`OrderReference`), so an order is never created twice.
public protocol OrderStateStore: Sendable {
    func orderLinks(medusaOrderIds: [String]) async throws -> [String: OrderLink]
    /// Every link, newest first, at most `limit` (the dashboard's Orders view).
    func recentOrderLinks(limit: Int) async throws -> [OrderLink]
    func saveOrderLinks(_ links: [OrderLink]) async throws

    /// Medusa customer id → Odoo `res.partner` id.
    func contactLinks(customerIds: [String]) async throws -> [String: Int]
    func saveContactLinks(_ links: [String: Int]) async throws

    /// Orders seen but not sent yet (waiting for payment, or held), re-read by id on later polls: in Medusa 2.0 a
    /// capture moves neither `updated_at` nor fires an event, so the `updated_at` cursor alone would lose them.
    func pendingOrders() async throws -> [PendingOrder]
    func savePendingOrders(_ orders: [PendingOrder]) async throws
    func removePendingOrders(ids: [String]) async throws
}

/// One Medusa order ↔ Odoo sale order, and what the sync last knew of it.
public struct OrderLink: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        /// Created (or adopted) in Odoo; confirmed when `ODOO_ORDER_STATE=confirmed`.
        case sent
        /// Cancelled in Odoo after Medusa cancelled it.
        case canceled
        /// Medusa cancelled it, Odoo refused (delivered, locked): `message` says why; not tried again.
        case cancelRefused = "cancel_refused"
    }

    public var medusaOrderId: String
    public var medusaDisplayId: Int
    public var odooOrderId: Int
    /// "S00031".
    public var odooOrderName: String
    public var state: State
    public var currencyCode: String
    public var medusaTotal: Decimal
    public var odooTotal: Decimal?
    /// The totals warning or the cancellation refusal, for people.
    public var message: String?
    public var updatedAt: Date

    public init(medusaOrderId: String, medusaDisplayId: Int, odooOrderId: Int, odooOrderName: String, state: State,
                currencyCode: String, medusaTotal: Decimal, odooTotal: Decimal? = nil, message: String? = nil,
                updatedAt: Date) {
        self.medusaOrderId = medusaOrderId; self.medusaDisplayId = medusaDisplayId; self.odooOrderId = odooOrderId
        self.odooOrderName = odooOrderName; self.state = state; self.currencyCode = currencyCode
        self.medusaTotal = medusaTotal; self.odooTotal = odooTotal; self.message = message; self.updatedAt = updatedAt
    }
}

/// An order the poll saw and must read again (by id) until it is sent, cancelled or left out.
public struct PendingOrder: Sendable, Hashable, Codable {
    public var medusaOrderId: String
    /// Why it waits: "payment authorized", "held: no Odoo tax for 7 % (excluded)", …
    public var reason: String
    public var firstSeenAt: Date
    /// Runs in a row that tried to create it in Odoo and failed (0 while it waits for payment or is held). Each failed
    /// create costs the merchant an order number in Odoo, so after `OrdersConfiguration.maxFailedAttempts` the order
    /// is no longer read again by id: only a change of it in Medusa (the poll sees it) tries it again.
    public var attempts: Int

    public init(medusaOrderId: String, reason: String, firstSeenAt: Date, attempts: Int = 0) {
        self.medusaOrderId = medusaOrderId; self.reason = reason; self.firstSeenAt = firstSeenAt
        self.attempts = attempts
    }
}
