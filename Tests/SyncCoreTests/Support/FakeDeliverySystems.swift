import Foundation
@testable import SyncCore

/// Odoo's pickings and moves, in memory: every write moves `write_date`, the poll answers by `(write_date, id)`.
actor FakeOdooDeliveries: OdooDeliveries {
    private(set) var pickings: [Int: OdooDelivery] = [:]
    private(set) var moves: [OdooDeliveryMove] = []
    private(set) var requests = 0
    private var clock = 0
    private var nextMoveId = 1
    var failNext: (any Error & Sendable)?

    nonisolated func connect() async throws -> OdooServerInfo { OdooServerInfo(serverVersion: "19.0", majorVersion: 19, apiProtocol: .json2, uid: 2) }
    nonisolated func sessionMemo() -> String? { nil }
    nonisolated func resumeSession(memo: String) -> Bool { false }

    private func stamp() -> OdooDateTime {
        clock += 1
        return OdooDateTime(secondsSince1970: 1_900_000_000 + clock)
    }

    /// A picking as the warehouse leaves it; `delivered`: product.product id → quantity.
    @discardableResult
    func validate(id: Int, saleOrderId: Int, delivered: [Int: Decimal], direction: OdooDelivery.Direction = .outgoing,
                  tracking: String? = nil, state: OdooDelivery.State = .done) -> OdooDelivery {
        let prefix = direction == .incoming ? "WH/IN/" : "WH/OUT/"
        let picking = OdooDelivery(id: id, name: prefix + String(format: "%05d", id), direction: direction, state: state,
                                   saleOrderId: saleOrderId, doneAt: state == .done ? Date() : nil,
                                   trackingReference: tracking, cursor: ModelCursor(writeDate: stamp(), id: id))
        pickings[id] = picking
        moves.removeAll { $0.pickingId == id }
        for (product, quantity) in delivered.sorted(by: { $0.key < $1.key }) {
            moves.append(OdooDeliveryMove(id: nextMoveId, pickingId: id, productId: product, quantity: quantity, state: "done"))
            nextMoveId += 1
        }
        return picking
    }

    /// A later write on the picking (a tracking number, a note): it is polled again.
    func write(id: Int, tracking: String? = nil, state: OdooDelivery.State? = nil) {
        guard var picking = pickings[id] else { return }
        if let tracking { picking.trackingReference = tracking }
        if let state { picking.state = state }
        picking.cursor = ModelCursor(writeDate: stamp(), id: id)
        pickings[id] = picking
    }

    func deliveries(after cursor: ModelCursor?, limit: Int) throws -> [OdooDelivery] {
        requests += 1
        if let error = failNext { failNext = nil; throw error }
        let sorted = pickings.values
            .filter { [.done, .cancel].contains($0.state) && $0.saleOrderId != nil }
            .filter { cursor == nil || ($0.cursor.writeDate, $0.cursor.id) > (cursor!.writeDate, cursor!.id) }
            .sorted { ($0.cursor.writeDate, $0.cursor.id) < ($1.cursor.writeDate, $1.cursor.id) }
        return Array(sorted.prefix(limit))
    }

    func deliveries(ids: [Int]) -> [OdooDelivery] {
        requests += 1
        return ids.compactMap { pickings[$0] }
    }

    func deliveryMoves(pickingIds: [Int]) -> [OdooDeliveryMove] {
        requests += 1
        let wanted = Set(pickingIds)
        return moves.filter { wanted.contains($0.pickingId) }
    }

    func resetRequests() { requests = 0 }
}

