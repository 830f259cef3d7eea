import ExactJSON
import Foundation
import MedusaSimulator
import SyncCore
import SimulatorSupport
import Synchronization
import Testing

/// The simulator's fulfilment routes, rule by rule in the order orders.md §5 lists them, with Medusa's statuses and
/// messages, and what reads show of them (§3, §3b).
@Suite("Simulator fulfilments")
struct SimulatorFulfilmentTests {
    /// An order of 2 × the first variant and 1 × the second, shipped with `optionId`.
    static func place(_ simulator: RunningMedusaSimulator, optionId: String? = "so_standard") async throws
        -> (orderId: String, lines: [String])
    {
        let variants = try await makeClient(simulator).createProduct(shirtInput()).variants.map(\.id)
        let placed = try simulator.placeOrder(SimulatedOrderInput(
            customer: .guest(email: "guest@example.com"), currencyCode: "eur",
            items: [SimulatedLineItemInput(variantId: variants[0], quantity: 2, unitPrice: 10),
                    SimulatedLineItemInput(variantId: variants[1], quantity: 1, unitPrice: 12)],
            shippingMethods: [SimulatedShippingMethodInput(name: "Standard", amount: 5, shippingOptionId: optionId)]))
        let lines = try #require(simulator.lineQuantities(orderId: placed.id)).map(\.lineItemId)
        return (placed.id, lines)
    }

    static func items(_ pairs: [(String, Int)]) -> String {
        "{\"items\":[" + pairs.map { "{\"id\":\"\($0.0)\",\"quantity\":\($0.1)}" }.joined(separator: ",") + "]}"
    }

    static func fulfil(_ raw: RawAdminAPI, _ orderId: String, _ body: String, query: String = "") async throws -> RawAnswer {
        try await raw.send("POST", "/admin/orders/\(orderId)/fulfillments\(query)", json: body)
    }

    @Test("The body is strict: items required (may be []), requires_shipping and labels refused",
          arguments: MedusaServerVersion.allCases)
    func strictBody(version: MedusaServerVersion) async throws {
        try await withSimulator(.init(version: version)) { simulator in
            let (orderId, lines) = try await Self.place(simulator)
            let raw = RawAdminAPI(simulator: simulator)
            let missing = try await Self.fulfil(raw, orderId, "{}")
            #expect(missing.status == 400 && missing.message == "Invalid request: Field 'items' is required")
            let extra = try await Self.fulfil(raw, orderId, "{\"items\":[{\"id\":\"\(lines[0])\",\"quantity\":1}],"
                + "\"requires_shipping\":true,\"labels\":[]}")
            #expect(extra.status == 400 && extra.message?.hasPrefix("Invalid request: Unrecognized fields:") == true)
            #expect(extra.message?.contains("requires_shipping") == true && extra.message?.contains("labels") == true)
            let empty = try await Self.fulfil(raw, orderId, "{\"items\":[],\"no_notification\":true,\"metadata\":{\"a\":1}}")
            #expect(empty.status == 200)
            #expect(simulator.fulfilments(orderId: orderId)?.count == 1)
        }
    }

    @Test("Unknown order 404, cancelled order 400, unknown items 400, then the query validator")
    func orderRules() async throws {
        try await withSimulator { simulator in
            let (orderId, lines) = try await Self.place(simulator)
            let raw = RawAdminAPI(simulator: simulator)
            let unknown = try await Self.fulfil(raw, "order_nope", Self.items([(lines[0], 1)]))
            #expect(unknown.status == 404 && unknown.type == "not_found" && unknown.message == "Order id not found: order_nope")
            let items = try await Self.fulfil(raw, orderId, Self.items([("ordli_x", 1), (lines[0], 1), ("ordli_y", 1)]))
            #expect(items.status == 400 && items.type == "invalid_data")
            #expect(items.message == "Items with ids ordli_x, ordli_y does not exist in order with id \(orderId).")
            let version = try await Self.fulfil(raw, orderId, Self.items([(lines[0], 1)]), query: "?version=2")
            #expect(version.status == 400 && version.message == "Invalid request: Expected type: 'number' for field 'version', got: 'string'")
            try simulator.cancelOrder(orderId: orderId)
            let canceled = try await Self.fulfil(raw, orderId, Self.items([(lines[0], 1)]))
            #expect(canceled.status == 400 && canceled.message == "Order with id \(orderId) has been canceled.")
            #expect(simulator.fulfilments(orderId: orderId)?.isEmpty == true)
        }
    }

