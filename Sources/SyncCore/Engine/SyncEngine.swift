import Foundation

/// Runs one sync: reads Odoo through `OdooCatalogue`, writes Medusa through `MedusaShop`, remembers what it wrote in
/// `SyncStateStore`, and tells `RunReporter` how it goes. One product's failure never stops the run; a configuration
/// failure (bad credentials, missing location) ends it as failed; cancellation stops at the next safe point.
/// `digest` fingerprints image content and desired states for the bindings (the core does no hashing itself).
public struct SyncEngine: Sendable {
    let odoo: any OdooCatalogue
    let medusa: any MedusaShop
    let state: any SyncStateStore
    let digest: any ContentDigest
    let configuration: SyncConfiguration
    let now: @Sendable () -> Date

    public init(odoo: any OdooCatalogue, medusa: any MedusaShop, state: any SyncStateStore, digest: any ContentDigest,
                configuration: SyncConfiguration, now: @escaping @Sendable () -> Date = Date.init) {
        self.odoo = odoo; self.medusa = medusa; self.state = state; self.digest = digest
        self.configuration = configuration; self.now = now
    }

    /// - Throws: `CancellationError` only; every other failure is in the summary (`error`, `errorClass`).
    public func run(_ request: SyncRequest, reporter: any RunReporter) async throws -> RunSummary {
        let retries = request.dryRun ? nil : RetryRecorder(store: state, schedule: configuration.retrySchedule, now: now)
        let ledger = RunLedger(reporter: reporter, retries: retries)
        let session = OdooSessionMemory(odoo: odoo, state: state)
        let medusaMemory = MedusaCapabilityMemory(medusa: medusa, state: state)
        do {
            await ledger.startPhase(.connecting)
            let resumed = try await session.open(detectAgain: request.mode == .full)
            var start = try await RunStart.read(odoo: odoo, state: state, request: request, configuration: configuration)
            // Every run also tries again what failed before and is due (a full run walks every template anyway).
            let due = try await retries?.due() ?? (templates: [], categories: [])
            if request.mode != .full { start.retryTemplateIds = due.templates }
            if start.foundNoChange, due.templates.isEmpty, due.categories.isEmpty, try await setupIsFresh() {
                await ledger.finish()
                try await session.remember(resumed: resumed)
                return await ledger.summary()
            }
            let summary = try await sync(request, start: start, ledger: ledger, retries: retries,
                                         medusaMemory: medusaMemory)
            try await session.remember(resumed: resumed)
            return summary
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            await session.forget()
            await medusaMemory.forget()
            try? await ledger.flushHeld()
            return await ledger.summary(error: error)
        }
    }

    /// Reads the setup, then runs the passes: categories, products (with stock beside them), stock.
    private func sync(_ request: SyncRequest, start: RunStart, ledger: RunLedger,
                      retries: RetryRecorder?, medusaMemory: MedusaCapabilityMemory) async throws -> RunSummary {
        async let capabilitiesRead = medusaMemory.open(probeAgain: request.mode == .full)
        async let setupRead = RunSetup.load(odoo: odoo, medusa: medusa, configuration: configuration,
                                            dryRun: request.dryRun, now: now())
        async let firstSync = state.cursor(stream: .templates) == nil
        let (setup, (capabilities, knownMemo), isFirstSync) = try await (setupRead, capabilitiesRead, firstSync)
        try await state.saveMemo(.setupReadAt, value: String(setup.now.timeIntervalSince1970))
        var categories = CategoryPass.Result()
        if configuration.syncCategories {
            await ledger.startPhase(.categories)
            categories = try await CategoryPass(medusa: medusa, state: state, hasher: DesiredHash(digest: digest),
                                                dryRun: request.dryRun).run(tree: setup.categories)
            try await retries?.recordCategories(failures: categories.failures, written: Array(categories.ids.keys))
        }
        // A first sync or a full run may create most of the catalogue: one listing of Medusa serves every adoption.
        // Any other run creates a few products at most and finds each by exact lookups (O(1), whatever the size).
        let lookup: AdoptionIndex.Lookup = request.mode == .full || (request.mode == .incremental && isFirstSync)
            ? .listing : .exact(byExternalId: await capabilities.current.externalIdFilter)
        let passes = PassAssembly(odoo: odoo, medusa: medusa, state: state, digest: digest, configuration: configuration,
                                  request: request, setup: setup, start: start, ledger: ledger, categories: categories,
                                  capabilities: capabilities, adoptionLookup: lookup)
        if configuration.syncStock, !request.dryRun, let location = setup.medusaLocationId {
            // Stock of the variants written by the products phase is set beside it; the stock pass does the rest.
            let feed = StockFeed()
            let products = passes.products(stockFeed: feed)
            let stock = passes.stock(location: location)
            let fed = try await withThrowingTaskGroup(of: StockFeed.Result.self) { group in
                group.addTask { try await stock.consume(feed) }
                do {
                    try await products.run()
                } catch {
                    feed.close()
                    throw error
                }
                feed.close()
                return try await group.next() ?? StockFeed.Result()
            }
            try await stock.run(fed: fed)
        } else {
            try await passes.products(stockFeed: nil).run()
        }
        try await medusaMemory.remember(capabilities, previous: knownMemo)
        // Due retries that got no outcome needed nothing (gone from Odoo and never written, or out of the shop).
        if !start.retryTemplateIds.isEmpty { try await retries?.forget(templates: await ledger.unreported(start.retryTemplateIds)) }
        await ledger.finish()
        return await ledger.summary()
    }

    /// Whether an earlier run read the setup less than `setupRefreshInterval` ago (a quiet run may then skip it).
    private func setupIsFresh() async throws -> Bool {
        guard let text = try await state.memo(.setupReadAt), let readAt = Double(text) else { return false }
        let age = now().timeIntervalSince1970 - readAt
        return age >= 0 && age < configuration.setupRefreshInterval
    }
}
