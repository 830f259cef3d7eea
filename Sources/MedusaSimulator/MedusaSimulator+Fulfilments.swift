import Foundation

/// An order's fulfilment as a test sees it through the control, without HTTP (`RunningMedusaSimulator.fulfilments`).
public struct SimulatedFulfilment: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        public var lineItemId: String
        public var quantity: Decimal
    }

    public struct Label: Sendable, Hashable {
        public var trackingNumber: String
        public var trackingURL: String
        public var labelURL: String
    }

    public var id: String
    public var locationId: String
    public var items: [Item]
    public var packedAt: Date?
    public var shippedAt: Date?
    public var deliveredAt: Date?
    public var canceledAt: Date?
    public var labels: [Label]
}

/// The line items' fulfilment counters (`detail.*_quantity`) as a test sees them.
public struct SimulatedLineQuantities: Sendable, Hashable {
    public var lineItemId: String
    public var variantId: String?
    public var quantity: Decimal
    public var fulfilled: Decimal
    public var shipped: Decimal
    public var delivered: Decimal
}

extension RunningMedusaSimulator {
    /// The order's fulfilments in creation order (cancelled ones included); nil for an unknown order. Lets a test
    /// count what a client really created, e.g. after an answer was lost.
    public func fulfilments(orderId: String) -> [SimulatedFulfilment]? {
        core.state.withLock { state in
            state.orderBook.orders[orderId].map { order in
                order.fulfillments.map { fulfilment in
                    SimulatedFulfilment(
                        id: fulfilment.id, locationId: fulfilment.locationId,
                        items: fulfilment.items.map { .init(lineItemId: $0.lineItemId, quantity: $0.quantity) },
                        packedAt: fulfilment.packedAt, shippedAt: fulfilment.shippedAt,
                        deliveredAt: fulfilment.deliveredAt, canceledAt: fulfilment.canceledAt,
                        labels: fulfilment.labels.map {
                            .init(trackingNumber: $0.trackingNumber, trackingURL: $0.trackingURL, labelURL: $0.labelURL)
                        })
                }
            }
        }
    }

    /// The order's line items with their fulfilled, shipped and delivered quantities; nil for an unknown order.
    public func lineQuantities(orderId: String) -> [SimulatedLineQuantities]? {
        core.state.withLock { state in
            state.orderBook.orders[orderId].map { order in
                order.items.map {
                    SimulatedLineQuantities(lineItemId: $0.id, variantId: $0.variantId, quantity: $0.quantity,
                                            fulfilled: $0.fulfilledQuantity, shipped: $0.shippedQuantity,
                                            delivered: $0.deliveredQuantity)
                }
            }
        }
    }
}
