import Foundation

/// Stock has its own pass because stock moves bump no product `write_date`: for the variants whose quants were written
/// since the stock cursor (every bound variant in a full run or before there is a cursor), read Odoo's on-hand
/// quantity (summed over the configured locations; on hand, not minus reserved, because Medusa subtracts its own
/// reservations) and write only levels that differ from the stock binding. Negative stock is written as 0. A full run
/// also catches what the stock stream cannot see: a quant Odoo deleted (emptied quants are removed).
/// Built only when the run writes stock (stock sync on, not a dry run, a Medusa location known).
struct StockPass: Sendable {
    let odoo: any OdooCatalogue
    let medusa: any MedusaShop
    let state: any SyncStateStore
    let ledger: RunLedger
    let configuration: SyncConfiguration
    let request: SyncRequest
    /// Which variants to check, and where the stock cursor goes (`RunStart`).
    let scope: RunStart.StockScope
    /// The Medusa stock location written to.
    let location: String
    /// The Odoo locations whose on-hand stock is summed.
    let odooLocationIds: [Int]
    /// Whether the server takes many levels in one request (Medusa 2.3+).
    let capabilities: RunCapabilities

    private var pageSize: Int { configuration.pageSize }

    /// The stock pass proper, after the products: every bound variant not already handled by the feed during the
    /// products phase (`fed`), then every stock failure of the run (`fed.failures` first).
    func run(fed: StockFeed.Result = StockFeed.Result()) async throws {
        let candidates = try await candidates()
            .filter { $0.inventory != .notManaged && !fed.handled.contains($0.odooVariantId) }
            .sorted { $0.odooVariantId < $1.odooVariantId }
        await ledger.startPhase(.stock, total: candidates.count)
        var failures = fed.failures
        for group in candidates.chunked(into: pageSize).chunked(into: configuration.concurrency) {
            try Task.checkCancellation()
            failures += try await write(group)
            await ledger.advance(by: group.reduce(0) { $0 + $1.count })
        }
        try await report(failures)
        try await advanceStockCursor(failed: !failures.isEmpty)
    }

    /// The stock cursor moves only when every level was written, so a failed variant is read again by the next run.
    private func advanceStockCursor(failed: Bool) async throws {
        let next: ModelCursor?
        switch scope {
        case .notApplicable: return
        case .everyBoundVariant(let head): next = head
        case .changed(_, let cursor): next = cursor
        }
        guard !failed, let next, try await state.cursor(stream: .stockQuants) != next else { return }
        try await state.advanceCursor(stream: .stockQuants, to: next)
    }

    /// Sets the stock of variants bound during the products phase while later pages are still being synced, so the
    /// per-variant level writes (Medusa 2.0 has no multi-item endpoint) overlap with the products instead of all
    /// coming after them. Reads the feed until it is closed.
    func consume(_ feed: StockFeed) async throws -> StockFeed.Result {
        var result = StockFeed.Result()
        // Whatever arrived while the previous writes went out is written next, once there is a chunk's worth.
        var pending: [VariantBinding] = []
        func flush() async throws {
            let group = pending.chunked(into: pageSize)
            pending = []
            result.failures += try await write(group)
        }
        for await bindings in feed.stream {
            for binding in bindings where binding.inventory != .notManaged && result.handled.insert(binding.odooVariantId).inserted {
                pending.append(binding)
            }
            if pending.count >= pageSize {
                try Task.checkCancellation()
                try await flush()
            }
        }
        try Task.checkCancellation()
        if !pending.isEmpty { try await flush() }
        return result
    }