    @Test("The location: location_id, else the option's; unknown location 404; an unlinked option 400; no option 500")
    func location() async throws {
        let options: [MedusaSimulatorConfiguration.ShippingOptionSeed] = [
            .init(id: "so_standard", name: "Standard", locationId: "sloc_01JBSIMULATEDLOCATION0000000"),
            .init(id: "so_unlinked", name: "Pickup", locationId: nil),
        ]
        try await withSimulator(.init(additionalStockLocations: [.init(id: "sloc_second", name: "Second")],
                                      shippingOptions: options)) { simulator in
            let raw = RawAdminAPI(simulator: simulator)
            let (linked, lines) = try await Self.place(simulator)
            let fromOption = try await Self.fulfil(raw, linked, Self.items([(lines[0], 1)]))
            #expect(fromOption.status == 200)
            let unknownLocation = try await Self.fulfil(raw, linked, "{\"items\":[],\"location_id\":\"sloc_nope\"}")
            #expect(unknownLocation.status == 404 && unknownLocation.message == "StockLocation id not found: sloc_nope")
            let chosen = try await Self.fulfil(raw, linked, "{\"items\":[],\"location_id\":\"sloc_second\"}")
            #expect(chosen.status == 200)
            #expect(simulator.fulfilments(orderId: linked)?.map(\.locationId)
                == ["sloc_01JBSIMULATEDLOCATION0000000", "sloc_second"])

            let (unlinked, unlinkedLines) = try await Self.placeAgain(simulator, optionId: "so_unlinked")
            let refused = try await Self.fulfil(raw, unlinked, Self.items([(unlinkedLines[0], 1)]))
            #expect(refused.status == 400 && refused.message == "Cannot create fulfillment without stock location, "
                + "either provide a location or you should link the shipping option so_unlinked to a stock location.")
            let given = try await Self.fulfil(raw, unlinked, "{\"items\":[],\"location_id\":\"sloc_second\"}")
            #expect(given.status == 200)

