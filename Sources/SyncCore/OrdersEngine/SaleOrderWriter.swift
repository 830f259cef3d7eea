import Foundation

/// Creates the planned sale orders in Odoo, never twice, and binds them.
///
/// 1. One search by `origin` for the whole set: an order already in Odoo (a crash between create and binding, a lost
///    database) is adopted, not created again.
/// 2. Creates in batches (one request each). Odoo fails a batch as a whole when one order is bad, so a batch that
///    fails for the order's own data is halved until the bad order is isolated (`BatchSplit`); the others go through.
///    A retryable or configuration failure stops the run instead: the next run adopts whatever was created.
/// 3. Per batch: read back (name, state, total), **bind right away**, then confirm, then compare totals.
///
/// Two batches are in flight at once (`concurrentBatches`): one is created while the other is confirmed, so the
/// Odoo round trips of a backlog overlap. Batches are disjoint, so this never creates an order twice; a run stopped
/// between a create and its binding is adopted by the next run like any other.
struct SaleOrderWriter: Sendable {
    let odoo: any OdooSales
    let medusa: any MedusaOrderSource
    let state: any OrderStateStore
    let configuration: OrdersConfiguration
    let now: @Sendable () -> Date
    /// Where each batch's outcomes go as soon as the batch is done.
    let report: OrderRunReport

    struct Planned: Sendable {
        var order: MedusaOrder
        var values: SaleOrderValues
        var warnings: [OrderWarning]
    }

    /// Create batches in flight at once.
    static let concurrentBatches = 2

    struct Result: Sendable {
        /// Orders that failed, by id, with why: they stay pending and are tried again by the next run.
        var failed: [String: String] = [:]
        /// Orders now bound (created or adopted).
        var sent: [String] = []
    }

