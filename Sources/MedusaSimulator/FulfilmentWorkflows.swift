import ExactJSON
import Foundation

// The fulfilment workflows of an order (orders.md §5a–§5d), each checking its rules in the order Medusa 2.0 checks
// them and answering with its status and message. Each returns the event the workflow emits; the caller hands it to
// the subscriber once the transaction is committed (Medusa releases grouped events only when the workflow succeeds).
extension CatalogState {
    /// One `{id, quantity}` of a request body (the schema has checked the types already).
    struct RequestedItem {
        var id: String
        var quantity: Decimal
    }

    static func requestedItems(_ body: OrderedJSON.Members) -> [RequestedItem] {
        (body["items"]?.arrayValue ?? []).compactMap { item in
            guard let id = item["id"]?.stringValue else { return nil }
            return RequestedItem(id: id, quantity: item["quantity"]?.decimalValue ?? 0)
        }
    }

    /// `POST /admin/orders/{id}/fulfillments` (`CF/order/workflows/create-fulfillment.ts`).
    mutating func createFulfilment(orderId: String, body: OrderedJSON.Members, at date: Date = Date())
        throws(SimulatedAPIError) -> MedusaSimulatedEvent
    {
        var order = try liveOrder(orderId)
        try Self.refuseCanceled(order)
        let requested = Self.requestedItems(body)
        try Self.refuseUnknownItems(requested, of: order)
        // §5a.5: the option of the first shipping method; no option id → the next step dereferences undefined (500).
        guard let optionId = order.shippingMethods.first?.shippingOptionId else { throw .unknown }
        guard let option = shippingOptions[optionId] else { throw .notFound("ShippingOption id not found: \(optionId)") }
        let locationId: String
        if let requestedLocation = body["location_id"]?.stringValue {
            guard stockLocations.contains(where: { $0.id == requestedLocation }) else {
                throw .notFound("StockLocation id not found: \(requestedLocation)")
            }
            locationId = requestedLocation
        } else if let linked = option.locationId {
            locationId = linked
        } else {
            throw .invalidData("Cannot create fulfillment without stock location, either provide a location or you "
                + "should link the shipping option \(optionId) to a stock location.")
        }
        // §5a.7: each item in sequence, cumulative within the request (`fulfill-item.ts`).
        var pending: [String: Decimal] = [:]
        for item in requested {
            if item.quantity == 0 { throw .invalidData("Quantity to fulfill of item \(item.id) is required.") }
            if item.quantity < 1 { throw .invalidData("Quantity of item \(item.id) must be greater than 0.") }
            let line = order.items.first { $0.id == item.id }!
            let already = line.fulfilledQuantity + pending[item.id, default: 0]
            if item.quantity > line.quantity - already {
                throw .invalidData("Cannot fulfill more items than what was ordered for item \(item.id).")
            }
            pending[item.id, default: 0] += item.quantity
        }
        let now = max(OrderClock.truncated(date), order.updatedAt)
        let fulfilment = FulfilmentRecord(
            id: ids.next("ful"), locationId: locationId, providerId: option.providerId, shippingOptionId: optionId,
            packedAt: now, items: requested.map { item in
                let line = order.items.first { $0.id == item.id }!
                let variant = line.variantId.flatMap { variants[$0] }
                return FulfilmentItemRecord(
                    id: ids.next("fulit"), title: line.variantTitle ?? line.title, sku: line.variantSku ?? "",
                    barcode: variant?.barcode ?? "", quantity: item.quantity, lineItemId: line.id,
                    inventoryItemId: variant?.inventoryLinks.first?.inventoryItemId)
            }, labels: [], createdAt: now, updatedAt: now)
        for index in order.items.indices {
            order.items[index].fulfilledQuantity += pending[order.items[index].id, default: 0]
        }
        order.fulfillments.append(fulfilment)
        bumpVersion(&order, at: now)
        orderBook.orders[orderId] = order
        return MedusaSimulatedEvent(name: "order.fulfillment_created", id: orderId,
                                    data: ["order_id": .string(orderId), "fulfillment_id": .string(fulfilment.id)])
    }

