import Foundation

/// One deliveries run: Odoo's done deliveries of the sale orders the orders sync created become fulfilments with a
/// shipment (and tracking) in the shop. Polled with a cursor on `stock.picking` `(write_date, id)`; Odoo's picking
/// webhook only starts a run. A picking is reported once: its link (picking ↔ fulfilment) is the memory, so a picking
/// seen again (a tracking number written later, the same picking in two pages) changes nothing. A picking whose
/// report failed is kept pending and read again by id on the next runs.
public struct DeliveriesEngine: Sendable {
    let medusa: any MedusaFulfilments
    let odoo: any OdooDeliveries
    let state: any SyncStateStore & OrderStateStore & DeliveryStateStore
    let configuration: DeliveriesConfiguration
    let now: @Sendable () -> Date

    public init(medusa: any MedusaFulfilments, odoo: any OdooDeliveries,
                state: any SyncStateStore & OrderStateStore & DeliveryStateStore,
                configuration: DeliveriesConfiguration, now: @escaping @Sendable () -> Date = { Date() }) {
        self.medusa = medusa; self.odoo = odoo; self.state = state; self.configuration = configuration; self.now = now
    }

    /// Pages of the picking poll per run at most; the rest is read by the next run from the saved cursor.
    static let maxPages = 500

    public func run(reporter: any RunReporter) async throws -> RunSummary {
        let report = OrderRunReport(reporter: reporter)
        let session = OdooSessionMemory(odoo: odoo, state: state)
        var sessionOpened = false
        do {
            await reporter.progress(RunProgress(phase: "polling"))
            let resumed = try await session.open(detectAgain: false)
            sessionOpened = true
            let start = try await startCursor()
            let pending = Dictionary(try await state.pendingDeliveries().map { ($0.pickingId, $0) },
                                     uniquingKeysWith: { a, _ in a })

            var pickings: [Int: OdooDelivery] = [:]
            var cursor = start
            for _ in 0..<Self.maxPages {
                let page = try await odoo.deliveries(after: cursor, limit: configuration.pageSize)
                for picking in page { pickings[picking.id] = picking }
                guard let last = page.last, page.count >= configuration.pageSize else {
                    if let last = page.last { cursor = last.cursor }
                    break
                }
                cursor = last.cursor
            }
            let recheck = pending.values.filter { $0.attempts < configuration.maxFailedAttempts && pickings[$0.pickingId] == nil }
                .map(\.pickingId).sorted()
            if !recheck.isEmpty {
                for picking in try await odoo.deliveries(ids: recheck) { pickings[picking.id] = picking }
            }

            let orders = try await state.orderLinks(odooOrderIds: Array(Set(pickings.values.compactMap(\.saleOrderId))).sorted())
            let ours = pickings.values.filter { $0.saleOrderId.flatMap { orders[$0] } != nil }.sorted { $0.id < $1.id }
            let links = try await state.deliveryLinks(pickingIds: ours.map(\.id))

            var steps: [String: [FulfilmentWriter.Step]] = [:]
            var updatedLinks: [DeliveryLink] = []
            var outcomes: [ProductOutcome] = []
            var settled: [Int] = []
            for picking in ours {
                guard let order = picking.saleOrderId.flatMap({ orders[$0] }) else { continue }
                switch Self.decide(picking, order: order, link: links[picking.id], now: now()) {
                case .nothing:
                    settled.append(picking.id)
                case .fulfil:
                    steps[order.medusaOrderId, default: []].append(.fulfil(picking))
                case .ship(let link):
                    steps[order.medusaOrderId, default: []].append(.ship(picking, link: link))
                case .note(let link, let kind):
                    updatedLinks.append(link)
                    outcomes.append(.delivery(picking, order: order, kind, message: link.message))
                    settled.append(picking.id)
                }
            }
            try await state.saveDeliveryLinks(updatedLinks)
            try await report.report(outcomes)

            let failed = try await write(steps, orders: orders, report: report)
            settled += steps.values.flatMap { $0.map(\.picking.id) }.filter { failed[$0] == nil }

            try await state.savePendingDeliveries(failed.map { id, reason in
                let previous = pending[id]
                let attempts = (previous?.attempts ?? 0) + 1
                let stated = attempts >= configuration.maxFailedAttempts
                    ? "failed \(attempts) times, not tried again until the picking changes in Odoo: \(reason)" : reason
                return PendingDelivery(pickingId: id, reason: stated, firstSeenAt: previous?.firstSeenAt ?? now(),
                                       attempts: attempts)
            }.sorted { $0.pickingId < $1.pickingId })
            try await state.removePendingDeliveries(pickingIds: settled.filter { pending[$0] != nil && failed[$0] == nil })
            if cursor != start { try await state.saveMemo(.deliveriesCursor, value: Self.encode(cursor)) }
            try await session.remember(resumed: resumed)
            let counts = await report.counts
            await reporter.progress(RunProgress(phase: "done", done: counts.total, total: counts.total))
            return RunSummary(counts: counts)
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            if sessionOpened, failureClass(of: error) != .retryable { await session.forget() }
            return RunSummary(counts: await report.counts, error: String(describing: error),
                              errorClass: failureClass(of: error))
        }
    }

