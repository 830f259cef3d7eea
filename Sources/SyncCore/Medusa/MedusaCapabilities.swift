import Foundation

/// What a Medusa server offers beyond Medusa 2.0.0 that changes how the sync talks to it. Medusa has no version
/// endpoint, so each capability is found by a cheap probe (`MedusaShop.probeCapabilities`) or, where no harmless probe
/// exists, by the first real use; the result is kept between runs (`SyncMemo.medusaCapabilities`) like the Odoo session,
/// and found again by every full run. See `docs/medusa.md` for the versions behind each one.
public struct MedusaCapabilities: Sendable, Hashable {
    public enum Support: String, Sendable, Hashable {
        /// The server has it.
        case available
        /// The server answered that it does not (route unknown).
        case absent
        /// Not known yet: the first use tries it and records the answer.
        case untried
    }

    /// `POST /admin/inventory-items/location-levels/batch` (Medusa 2.3.0+): many items' levels in one request.
    public var stockLevelsBatch: Support
    /// `GET /admin/products?external_id=` filters (Medusa 2.0.0 strips the key and returns the whole catalogue).
    public var externalIdFilter: Bool
    /// `POST /admin/orders/{id}` updates the order (e-mail, addresses, metadata merged; the workflow of PR #10373,
    /// metadata editable from 2.5.0, PR #11285). Medusa 2.0.0's route is a stub answering 500, so the Odoo reference
    /// cannot be written into the order's metadata there. No harmless probe exists (the route writes), so it is
    /// inferred: a server with `GET /admin/plugins` (2.7.0+) has it; one without is treated as 2.0.0 (a 2.5–2.6 server
    /// is under-estimated: its orders simply do not get the reference).
    public var orderUpdate: Bool

    public init(stockLevelsBatch: Support, externalIdFilter: Bool, orderUpdate: Bool = false) {
        self.stockLevelsBatch = stockLevelsBatch; self.externalIdFilter = externalIdFilter
        self.orderUpdate = orderUpdate
    }

    /// What Medusa 2.0.0 offers: per-level stock writes, no server-side `external_id` lookups, no order update.
    public static let medusa2_0 = MedusaCapabilities(stockLevelsBatch: .absent, externalIdFilter: false)

    /// `levels-batch=available;external-id=1;order-update=1`: the memo form.
    public var memo: String {
        "levels-batch=\(stockLevelsBatch.rawValue);external-id=\(externalIdFilter ? 1 : 0);order-update=\(orderUpdate ? 1 : 0)"
    }

    /// Reads a memo; nil when it is not one (written by another version of the service), so the server is probed again.
    public init?(memo: String) {
        var fields: [String: String] = [:]
        for part in memo.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { return nil }
            fields[pair[0]] = pair[1]
        }
        guard let batch = fields["levels-batch"].flatMap(Support.init(rawValue:)),
              let external = fields["external-id"], ["0", "1"].contains(external),
              let orderUpdate = fields["order-update"], ["0", "1"].contains(orderUpdate) else { return nil }
        self.init(stockLevelsBatch: batch, externalIdFilter: external == "1", orderUpdate: orderUpdate == "1")
    }
}

/// The server does not have a route the client tried (an older Medusa answers an unknown route with a plain
/// "Cannot POST …" 404, not Medusa's JSON `not_found`). The caller falls back to the older way and remembers it.
public struct MedusaRouteMissing: ClassifiedError, Equatable {
    public var method: String
    public var path: String

    public init(method: String, path: String) { self.method = method; self.path = path }

    public var failureClass: FailureClass { .permanent }
    public var system: String { "medusa" }
    public var description: String { "Medusa \(method) \(path): this Medusa version has no such route" }
}

/// One stock level to set: the absolute quantity of an inventory item at a stock location.
public struct StockLevelWrite: Sendable, Hashable {
    public var inventoryItemId: String
    public var locationId: String
    public var stockedQuantity: Decimal

    public init(inventoryItemId: String, locationId: String, stockedQuantity: Decimal) {
        self.inventoryItemId = inventoryItemId; self.locationId = locationId; self.stockedQuantity = stockedQuantity
    }
}
