/// One run's collaborators and read-once context, shared by the passes (products, archiving, stock).
struct SyncRun: Sendable {
    let odoo: any OdooCatalogue
    let medusa: any MedusaShop
    let state: any SyncStateStore
    let configuration: SyncConfiguration
    let request: SyncRequest
    let setup: RunSetup
    /// Where the change streams stood when the run started (first pages, heads, which stock to check).
    let start: RunStart
    let ledger: RunLedger
    let adoption: AdoptionIndex
    let mapping: MappingContext
    /// Odoo category id → why it is not in Medusa.
    let categoryIssues: [Int: String]
    let managedCategoryIds: Set<String>
    /// Where variant bindings go as they are saved, for stock writes beside the products phase (nil: no stock sync,
    /// or a dry run).
    var stockFeed: StockFeed? = nil

    var dryRun: Bool { request.dryRun }
    var pageSize: Int { configuration.pageSize }

    /// Safe point between pages and products.
    func checkCancellation() throws {
        if Task.isCancelled { throw CancellationError() }
    }
}