            let (deleted, _) = try await Self.placeAgain(simulator, optionId: "so_gone")
            let gone = try await Self.fulfil(raw, deleted, "{\"items\":[]}")
            #expect(gone.status == 404 && gone.message == "ShippingOption id not found: so_gone")
            let (none, _) = try await Self.placeAgain(simulator, optionId: nil)
            let noOption = try await Self.fulfil(raw, none, "{\"items\":[]}")
            #expect(noOption.status == 500 && noOption.json["code"]?.stringValue == "unknown_error")
        }
    }

    /// Another order on the product the first `place` created.
    static func placeAgain(_ simulator: RunningMedusaSimulator, optionId: String?) async throws
        -> (orderId: String, lines: [String])
    {
        let variantId = try #require(simulator.snapshot().products.first?.variants.first?.id)
        let placed = try simulator.placeOrder(SimulatedOrderInput(
            customer: .guest(email: "guest@example.com"),
            items: [SimulatedLineItemInput(variantId: variantId, quantity: 2, unitPrice: 10)],
            shippingMethods: [SimulatedShippingMethodInput(name: "Other", amount: 5, shippingOptionId: optionId)]))
        return (placed.id, try #require(simulator.lineQuantities(orderId: placed.id)).map(\.lineItemId))
    }

    @Test("Quantities: 0 is required, below 1 refused, more than left refused (cumulative within the request)")
    func quantities() async throws {
        try await withSimulator { simulator in
            let (orderId, lines) = try await Self.place(simulator)
            let raw = RawAdminAPI(simulator: simulator)
            let zero = try await Self.fulfil(raw, orderId, Self.items([(lines[0], 0)]))
            #expect(zero.status == 400 && zero.message == "Quantity to fulfill of item \(lines[0]) is required.")
            let half = try await Self.fulfil(raw, orderId, "{\"items\":[{\"id\":\"\(lines[0])\",\"quantity\":0.5}]}")
            #expect(half.status == 400 && half.message == "Quantity of item \(lines[0]) must be greater than 0.")
            let cumulative = try await Self.fulfil(raw, orderId, Self.items([(lines[0], 1), (lines[0], 2)]))
            #expect(cumulative.status == 400
                && cumulative.message == "Cannot fulfill more items than what was ordered for item \(lines[0]).")
            #expect(simulator.fulfilments(orderId: orderId)?.isEmpty == true, "a refused request leaves nothing behind")
            #expect(simulator.lineQuantities(orderId: orderId)?.first?.fulfilled == 0)
            let first = try await Self.fulfil(raw, orderId, Self.items([(lines[0], 1)]))
            let again = try await Self.fulfil(raw, orderId, Self.items([(lines[0], 1)]))
            #expect(first.status == 200 && again.status == 200, "no idempotency: a repeated POST fulfils again")
            let over = try await Self.fulfil(raw, orderId, Self.items([(lines[0], 1)]))
            #expect(over.status == 400 && over.message == "Cannot fulfill more items than what was ordered for item \(lines[0]).")
            #expect(simulator.fulfilments(orderId: orderId)?.count == 2)
        }
    }

    @Test("Effects: fulfilled_quantity, version, updated_at, the event; the answer has no fulfillments unless asked",
          arguments: MedusaServerVersion.allCases)
    func effects(version: MedusaServerVersion) async throws {
        let events = Mutex<[MedusaSimulatedEvent]>([])
        var configuration = MedusaSimulatorConfiguration(version: version)
        configuration.eventSubscriber = { event in events.withLock { $0.append(event) } }
        try await withSimulator(configuration) { simulator in
            let (orderId, lines) = try await Self.place(simulator)
            let raw = RawAdminAPI(simulator: simulator)
            let before = try await raw.send("GET", "/admin/orders/\(orderId)").json["order"]
            try await Task.sleep(for: .milliseconds(5))
            let answer = try await Self.fulfil(raw, orderId, Self.items([(lines[0], 2)]))
            #expect(answer.status == 200)
            let order = answer.json["order"]
            #expect(order?["fulfillments"] == nil && order?["payment_status"] == nil && order?["fulfillment_status"] == nil)
            #expect(order?["version"] == .number(2))
            #expect(order?["updated_at"] != before?["updated_at"])
            let detail = order?["items"]?.arrayValue.first { $0["id"]?.stringValue == lines[0] }?["detail"]
            #expect(detail?["fulfilled_quantity"] == .number(2) && detail?["shipped_quantity"] == .number(0))
            #expect(detail?["id"] != before?["items"]?.arrayValue.first?["detail"]?["id"], "a new order_item row")

            let asked = try await Self.fulfil(raw, orderId, Self.items([(lines[1], 1)]), query: "?fields=*fulfillments,*fulfillments.items")
            let fulfilments = asked.json["order"]?["fulfillments"]?.arrayValue ?? []
            #expect(fulfilments.count == 2)
            let item = fulfilments.last?["items"]?.arrayValue.first
            #expect(item?["line_item_id"] == .string(lines[1]) && item?["quantity"] == .number(1))
            #expect(item?["sku"] == .string("SHIRT-M-BLUE") && item?["title"] == .string("M / Blue"))
            let inventoryItemId = simulator.snapshot().products.first?.variants.last?.inventoryItemIds.first
            #expect(inventoryItemId != nil && item?["inventory_item_id"]?.stringValue == inventoryItemId)
            #expect(fulfilments.last?["packed_at"]?.stringValue != nil && fulfilments.last?["shipped_at"] == .null)

            let ids = try #require(simulator.fulfilments(orderId: orderId)).map(\.id)
            try await Self.waitFor { events.withLock { $0.count } >= 3 }
            let created = events.withLock { $0 }.filter { $0.name == "order.fulfillment_created" }
            #expect(Set(created.map(\.data)) == Set(ids.map { ["order_id": .string(orderId), "fulfillment_id": .string($0)] }))
            #expect(created.count == 2 && created.allSatisfy { $0.id == orderId })
        }
    }

    static func waitFor(_ condition: () -> Bool) async throws {
        for _ in 0..<200 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
    }

    @Test("Reads: detail has fulfillment scalars by default, items and labels on request; fulfillment_status follows")
    func reads() async throws {
        try await withSimulator { simulator in
            let (orderId, lines) = try await Self.place(simulator)
            let raw = RawAdminAPI(simulator: simulator)
            func status() async throws -> String? {
                try await raw.send("GET", "/admin/orders/\(orderId)").json["order"]?["fulfillment_status"]?.stringValue
            }
            #expect(try await status() == "not_fulfilled")
            _ = try await Self.fulfil(raw, orderId, Self.items([(lines[0], 2)]))
            #expect(try await status() == "partially_fulfilled")
            _ = try await Self.fulfil(raw, orderId, Self.items([(lines[1], 1)]))
            #expect(try await status() == "fulfilled")
            let ids = try #require(simulator.fulfilments(orderId: orderId)).map(\.id)
            let detail = try await raw.send("GET", "/admin/orders/\(orderId)").json["order"]
            let scalars = detail?["fulfillments"]?.arrayValue.first
            #expect(scalars?["id"] == .string(ids[0]) && scalars?["location_id"] != nil)
            #expect(scalars?["items"] == nil && scalars?["labels"] == nil)
            _ = try await raw.send("POST", "/admin/orders/\(orderId)/fulfillments/\(ids[0])/shipments",
                                   json: "{\"items\":[{\"id\":\"\(lines[0])\",\"quantity\":2}],\"labels\":[{\"tracking_number\":\"TN1\",\"tracking_url\":\"\",\"label_url\":\"\"}]}")
            #expect(try await status() == "partially_shipped")
            let full = try await raw.send("GET", "/admin/orders/\(orderId)?fields=id,*fulfillments.items,*fulfillments.labels")
                .json["order"]
            #expect(full?["fulfillments"]?.arrayValue.first?["labels"]?.arrayValue.first?["tracking_number"] == .string("TN1"))
            #expect(full?["fulfillments"]?.arrayValue.first?["items"]?.arrayValue.count == 1)
            #expect(full?["items"] == nil)
            _ = try await raw.send("POST", "/admin/orders/\(orderId)/fulfillments/\(ids[1])/shipments",
                                   json: Self.items([(lines[1], 1)]))
            #expect(try await status() == "shipped")
            _ = try await raw.send("POST", "/admin/orders/\(orderId)/fulfillments/\(ids[0])/mark-as-delivered", json: "{}")
            #expect(try await status() == "partially_delivered")
            _ = try await raw.send("POST", "/admin/orders/\(orderId)/fulfillments/\(ids[1])/mark-as-delivered", json: "{}")
            #expect(try await status() == "delivered")
            let item = try await raw.send("GET", "/admin/orders/\(orderId)").json["order"]?["items"]?.arrayValue
                .first { $0["id"]?.stringValue == lines[0] }?["detail"]
            #expect(item?["fulfilled_quantity"] == .number(2) && item?["shipped_quantity"] == .number(2)
                && item?["delivered_quantity"] == .number(2))
            let list = try await raw.send("GET", "/admin/orders?fields=id,fulfillments.id").json["orders"]?.arrayValue.first
            #expect(list?["fulfillments"]?.arrayValue.count == 2 && list?["fulfillment_status"] == .string("delivered"))
            let plainList = try await raw.send("GET", "/admin/orders").json["orders"]?.arrayValue.first
            #expect(plainList?["fulfillments"] == nil)
        }
    }

    @Test("Shipments: a foreign fulfilment 500, items over what was fulfilled 400, labels replace, already shipped 400",
          arguments: MedusaServerVersion.allCases)
    func shipments(version: MedusaServerVersion) async throws {
        let events = Mutex<[MedusaSimulatedEvent]>([])
        var configuration = MedusaSimulatorConfiguration(version: version)
        configuration.eventSubscriber = { event in events.withLock { $0.append(event) } }
        try await withSimulator(configuration) { simulator in
            let (orderId, lines) = try await Self.place(simulator)
            let (otherId, otherLines) = try await Self.placeAgain(simulator, optionId: "so_standard")
            let raw = RawAdminAPI(simulator: simulator)
            _ = try await Self.fulfil(raw, orderId, Self.items([(lines[0], 1)]))
            _ = try await Self.fulfil(raw, otherId, Self.items([(otherLines[0], 1)]))
            let mine = try #require(simulator.fulfilments(orderId: orderId)?.first?.id)
            let foreign = try #require(simulator.fulfilments(orderId: otherId)?.first?.id)
            func ship(_ fid: String, _ body: String) async throws -> RawAnswer {
                try await raw.send("POST", "/admin/orders/\(orderId)/fulfillments/\(fid)/shipments", json: body)
            }
            let other = try await ship(foreign, Self.items([(lines[0], 1)]))
            #expect(other.status == 500 && other.json["type"] == .string("unknown_error"))
            let unknown = try await ship("ful_nope", Self.items([(lines[0], 1)]))
            #expect(unknown.status == 500)
            let badItem = try await ship(mine, Self.items([("ordli_x", 1)]))
            #expect(badItem.status == 400 && badItem.message == "Items with ids ordli_x does not exist in order with id \(orderId).")
            let nullLabel = try await ship(mine, "{\"items\":[],\"labels\":[{\"tracking_number\":null,\"tracking_url\":\"\",\"label_url\":\"\"}]}")
            #expect(nullLabel.status == 400 && nullLabel.message?.contains("Expected type: 'string'") == true)
            let over = try await ship(mine, Self.items([(lines[0], 2)]))
            #expect(over.status == 400 && over.message == "Cannot ship more items than what was fulfilled for item \(lines[0]).")
            let zero = try await ship(mine, Self.items([(lines[0], 0)]))
            #expect(zero.status == 400 && zero.message == "Quantity to ship of item \(lines[0]) is required.")
            let shipped = try await ship(mine, "{\"items\":[{\"id\":\"\(lines[0])\",\"quantity\":1}],\"labels\":["
                + "{\"tracking_number\":\"TN-1\",\"tracking_url\":\"https://t.example/1\",\"label_url\":\"\"}]}")
            #expect(shipped.status == 200 && shipped.json["order"]?["fulfillments"] == nil)
            let snapshot = try #require(simulator.fulfilments(orderId: orderId)?.first)
            #expect(snapshot.shippedAt != nil && snapshot.labels.map(\.trackingNumber) == ["TN-1"])
            #expect(simulator.lineQuantities(orderId: orderId)?.first?.shipped == 1)
            let again = try await ship(mine, Self.items([(lines[0], 1)]))
            #expect(again.status == 400 && again.type == "not_allowed" && again.message == "Shipment has already been created")
            try await Self.waitFor { events.withLock { $0.contains { $0.name == "shipment.created" } } }
            let expected: [String: JSONValue] = version == .current ? ["id": .string(mine), "no_notification": .bool(false)]
                : ["id": .string(mine)]
            #expect(events.withLock { $0 }.filter { $0.name == "shipment.created" }.map(\.data) == [expected])
        }
    }

    @Test("Cancel a fulfilment: shipped ones refused, quantities given back; a cancelled one cannot be shipped")
    func cancelFulfilment() async throws {
        try await withSimulator { simulator in
            let (orderId, lines) = try await Self.place(simulator)
            let raw = RawAdminAPI(simulator: simulator)
            _ = try await Self.fulfil(raw, orderId, Self.items([(lines[0], 1)]))
            _ = try await Self.fulfil(raw, orderId, Self.items([(lines[0], 1)]))
            let ids = try #require(simulator.fulfilments(orderId: orderId)).map(\.id)
            _ = try await raw.send("POST", "/admin/orders/\(orderId)/fulfillments/\(ids[0])/shipments",
                                   json: Self.items([(lines[0], 1)]))
            let shipped = try await raw.send("POST", "/admin/orders/\(orderId)/fulfillments/\(ids[0])/cancel", json: "{}")
            #expect(shipped.status == 400 && shipped.type == "not_allowed"
                && shipped.message == "The fulfillment has already been shipped. Shipped fulfillments cannot be canceled")
            let refusedOrderCancel = try await raw.send("POST", "/admin/orders/\(orderId)/cancel", json: "{}")
            #expect(refusedOrderCancel.status == 400
                && refusedOrderCancel.message == "All fulfillments must be canceled before canceling an order")
            let canceled = try await raw.send("POST", "/admin/orders/\(orderId)/fulfillments/\(ids[1])/cancel", json: "{}")
            #expect(canceled.status == 200)
            #expect(simulator.lineQuantities(orderId: orderId)?.first?.fulfilled == 1)
            #expect(simulator.fulfilments(orderId: orderId)?.last?.canceledAt != nil)
            let shipCanceled = try await raw.send("POST", "/admin/orders/\(orderId)/fulfillments/\(ids[1])/shipments",
                                                  json: "{\"items\":[]}")
            #expect(shipCanceled.status == 400 && shipCanceled.message == "Cannot create shipment for a canceled fulfillment")
            let deliverCanceled = try await raw.send("POST", "/admin/orders/\(orderId)/fulfillments/\(ids[1])/mark-as-delivered",
                                                     json: "{}")
            #expect(deliverCanceled.status == 400 && deliverCanceled.message == "Cannot deliver an already canceled fulfillment")
        }
    }

    @Test("Mark as delivered: the fulfilment is looked up before the order; strict empty body; delivered once")
    func markDelivered() async throws {
        try await withSimulator { simulator in
            let (orderId, lines) = try await Self.place(simulator)
            let raw = RawAdminAPI(simulator: simulator)
            _ = try await Self.fulfil(raw, orderId, Self.items([(lines[0], 2)]))
            let fid = try #require(simulator.fulfilments(orderId: orderId)?.first?.id)
            let unknownBoth = try await raw.send("POST", "/admin/orders/order_nope/fulfillments/ful_nope/mark-as-delivered",
                                                 json: "{}")
            #expect(unknownBoth.status == 404 && unknownBoth.message == "Fulfillment id not found: ful_nope")
            let unknownOrder = try await raw.send("POST", "/admin/orders/order_nope/fulfillments/\(fid)/mark-as-delivered",
                                                  json: "{}")
            #expect(unknownOrder.status == 404 && unknownOrder.message == "Order id not found: order_nope")
            let body = try await raw.send("POST", "/admin/orders/\(orderId)/fulfillments/\(fid)/mark-as-delivered",
                                          json: "{\"no_notification\":true}")
            #expect(body.status == 400 && body.message == "Invalid request: Unrecognized fields: 'no_notification'")
            let delivered = try await raw.send("POST", "/admin/orders/\(orderId)/fulfillments/\(fid)/mark-as-delivered",
                                               json: "{}")
            #expect(delivered.status == 200)
            let line = simulator.lineQuantities(orderId: orderId)?.first
            #expect(line?.delivered == 2 && line?.shipped == 0)
            let twice = try await raw.send("POST", "/admin/orders/\(orderId)/fulfillments/\(fid)/mark-as-delivered",
                                           json: "{}")
            #expect(twice.status == 400 && twice.message == "Fulfillment has already been marked delivered")
        }
    }

    @Test("A lost answer: the fulfilment is created, the client sees 500", arguments: MedusaServerVersion.allCases)
    func lostAnswer(version: MedusaServerVersion) async throws {
        try await withSimulator(.init(version: version)) { simulator in
            let (orderId, lines) = try await Self.place(simulator)
            let raw = RawAdminAPI(simulator: simulator)
            simulator.faults.update { $0.scripted = [.lostAnswer] }
            let lost = try await Self.fulfil(raw, orderId, Self.items([(lines[0], 1)]))
            #expect(lost.status == 500)
            #expect(simulator.fulfilments(orderId: orderId)?.count == 1)
            #expect(simulator.faults.injectedCounts[.lostAnswer] == 1)
            simulator.faults.update { $0.lostAnswerRate = 1 }
            let alsoLost = try await raw.send("GET", "/admin/orders/\(orderId)")
            #expect(alsoLost.status == 500)
        }
    }

    @Test("A fault scripted for one route hits that route's next request only, whatever comes before it")
    func scriptedRouteFault() async throws {
        try await withSimulator(.init()) { simulator in
            let (orderId, lines) = try await Self.place(simulator)
            let raw = RawAdminAPI(simulator: simulator)
            simulator.faults.update {
                $0.scriptedRoutes = [ScriptedRouteFault(method: "POST", pathSuffix: "/fulfillments", fault: .lostAnswer)]
            }
            // Reads of the same order (and of the same path with another method) pass untouched.
            #expect(try await raw.send("GET", "/admin/orders/\(orderId)").status == 200)
            #expect(try await raw.send("GET", "/admin/orders/\(orderId)/fulfillments").status != 500)
            let lost = try await Self.fulfil(raw, orderId, Self.items([(lines[0], 1)]))
            #expect(lost.status == 500)
            #expect(simulator.fulfilments(orderId: orderId)?.count == 1, "applied, then its answer lost")
            #expect(simulator.faults.injectedCounts[.lostAnswer] == 1)
            #expect(simulator.faults.settings.scriptedRoutes.isEmpty, "used once")
            let next = try await Self.fulfil(raw, orderId, Self.items([(lines[1], 1)]))
            #expect(next.status == 200)
            #expect(simulator.fulfilments(orderId: orderId)?.count == 2)
        }
    }
}