    /// Reads the moves of the pickings to fulfil and writes order by order; returns the pickings that failed.
    private func write(_ steps: [String: [FulfilmentWriter.Step]], orders: [Int: OrderLink],
                       report: OrderRunReport) async throws -> [Int: String] {
        guard !steps.isEmpty else { return [:] }
        let total = steps.values.reduce(0) { $0 + $1.count }
        await report.progress(RunProgress(phase: "deliveries", done: 0, total: total))
        let toFulfil = steps.values.flatMap { $0 }.compactMap { step -> Int? in
            if case .fulfil(let picking) = step { return picking.id }
            return nil
        }
        let moves = toFulfil.isEmpty ? [] : try await odoo.deliveryMoves(pickingIds: toFulfil.sorted())
        let movesByPicking = Dictionary(grouping: moves, by: \.pickingId)
        let products = Array(Set(moves.map(\.productId))).sorted()
        let variants = try await state.bindings(VariantBinding.self, odooIds: products).mapValues(\.medusaVariantId)
        let byOrderId = Dictionary(orders.values.map { ($0.medusaOrderId, $0) }, uniquingKeysWith: { a, _ in a })
        let writer = FulfilmentWriter(medusa: medusa, state: state, locationId: configuration.stockLocationId, now: now)

        var failed: [Int: String] = [:]
        var done = 0
        for orderId in steps.keys.sorted() {
            guard let order = byOrderId[orderId], let orderSteps = steps[orderId] else { continue }
            let result = try await writer.write(order: order, steps: orderSteps, moves: movesByPicking,
                                                variantByProduct: variants)
            try await report.report(result.outcomes)
            failed.merge(result.failed) { _, new in new }
            done += orderSteps.count
            await report.progress(RunProgress(phase: "deliveries", done: done, total: total))
        }
        return failed
    }

    /// What a picking of a synced order calls for.
    enum Decision: Equatable {
        case nothing
        case fulfil
        case ship(DeliveryLink)
        /// Recorded once: a return, or a reported delivery cancelled, or a tracking number that came too late.
        case note(DeliveryLink, ProductOutcome.Kind)
    }

    static func decide(_ picking: OdooDelivery, order: OrderLink, link: DeliveryLink?, now: Date) -> Decision {
        guard let link else {
            guard picking.state == .done else { return .nothing }
            switch picking.direction {
            case .outgoing: return .fulfil
            case .incoming:
                // A return of a synced order: said once, not synced (returns and refunds are out of scope).
                return .note(DeliveryLink(pickingId: picking.id, pickingName: picking.name,
                                          odooOrderId: order.odooOrderId, medusaOrderId: order.medusaOrderId,
                                          fulfilmentId: nil, state: .reversed,
                                          message: "returned in Odoo (\(picking.name)); returns and refunds are not synced to the shop",
                                          updatedAt: now), .skipped)
            case .other: return .nothing
            }
        }
        if picking.state == .cancel, link.state != .reversed {
            var changed = link
            changed.state = .reversed
            changed.message = "cancelled in Odoo after it was reported to the shop; the fulfilment stays in Medusa"
            changed.updatedAt = now
            return .note(changed, .skipped)
        }
        if link.state == .fulfilled, picking.state == .done { return .ship(link) }
        if link.state == .shipped, let reference = picking.trackingReference, reference != link.trackingNumber {
            let message = "tracking number \(reference) was added in Odoo after the shipment was created; Medusa cannot change a shipment's labels, add it in the Medusa admin"
            guard link.message != message else { return .nothing }
            var changed = link
            changed.message = message
            changed.updatedAt = now
            return .note(changed, .skipped)
        }
        return .nothing
    }

    /// The remembered cursor, or where pickings of synced orders can start: `ORDERS_SINCE` / when orders first ran.
    private func startCursor() async throws -> ModelCursor {
        if let text = try await state.memo(.deliveriesCursor), let cursor = Self.decode(text) { return cursor }
        let remembered = try await state.memo(.ordersSince).flatMap(OrdersEngine.parseDate)
        let since = configuration.since ?? remembered ?? now()
        return ModelCursor(writeDate: OdooDateTime(since), id: 0)
    }

    static func encode(_ cursor: ModelCursor) -> String { "\(cursor.writeDate.text)|\(cursor.id)" }

    static func decode(_ text: String) -> ModelCursor? {
        let parts = text.split(separator: "|", maxSplits: 1)
        guard parts.count == 2, let date = OdooDateTime(String(parts[0])), let id = Int(parts[1]) else { return nil }
        return ModelCursor(writeDate: date, id: id)
    }
}
