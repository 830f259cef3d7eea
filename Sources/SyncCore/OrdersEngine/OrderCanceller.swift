import Foundation

/// Cancels in Odoo the orders Medusa cancelled, when Odoo may still cancel them. Odoo itself cancels a fully delivered
/// order without complaint (ORDERS.md §7), so the sync checks first: an order with any delivery done, or already
/// `done`, is left as it is and the outcome says why. Odoo's own refusal (a locked order) is recorded the same way.
/// Either way the link remembers it, so the order is not tried again on every poll.
struct OrderCanceller {
    let odoo: any OdooSales
    let state: any OrderStateStore
    let now: @Sendable () -> Date

    func cancel(_ orders: [MedusaOrder], links: [String: OrderLink]) async throws -> [ProductOutcome] {
        let bound = orders.compactMap { order in links[order.id].map { (order, $0) } }
        guard !bound.isEmpty else { return [] }
        let current = Dictionary(try await odoo.saleOrders(origins: [], ids: bound.map(\.1.odooOrderId)).map { ($0.id, $0) },
                                 uniquingKeysWith: { a, _ in a })
        var outcomes: [ProductOutcome] = []
        var updated: [OrderLink] = []
        for (order, link) in bound {
            var link = link
            link.updatedAt = now()
            let sale = current[link.odooOrderId]
            let refusal = sale.flatMap { $0.state == .cancel ? nil : Self.refusal($0) }
            if sale == nil || sale?.state == .cancel {
                link.state = .canceled
                link.message = sale == nil ? "cancelled in Medusa; the Odoo order no longer exists" : "cancelled in Odoo"
                outcomes.append(.order(order, .updated, saleOrderId: link.odooOrderId, saleOrderName: link.odooOrderName,
                                       message: link.message))
            } else if let refusal {
                link.state = .cancelRefused
                link.message = "cancelled in Medusa, not in Odoo: \(refusal)"
                outcomes.append(.order(order, .skipped, saleOrderId: link.odooOrderId, saleOrderName: link.odooOrderName,
                                       message: link.message))
            } else {
                do {
                    try await odoo.cancelSaleOrder(id: link.odooOrderId)
                    link.state = .canceled
                    link.message = "cancelled in Odoo"
                    outcomes.append(.order(order, .updated, saleOrderId: link.odooOrderId,
                                           saleOrderName: link.odooOrderName, message: link.message))
                } catch {
                    guard failureClass(of: error) == .permanent else { throw error }
                    link.state = .cancelRefused
                    link.message = "cancelled in Medusa, Odoo refused to cancel: \(error)"
                    outcomes.append(.order(order, .skipped, saleOrderId: link.odooOrderId,
                                           saleOrderName: link.odooOrderName, message: link.message))
                }
            }
            updated.append(link)
        }
        try await state.saveOrderLinks(updated)
        return outcomes
    }

    /// Why the sync does not cancel this Odoo order, or nil when it may.
    static func refusal(_ sale: OdooSaleOrder) -> String? {
        if sale.state == .done { return "the Odoo order \(sale.name) is locked (done)" }
        if let status = sale.deliveryStatus, status == "full" || status == "partial" {
            return "the Odoo order \(sale.name) is already \(status == "full" ? "delivered" : "partly delivered")"
        }
        return nil
    }
}
