/// Where the change streams stand when a run starts, read before anything else (the setup included), because an
/// incremental run that finds nothing new needs nothing more: a quiet poll costs one read per stream.
///
/// - An incremental run with cursors reads the first page after each stream's cursor, and every quant written since
///   the stock cursor; the products phase goes on from those pages.
/// - A run that walks every template (a full run, or the first incremental run: no template cursor) covers every
///   stream, so it reads each stream's newest `(write_date, id)` first and leaves the cursors there when the walk ends;
///   what changes during the walk is read again by the next run.
struct RunStart: Sendable {
    /// Incremental runs: the first page after each product stream's cursor (nil: not read, the stream is walked or
    /// followed from its cursor as usual).
    var templates: [OdooTemplate]?
    var variants: [OdooVariant]?
    var attributeValues: [OdooTemplateAttributeValue]?
    var pricelistItems: [OdooPricelistItem]?
    /// Walks: the heads of the product streams, committed when the products phase ends.
    var heads: [SyncStream: ModelCursor] = [:]
    var stock: StockScope = .notApplicable
    /// Templates of the retry set due now: incremental and targeted runs sync them too.
    var retryTemplateIds: [Int] = []

    /// Which variants the stock pass checks, and where the stock cursor goes when it succeeds.
    enum StockScope: Sendable, Equatable {
        /// No stock pass from the streams: stock sync off, a dry run, or a targeted run (which checks its templates).
        case notApplicable
        /// Every bound variant (full runs, no stock cursor yet); the cursor then moves to `head`.
        case everyBoundVariant(head: ModelCursor?)
        /// The variants whose quants were written since the stock cursor; the cursor then moves to `next`.
        case changed(variantIds: Set<Int>, next: ModelCursor?)
    }

    /// True when no stream has anything after its cursor, so the run has nothing to do (its setup may be skipped).
    var foundNoChange: Bool {
        guard let templates, let variants, let attributeValues, let pricelistItems else { return false }
        guard templates.isEmpty, variants.isEmpty, attributeValues.isEmpty, pricelistItems.isEmpty else { return false }
        switch stock {
        case .notApplicable: return true
        case .everyBoundVariant: return false
        case .changed(let ids, _): return ids.isEmpty
        }
    }

    static func read(odoo: any OdooCatalogue, state: any SyncStateStore, request: SyncRequest,
                     configuration: SyncConfiguration) async throws -> RunStart {
        let checksStock = configuration.syncStock && !request.dryRun
        let streamPageSize = configuration.streamPageSize
        switch request.mode {
        case .targeted:
            return RunStart()
        case .full:
            return try await walk(odoo: odoo, state: state, streams: SyncStream.productStreams, checksStock: checksStock)
        case .incremental:
            guard let templateCursor = try await state.cursor(stream: .templates) else {
                // The first run walks every template from the beginning; the other streams start at their heads.
                return try await walk(odoo: odoo, state: state, streams: SyncStream.productStreams.filter { $0 != .templates },
                                      checksStock: checksStock)
            }
            async let variantCursor = state.cursor(stream: .variants)
            async let valueCursor = state.cursor(stream: .attributeValues)
            async let itemCursor = state.cursor(stream: .pricelistItems)
            let (variantsAfter, valuesAfter, itemsAfter) = try await (variantCursor, valueCursor, itemCursor)

            async let templatesRead = odoo.templates(after: templateCursor, limit: configuration.pageSize, includeArchived: true)
            async let variantsRead = odoo.variants(after: variantsAfter, limit: streamPageSize, includeArchived: true)
            async let valuesRead = odoo.templateAttributeValues(after: valuesAfter, limit: streamPageSize)
            async let itemsRead = odoo.pricelistItems(after: itemsAfter, limit: streamPageSize)
            async let stockRead: StockScope = checksStock ? stockChanges(odoo: odoo, state: state, pageSize: streamPageSize) : .notApplicable
            let (templates, variants, values, items, stock) = try await (templatesRead, variantsRead, valuesRead, itemsRead, stockRead)
            return RunStart(templates: templates, variants: variants, attributeValues: values, pricelistItems: items, stock: stock)
        }
    }

    /// Heads of `streams` (and of the stock stream when stock is checked), read together.
    private static func walk(odoo: any OdooCatalogue, state: any SyncStateStore, streams: [SyncStream],
                             checksStock: Bool) async throws -> RunStart {
        let read = streams + (checksStock ? [.stockQuants] : [])
        let heads = try await withThrowingTaskGroup(of: (SyncStream, ModelCursor?).self) { group in
            for stream in read { group.addTask { (stream, try await odoo.latestCursor(stream: stream)) } }
            var heads: [SyncStream: ModelCursor] = [:]
            for try await (stream, head) in group { heads[stream] = head }
            return heads
        }
        var start = RunStart()
        start.heads = heads.filter { $0.key != .stockQuants }
        if checksStock { start.stock = .everyBoundVariant(head: heads[.stockQuants]) }
        return start
    }

    /// The variants whose quants were written after the stock cursor (every page); without a stock cursor yet, every
    /// bound variant is checked and the cursor starts at the stream's head.
    private static func stockChanges(odoo: any OdooCatalogue, state: any SyncStateStore, pageSize: Int) async throws -> StockScope {
        guard var cursor = try await state.cursor(stream: .stockQuants) else {
            return .everyBoundVariant(head: try await odoo.latestCursor(stream: .stockQuants))
        }
        var variantIds: Set<Int> = []
        while true {
            let page = try await odoo.stockQuantChanges(after: cursor, limit: pageSize)
            guard let last = page.last else { break }
            variantIds.formUnion(page.map(\.variantId))
            let next = ModelCursor(writeDate: last.writeDate, id: last.id)
            guard next != cursor else { break }
            cursor = next
            if page.count < pageSize { break }
        }
        return .changed(variantIds: variantIds, next: cursor)
    }
}

/// A stream's first page as read by `RunStart` (if it was), then the pages read as the stream is followed.
struct Prefetched<Page> {
    private var first: Page?

    init(_ first: Page?) { self.first = first }

    mutating func next(orRead read: () async throws -> Page) async rethrows -> Page {
        if let page = first {
            first = nil
            return page
        }
        return try await read()
    }
}
