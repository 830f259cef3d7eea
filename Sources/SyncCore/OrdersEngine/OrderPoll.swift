import Foundation

/// Reads what changed in the shop since the last poll, plus the orders remembered as pending.
///
/// Pages are keyset pages on `updated_at` (`$gte` the newest timestamp seen so far, with an offset only among orders
/// sharing that exact timestamp), not plain offsets: an order updated while the poll pages moves to the end instead
/// of shifting a neighbour out of reach. `$gte` returns the newest order of the previous poll again, so a poll that
/// finds nothing new costs exactly one request; orders seen twice are kept once.
struct OrderPoll {
    let medusa: any MedusaOrderSource
    let pageSize: Int

    struct Result {
        /// Polled orders then the pending ones read by id, each once.
        var orders: [MedusaOrder]
        /// The newest `updated_at` seen: the next poll's cursor.
        var newestUpdatedAt: Date?
    }

    func read(since cursor: Date?, pending: [String]) async throws -> Result {
        var seen: Set<String> = []
        var orders: [MedusaOrder] = []
        var position = cursor
        var offset = 0
        var newest = cursor
        while true {
            try Task.checkCancellation()
            let page = try await medusa.orders(updatedSince: position, offset: offset, limit: pageSize)
            for order in page.orders where seen.insert(order.id).inserted { orders.append(order) }
            guard let last = page.orders.last else { break }
            if newest.map({ last.updatedAt > $0 }) ?? true { newest = last.updatedAt }
            if page.orders.count < pageSize { break }
            if let position, last.updatedAt == position {
                offset += page.orders.count
            } else {
                position = last.updatedAt
                offset = page.orders.filter { $0.updatedAt == last.updatedAt }.count
            }
        }
        let recheck = PendingOrders.toRecheck(remembered: Set(pending), polled: Array(seen))
        if !recheck.isEmpty {
            let reread = try await medusa.orders(ids: recheck)
            for order in reread where seen.insert(order.id).inserted { orders.append(order) }
        }
        return Result(orders: orders, newestUpdatedAt: newest)
    }
}
