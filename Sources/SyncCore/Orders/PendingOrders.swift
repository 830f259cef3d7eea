import Foundation

/// The orders seen before they qualified, which a later poll must read again by id: in Medusa 2.0 a capture moves
/// neither the order's `updated_at` nor fires an event (orders.md §0.10, §3d), so the `updated_at` cursor alone would
/// never show such an order again. Pure: the engine stores the set between runs.
public enum PendingOrders {
    /// The ids to keep after this run's decisions: an order waiting for payment is added (or kept); any other decision
    /// (sent, cancelled, before `since`, refunded, …) removes it. Ids without a decision this run are kept as they were.
    public static func next(remembered: Set<String>, decisions: [String: OrderQualification]) -> Set<String> {
        var result = remembered
        for (orderId, decision) in decisions {
            if decision.mustRecheck { result.insert(orderId) } else { result.remove(orderId) }
        }
        return result
    }

    /// The remembered ids this poll did not already return (so they are read by id), sorted for a stable request.
    public static func toRecheck(remembered: Set<String>, polled: [String]) -> [String] {
        remembered.subtracting(polled).sorted()
    }
}