    /// `POST /admin/orders/{id}/fulfillments/{fid}/shipments` (`CF/order/workflows/create-shipment.ts`).
    /// `eventCarriesNoNotification`: newer Medusa sends `shipment.created` as `{id, no_notification}` (the Fulfillment
    /// Module events reference, docs.medusajs.com/resources/references/fulfillment/events; 2.0.0 sends `{id}`,
    /// orders.md §10).
    mutating func createShipment(orderId: String, fulfilmentId: String, body: OrderedJSON.Members,
                                 eventCarriesNoNotification: Bool = false, at date: Date = Date())
        throws(SimulatedAPIError) -> MedusaSimulatedEvent
    {
        var order = try liveOrder(orderId)
        try Self.refuseCanceled(order)
        let requested = Self.requestedItems(body)
        try Self.refuseUnknownItems(requested, of: order)
        let index = try Self.fulfilmentIndex(fulfilmentId, in: order)
        let fulfilment = order.fulfillments[index]
        if fulfilment.shippedAt != nil { throw .notAllowed("Shipment has already been created") }
        if fulfilment.canceledAt != nil { throw .notAllowed("Cannot create shipment for a canceled fulfillment") }
        if fulfilment.shippingOptionId == nil { throw .notAllowed("Cannot create shipment without a Shipping Option") }
        // §5b.4: checked against the order's items, not this fulfilment's.
        var pending: [String: Decimal] = [:]
        for item in requested {
            if item.quantity == 0 { throw .invalidData("Quantity to ship of item \(item.id) is required.") }
            if item.quantity < 1 { throw .invalidData("Quantity of item \(item.id) must be greater than 0.") }
            let line = order.items.first { $0.id == item.id }!
            if item.quantity > line.fulfilledQuantity - line.shippedQuantity - pending[item.id, default: 0] {
                throw .invalidData("Cannot ship more items than what was fulfilled for item \(item.id).")
            }
            pending[item.id, default: 0] += item.quantity
        }
        let now = max(OrderClock.truncated(date), order.updatedAt)
        order.fulfillments[index].shippedAt = now
        order.fulfillments[index].updatedAt = now
        let labels = body["labels"]?.arrayValue ?? []
        if !labels.isEmpty {
            order.fulfillments[index].labels = labels.map { label in
                FulfilmentLabelRecord(id: ids.next("fulla"), trackingNumber: label["tracking_number"]?.stringValue ?? "",
                                      trackingURL: label["tracking_url"]?.stringValue ?? "",
                                      labelURL: label["label_url"]?.stringValue ?? "")
            }
        }
        for itemIndex in order.items.indices {
            order.items[itemIndex].shippedQuantity += pending[order.items[itemIndex].id, default: 0]
        }
        bumpVersion(&order, at: now)
        orderBook.orders[orderId] = order
        var data: [String: JSONValue] = ["id": .string(fulfilmentId)]
        if eventCarriesNoNotification { data["no_notification"] = .bool(body["no_notification"]?.booleanValue ?? false) }
        return MedusaSimulatedEvent(name: "shipment.created", id: fulfilmentId, data: data)
    }

    /// `POST /admin/orders/{id}/fulfillments/{fid}/mark-as-delivered`: the fulfilment is looked up before the order.
    mutating func markDelivered(orderId: String, fulfilmentId: String, at date: Date = Date())
        throws(SimulatedAPIError) -> MedusaSimulatedEvent
    {
        guard orderBook.orders.values.contains(where: { $0.fulfillments.contains { $0.id == fulfilmentId } }) else {
            throw .notFound("Fulfillment id not found: \(fulfilmentId)")
        }
        var order = try liveOrder(orderId)
        try Self.refuseCanceled(order)
        let index = try Self.fulfilmentIndex(fulfilmentId, in: order)
        let fulfilment = order.fulfillments[index]
        if fulfilment.canceledAt != nil { throw .notAllowed("Cannot deliver an already canceled fulfillment") }
        if fulfilment.deliveredAt != nil { throw .notAllowed("Fulfillment has already been marked delivered") }
        var pending: [String: Decimal] = [:]
        for item in fulfilment.items {
            guard let line = order.items.first(where: { $0.id == item.lineItemId }) else { continue }
            let delivered = line.deliveredQuantity + pending[line.id, default: 0] + item.quantity
            if delivered > line.fulfilledQuantity || delivered > line.quantity {
                throw .invalidData("Cannot deliver more items than what was fulfilled for item \(line.id).")
            }
            pending[line.id, default: 0] += item.quantity
        }
        let now = max(OrderClock.truncated(date), order.updatedAt)
        order.fulfillments[index].deliveredAt = now
        order.fulfillments[index].updatedAt = now
        for itemIndex in order.items.indices {
            order.items[itemIndex].deliveredQuantity += pending[order.items[itemIndex].id, default: 0]
        }
        bumpVersion(&order, at: now)
        orderBook.orders[orderId] = order
        return MedusaSimulatedEvent(name: "delivery.created", id: fulfilmentId)
    }