    /// One group of chunks: reads `concurrency` chunks at once (a run with little to write is bound by the reads'
    /// round trips, and these overlap); then the group's writes go out `stockConcurrency` at a time, in one stream so
    /// the requests in flight do not drain at every chunk's end. Returns the failures to report.
    private func write(_ group: [[VariantBinding]]) async throws -> [Failure] {
        let writes = try await forEachConcurrently(group, limit: configuration.concurrency) { chunk in
            try await plannedWrites(chunk)
        }.flatMap { $0 }
        let results = try await send(writes)
        var failures: [Failure] = []
        var written: [StockBinding] = []
        var gone: [Int] = []
        for (write, result) in zip(writes, results) {
            switch result {
            case .success:
                written.append(StockBinding(odooVariantId: write.variant.odooVariantId, inventoryItemId: write.inventoryItemId,
                                            quantity: write.quantity, productId: write.variant.productId, locationId: location))
            case .failure(let error) where failureClass(of: error) == .missingRemotely:
                gone.append(write.variant.odooVariantId)
            case .failure(let error):
                if mustAbortRun(error) { throw error }
                failures.append(Failure(variantId: write.variant.odooVariantId, productId: write.variant.productId, error: error))
            }
        }
        if !written.isEmpty { try await state.saveBindings(written) }
        if !gone.isEmpty {
            try await state.deleteBindings(kind: .variant, odooIds: gone)
            try await state.deleteBindings(kind: .stock, odooIds: gone)
        }
        return failures
    }

    /// Sends the writes: in batches where the server has the global levels batch, else (or for a batch Medusa
    /// refused, to isolate the bad level) one request per level, `stockConcurrency` at a time.
    private func send(_ writes: [StockWrite]) async throws -> [Result<Void, any Error>] {
        guard !writes.isEmpty else { return [] }
        if await capabilities.current.stockLevelsBatch != .absent {
            let location = self.location
            let level = { (write: StockWrite) in
                StockLevelWrite(inventoryItemId: write.inventoryItemId, locationId: location, stockedQuantity: write.quantity)
            }
            do {
                try await medusa.batchStockLevels(create: writes.filter { !$0.levelWritten }.map(level),
                                                  update: writes.filter(\.levelWritten).map(level))
                await capabilities.levelsBatchExists()
                return writes.map { _ in .success(()) }
            } catch is MedusaRouteMissing {
                await capabilities.levelsBatchIsMissing()
            } catch {
                if mustAbortRun(error) { throw error }
                // Transient after the client's own retries: these levels are failures of this run (the stock
                // cursor stays, the next run writes them again: quantities are absolute, so nothing doubles).
                if failureClass(of: error) == .retryable { return writes.map { _ in .failure(error) } }
                // Refused: the route exists (Medusa answered for it), but one bad level fails its whole batch; level
                // by level isolates it.
                await capabilities.levelsBatchExists()
            }
        }
        let (shop, levelLocation) = (medusa, location)
        return try await forEachConcurrently(writes, limit: configuration.stockConcurrency) { write in
            await write.send(to: shop, location: levelLocation)
        }
    }

    /// Reads a chunk's on-hand quantities and stock bindings; the levels that differ from what was last written.
    private func plannedWrites(_ chunk: [VariantBinding]) async throws -> [StockWrite] {
        let variants = try await withInventoryItems(chunk)
        let ids = variants.map(\.odooVariantId)
        async let levelsRead = odoo.stockLevels(variantIds: ids, locationIds: odooLocationIds)
        async let knownRead = state.bindings(StockBinding.self, odooIds: ids)
        let (levels, known) = try await (levelsRead, knownRead)
        var onHand: [Int: Decimal] = [:]
        for level in levels { onHand[level.variantId, default: 0] += level.quantity }

        var writes: [StockWrite] = []
        for variant in variants {
            guard let item = variant.inventoryItemId else { continue }
            let quantity = max(0, onHand[variant.odooVariantId] ?? 0)
            let last = known[variant.odooVariantId]
            // A level never written for this item and location (new variant, new location) most likely does not
            // exist: create it first instead of an update answering 404.
            let written = last.map { $0.inventoryItemId == item && $0.locationId == location } ?? false
            if written, last?.quantity == quantity { continue }
            writes.append(StockWrite(variant: variant, inventoryItemId: item, quantity: quantity, levelWritten: written))
        }
        return writes
    }

