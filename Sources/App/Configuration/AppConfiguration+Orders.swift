import Foundation
import SyncCore

/// The orders direction's settings (docs/orders.md). Off by default: writing into Odoo needs an Odoo user with rights
/// on contacts and sales, and a merchant turns it on knowingly.
public struct OrdersSettings: Sendable, Equatable {
    /// `SYNC_ORDERS`.
    public var enabled = false
    /// `ORDERS_SCHEDULE` (cron, "off" disables): how often the shop is polled for orders.
    public var schedule = "*/5 * * * *"
    /// `ORDERS_REQUIRE_PAYMENT`.
    public var paymentRequirement = PaymentRequirement.captured
    /// `ORDERS_SINCE`.
    public var since: Date?
    /// `ODOO_ORDER_STATE`: confirmed (default) or quotation.
    public var confirm = true
    /// `ODOO_TAX_MAP`.
    public var taxMap: [Decimal: Int] = [:]
    /// `ODOO_SHIPPING_PRODUCT_ID`.
    public var shippingProductId: Int?
    /// `ORDERS_PAGE_SIZE`, `ORDERS_BATCH_SIZE`.
    public var pageSize = 500
    public var batchSize = 100

    public init() {}

    /// Reads the orders variables; a bad value is a problem (with what to write instead) and its default is kept.
    static func load(from env: EnvironmentSource, problems: inout [String]) -> OrdersSettings {
        var settings = OrdersSettings()
        if let raw = env["SYNC_ORDERS"]?.lowercased() {
            switch raw {
            case "1", "true", "yes", "on": settings.enabled = true
            case "0", "false", "no", "off": settings.enabled = false
            default: problems.append("SYNC_ORDERS=\(raw) is not true/false; orders stay off")
            }
        }
        if let raw = env["ORDERS_SCHEDULE"] { settings.schedule = raw }
        if let raw = env["ORDERS_REQUIRE_PAYMENT"]?.lowercased() {
            if let parsed = PaymentRequirement(rawValue: raw) { settings.paymentRequirement = parsed } else {
                problems.append("ORDERS_REQUIRE_PAYMENT=\(raw) must be captured, authorized or any; using captured")
            }
        }
        if let raw = env["ORDERS_SINCE"] {
            if let parsed = (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(raw))
                ?? (try? Date.ISO8601FormatStyle().parse(raw))
                ?? (try? Date.ISO8601FormatStyle().year().month().day().parse(raw)) {
                settings.since = parsed
            } else {
                problems.append("ORDERS_SINCE=\(raw) is not an ISO 8601 date like 2026-12-01 or 2026-12-01T00:00:00Z; using the time orders sync was first enabled")
            }
        }
        if let raw = env["ODOO_ORDER_STATE"]?.lowercased() {
            switch raw {
            case "confirmed": settings.confirm = true
            case "quotation": settings.confirm = false
            default: problems.append("ODOO_ORDER_STATE=\(raw) must be confirmed or quotation; using confirmed")
            }
        }
        if let raw = env["ODOO_TAX_MAP"] {
            for entry in raw.split(separator: ",") {
                let parts = entry.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, let rate = Decimal(string: parts[0]), rate >= 0, let id = Int(parts[1]), id > 0 {
                    settings.taxMap[rate] = id
                } else {
                    problems.append("ODOO_TAX_MAP entry '\(entry)' must look like 20:5 (Medusa rate in percent : Odoo account.tax id)")
                }
            }
        }
        if let raw = env["ODOO_SHIPPING_PRODUCT_ID"] {
            if let id = Int(raw.trimmingCharacters(in: .whitespaces)), id > 0 { settings.shippingProductId = id } else {
                problems.append("ODOO_SHIPPING_PRODUCT_ID=\(raw) must be the id of an Odoo product.product (a service); the service will find or create \"Shipping (Medusa)\" instead")
            }
        }
        func size(_ name: String, _ keep: inout Int) {
            guard let raw = env[name] else { return }
            if let parsed = Int(raw), (1...1000).contains(parsed) { keep = parsed } else {
                problems.append("\(name)=\(raw) is not a whole number in 1...1000; using \(keep)")
            }
        }
        size("ORDERS_PAGE_SIZE", &settings.pageSize)
        size("ORDERS_BATCH_SIZE", &settings.batchSize)
        return settings
    }

    /// The engine's configuration; `pricelists` are the catalogue's `ODOO_PRICELISTS` choices, `maxAttempts` its
    /// `RETRY_MAX_ATTEMPTS`.
    func engineConfiguration(pricelists: [String: Int], maxAttempts: Int) -> OrdersConfiguration {
        OrdersConfiguration(paymentRequirement: paymentRequirement, since: since, confirm: confirm, taxMap: taxMap,
                            shippingProductId: shippingProductId, pricelistByCurrency: pricelists,
                            pageSize: pageSize, createBatchSize: batchSize, maxFailedAttempts: maxAttempts)
    }

    /// Deliveries run whenever orders do: fulfilments from `MEDUSA_STOCK_LOCATION_ID` (nil: the order's shipping
    /// option's location), the picking cursor starting at `ORDERS_SINCE`.
    func deliveriesConfiguration(stockLocationId: String?, maxAttempts: Int) -> DeliveriesConfiguration {
        DeliveriesConfiguration(stockLocationId: stockLocationId, since: since, maxFailedAttempts: maxAttempts)
    }
}