    func write(_ planned: [Planned]) async throws -> Result {
        var result = Result()
        guard !planned.isEmpty else { return result }
        let existing = try await odoo.saleOrders(origins: planned.map(\.values.origin), ids: [])
        let adopted = OrderReference.adopted(
            orderIds: planned.map(\.order.id),
            foundOrigins: existing.compactMap { order in order.origin.map { (order.id, $0) } })
        let existingById = Dictionary(existing.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        let adoptions = planned.compactMap { item in adopted[item.order.id].flatMap { existingById[$0] }.map { (item, $0) } }
        if !adoptions.isEmpty {
            try await bind(adoptions, adopted: true, into: &result)
        }

        let batches = planned.filter { adopted[$0.order.id] == nil }.chunked(into: configuration.createBatchSize)
        for written in try await forEachConcurrently(batches, limit: Self.concurrentBatches, { try await create($0) }) {
            result.failed.merge(written.failed) { _, new in new }
            result.sent += written.sent
        }
        return result
    }

    /// Creates one batch, halving it after a failure of an order's own data until the bad order is isolated.
    private func create(_ batch: [Planned]) async throws -> Result {
        var result = Result()
        var queue = [batch]
        while !queue.isEmpty {
            try Task.checkCancellation()
            let batch = queue.removeFirst()
            do {
                let ids = try await odoo.createSaleOrders(batch.map(\.values))
                let read = Dictionary(try await odoo.saleOrders(origins: [], ids: ids).map { ($0.id, $0) },
                                      uniquingKeysWith: { a, _ in a })
                let created = zip(batch, ids).map { item, id in
                    (item, read[id] ?? OdooSaleOrder(id: id, name: "#\(id)", origin: item.values.origin, state: .draft,
                                                     amountTotal: 0))
                }
                try await bind(created, adopted: false, into: &result)
            } catch {
                guard failureClass(of: error) == .permanent, !(error is CancellationError) else { throw error }
                switch BatchSplit.afterFailure(of: batch) {
                case .retry(let halves): queue.insert(contentsOf: halves, at: 0)
                case .isolated(let item):
                    try await report.report([.order(item.order, .failed, error: error)])
                    result.failed[item.order.id] = OrdersEngine.failedPrefix + "\(error)"
                case .nothing: break
                }
            }
        }
        return result
    }

    /// Binds orders that now exist in Odoo, confirms the quotations, checks totals, and tells Medusa.
    private func bind(_ orders: [(Planned, OdooSaleOrder)], adopted: Bool, into result: inout Result) async throws {
        var links = orders.map { item, sale in
            var warnings = item.warnings
            if let differ = TotalsCheck.check(odooTotal: sale.amountTotal, medusaTotal: item.order.total,
                                              rounding: CurrencyRounding.unit(currencyCode: item.order.currencyCode),
                                              currency: item.order.currencyCode) {
                warnings.append(differ)
            }
            return OrderLink(medusaOrderId: item.order.id, medusaDisplayId: item.order.displayId, odooOrderId: sale.id,
                             odooOrderName: sale.name, state: .sent, currencyCode: item.order.currencyCode,
                             medusaTotal: item.order.total, odooTotal: sale.amountTotal,
                             message: warnings.isEmpty ? nil : warnings.map(\.description).joined(separator: "; "),
                             updatedAt: now())
        }
        try await state.saveOrderLinks(links)

        var notConfirmed: [Int: String] = [:]
        let toConfirm = configuration.confirm ? orders.filter { $0.1.state.needsConfirmation }.map(\.1.id) : []
        if !toConfirm.isEmpty {
            do {
                try await odoo.confirmSaleOrders(ids: toConfirm)
            } catch {
                guard failureClass(of: error) == .permanent else { throw error }
                // One order refused: confirm the rest one by one so it does not hold the others back.
                for id in toConfirm {
                    do { try await odoo.confirmSaleOrders(ids: [id]) } catch {
                        guard failureClass(of: error) == .permanent else { throw error }
                        notConfirmed[id] = "not confirmed: \(error)"
                    }
                }
            }
        }
        if !notConfirmed.isEmpty {
            for index in links.indices {
                guard let reason = notConfirmed[links[index].odooOrderId] else { continue }
                links[index].message = [links[index].message, reason].compactMap { $0 }.joined(separator: "; ")
            }
            try await state.saveOrderLinks(links.filter { notConfirmed[$0.odooOrderId] != nil })
        }

        let writeBack = configuration.writeBackToMedusa ? await recordInMedusa(links) : [:]
        var outcomes: [ProductOutcome] = []
        for ((item, sale), link) in zip(orders, links) {
            let confirmed = toConfirm.contains(sale.id) && notConfirmed[sale.id] == nil
            var parts = [adopted ? "already in Odoo (found by its reference \(link.odooOrderName)): bound, not created again"
                                 : "created in Odoo\(confirmed ? " and confirmed" : "")"]
            if let message = link.message { parts.append(message) }
            if let problem = writeBack[item.order.id] { parts.append(problem) }
            outcomes.append(.order(item.order, adopted ? .updated : .created, saleOrderId: sale.id,
                                   saleOrderName: sale.name, message: parts.joined(separator: "; ")))
            result.sent.append(item.order.id)
        }
        try await report.report(outcomes)
    }

    /// Writes each Odoo name into its Medusa order's metadata (8 at a time). A server without the route (2.0.0) is
    /// asked once; other failures become a note on the order's outcome, never a failure: the order is in Odoo.
    private func recordInMedusa(_ links: [OrderLink]) async -> [String: String] {
        guard let first = links.first else { return [:] }
        let medusa = self.medusa
        do {
            try await medusa.recordOdooOrder(orderId: first.medusaOrderId, odooOrderName: first.odooOrderName,
                                             odooOrderId: first.odooOrderId)
        } catch is MedusaRouteMissing {
            return [:]
        } catch {
            return [first.medusaOrderId: "Odoo name not written to Medusa: \(error)"]
        }
        let rest = Array(links.dropFirst())
        let problems = (try? await forEachConcurrently(rest, limit: 8) { link -> (String, String?) in
            do {
                try await medusa.recordOdooOrder(orderId: link.medusaOrderId, odooOrderName: link.odooOrderName,
                                                 odooOrderId: link.odooOrderId)
                return (link.medusaOrderId, nil)
            } catch {
                return (link.medusaOrderId, "Odoo name not written to Medusa: \(error)")
            }
        }) ?? []
        return Dictionary(problems.compactMap { id, problem in problem.map { (id, $0) } }, uniquingKeysWith: { a, _ in a })
    }
}
