import Foundation

// An order's fulfillments as the order-fulfillment link renders them (orders.md §3a), and the `fulfillment_status` the
// GET workflows compute from them (§3b, `CF/order/utils/aggregate-status.ts` `getLastFulfillmentStatus`).
extension CatalogState {
    func json(fulfilment: FulfilmentRecord, order: OrderRecord) -> OrderedJSON {
        .object([
            ("id", .string(fulfilment.id)), ("location_id", .string(fulfilment.locationId)),
            ("provider_id", .string(fulfilment.providerId)),
            ("shipping_option_id", .optionalString(fulfilment.shippingOptionId)), ("requires_shipping", .bool(true)),
            ("packed_at", .orderDate(fulfilment.packedAt)), ("shipped_at", .orderDate(fulfilment.shippedAt)),
            ("delivered_at", .orderDate(fulfilment.deliveredAt)), ("canceled_at", .orderDate(fulfilment.canceledAt)),
            ("data", .object([])), ("metadata", .null), ("created_by", .null), ("marked_shipped_by", .null),
            ("delivery_address_id", .null), ("created_at", .orderDate(fulfilment.createdAt)),
            ("updated_at", .orderDate(fulfilment.updatedAt)), ("deleted_at", .null),
            ("items", .array(fulfilment.items.map { item in
                .object([
                    ("id", .string(item.id)), ("title", .string(item.title)), ("sku", .string(item.sku)),
                    ("barcode", .string(item.barcode)), ("quantity", .amount(item.quantity)),
                    ("raw_quantity", .rawAmount(item.quantity)), ("line_item_id", .string(item.lineItemId)),
                    ("inventory_item_id", .optionalString(item.inventoryItemId)),
                    ("fulfillment_id", .string(fulfilment.id)), ("created_at", .orderDate(fulfilment.createdAt)),
                    ("updated_at", .orderDate(fulfilment.createdAt)), ("deleted_at", .null),
                ])
            })),
            ("labels", .array(fulfilment.labels.map { label in
                .object([
                    ("id", .string(label.id)), ("tracking_number", .string(label.trackingNumber)),
                    ("tracking_url", .string(label.trackingURL)), ("label_url", .string(label.labelURL)),
                    ("fulfillment_id", .string(fulfilment.id)), ("created_at", .orderDate(fulfilment.updatedAt)),
                    ("updated_at", .orderDate(fulfilment.updatedAt)), ("deleted_at", .null),
                ])
            })),
        ])
    }

    /// Each fulfilment counts under its first set timestamp (canceled, delivered, shipped, packed); "all" means every
    /// non-cancelled fulfilment with no item left unfulfilled.
    static func fulfilmentStatus(_ order: OrderRecord) -> String {
        let fulfilments = order.fulfillments
        guard !fulfilments.isEmpty else { return "not_fulfilled" }
        var canceled = 0, delivered = 0, shipped = 0, packed = 0
        for fulfilment in fulfilments {
            if fulfilment.canceledAt != nil { canceled += 1 }
            else if fulfilment.deliveredAt != nil { delivered += 1 }
            else if fulfilment.shippedAt != nil { shipped += 1 }
            else if fulfilment.packedAt != nil { packed += 1 }
        }
        let live = fulfilments.count - canceled
        let unfulfilled = order.items.contains { $0.fulfilledQuantity < $0.quantity }
        if canceled == fulfilments.count { return "canceled" }
        if delivered > 0 { return delivered == live && !unfulfilled ? "delivered" : "partially_delivered" }
        if shipped > 0 { return shipped == live && !unfulfilled ? "shipped" : "partially_shipped" }
        if packed > 0 { return packed == live && !unfulfilled ? "fulfilled" : "partially_fulfilled" }
        return "not_fulfilled"
    }
}
