import Foundation

/// Creates the planned sale orders in Odoo, never twice, and binds them.
///
/// 1. One search by `origin` for the whole set (made while the orders were read, `Searched`; the rest now): an order
///    already in Odoo (a crash between create and binding, a lost database) is adopted, not created again.
/// 2. Creates in batches (one request each). Odoo fails a batch as a whole when one order is bad, so a batch that
///    fails for the order's own data is halved until the bad order is isolated (`BatchSplit`); the others go through.
///    A retryable or configuration failure stops the run instead: the next run adopts whatever was created.
/// 3. Per batch: confirm and read back (name, total) at once, then bind and compare totals. A run stopped between the
///    create and the binding leaves orders the next run adopts (step 1), confirmed or not.
///
/// Four batches are in flight at once (`concurrentBatches`): some are created while others are confirmed, so the
/// Odoo round trips of a backlog overlap (a production Odoo runs several workers; four stays below the usual count).
/// Batches are disjoint, so this never creates an order twice; a run stopped between a create and its binding is
/// adopted by the next run like any other.
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
    static let concurrentBatches = 4

    struct Result: Sendable {
        /// Orders that failed, by id, with why: they stay pending and are tried again by the next run.
        var failed: [String: String] = [:]
        /// Orders now bound (created or adopted).
        var sent: [String] = []
    }

    /// Odoo orders found by reference before the orders were planned (`origins` searched, `found` matched).
    struct Searched: Sendable {
        var origins: Set<String>
        var found: [OdooSaleOrder]
    }

    func write(_ planned: [Planned], searched: Searched) async throws -> Result {
        var result = Result()
        guard !planned.isEmpty else { return result }
        let unsearched = planned.map(\.values.origin).filter { !searched.origins.contains($0) }
        let existing = searched.found
            + (unsearched.isEmpty ? [] : try await odoo.saleOrders(origins: unsearched, ids: []))
        let adopted = OrderReference.adopted(
            orderIds: planned.map(\.order.id),
            foundOrigins: existing.compactMap { order in order.origin.map { (order.id, $0) } })
        let existingById = Dictionary(existing.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        let adoptions = planned.compactMap { item in adopted[item.order.id].flatMap { existingById[$0] }.map { (item, $0) } }
        if !adoptions.isEmpty {
            try await bind(adoptions, adopted: true, confirmation: nil, into: &result)
        }

        let batches = planned.filter { adopted[$0.order.id] == nil }.chunked(into: configuration.createBatchSize)
        for written in try await forEachConcurrently(batches, limit: Self.concurrentBatches, { try await create($0) }) {
            result.failed.merge(written.failed) { _, new in new }
            result.sent += written.sent
        }
        return result
    }

    /// Creates one batch, halving it after a failure of an order's own data until the bad order is isolated.
    /// Only the create itself is ever retried that way: once Odoo has answered with ids, a later failure ends the
    /// run, and the next run adopts the orders by their reference instead of creating them again.
    private func create(_ batch: [Planned]) async throws -> Result {
        var result = Result()
        var queue = [batch]
        while !queue.isEmpty {
            try Task.checkCancellation()
            let batch = queue.removeFirst()
            let ids: [Int]
            do {
                ids = try await odoo.createSaleOrders(batch.map(\.values))
            } catch {
                guard failureClass(of: error) == .permanent, !(error is CancellationError) else { throw error }
                switch BatchSplit.afterFailure(of: batch) {
                case .retry(let halves): queue.insert(contentsOf: halves, at: 0)
                case .isolated(let item):
                    try await report.report([.order(item.order, .failed, error: error)])
                    result.failed[item.order.id] = OrdersEngine.failedPrefix + "\(error)"
                case .nothing: break
                }
                continue
            }
            // New orders are quotations: the read-back (name, total) and the confirmation need only the ids, so
            // both go at once; the binding follows.
            async let readBack = odoo.saleOrders(origins: [], ids: ids)
            let confirmation = configuration.confirm ? Confirmation(ids: ids, refused: try await confirm(ids)) : .none
            let read = Dictionary(try await readBack.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let created = zip(batch, ids).map { item, id in
                (item, read[id] ?? OdooSaleOrder(id: id, name: "#\(id)", origin: item.values.origin, state: .draft,
                                                 amountTotal: 0))
            }
            try await bind(created, adopted: false, confirmation: confirmation, into: &result)
        }
        return result
    }

    /// Which orders were confirmed, and why Odoo refused the others.
    struct Confirmation: Sendable {
        var ids: [Int]
        var refused: [Int: String]
        static let none = Confirmation(ids: [], refused: [:])
    }

    /// Confirms the quotations; when Odoo refuses the set, confirms them one by one so one refused order does not
    /// hold the others back. Answers the refused ones with why; a failure that is not the orders' own ends the run.
    private func confirm(_ ids: [Int]) async throws -> [Int: String] {
        guard !ids.isEmpty else { return [:] }
        do {
            try await odoo.confirmSaleOrders(ids: ids)
            return [:]
        } catch {
            guard failureClass(of: error) == .permanent else { throw error }
        }
        var refused: [Int: String] = [:]
        for id in ids {
            do { try await odoo.confirmSaleOrders(ids: [id]) } catch {
                guard failureClass(of: error) == .permanent else { throw error }
                refused[id] = "not confirmed: \(error)"
            }
        }
        return refused
    }

    /// Binds orders that now exist in Odoo, checks totals, and tells Medusa. Adopted orders (`confirmation` nil)
    /// are bound first and then confirmed if still quotations; created ones come already confirmed.
    private func bind(_ orders: [(Planned, OdooSaleOrder)], adopted: Bool, confirmation: Confirmation?,
                      into result: inout Result) async throws {
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

        let done: Confirmation
        if let confirmation {
            done = confirmation
        } else {
            let toConfirm = configuration.confirm ? orders.filter { $0.1.state.needsConfirmation }.map(\.1.id) : []
            done = Confirmation(ids: toConfirm, refused: try await confirm(toConfirm))
        }
        if !done.refused.isEmpty {
            for index in links.indices {
                guard let reason = done.refused[links[index].odooOrderId] else { continue }
                links[index].message = [links[index].message, reason].compactMap { $0 }.joined(separator: "; ")
            }
            try await state.saveOrderLinks(links.filter { done.refused[$0.odooOrderId] != nil })
        }

        let writeBack = configuration.writeBackToMedusa ? await recordInMedusa(links) : [:]
        var outcomes: [ProductOutcome] = []
        for ((item, sale), link) in zip(orders, links) {
            let confirmed = done.ids.contains(sale.id) && done.refused[sale.id] == nil
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
