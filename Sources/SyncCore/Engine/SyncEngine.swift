import Foundation

/// Runs one sync: reads Odoo through `OdooCatalogue`, writes Medusa through `MedusaShop`, remembers what it wrote in
/// `SyncStateStore`, and tells `RunReporter` how it goes. One product's failure never stops the run; a configuration
/// failure (bad credentials, missing location) ends it as failed; cancellation stops at the next safe point.
public struct SyncEngine: Sendable {
    let odoo: any OdooCatalogue
    let medusa: any MedusaShop
    let state: any SyncStateStore
    let configuration: SyncConfiguration
    let now: @Sendable () -> Date

    public init(odoo: any OdooCatalogue, medusa: any MedusaShop, state: any SyncStateStore,
                configuration: SyncConfiguration, now: @escaping @Sendable () -> Date = Date.init) {
        self.odoo = odoo; self.medusa = medusa; self.state = state; self.configuration = configuration; self.now = now
    }

    /// - Throws: `CancellationError` only; every other failure is in the summary (`error`, `errorClass`).
    public func run(_ request: SyncRequest, reporter: any RunReporter) async throws -> RunSummary {
        let ledger = RunLedger(reporter: reporter)
        let session = OdooSessionMemory(odoo: odoo, state: state)
        do {
            await ledger.startPhase("connecting")
            let resumed = try await session.open(detectAgain: request.mode == .full)
            let start = try await RunStart.read(odoo: odoo, state: state, request: request, configuration: configuration)
            if start.foundNoChange, try await setupIsFresh() {
                await ledger.finish()
                try await session.remember(resumed: resumed)
                return await ledger.summary()
            }
            let summary = try await sync(request, start: start, ledger: ledger)
            try await session.remember(resumed: resumed)
            return summary
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            await session.forget()
            try? await ledger.flushHeld()
            return await ledger.summary(error: error)
        }
    }

    /// Reads the setup, then runs the passes: categories, products (with stock beside them), stock.
    private func sync(_ request: SyncRequest, start: RunStart, ledger: RunLedger) async throws -> RunSummary {
        let setup = try await RunSetup.load(odoo: odoo, medusa: medusa, configuration: configuration,
                                            dryRun: request.dryRun, now: now())
        try await state.saveMemo(SyncMemo.setupReadAt, value: String(setup.now.timeIntervalSince1970))
        var categories = CategorySync.Result()
        if configuration.syncCategories {
            await ledger.startPhase("categories")
            categories = try await CategorySync(medusa: medusa, state: state, dryRun: request.dryRun).run(tree: setup.categories)
        }
        let evaluator = PricelistEvaluator(book: setup.book, currencies: setup.currencies, categories: setup.categories,
                                           now: setup.now)
        let mapping = MappingContext(
            publishRule: configuration.publishRule,
            pricer: VariantPricer(plan: setup.priceSources, evaluator: evaluator),
            salesChannelIds: setup.salesChannelIds,
            manageInventory: configuration.syncStock,
            categoryIds: configuration.syncCategories ? categories.ids : nil,
            syncImages: configuration.syncImages
        )
        var run = SyncRun(odoo: odoo, medusa: medusa, state: state, configuration: configuration, request: request,
                          setup: setup, start: start, ledger: ledger, adoption: AdoptionIndex(medusa: medusa),
                          mapping: mapping, categoryIssues: categories.issues,
                          managedCategoryIds: Set(categories.ids.values))
        if configuration.syncStock, !request.dryRun, setup.medusaLocationId != nil {
            // Stock of the variants written by the products phase is set beside it; the stock pass does the rest.
            let feed = StockFeed()
            run.stockFeed = feed
            let products = run
            let fed = try await withThrowingTaskGroup(of: StockFeed.Result.self) { group in
                group.addTask { try await products.consumeStockFeed(feed) }
                do {
                    try await products.syncProducts()
                } catch {
                    feed.close()
                    throw error
                }
                feed.close()
                return try await group.next() ?? StockFeed.Result()
            }
            run.stockFeed = nil
            try await run.syncStock(fed: fed)
        } else {
            try await run.syncProducts()
            try await run.syncStock()
        }
        await ledger.finish()
        return await ledger.summary()
    }

    /// Whether an earlier run read the setup less than `setupRefreshInterval` ago (a quiet run may then skip it).
    private func setupIsFresh() async throws -> Bool {
        guard let text = try await state.memo(SyncMemo.setupReadAt), let readAt = Double(text) else { return false }
        let age = now().timeIntervalSince1970 - readAt
        return age >= 0 && age < configuration.setupRefreshInterval
    }
}
