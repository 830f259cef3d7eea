import Foundation

/// The orders seen before they qualified, which a later poll must read again by id: in Medusa 2.0 a capture moves
/// neither the order's `updated_at` nor fires an event (orders.md §0.10, §3d), so the `updated_at` cursor alone would
/// never show such an order again. Pure: the engine keeps the set (`OrderStateStore.pendingOrders`, with why each
/// waits and its failed attempts) between runs.
public enum PendingOrders {
    /// The remembered ids this poll did not already return (so they are read by id), sorted for a stable request.
    public static func toRecheck(remembered: Set<String>, polled: [String]) -> [String] {
        remembered.subtracting(polled).sorted()
    }
}
