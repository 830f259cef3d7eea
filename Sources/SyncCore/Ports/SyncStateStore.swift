/// The stored link between an Odoo record and the Medusa record written for it, with the hash of what was last
/// written so an unchanged record costs no Medusa call. Written right after each successful create.
public struct Binding: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// product.template ↔ Medusa product.
        case product
        /// product.product ↔ Medusa variant (`parentMedusaId` = product id, `extra` = inventory item id).
        case variant
        /// product.category ↔ Medusa product category.
        case category
        /// Image content checksum ↔ uploaded URL (`odooId` = owning template, `extra` = checksum).
        case image
        /// Stock level last written (`hash` = quantity text).
        case stock
    }

    public var kind: Kind
    public var odooId: Int
    public var medusaId: String
    public var hash: String?
    public var parentMedusaId: String?
    public var extra: String?

    public init(kind: Kind, odooId: Int, medusaId: String, hash: String? = nil, parentMedusaId: String? = nil, extra: String? = nil) {
        self.kind = kind; self.odooId = odooId; self.medusaId = medusaId; self.hash = hash
        self.parentMedusaId = parentMedusaId; self.extra = extra
    }
}

/// Durable sync state: bindings and cursors. Implemented by `RunStore` (SQLite); each call is its own transaction,
/// and `commitPage` writes bindings and a cursor atomically so a crash never leaves a cursor ahead of its writes.
public protocol SyncStateStore: Sendable {
    func bindings(kind: Binding.Kind, odooIds: [Int]) async throws -> [Int: Binding]
    func allBindings(kind: Binding.Kind) async throws -> [Binding]
    func saveBindings(_ bindings: [Binding]) async throws
    func deleteBindings(kind: Binding.Kind, odooIds: [Int]) async throws

    /// Cursor of one stream (e.g. "product.template").
    func cursor(stream: String) async throws -> ModelCursor?
    /// Saves bindings and advances the cursor in one transaction.
    func commitPage(bindings: [Binding], stream: String, cursor: ModelCursor?) async throws

    /// Small values the engine keeps between runs (`SyncMemo`): the Odoo session, when the setup was last read.
    func memo(_ key: String) async throws -> String?
    /// Sets (or with nil removes) a memo.
    func saveMemo(_ key: String, value: String?) async throws
}

/// Keys of the engine's memos in `SyncStateStore`.
public enum SyncMemo {
    /// `OdooCatalogue.sessionMemo()` of the last run that connected and did not fail.
    public static let odooSession = "odoo.session"
    /// When the setup (currencies, pricelists, categories, locations, Medusa store) was last read, as seconds since 1970.
    public static let setupReadAt = "setup.readAt"
}

/// Where the engine reports a run as it goes. Implemented by the job runner (which persists outcomes to `RunStore`
/// and publishes progress to SSE listeners).
public protocol RunReporter: Sendable {
    func progress(_ progress: RunProgress) async
    func outcomes(_ outcomes: [ProductOutcome]) async throws
}