/// Medusa's fulfilment routes, in memory, with the rules that matter here: no idempotency on create, quantities
/// capped by what is not fulfilled yet, one shipment per fulfilment, and an "answer lost" fault (the effect happens,
/// the caller sees an error).
actor FakeShopFulfilments: MedusaFulfilments {
    struct Order: Sendable {
        var items: [MedusaFulfilmentState.Item]
        var fulfilments: [MedusaFulfilmentState.Fulfilment] = []
        var canceled = false
    }

    private(set) var orders: [String: Order] = [:]
    private(set) var creates = 0
    private(set) var shipments: [(fulfilmentId: String, label: MedusaShipmentLabel?)] = []
    private(set) var requests = 0
    private var nextId = 1
    /// The next create happens but its answer is lost.
    var loseNextCreateAnswer = false
    /// The next shipment fails with this error (and does not happen).
    var failNextShipment: (any Error & Sendable)?

    func place(_ orderId: String, items: [(id: String, variant: String, quantity: Decimal)]) {
        orders[orderId] = Order(items: items.map {
            MedusaFulfilmentState.Item(id: $0.id, variantId: $0.variant, quantity: $0.quantity, fulfilledQuantity: 0)
        })
    }

    func cancel(_ orderId: String) { orders[orderId]?.canceled = true }

    /// A fulfilment made by hand in the Medusa admin.
    func fulfilByHand(_ orderId: String, items: [MedusaFulfilmentItem]) throws { _ = try apply(orderId, items) }

    func fulfilmentState(orderId: String) -> MedusaFulfilmentState? {
        requests += 1
        return state(orderId)
    }

    func createFulfilment(orderId: String, items: [MedusaFulfilmentItem], locationId: String?) throws -> MedusaFulfilmentState {
        requests += 1
        creates += 1
        _ = try apply(orderId, items)
        if loseNextCreateAnswer {
            loseNextCreateAnswer = false
            throw FakeError(failureClass: .retryable, description: "timed out after 30 s")
        }
        return state(orderId)!
    }

    func createShipment(orderId: String, fulfilmentId: String, items: [MedusaFulfilmentItem],
                        label: MedusaShipmentLabel?) throws {
        requests += 1
        if let error = failNextShipment { failNextShipment = nil; throw error }
        guard var order = orders[orderId], let index = order.fulfilments.firstIndex(where: { $0.id == fulfilmentId }) else {
            throw FakeError(failureClass: .permanent, description: "500 unknown_error")
        }
        guard order.fulfilments[index].shippedAt == nil else { throw MedusaAlreadyShipped(fulfilmentId: fulfilmentId) }
        order.fulfilments[index].shippedAt = Date()
        if let label { order.fulfilments[index].trackingNumbers = [label.trackingNumber] }
        for item in items {
            if let at = order.items.firstIndex(where: { $0.id == item.lineItemId }) { order.items[at].shippedQuantity += item.quantity }
        }
        orders[orderId] = order
        shipments.append((fulfilmentId, label))
    }

    private func apply(_ orderId: String, _ items: [MedusaFulfilmentItem]) throws -> String {
        guard var order = orders[orderId] else { throw FakeError(failureClass: .permanent, description: "404 Order id not found") }
        guard !order.canceled else { throw FakeError(failureClass: .permanent, description: "400 canceled") }
        for item in items {
            guard let at = order.items.firstIndex(where: { $0.id == item.lineItemId }) else {
                throw FakeError(failureClass: .permanent, description: "400 Items with ids \(item.lineItemId) does not exist")
            }
            guard order.items[at].fulfilledQuantity + item.quantity <= order.items[at].quantity else {
                throw FakeError(failureClass: .permanent, description: "400 Cannot fulfill more items than what was ordered for item \(item.lineItemId).")
            }
            order.items[at].fulfilledQuantity += item.quantity
        }
        let id = "ful_\(nextId)"
        nextId += 1
        order.fulfilments.append(.init(id: id, items: items))
        orders[orderId] = order
        return id
    }

    private func state(_ orderId: String) -> MedusaFulfilmentState? {
        orders[orderId].map { MedusaFulfilmentState(orderId: orderId, isCanceled: $0.canceled, items: $0.items, fulfilments: $0.fulfilments) }
    }

    func resetRequests() { requests = 0 }
}
