import Foundation

/// Which Medusa line items an Odoo delivery fulfils, and how many of each. Pure: the delivered quantities per
/// `product.product` come from the picking's moves, the product → variant map from the catalogue's bindings.
///
/// A product delivered on a picking can be on several line items of the shop order (the same variant ordered twice);
/// the quantity fills them in the order's item order, each up to its capacity. What finds no item (a product the
/// warehouse added, a variant that is not bound) is returned as `unmatched`, so the outcome can say so.
public enum FulfilmentAllocation {
    public struct Result: Sendable, Hashable {
        /// In the order's item order; quantities > 0 only.
        public var items: [MedusaFulfilmentItem]
        /// `product.product` id → quantity that found no line item with room.
        public var unmatched: [Int: Decimal]

        public var isEmpty: Bool { items.isEmpty }
    }

    /// How much of an item a delivery may still take.
    public enum Capacity: Sendable {
        /// The ordered quantity: what a fulfilment made for this delivery held (used to recognise it).
        case ordered
        /// What Medusa does not count as fulfilled yet: what a new fulfilment may take.
        case unfulfilled
    }

    public static func allocate(delivered: [Int: Decimal], variantByProduct: [Int: String],
                                items: [MedusaFulfilmentState.Item], capacity: Capacity) -> Result {
        var room: [String: Decimal] = [:]
        for item in items {
            let available = capacity == .ordered ? item.quantity : item.quantity - item.fulfilledQuantity
            room[item.id] = max(0, available)
        }
        var taken: [String: Decimal] = [:]
        var unmatched: [Int: Decimal] = [:]
        for productId in delivered.keys.sorted() {
            var left = delivered[productId] ?? 0
            guard left > 0 else { continue }
            if let variant = variantByProduct[productId] {
                for item in items where item.variantId == variant && left > 0 {
                    let take = min(left, room[item.id] ?? 0)
                    guard take > 0 else { continue }
                    room[item.id, default: 0] -= take
                    taken[item.id, default: 0] += take
                    left -= take
                }
            }
            if left > 0 { unmatched[productId] = left }
        }
        let ordered = items.compactMap { item in taken[item.id].map { MedusaFulfilmentItem(lineItemId: item.id, quantity: $0) } }
        return Result(items: ordered, unmatched: unmatched)
    }

    /// Delivered quantities per product from a picking's moves (cancelled and empty moves delivered nothing).
    public static func delivered(_ moves: [OdooDeliveryMove]) -> [Int: Decimal] {
        var result: [Int: Decimal] = [:]
        for move in moves where move.state != "cancel" && move.quantity > 0 {
            result[move.productId, default: 0] += move.quantity
        }
        return result
    }

    /// True when a fulfilment holds exactly these items and quantities (the one created for this delivery by a run
    /// whose answer, or whose link, was lost).
    public static func sameItems(_ fulfilment: MedusaFulfilmentState.Fulfilment, _ items: [MedusaFulfilmentItem]) -> Bool {
        summed(fulfilment.items) == summed(items)
    }

    private static func summed(_ items: [MedusaFulfilmentItem]) -> [String: Decimal] {
        var result: [String: Decimal] = [:]
        for item in items { result[item.lineItemId, default: 0] += item.quantity }
        return result
    }
}