    /// Targeted runs touch only the requested templates' variants; the others what the run start found (`RunStart`).
    private func candidates() async throws -> [VariantBinding] {
        switch scope {
        case .everyBoundVariant:
            return try await state.allBindings(VariantBinding.self)
        case .changed(let variantIds, _):
            return variantIds.isEmpty ? [] : Array(try await state.bindings(VariantBinding.self, odooIds: Array(variantIds)).values)
        case .notApplicable:
            guard request.mode == .targeted else { return [] }
            let ids = try await odoo.variants(templateIds: request.productIds, includeArchived: false).map(\.id)
            return ids.isEmpty ? [] : Array(try await state.bindings(VariantBinding.self, odooIds: ids).values)
        }
    }

    /// Variant bindings without a known inventory item get it from one product read; a variant without inventory
    /// management is marked so it is not looked up again.
    private func withInventoryItems(_ chunk: [VariantBinding]) async throws -> [VariantBinding] {
        let unknown = Dictionary(grouping: chunk.filter { $0.inventoryItemId == nil }, by: { $0.productId ?? "" })
        guard !unknown.isEmpty else { return chunk }
        var updated: [Int: VariantBinding] = [:]
        var gone: [Int] = []
        for (productId, bindings) in unknown where !productId.isEmpty {
            guard let product = try await medusa.existingProduct(id: productId) else {
                gone += bindings.map(\.odooVariantId)
                continue
            }
            for var binding in bindings {
                guard let variant = product.variants.first(where: { $0.id == binding.medusaVariantId }) else { continue }
                if let item = variant.inventoryItemId {
                    binding.inventory = .item(id: item)
                } else if !variant.manageInventory {
                    binding.inventory = .notManaged
                } else {
                    continue
                }
                updated[binding.odooVariantId] = binding
            }
        }
        if !updated.isEmpty { try await state.saveBindings(Array(updated.values)) }
        if !gone.isEmpty { try await state.deleteBindings(kind: .variant, odooIds: gone) }
        return chunk.compactMap { gone.contains($0.odooVariantId) ? nil : (updated[$0.odooVariantId] ?? $0) }
    }

    /// One failed outcome per template, naming the variants whose stock could not be written.
    private func report(_ failures: [Failure]) async throws {
        guard !failures.isEmpty else { return }
        var templateByProduct: [String: Int] = [:]
        for binding in try await state.allBindings(ProductBinding.self) { templateByProduct[binding.productId] = binding.templateId }
        let byProduct = Dictionary(grouping: failures) { $0.productId ?? "" }
        let outcomes: [ProductOutcome] = byProduct.keys.sorted().compactMap { productId in
            guard let templateId = templateByProduct[productId], let group = byProduct[productId] else { return nil }
            var outcome = ProductOutcome.failure(group[0].error, templateId: templateId, title: nil, medusaProductId: productId)
            outcome.message = group.map { "stock of Odoo variant \($0.variantId): \($0.error)" }.joined(separator: "; ")
            return outcome
        }
        try await ledger.report(outcomes, holdRetryable: false, advance: false)
    }

    struct Failure: Sendable {
        var variantId: Int
        var productId: String?
        var error: any Error
    }

    struct StockWrite: Sendable {
        var variant: VariantBinding
        var inventoryItemId: String
        var quantity: Decimal
        /// The sync wrote this item's level at this location before (so it exists, unless removed by hand).
        var levelWritten: Bool

        func send(to medusa: any MedusaShop, location: String) async -> Result<Void, any Error> {
            do {
                if levelWritten {
                    try await medusa.setStockLevel(inventoryItemId: inventoryItemId, locationId: location, stockedQuantity: quantity)
                } else {
                    try await medusa.createStockLevel(inventoryItemId: inventoryItemId, locationId: location, stockedQuantity: quantity)
                }
                return .success(())
            } catch {
                return .failure(error)
            }
        }
    }
}
