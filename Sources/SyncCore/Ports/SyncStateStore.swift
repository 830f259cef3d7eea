/// Durable sync state: bindings, stream cursors and memos. Implemented by `RunStore` (SQLite); each call is its own
/// transaction. A stream's cursor is advanced only after the bindings of what it covers were saved, so a crash never
/// leaves a cursor ahead of its writes.
public protocol SyncStateStore: RetrySetStore {
    func bindings(kind: Binding.Kind, odooIds: [Int]) async throws -> [Int: Binding]
    func allBindings(kind: Binding.Kind) async throws -> [Binding]
    func saveBindings(_ bindings: [Binding]) async throws
    func deleteBindings(kind: Binding.Kind, odooIds: [Int]) async throws

    /// Where a change stream was last read up to; nil before its first run.
    func cursor(stream: SyncStream) async throws -> ModelCursor?
    /// Moves a stream's cursor: the next run reads what was written after it.
    func advanceCursor(stream: SyncStream, to cursor: ModelCursor) async throws

    /// Small values the engine keeps between runs: the Odoo session, when the setup was last read.
    func memo(_ key: SyncMemo) async throws -> String?
    /// Sets (or with nil removes) a memo.
    func saveMemo(_ key: SyncMemo, value: String?) async throws
}

extension SyncStateStore {
    /// Bindings of one kind, typed, by Odoo id.
    public func bindings<Bound: KindOfBinding>(_ type: Bound.Type, odooIds: [Int]) async throws -> [Int: Bound] {
        try await bindings(kind: Bound.kind, odooIds: odooIds).compactMapValues(Bound.init)
    }

    /// Every binding of one kind, typed.
    public func allBindings<Bound: KindOfBinding>(_ type: Bound.Type) async throws -> [Bound] {
        try await allBindings(kind: Bound.kind).compactMap(Bound.init)
    }

    public func saveBindings<Bound: KindOfBinding>(_ bindings: [Bound]) async throws {
        try await saveBindings(bindings.map(\.binding))
    }
}

/// Keys of the engine's memos in `SyncStateStore`.
public enum SyncMemo: String, Sendable, CaseIterable {
    /// `OdooCatalogue.sessionMemo()` of the last run that connected and did not fail.
    case odooSession = "odoo.session"
    /// `MedusaCapabilities.memo` of the last run that probed the Medusa server.
    case medusaCapabilities = "medusa.capabilities"
    /// When the setup (currencies, pricelists, categories, locations, Medusa store) was last read, as seconds since 1970.
    case setupReadAt = "setup.readAt"
    /// The orders poll's position: `updated_at` (ISO 8601 with milliseconds) of the newest order handled.
    case ordersCursor = "orders.cursor"
    /// When orders sync was first enabled (ISO 8601): the default of `ORDERS_SINCE`, so turning it on never floods
    /// Odoo with the shop's history.
    case ordersSince = "orders.since"
    /// The shipping service product the orders sync found or created (`ODOO_SHIPPING_PRODUCT_ID` unset).
    case shippingProductId = "orders.shippingProductId"
    /// The deliveries poll's position on `stock.picking` (`ModelCursor` as JSON); starts at `orders.since`, since only
    /// pickings of sale orders the orders sync created are reported.
    case deliveriesCursor = "deliveries.cursor"
}

/// Where the engine reports a run as it goes. Implemented by the job runner (which persists outcomes to `RunStore`
/// and publishes progress to SSE listeners).
public protocol RunReporter: Sendable {
    func progress(_ progress: RunProgress) async
    func outcomes(_ outcomes: [ProductOutcome]) async throws
}

/// The retry set: what failed in some run and is tried again by later runs (`RetryItem`, `RetrySchedule`). Each call is
/// its own transaction.
public protocol RetrySetStore: Sendable {
    /// The items of one kind held for `odooIds` (absent ids are not in the set).
    func retryItems(kind: RetryItem.Kind, odooIds: [Int]) async throws -> [Int: RetryItem]
    /// Every item, oldest failure first.
    func allRetryItems() async throws -> [RetryItem]
    /// Inserts or replaces items (by kind and Odoo id).
    func saveRetryItems(_ items: [RetryItem]) async throws
    func removeRetryItems(kind: RetryItem.Kind, odooIds: [Int]) async throws
}
