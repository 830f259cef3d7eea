/// The products phase per mode (every template, changes since the cursors, or the requested templates), plus the
/// end-of-run retry of retryable failures. Pages go to `PageSync`; templates Odoo no longer has to `ArchivePass`.
struct ProductPass: Sendable {
    let odoo: any OdooCatalogue
    let state: any SyncStateStore
    let ledger: RunLedger
    let request: SyncRequest
    let configuration: SyncConfiguration
    /// Where the change streams stood when the run started.
    let start: RunStart
    let pages: PageSync
    let archiver: ArchivePass

    private var dryRun: Bool { request.dryRun }
    private var pageSize: Int { configuration.pageSize }
    private var streamPageSize: Int { configuration.streamPageSize }

    func run() async throws {
        switch request.mode {
        case .full: try await fullPass()
        case .incremental:
            try await incrementalPass()
            try await syncDueRetries()
        case .targeted:
            await ledger.startPhase(.products, total: Set(request.productIds + start.retryTemplateIds).count)
            try await syncIds(await ledger.claimProcessing(request.productIds))
            try await syncDueRetries()
        }
        let retry = await ledger.takeHeld()
        if !retry.isEmpty {
            _ = await ledger.claimProcessing(retry)
            try await syncIds(retry, hold: false)
        }
    }

    /// The retry set's due templates not synced yet in this run (they failed in an earlier run): ids Odoo no longer has
    /// are archived when bound, and reported either way, so they leave the set.
    private func syncDueRetries() async throws {
        let ids = await ledger.claimProcessing(start.retryTemplateIds)
        guard !ids.isEmpty else { return }
        try await syncIds(ids, reportingMissing: true)
    }

    /// Every template, ignoring cursors: catches what `write_date` misses (a PTAV `price_extra` change) and, by
    /// comparing Odoo's ids with the product bindings, templates deleted in Odoo.
    private func fullPass() async throws {
        let allIds = try await odoo.templateIds(includeArchived: true)
        await ledger.startPhase(.products, total: allIds.count)
        try await pipelined(first: try await readTemplates(after: nil)) { prepared, _ in try await process(prepared) }
        let known = Set(allIds)
        let gone = try await state.allBindings(ProductBinding.self).map(\.templateId).filter { !known.contains($0) }.sorted()
        await ledger.startPhase(.archiving, total: gone.count)
        try await syncIds(gone)
        if !dryRun {
            // Failed templates Odoo no longer has and that were never written need nothing more.
            let stale = try await state.allRetryItems().filter { $0.kind == .product && !known.contains($0.odooId) }
            try await state.removeRetryItems(kind: .product, odooIds: stale.map(\.odooId))
        }
        try await advanceToHeads()
    }

    /// After a walk over every template: each stream's cursor moves to the head read when the run started.
    private func advanceToHeads() async throws {
        guard !dryRun else { return }
        for (stream, head) in start.heads.sorted(by: { $0.key < $1.key }) {
            try await state.advanceCursor(stream: stream, to: head)
        }
    }

    /// Changes since each stream's cursor, from the first pages read when the run started. Variant, PTAV and
    /// pricelist-item changes are mapped back to their templates; a category or global pricelist rule can change any
    /// price, so it re-plans every bound product (cheap: unchanged hashes cost no Medusa call). The first run (no
    /// template cursor) walks every template, which covers the other streams: their cursors move to their heads.
    private func incrementalPass() async throws {
        await ledger.startPhase(.products)
        let first = try await readTemplates(after: try await state.cursor(stream: .templates), first: start.templates)
        try await pipelined(first: first) { prepared, page in
            try await process(prepared, advancing: StreamAdvance(stream: .templates, cursor: page.cursor))
        }
        guard start.heads.isEmpty else { return try await advanceToHeads() }
        try await follow(.variants, first: start.variants.map(Self.streamPage)) { cursor in
            Self.streamPage(try await odoo.variants(after: cursor, limit: streamPageSize, includeArchived: true))
        }
        try await follow(.attributeValues, first: start.attributeValues.map(Self.streamPage)) { cursor in
            Self.streamPage(try await odoo.templateAttributeValues(after: cursor, limit: streamPageSize))
        }
        try await followPricelistItems()
    }

    /// A page of a stream of records that belong to templates: their templates, and the cursor after the page.
    struct StreamPage {
        var templateIds: [Int]
        var last: ModelCursor?
        var count: Int
    }

    static func streamPage(_ variants: [OdooVariant]) -> StreamPage {
        StreamPage(templateIds: variants.map(\.templateId),
                   last: variants.last.map { ModelCursor(writeDate: $0.writeDate, id: $0.id) }, count: variants.count)
    }

    static func streamPage(_ values: [OdooTemplateAttributeValue]) -> StreamPage {
        let last = values.last { $0.writeDate != nil }.map { ModelCursor(writeDate: $0.writeDate!, id: $0.id) }
        return StreamPage(templateIds: values.map(\.templateId), last: last, count: values.count)
    }

    /// A stream of records that belong to templates: each page's templates are synced, then the stream's cursor moves.
    /// `first` is the page already read after the stored cursor, if any.
    private func follow(_ stream: SyncStream, first: StreamPage?,
                        read: (ModelCursor?) async throws -> StreamPage) async throws {
        var cursor = try await state.cursor(stream: stream)
        var pages = Prefetched(first)
        while true {
            try Task.checkCancellation()
            let page = try await pages.next { try await read(cursor) }
            guard page.count > 0, let next = page.last, next != cursor else { break }
            let fresh = await ledger.claimProcessing(Array(Set(page.templateIds)).sorted())
            try await syncIds(fresh, advancing: StreamAdvance(stream: stream, cursor: next))
            cursor = next
            if page.count < streamPageSize { break }
        }
    }

