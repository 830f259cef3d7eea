import ExactJSON
import Foundation
import SyncCore

// `{"order": …}` read as the deliveries sync needs it (`MedusaFulfilmentState`), from the exact JSON tree like
// `OrderResponses`: quantities stay the decimals written on the wire.
enum FulfilmentResponses {
    static func state(_ body: [UInt8]) throws(OrderBodyError) -> MedusaFulfilmentState {
        let root: JSONValue
        do {
            root = try JSONText.parse(body)
        } catch {
            throw OrderBodyError(reason: error.description)
        }
        guard let order = root["order"], case .string(let id)? = order["id"] else {
            throw OrderBodyError(reason: "no 'order' with an 'id'")
        }
        let items = try list(order["items"]).map { item throws(OrderBodyError) in
            guard case .string(let itemId)? = item["id"] else { throw OrderBodyError(reason: "an item of \(id) without 'id'") }
            let detail = item["detail"]
            guard let quantity = OrderResponses.amount(item, "quantity") ?? detail.flatMap({ OrderResponses.amount($0, "quantity") })
            else { throw OrderBodyError(reason: "item \(itemId) of \(id) has no quantity") }
            return MedusaFulfilmentState.Item(
                id: itemId, variantId: text(item["variant_id"]), quantity: quantity,
                fulfilledQuantity: detail.flatMap { OrderResponses.amount($0, "fulfilled_quantity") } ?? 0,
                shippedQuantity: detail.flatMap { OrderResponses.amount($0, "shipped_quantity") } ?? 0)
        }
        let fulfilments = try list(order["fulfillments"]).map { fulfilment throws(OrderBodyError) in
            guard let fulfilmentId = text(fulfilment["id"]) else {
                throw OrderBodyError(reason: "a fulfillment of \(id) without 'id'")
            }
            let lines = try list(fulfilment["items"]).map { item throws(OrderBodyError) in
                guard let lineItemId = text(item["line_item_id"]), let quantity = OrderResponses.amount(item, "quantity")
                else { throw OrderBodyError(reason: "an item of fulfillment \(fulfilmentId) without line_item_id or quantity") }
                return MedusaFulfilmentItem(lineItemId: lineItemId, quantity: quantity)
            }
            return MedusaFulfilmentState.Fulfilment(
                id: fulfilmentId, items: lines, shippedAt: OrderResponses.date(fulfilment["shipped_at"]),
                canceledAt: OrderResponses.date(fulfilment["canceled_at"]),
                trackingNumbers: list(fulfilment["labels"]).compactMap { text($0["tracking_number"]) })
        }
        let isCanceled = text(order["status"]) == "canceled" || OrderResponses.date(order["canceled_at"]) != nil
        return MedusaFulfilmentState(orderId: id, isCanceled: isCanceled, items: items, fulfilments: fulfilments)
    }

    private static func list(_ json: JSONValue?) -> [JSONValue] {
        if case .array(let items)? = json { return items }
        return []
    }

    private static func text(_ json: JSONValue?) -> String? {
        if case .string(let value)? = json { return value }
        return nil
    }
}