    /// `POST /admin/orders/{id}/fulfillments/{fid}/cancel`. An already cancelled fulfilment is not refused: its
    /// quantities are subtracted again (orders.md §5d, inferred).
    mutating func cancelFulfilment(orderId: String, fulfilmentId: String, at date: Date = Date())
        throws(SimulatedAPIError) -> MedusaSimulatedEvent
    {
        var order = try liveOrder(orderId)
        try Self.refuseCanceled(order)
        let index = try Self.fulfilmentIndex(fulfilmentId, in: order)
        let fulfilment = order.fulfillments[index]
        if fulfilment.shippedAt != nil {
            throw .notAllowed("The fulfillment has already been shipped. Shipped fulfillments cannot be canceled")
        }
        var pending: [String: Decimal] = [:]
        for item in fulfilment.items {
            guard let line = order.items.first(where: { $0.id == item.lineItemId }) else { continue }
            if item.quantity > line.fulfilledQuantity - pending[line.id, default: 0] {
                throw .invalidData("Cannot cancel more items than what was fulfilled for item \(line.id).")
            }
            pending[line.id, default: 0] += item.quantity
        }
        let now = max(OrderClock.truncated(date), order.updatedAt)
        order.fulfillments[index].canceledAt = now
        order.fulfillments[index].updatedAt = now
        for itemIndex in order.items.indices {
            order.items[itemIndex].fulfilledQuantity -= pending[order.items[itemIndex].id, default: 0]
        }
        bumpVersion(&order, at: now)
        orderBook.orders[orderId] = order
        return MedusaSimulatedEvent(name: "order.fulfillment_canceled", id: orderId,
                                    data: ["order_id": .string(orderId), "fulfillment_id": .string(fulfilmentId)])
    }

    /// A confirmed order change: `version + 1`, new `order_item` rows (new `detail.id`s), `updated_at` moves (§3d).
    private mutating func bumpVersion(_ order: inout OrderRecord, at now: Date) {
        order.version += 1
        order.updatedAt = now
        for index in order.items.indices { order.items[index].detailId = ids.next("orditem") }
    }

    private static func refuseCanceled(_ order: OrderRecord) throws(SimulatedAPIError) {
        if order.status == "canceled" || order.canceledAt != nil {
            throw .invalidData("Order with id \(order.id) has been canceled.")
        }
    }

    private static func refuseUnknownItems(_ requested: [RequestedItem], of order: OrderRecord) throws(SimulatedAPIError) {
        let known = Set(order.items.map(\.id))
        var unknown: [String] = []
        for item in requested where !known.contains(item.id) && !unknown.contains(item.id) { unknown.append(item.id) }
        if !unknown.isEmpty {
            throw .invalidData("Items with ids \(unknown.joined(separator: ", ")) does not exist in order with id \(order.id).")
        }
    }

    /// A fulfilment not linked to this order (unknown ids included) is a plain `Error` in Medusa: 500 (§5b.2).
    private static func fulfilmentIndex(_ id: String, in order: OrderRecord) throws(SimulatedAPIError) -> Int {
        guard let index = order.fulfillments.firstIndex(where: { $0.id == id }) else { throw .unknown }
        return index
    }
}