    private func followPricelistItems() async throws {
        let stored = try await state.cursor(stream: .pricelistItems)
        var cursor = stored
        var templates: Set<Int> = []
        var everything = false
        var pages = Prefetched(start.pricelistItems)
        while true {
            try Task.checkCancellation()
            let page = try await pages.next { try await odoo.pricelistItems(after: cursor, limit: streamPageSize) }
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
        guard cursor != stored, let cursor else { return }
        let ids = everything ? try await state.allBindings(ProductBinding.self).map(\.templateId) + templates : Array(templates)
        try await syncIds(await ledger.claimProcessing(Array(Set(ids)).sorted()),
                          advancing: StreamAdvance(stream: .pricelistItems, cursor: cursor))
    }

    /// Where a stream's cursor goes once the pages it covers are synced.
    struct StreamAdvance {
        var stream: SyncStream
        var cursor: ModelCursor
    }

    /// Syncs templates by id, a page at a time; ids Odoo no longer has are archived when bound. The stream cursor, if
    /// any, advances with the last page.
    private func syncIds(_ ids: [Int], hold: Bool = true, reportingMissing: Bool = false,
                         advancing advance: StreamAdvance? = nil) async throws {
        let chunks = ids.chunked(into: pageSize)
        guard !chunks.isEmpty else {
            if let advance, !dryRun { try await state.advanceCursor(stream: advance.stream, to: advance.cursor) }
            return
        }
        var next = try await readChunk(chunks[0])
        for index in chunks.indices {
            try Task.checkCancellation()
            let (prepared, missing) = next
            let isLast = index == chunks.count - 1
            async let ahead = isLast ? (PageSync.PreparedPage.empty, []) : readChunk(chunks[index + 1])
            try await process(prepared, missing: missing, hold: hold, reportingMissing: reportingMissing,
                              advancing: isLast ? advance : nil)
            next = try await ahead
        }
    }

    /// A page of templates in cursor order, claimed for this run (`fresh`: those not synced yet in it).
    struct TemplatePage: Sendable {
        var fresh: [OdooTemplate]
        /// After the page's last template.
        var cursor: ModelCursor
        /// A short page: nothing comes after it.
        var isLast: Bool
    }

    /// The page after `cursor` (`first` when `RunStart` already read it); nil when there is none.
    private func readTemplates(after cursor: ModelCursor?, first: [OdooTemplate]? = nil) async throws -> TemplatePage? {
        let page: [OdooTemplate]
        if let first { page = first } else { page = try await odoo.templates(after: cursor, limit: pageSize, includeArchived: true) }
        guard let last = page.last else { return nil }
        let fresh = Set(await ledger.claimProcessing(page.map(\.id)))
        return TemplatePage(fresh: page.filter { fresh.contains($0.id) }, cursor: ModelCursor(writeDate: last.writeDate, id: last.id),
                            isLast: page.count < pageSize)
    }

    /// The page after `page`, unless `page` is the last.
    private func readTemplates(following page: TemplatePage?) async throws -> TemplatePage? {
        guard let page, !page.isLast else { return nil }
        return try await readTemplates(after: page.cursor)
    }

    private func prepare(_ page: TemplatePage?) async throws -> PageSync.PreparedPage? {
        guard let page else { return nil }
        return try await pages.prepare(page.fresh)
    }

    /// Pages in cursor order, three in flight: page n is written while page n+1 is read from Odoo and mapped
    /// (`PageSync.prepare`) and page n+2's templates are read, so the engine's CPU, Odoo's and Medusa's overlap.
    /// Writes stay in page order, and so do claims (a page is claimed when its templates are read).
    private func pipelined(first: TemplatePage?,
                           write: (PageSync.PreparedPage, TemplatePage) async throws -> Void) async throws {
        guard var writing = first else { return }
        var prepared = try await pages.prepare(writing.fresh)
        var reading = try await readTemplates(following: writing)
        while true {
            try Task.checkCancellation()
            let following = reading
            async let readAhead = readTemplates(following: following)
            async let prepareAhead = prepare(following)
            try await write(prepared, writing)
            guard let following, let next = try await prepareAhead else { return }
            prepared = next
            writing = following
            reading = try await readAhead
        }
    }

    /// Templates by id, prepared, and the ids Odoo no longer has.
    private func readChunk(_ ids: [Int]) async throws -> (PageSync.PreparedPage, [Int]) {
        let templates = try await odoo.templates(ids: ids, includeArchived: true)
        let found = Set(templates.map(\.id))
        return (try await pages.prepare(templates), ids.filter { !found.contains($0) })
    }

    /// Syncs a page, advances its stream's cursor (bindings are already saved) and reports its outcomes. A page cut
    /// short by cancellation reports what it did and keeps the old cursor, so the next run redoes the rest.
    private func process(_ page: PageSync.PreparedPage, missing: [Int] = [], hold: Bool = true, reportingMissing: Bool = false,
                         advancing advance: StreamAdvance? = nil) async throws {
        await ledger.noteWriteDates(page.templates)
        var outcomes = try await pages.sync(page)
        outcomes += try await archiver.archiveMissing(missing, reportingUnbound: reportingMissing || request.mode == .targeted)
        if Task.isCancelled {
            try await ledger.report(outcomes, holdRetryable: false)
            throw CancellationError()
        }
        if let advance, !dryRun { try await state.advanceCursor(stream: advance.stream, to: advance.cursor) }
        try await ledger.report(outcomes, holdRetryable: hold)
    }
}
