import Foundation

/// What the orders sync is told by configuration (`SYNC_ORDERS`, `ORDERS_*`, `ODOO_*` for orders; docs/orders.md).
public struct OrdersConfiguration: Sendable, Hashable {
    /// `ORDERS_REQUIRE_PAYMENT`.
    public var paymentRequirement: PaymentRequirement
    /// `ORDERS_SINCE`; nil: the time orders sync first ran (remembered), so turning it on never floods Odoo with the
    /// shop's history.
    public var since: Date?
    /// `ODOO_ORDER_STATE=confirmed` (default): `action_confirm` after the create, so Odoo reserves stock and creates
    /// the delivery; `quotation` leaves the order a quotation.
    public var confirm: Bool
    /// `ODOO_TAX_MAP`: Medusa rate (percent) → Odoo tax id, winning over the automatic match.
    public var taxMap: [Decimal: Int]
    /// `ODOO_SHIPPING_PRODUCT_ID`; nil: the service finds (or creates) `shippingProductName` and remembers it.
    public var shippingProductId: Int?
    public var shippingProductName: String
    /// The catalogue's `ODOO_PRICELIST_<CUR>` choices (currency code → pricelist id), so an order is priced in the
    /// same pricelist the shop's prices came from.
    public var pricelistByCurrency: [String: Int]
    /// Order summaries per poll page (one request each); the orders to send are then read in full, 100 per request.
    public var pageSize: Int
    /// Orders per Odoo `create` (one request; a failing batch is split to isolate the bad order).
    public var createBatchSize: Int
    /// Write the Odoo order's name into the Medusa order's metadata where Medusa's API allows it (not 2.0.0).
    public var writeBackToMedusa: Bool
    /// Failed creates in a row after which an order is tried again only when it changes in Medusa
    /// (`RETRY_MAX_ATTEMPTS`, shared with the catalogue's retry set).
    public var maxFailedAttempts: Int

    public init(paymentRequirement: PaymentRequirement = .captured, since: Date? = nil, confirm: Bool = true,
                taxMap: [Decimal: Int] = [:], shippingProductId: Int? = nil,
                shippingProductName: String = "Shipping (Medusa)", pricelistByCurrency: [String: Int] = [:],
                pageSize: Int = 500, createBatchSize: Int = 100, writeBackToMedusa: Bool = true,
                maxFailedAttempts: Int = RetrySchedule.defaultMaxAttempts) {
        self.paymentRequirement = paymentRequirement; self.since = since; self.confirm = confirm
        self.taxMap = taxMap; self.shippingProductId = shippingProductId
        self.shippingProductName = shippingProductName; self.pricelistByCurrency = pricelistByCurrency
        self.pageSize = max(1, pageSize); self.createBatchSize = max(1, createBatchSize)
        self.writeBackToMedusa = writeBackToMedusa; self.maxFailedAttempts = max(1, maxFailedAttempts)
    }
}
