import Foundation

/// What the deliveries sync is told by configuration. It runs whenever orders do (`SYNC_ORDERS`), on the orders
/// schedule and on Odoo's picking webhooks (docs/orders.md).
public struct DeliveriesConfiguration: Sendable, Hashable {
    /// `MEDUSA_STOCK_LOCATION_ID`: the location fulfilments are made from; nil lets Medusa take the location of the
    /// order's shipping option (orders.md §5a).
    public var stockLocationId: String?
    /// `ORDERS_SINCE`: where the picking cursor starts when nothing is remembered (only pickings of sale orders the
    /// orders sync created are reported, and those are all written after it). Nil: the remembered `orders.since`.
    public var since: Date?
    /// Pickings per Odoo page (one request each).
    public var pageSize: Int
    /// Failed reports in a row after which a picking is read again only when it changes in Odoo (`RETRY_MAX_ATTEMPTS`).
    public var maxFailedAttempts: Int

    public init(stockLocationId: String? = nil, since: Date? = nil, pageSize: Int = 200,
                maxFailedAttempts: Int = RetrySchedule.defaultMaxAttempts) {
        self.stockLocationId = stockLocationId; self.since = since; self.pageSize = max(1, pageSize)
        self.maxFailedAttempts = max(1, maxFailedAttempts)
    }
}
