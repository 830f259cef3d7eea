import Foundation

/// How the engine syncs; built by the App from `SYNC_*`/`ODOO_*`/`MEDUSA_*` settings.
public struct SyncConfiguration: Sendable, Hashable {
    /// What happens in Medusa to a product that left Odoo's shop (archived, deleted, no longer saleable).
    public enum ArchiveMode: String, Sendable, Hashable, Codable, CaseIterable {
        /// Set to draft: invisible in the store, history and URLs kept (the default).
        case draft
        /// Delete (Medusa soft-deletes; the handle and skus become free again).
        case delete
    }

    /// Templates per Odoo read and per Medusa batch; memory is bounded by this, not by the catalogue.
    public var pageSize: Int
    /// Per-product Medusa calls in flight at once.
    public var concurrency: Int
    /// Stock-level writes in flight at once: one small request per variant (Medusa 2.0 has no multi-item level
    /// endpoint), so a first run writes as many levels as there are variants. 24 is where the benchmark's gains level
    /// off (docs/performance.md); the service's HTTP client allows as many connections per host.
    public var stockConcurrency: Int
    public var archiveMode: ArchiveMode
    /// Variants get `manage_inventory: true` and stock levels; off → `manage_inventory: false`, no stock pass.
    public var syncStock: Bool
    /// Odoo locations whose on-hand stock is summed; nil = all active internal locations.
    public var odooLocationIds: [Int]?
    /// Medusa stock location for the levels; nil = the store's default location.
    public var medusaLocationId: String?
    /// Sales channel products are attached to; nil = the store's default channel.
    public var salesChannelId: String?
    /// Currency code (any case) → Odoo pricelist id; currencies not listed use the automatic choice.
    public var pricelistByCurrency: [String: Int]
    public var publishRule: PublishRule
    public var syncImages: Bool
    public var syncCategories: Bool
    /// How long the setup (currencies, pricelists, categories, locations, Medusa store) read by a run stays good for
    /// incremental runs that find no change: those skip it, so a quiet poll costs one read per change stream. A run
    /// that finds changes, and every full run, reads it again.
    public var setupRefreshInterval: TimeInterval
    /// Product fields the shop edits (`MEDUSA_OWNED_FIELDS`): written at creation only.
    public var medusaOwnedFields: Set<MedusaOwnedField> = []
    /// Full runs read Medusa's products (one request per 250) and correct what was changed or deleted there by hand.
    public var reconcileFullRuns = true
    /// When items that failed are tried again, and how many times (`RETRY_MAX_ATTEMPTS`).
    public var retrySchedule = RetrySchedule()

    /// Records per read of the variant, attribute-value, pricelist-item and stock streams: only their template or
    /// variant ids are used (templates are then synced `pageSize` at a time), so these pages can be larger.
    var streamPageSize: Int { max(pageSize, 2_000) }

    public init(pageSize: Int = 500, concurrency: Int = 4, stockConcurrency: Int = 24, archiveMode: ArchiveMode = .draft,
                syncStock: Bool = true, odooLocationIds: [Int]? = nil, medusaLocationId: String? = nil,
                salesChannelId: String? = nil, pricelistByCurrency: [String: Int] = [:],
                publishRule: PublishRule = PublishRule(), syncImages: Bool = true, syncCategories: Bool = true,
                setupRefreshInterval: TimeInterval = 900) {
        self.pageSize = max(pageSize, 1); self.concurrency = max(concurrency, 1)
        self.stockConcurrency = max(stockConcurrency, 1); self.archiveMode = archiveMode
        self.syncStock = syncStock; self.odooLocationIds = odooLocationIds; self.medusaLocationId = medusaLocationId
        self.salesChannelId = salesChannelId; self.pricelistByCurrency = pricelistByCurrency
        self.publishRule = publishRule; self.syncImages = syncImages; self.syncCategories = syncCategories
        self.setupRefreshInterval = max(setupRefreshInterval, 0)
    }
}
