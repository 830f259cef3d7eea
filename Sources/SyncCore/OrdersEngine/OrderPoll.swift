import Foundation

/// Reads what changed in the shop since the last poll, as summaries (`MedusaOrderDetail.summary`): enough to decide
/// about each order; the engine then reads in full only the orders it will send.
///
/// Pages are keyset pages on `updated_at` (`$gte` the newest timestamp seen so far, with an offset only among orders
/// sharing that exact timestamp), not plain offsets: an order updated while the poll pages moves to the end instead
/// of shifting a neighbour out of reach. `$gte` returns the newest order of the previous poll again, so a poll that
/// finds nothing new costs exactly one request; orders seen twice are kept once.
struct OrderPoll {
    let medusa: any MedusaOrderSource
    let pageSize: Int

    struct Result {
        /// Polled order summaries, each once, in the order they were read.
        var summaries: [MedusaOrder]
        /// The newest `updated_at` seen: the next poll's cursor.
        var newestUpdatedAt: Date?
    }

    func scan(since cursor: Date?) async throws -> Result {
        var seen: Set<String> = []
        var summaries: [MedusaOrder] = []
        var position = cursor
        var offset = 0
        var newest = cursor
        while true {
            try Task.checkCancellation()
            let page = try await medusa.orders(updatedSince: position, offset: offset, limit: pageSize, detail: .summary)
            for order in page.orders where seen.insert(order.id).inserted { summaries.append(order) }
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
        return Result(summaries: summaries, newestUpdatedAt: newest)
    }
}
