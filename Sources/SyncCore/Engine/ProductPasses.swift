/// The products phase per mode, plus the end-of-run retry of retryable failures.
extension SyncRun {
    func syncProducts() async throws {
        switch request.mode {
        case .full: try await fullPass()
        case .incremental: try await incrementalPass()
        case .targeted:
            await ledger.startPhase("products", total: request.productIds.count)
            try await syncIds(await ledger.claimProcessing(request.productIds))
        }
        let retry = await ledger.takeHeld()
        if !retry.isEmpty {
            _ = await ledger.claimProcessing(retry)
            try await syncIds(retry, hold: false)
        }
    }

    /// Every template, ignoring cursors: catches what `write_date` misses (a PTAV `price_extra` change) and, by
    /// comparing Odoo's ids with the product bindings, templates deleted in Odoo.
    private func fullPass() async throws {
        let allIds = try await odoo.templateIds(includeArchived: true)
        await ledger.startPhase("products", total: allIds.count)
        var cursor: ModelCursor?
        while true {
            try checkCancellation()
            let page = try await odoo.templates(after: cursor, limit: pageSize, includeArchived: true)
            guard let last = page.last else { break }
            let fresh = Set(await ledger.claimProcessing(page.map(\.id)))
            try await process(page.filter { fresh.contains($0.id) })
            cursor = ModelCursor(writeDate: last.writeDate, id: last.id)
            if page.count < pageSize { break }
        }
        let known = Set(allIds)
        let gone = try await state.allBindings(kind: .product).map(\.odooId).filter { !known.contains($0) }.sorted()
        await ledger.startPhase("archiving", total: gone.count)
        try await syncIds(gone)
    }

    /// Changes since each stream's cursor. Variant, PTAV and pricelist-item changes are mapped back to their templates;
    /// a category or global pricelist rule can change any price, so it re-plans every bound product (cheap: unchanged
    /// hashes cost no Medusa call).
    private func incrementalPass() async throws {
        await ledger.startPhase("products")
        var cursor = try await state.cursor(stream: SyncStream.templates)
        while true {
            try checkCancellation()
            let page = try await odoo.templates(after: cursor, limit: pageSize, includeArchived: true)
            guard let last = page.last else { break }
            let fresh = Set(await ledger.claimProcessing(page.map(\.id)))
            cursor = ModelCursor(writeDate: last.writeDate, id: last.id)
            try await process(page.filter { fresh.contains($0.id) }, commit: (SyncStream.templates, cursor))
            if page.count < pageSize { break }
        }
        try await follow(SyncStream.variants) { cursor in
            let page = try await odoo.variants(after: cursor, limit: streamPageSize, includeArchived: true)
            return (page.map(\.templateId), page.last.map { ModelCursor(writeDate: $0.writeDate, id: $0.id) }, page.count)
        }
        try await follow(SyncStream.attributeValues) { cursor in
            let page = try await odoo.templateAttributeValues(after: cursor, limit: streamPageSize)
            let last = page.last { $0.writeDate != nil }.map { ModelCursor(writeDate: $0.writeDate!, id: $0.id) }
            return (page.map(\.templateId), last, page.count)
        }
        try await followPricelistItems()
    }

    /// Records per read of the variant, attribute-value and pricelist-item streams: only their template ids are used
    /// (templates are then synced `pageSize` at a time), so pages can be larger than template pages — a first run
    /// walks every variant and attribute value, 30,000 each for 10,000 templates × 3 variants.
    private var streamPageSize: Int { max(pageSize, 2_000) }

    /// A stream of records that belong to templates: each page's templates are synced, then the stream's cursor moves.
    private func follow(_ stream: String,
                        read: (ModelCursor?) async throws -> (templateIds: [Int], last: ModelCursor?, count: Int)) async throws {
        var cursor = try await state.cursor(stream: stream)
        while true {
            try checkCancellation()
            let page = try await read(cursor)
            guard page.count > 0, let next = page.last, next != cursor else { break }
            let fresh = await ledger.claimProcessing(Array(Set(page.templateIds)).sorted())
            try await syncIds(fresh, commit: (stream, next))
            cursor = next
            if page.count < streamPageSize { break }
        }
    }

    private func followPricelistItems() async throws {
        let start = try await state.cursor(stream: SyncStream.pricelistItems)
        var cursor = start
        var templates: Set<Int> = []
        var everything = false
        while true {
            try checkCancellation()
            let page = try await odoo.pricelistItems(after: cursor, limit: streamPageSize)
            let next = page.last { $0.writeDate != nil }.map { ModelCursor(writeDate: $0.writeDate!, id: $0.id) }
            guard let next, next != cursor else { break }
            for item in page {
                if let template = item.templateId, item.appliedOn == .template || item.appliedOn == .variant {
                    templates.insert(template)
                } else {
                    everything = true
                }
            }
            cursor = next
            if page.count < streamPageSize { break }
        }
        guard cursor != start else { return }
        let ids = everything ? try await state.allBindings(kind: .product).map(\.odooId) + templates : Array(templates)
        try await syncIds(await ledger.claimProcessing(Array(Set(ids)).sorted()), commit: (SyncStream.pricelistItems, cursor))
    }

    /// Syncs templates by id, a page at a time; ids Odoo no longer has are archived when bound. The stream cursor, if
    /// any, is committed with the last page.
    func syncIds(_ ids: [Int], hold: Bool = true, commit: (stream: String, cursor: ModelCursor?)? = nil) async throws {
        let chunks = ids.chunked(into: pageSize)
        guard !chunks.isEmpty else {
            if let commit, !dryRun { try await state.commitPage(bindings: [], stream: commit.stream, cursor: commit.cursor) }
            return
        }
        for (index, chunk) in chunks.enumerated() {
            try checkCancellation()
            let templates = try await odoo.templates(ids: chunk, includeArchived: true)
            let found = Set(templates.map(\.id))
            try await process(templates, missing: chunk.filter { !found.contains($0) }, hold: hold,
                              commit: index == chunks.count - 1 ? commit : nil)
        }
    }

    /// Syncs a page, commits its cursor (bindings are already saved) and reports its outcomes. A page cut short by
    /// cancellation reports what it did and keeps the old cursor, so the next run redoes the rest.
    private func process(_ templates: [OdooTemplate], missing: [Int] = [], hold: Bool = true,
                         commit: (stream: String, cursor: ModelCursor?)? = nil) async throws {
        var outcomes = try await syncPage(templates)
        outcomes += try await archiveMissing(missing)
        if Task.isCancelled {
            try await ledger.report(outcomes, holdRetryable: false)
            throw CancellationError()
        }
        if let commit, !dryRun { try await state.commitPage(bindings: [], stream: commit.stream, cursor: commit.cursor) }
        try await ledger.report(outcomes, holdRetryable: hold)
    }

    private func archiveMissing(_ ids: [Int]) async throws -> [ProductOutcome] {
        guard !ids.isEmpty else { return [] }
        let bound = try await state.bindings(kind: .product, odooIds: ids)
        var outcomes: [ProductOutcome] = []
        for id in ids where !Task.isCancelled {
            if let binding = bound[id] {
                outcomes.append(try await runArchive(templateId: id, template: nil, binding: binding))
            } else if request.mode == .targeted {
                outcomes.append(ProductOutcome(odooTemplateId: id, kind: .skipped, message: "not found in Odoo"))
            }
        }
        return outcomes
    }
}
