import Foundation

/// Isolating the bad order of a failed batch. Odoo's `create` with a list fails as a whole when one record is bad,
/// and creates none of them (ORDERS.md §4, `order_create_batch_with_bad_product.json`), so the batch is halved and
/// each half retried: one bad order costs about 2·log2(n) extra requests and never blocks the others.
public enum BatchSplit<Element: Sendable>: Sendable {
    /// Retry these sub-batches, in order.
    case retry([[Element]])
    /// The batch was one element: that element is the culprit; record its failure.
    case isolated(Element)
    /// Nothing to retry (an empty batch).
    case nothing

    /// The next step after `batch` failed as a whole: two halves (the first one the larger when odd).
    public static func afterFailure(of batch: [Element]) -> BatchSplit {
        switch batch.count {
        case 0: return .nothing
        case 1: return .isolated(batch[0])
        default:
            let middle = (batch.count + 1) / 2
            return .retry([Array(batch[..<middle]), Array(batch[middle...])])
        }
    }
}
