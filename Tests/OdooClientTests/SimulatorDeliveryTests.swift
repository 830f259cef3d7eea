import ExactJSON
import Foundation
import OdooClient
import OdooSimulator
import SyncCore
import Synchronization
import Testing

/// The simulator validates deliveries as the recorded Odoo 17 and 19 did (ORDERS.md §5, §6, §9): the warehouse user's
/// calls (move writes, `button_validate`, the backorder wizard) answer what the recordings answered, the pickings,
/// moves and orders end up as recorded, the tracking fields exist only with the delivery module, and the picking rule
/// POSTs once per picking reaching done. The client's `OdooDeliveries` reads the result.
@Suite("Simulator deliveries")
struct SimulatorDeliveryTests {
    static let modes: [ServerMode] = [.odoo19JSON2, .odoo19JSONRPC, .odoo17JSONRPC]

    static func recording(_ mode: ServerMode) -> OrdersRecording {
        switch mode {
        case .odoo19JSON2: .odoo19JSON2
        case .odoo19JSONRPC: .odoo19JSONRPC
        default: .odoo17JSONRPC
        }
    }

    /// The recorded answer of `name` (JSON-2 body or JSON-RPC result/error), from this mode's folder or 19's JSON-2 one.
    static func recorded(_ mode: ServerMode, _ name: String) throws -> JSONValue {
        var recording = recording(mode)
        if !recording.has(name) { recording = .odoo19JSON2 }
        let body = try #require(try recording.fixture(name).responseBody)
        return recording.isJSON2 ? body : (body["result"] ?? body["error"]?["data"] ?? .null)
    }

    /// A confirmed order of `quantities` of fresh goods products (no stock: nothing is reserved).
    static func confirmedOrder(_ harness: SimulatorHarness, _ client: OdooClient, quantities: [Decimal],
                               origin: String = "medusa:order_d") async throws -> (orderId: Int, productIds: [Int]) {
        let partner = harness.simulator.createContact(name: "Delivery Customer", email: "delivery@example.com")
        var products: [Int] = []
        for index in quantities.indices {
            products.append(try await harness.simulator.createProduct(OdooNewProduct(name: "Crate \(index)", listPrice: 10)).variantIds[0])
        }
        let lines = zip(products, quantities).enumerated().map { index, pair in
            SaleOrderLineValues(medusaId: "item_\(index)", productId: pair.0, quantity: pair.1, priceUnit: 10, discount: nil,
                                taxIds: [], name: nil)
        }
        let ids = try await client.createSaleOrders([SaleOrderValues(
            partnerId: partner, partnerInvoiceId: partner, partnerShippingId: partner, pricelistId: 1,
            clientOrderRef: "MEDUSA-" + origin, origin: origin, lines: lines)])
        try await client.confirmSaleOrders(ids: ids)
        return (ids[0], products)
    }

    static func records(_ answer: JSONValue) -> [JSONValue] { answer.arrayValue ?? [] }

    static func pickingIds(_ client: OdooClient, order: Int) async throws -> [Int] {
        let answer = try await client.read(model: "sale.order", ids: [order], fields: ["picking_ids"])
        return records(answer).first?["picking_ids"]?.arrayValue?.compactMap(\.intValue) ?? []
    }

    static func moves(_ client: OdooClient, picking: Int) async throws -> [JSONValue] {
        records(try await client.searchRead(model: "stock.move", domain: .condition("picking_id", "=", .number(Decimal(picking))),
                                            fields: ["product_id", "product_uom_qty", "quantity", "picked", "sale_line_id", "state"]))
    }

    static func setQuantity(_ client: OdooClient, move: Int, _ quantity: Decimal) async throws {
        let answer = try await client.call(model: "stock.move", method: "write", ids: [move],
                                           kwargs: ["vals": .object(["quantity": .number(quantity), "picked": .bool(true)])])
        #expect(answer == .bool(true), "write answers true (delivery_full_write_move_quantity_picked_1)")
    }

    static let pickingFields = ["name", "state", "origin", "sale_id", "picking_type_code", "date_done", "move_ids",
                                "backorder_id", "backorder_ids"]

    static func picking(_ client: OdooClient, _ id: Int, fields: [String] = pickingFields) async throws -> JSONValue {
        try #require(records(try await client.read(model: "stock.picking", ids: [id], fields: fields)).first)
    }

    static func kind(_ value: JSONValue?) -> String {
        switch value {
        case .string?: "string"
        case .bool?: "bool"
        case .number?: "number"
        case .array(let items)?: items.first.map { "array of \(kind($0))" } ?? "array"
        case .object?: "object"
        default: "missing"
        }
    }

    @Test("a full delivery: move writes, button_validate answers true, the order is delivered", arguments: modes)
    func fullDelivery(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            let (orderId, _) = try await Self.confirmedOrder(harness, client, quantities: [1, 2])
            let pickingId = try #require(try await Self.pickingIds(client, order: orderId).first)
            let before = try await Self.picking(client, pickingId)
            let recordedBefore = try #require(Self.records(try Self.recorded(mode, "picking_read_from_order")).first)
            for field in Self.pickingFields {
                #expect(Self.kind(before[field]) == Self.kind(recordedBefore[field]) || field == "state", "\(field) as recorded")
            }
            #expect(before["picking_type_code"] == .string("outgoing") && before["backorder_ids"] == .array([]))
            for move in try await Self.moves(client, picking: pickingId) {
                try await Self.setQuantity(client, move: try #require(move["id"]?.intValue), try #require(move["product_uom_qty"]?.decimal))
            }
            let answer = try await client.call(model: "stock.picking", method: "button_validate", ids: [pickingId])
            #expect(answer == .bool(true))
            let after = try await Self.picking(client, pickingId)
            let recordedAfter = try #require(Self.records(try Self.recorded(mode, "delivery_full_read_picking_after")).first)
            #expect(after["state"] == recordedAfter["state"])
            #expect(Self.kind(after["date_done"]) == "string")
            let order = try #require(Self.records(try await client.read(model: "sale.order", ids: [orderId], fields: ["delivery_status"])).first)
            #expect(order["delivery_status"] == .string("full"))
            let lines = Self.records(try await client.searchRead(model: "sale.order.line",
                                                                 domain: .condition("order_id", "=", .number(Decimal(orderId))),
                                                                 fields: ["product_uom_qty", "qty_delivered"]))
            #expect(lines.allSatisfy { $0["qty_delivered"] == $0["product_uom_qty"] })
            // The client reads it as the deliveries sync will.
            let delivery = try #require(try await client.deliveries(ids: [pickingId]).first)
            #expect(delivery.state == .done && delivery.direction == .outgoing && delivery.saleOrderId == orderId)
            #expect(delivery.doneAt != nil && delivery.trackingReference == nil)
            #expect(try await client.deliveries(after: nil, limit: 10).map(\.id) == [pickingId])
            let moves = try await client.deliveryMoves(pickingIds: [pickingId])
            #expect(moves.map(\.quantity).sorted() == [1, 2] && moves.allSatisfy { $0.state == "done" })
        }
    }

    @Test("a partial delivery: the backorder wizard as recorded, process without context does nothing, with it a backorder",
          arguments: modes)
    func partialDelivery(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            let (orderId, products) = try await Self.confirmedOrder(harness, client, quantities: [5])
            let pickingId = try #require(try await Self.pickingIds(client, order: orderId).first)
            let move = try #require(try await Self.moves(client, picking: pickingId).first)
            try await Self.setQuantity(client, move: try #require(move["id"]?.intValue), 2)
            let before = try await Self.picking(client, pickingId)
            let action = try await client.call(model: "stock.picking", method: "button_validate", ids: [pickingId])
            let recordedAction = try Self.recorded(mode, "partial_button_validate_returns_backorder_wizard")
            #expect(Set(action.objectKeys) == Set(recordedAction.objectKeys))
            for key in ["name", "type", "res_model", "target", "view_mode", "view_id", "views"] {
                #expect(action[key] == recordedAction[key], "\(key)")
            }
            let context = try #require(action["context"])
            #expect(Set(context.objectKeys) == Set(recordedAction["context"]?.objectKeys ?? []))
            #expect(context["button_validate_picking_ids"] == .array([.number(Decimal(pickingId))]))

            // Without the context: `true`, nothing done (backorder_process_without_context_does_nothing).
            let bare = try await client.call(model: "stock.backorder.confirmation", method: "create", kwargs: ["vals_list": .array([.object([:])])])
            let bareId = try #require(bare.arrayValue?.first?.intValue)
            #expect(try await client.call(model: "stock.backorder.confirmation", method: "process", ids: [bareId]) == .bool(true))
            #expect(try await Self.picking(client, pickingId)["state"] == before["state"])

            guard case .object(let contextObject) = context else { Issue.record("no context"); return }
            // As recorded: JSON-2 `vals_list: [{}]` (a list of ids back), JSON-RPC the dict `{}` positionally (a bare id).
            let created = mode == .odoo19JSON2
                ? try await client.call(model: "stock.backorder.confirmation", method: "create",
                                        kwargs: ["vals_list": .array([.object([:])])], context: contextObject)
                : try await client.call(model: "stock.backorder.confirmation", method: "create", args: [.object([:])],
                                        context: contextObject)
            #expect(Self.kind(created) == Self.kind(try Self.recorded(mode, "backorder_wizard_create_with_action_context")))
            let wizardId = try #require(created.arrayValue?.first?.intValue ?? created.intValue)
            #expect(try await client.call(model: "stock.backorder.confirmation", method: "process", ids: [wizardId],
                                          context: contextObject) == .bool(true), "no SMS wizard in the simulator")

            let original = try await Self.picking(client, pickingId)
            #expect(original["state"] == .string("done") && Self.kind(original["date_done"]) == "string")
            let backorderId = try #require(original["backorder_ids"]?.arrayValue?.first?.intValue)
            let backorder = try await Self.picking(client, backorderId)
            #expect(backorder["state"] == .string("confirmed") || backorder["state"] == .string("assigned"))
            #expect(backorder["backorder_id"]?.arrayValue?.first?.intValue == pickingId)
            #expect(Self.kind(backorder["backorder_id"]) == Self.kind(try Self.records(try Self.recorded(mode, "backorder_read_backorder_picking")).first?["backorder_id"]))
            let remainder = try #require(try await Self.moves(client, picking: backorderId).first)
            #expect(remainder["product_uom_qty"]?.decimal == 3)
            let order = try #require(Self.records(try await client.read(model: "sale.order", ids: [orderId],
                                                                        fields: ["delivery_status", "picking_ids"])).first)
            #expect(order["delivery_status"] == .string("partial"))
            #expect(order["picking_ids"]?.arrayValue?.compactMap(\.intValue) == [backorderId, pickingId], "newest first")

            let read = try await client.deliveries(ids: [pickingId, backorderId])
            #expect(read.first { $0.id == backorderId }?.backorderOf == pickingId)
            #expect(try await client.deliveryMoves(pickingIds: [pickingId]).map(\.quantity) == [2])

            // The warehouse control delivers the rest.
            let rest = try await harness.simulator.validateDelivery(saleOrderId: orderId)
            #expect(rest.pickingId == backorderId && rest.backorderId == nil)
            #expect(harness.simulator.saleOrders().first { $0.id == orderId }?.deliveryStatus == "full")
            _ = products
        }
    }

    @Test("nothing reserved and nothing set: button_validate is the recorded UserError", arguments: modes)
    func nothingReserved(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            let (orderId, _) = try await Self.confirmedOrder(harness, client, quantities: [1])
            let pickingId = try #require(try await Self.pickingIds(client, order: orderId).first)
            #expect(try await Self.picking(client, pickingId)["state"] == .string("confirmed"), "no stock: not reserved")
            let error = await #expect(throws: OdooError.self) {
                _ = try await client.call(model: "stock.picking", method: "button_validate", ids: [pickingId], retrying: false)
            }
            let recorded = try Self.recorded(mode, "nostock_button_validate_error")
            #expect(error?.kind == .userError)
            #expect(error?.description.contains(try #require(recorded["message"]?.stringValue)) == true)
        }
    }

    @Test("tracking fields: a ValueError without the delivery module; with it written on the done picking, URL on 19 only",
          arguments: modes)
    func tracking(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            let (orderId, _) = try await Self.confirmedOrder(harness, client, quantities: [1])
            let done = try await harness.simulator.validateDelivery(saleOrderId: orderId, trackingReference: "1Z999AA10123456784")
            let error = await #expect(throws: OdooError.self) {
                _ = try await client.read(model: "stock.picking", ids: [done.pickingId], fields: ["name", "carrier_tracking_ref"])
            }
            let recorded = try Self.recorded(mode, "tracking_read_carrier_tracking_ref_without_delivery_module")
            #expect(error?.description.contains(try #require(recorded["message"]?.stringValue)) == true)
            if mode == .odoo19JSON2 { #expect(error?.httpStatus == 500) }
            #expect(try await client.deliveries(ids: [done.pickingId]).first?.trackingReference == nil)
        }
        let configuration = OdooSimulatorConfiguration(deliveryModuleInstalled: true,
                                                       carrierTrackingURL: "https://track.example.com/?n=<shipmenttrackingnumber>")
        try await SimulatorHarness.with(mode, configuration: configuration) { harness in
            let client = harness.client()
            let (orderId, _) = try await Self.confirmedOrder(harness, client, quantities: [1])
            let done = try await harness.simulator.validateDelivery(saleOrderId: orderId)
            let fields = try await client.fieldsGet(model: "stock.picking", fields: ["carrier_tracking_ref", "carrier_tracking_url", "carrier_id"])
            #expect(Set(fields.keys) == ["carrier_tracking_ref", "carrier_tracking_url", "carrier_id"])
            let first = try #require(try await client.deliveries(ids: [done.pickingId]).first)
            #expect(first.trackingReference == nil)
            try await harness.simulator.setTrackingReference(pickingId: done.pickingId, reference: "1Z999AA10123456784")
            let later = try #require(try await client.deliveries(ids: [done.pickingId]).first)
            #expect(later.trackingReference == "1Z999AA10123456784" && later.state == .done)
            #expect(later.cursor.writeDate > first.cursor.writeDate, "a tracking write moves write_date")
            #expect(later.trackingURL == (mode.major >= 19 ? "https://track.example.com/?n=1Z999AA10123456784" : nil))
            let read = try await Self.picking(client, done.pickingId, fields: ["carrier_tracking_ref", "carrier_tracking_url"])
            let recordedRead = try #require(Self.records(try Self.recorded(mode, "tracking_read_after_write")).first)
            #expect(read["carrier_tracking_ref"] == recordedRead["carrier_tracking_ref"])
        }
    }

    @Test("the picking rule POSTs once per picking reaching done, in the recorded shape", arguments: [ServerMode.odoo19JSON2, .odoo17JSONRPC])
    func webhooks(mode: ServerMode) async throws {
        let inbox = SimulatorBehaviourTests.WebhookInbox()
        let configuration = OdooSimulatorConfiguration(
            webhooks: OdooWebhookSettings(url: "http://127.0.0.1:9/webhooks/odoo", templateOnCreateOrWrite: false,
                                          templateOnArchive: false, templateOnUnlink: false, templateOnCreateWithoutFields: false,
                                          pickingOnDone: true),
            webhookSender: inbox.sender, deliveryModuleInstalled: true)
        try await SimulatorHarness.with(mode, configuration: configuration) { harness in
            let client = harness.client()
            let (orderId, products) = try await Self.confirmedOrder(harness, client, quantities: [5])
            #expect(inbox.bodies.isEmpty, "nothing on confirm")
            let partial = try await harness.simulator.validateDelivery(saleOrderId: orderId, quantities: [products[0]: 2])
            let backorderId = try #require(partial.backorderId)
            try await harness.simulator.setTrackingReference(pickingId: partial.pickingId, reference: "TRACK-1")
            _ = try await harness.simulator.validateDelivery(saleOrderId: orderId)
            let posts = inbox.bodies.compactMap { try? JSONText.parse(Array($0.utf8)) }
            #expect(posts.count == 2, "one per picking reaching done, none for the tracking write")
            let recordedFile = mode.major >= 19 ? "odoo19/webhook_picking/webhook_backorder_process_12.json"
                : "odoo17/webhook_picking/webhook_backorder_process_06.json"
            let recorded = try #require(try FixtureLibrary.load(recordedFile).requestBody)
            for post in posts {
                #expect(Set(post.objectKeys) == Set(recorded.objectKeys))
                for key in recorded.objectKeys { #expect(Self.kind(post[key]) == Self.kind(recorded[key]) || key == "backorder_id", "\(key)") }
                #expect(post["state"] == .string("done") && post["date_done"] == .bool(false) && post["_model"] == .string("stock.picking"))
                #expect(post["sale_id"]?.intValue == orderId)
                #expect(post["_action"]?.stringValue?.hasPrefix(mode.major >= 19 ? "Medusa webhook picking done(#" : "Send Webhook Notification(#") == true)
            }
            #expect(posts.first?["id"]?.intValue == partial.pickingId && posts.first?["backorder_id"] == .bool(false))
            #expect(posts.last?["id"]?.intValue == backorderId && posts.last?["backorder_id"]?.intValue == partial.pickingId)
            #expect(posts.first?["carrier_tracking_ref"] == .bool(false), "the tracking written later is not in the done POST")
        }
    }

    @Test("cancelling an open picking; deliverSaleOrder still delivers everything")
    func cancelAndDeliver() async throws {
        try await SimulatorHarness.with(.odoo19JSON2) { harness in
            let client = harness.client()
            let (orderId, _) = try await Self.confirmedOrder(harness, client, quantities: [3])
            let pickingId = try #require(try await Self.pickingIds(client, order: orderId).first)
            harness.simulator.deliverSaleOrder(id: orderId)
            #expect(harness.simulator.pickingState(id: pickingId) == "done")
            #expect(harness.simulator.saleOrders().first { $0.id == orderId }?.deliveryStatus == "full")
            let (second, _) = try await Self.confirmedOrder(harness, client, quantities: [1], origin: "medusa:order_e")
            let open = try #require(try await Self.pickingIds(client, order: second).first)
            try await harness.simulator.cancelPicking(id: open)
            #expect(harness.simulator.picking(id: open)?.state == "cancel")
            #expect(try await client.deliveries(after: nil, limit: 10).map(\.id) == [pickingId, open])
        }
    }
}

extension JSONValue {
    var decimal: Decimal? {
        if case .number(let number) = self { return number }
        return nil
    }
}

/// The recorded warehouse requests themselves (move writes, `button_validate`, the backorder wizard, the tracking read
/// without the delivery module) sent to the simulator with their ids translated to the simulator's records, and the
/// answers compared with the recorded ones like the orders scenario's (`SimulatorOrderReplayTests.check`).
@Suite("Simulator replays the recorded delivery requests")
struct SimulatorDeliveryReplayTests {
    /// The record ids a recorded request names (JSON-2 `ids`, JSON-RPC first positional).
    static func requestIds(_ exchange: RecordedExchange) -> [Int] {
        if exchange.requestPath == "/jsonrpc" {
            return exchange.rpcArgs.count > 5 ? (exchange.rpcArgs[5].arrayValue?.first?.arrayValue?.compactMap(\.intValue) ?? []) : []
        }
        return exchange.requestBody?["ids"]?.arrayValue?.compactMap(\.intValue) ?? []
    }

    @Test("full and partial deliveries, the backorder wizard, nothing reserved, tracking without the module",
          arguments: SimulatorDeliveryTests.modes)
    func replay(mode: ServerMode) async throws {
        let recording = SimulatorDeliveryTests.recording(mode)
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            var known: [String: [Int: Int]] = [:]
            func map(_ model: String, recorded: [Int], mine: [Int]) {
                for (old, new) in zip(recorded, mine) { known[model, default: [:]][old] = new }
            }
            // Full: two moves (1 and 2 units, as S00025).
            let full = try await SimulatorDeliveryTests.confirmedOrder(harness, client, quantities: [1, 2], origin: "medusa:full")
            let fullPicking = try #require(try await SimulatorDeliveryTests.pickingIds(client, order: full.orderId).first)
            let fullMoves = try await SimulatorDeliveryTests.moves(client, picking: fullPicking).compactMap { $0["id"]?.intValue }
            let validateName = recording.has("delivery_full_button_validate_with_skip_sms_context")
                ? "delivery_full_button_validate_with_skip_sms_context" : "delivery_full_button_validate"
            map("stock.picking", recorded: Self.requestIds(try recording.fixture(validateName)), mine: [fullPicking])
            map("stock.move", recorded: try ["delivery_full_write_move_quantity_picked_1", "delivery_full_write_move_quantity_picked_2"]
                .flatMap { Self.requestIds(try recording.fixture($0)) }, mine: fullMoves)
            // Partial: one move of 5.
            let partial = try await SimulatorDeliveryTests.confirmedOrder(harness, client, quantities: [5], origin: "medusa:partial")
            let partialPicking = try #require(try await SimulatorDeliveryTests.pickingIds(client, order: partial.orderId).first)
            let partialMove = try #require(try await SimulatorDeliveryTests.moves(client, picking: partialPicking).first?["id"]?.intValue)
            map("stock.picking", recorded: Self.requestIds(try recording.fixture("partial_button_validate_returns_backorder_wizard")),
                mine: [partialPicking])
            map("stock.move", recorded: Self.requestIds(try recording.fixture("partial_write_move_quantity_2_of_5")), mine: [partialMove])

            let replay = OrderScenarioReplay(simulator: harness.simulator, knownIds: known)
            for name in ["delivery_full_write_move_quantity_picked_1", "delivery_full_write_move_quantity_picked_2", validateName,
                         "partial_write_move_quantity_2_of_5", "partial_button_validate_returns_backorder_wizard",
                         "backorder_wizard_create_explicit_vals", "backorder_process_without_context_does_nothing",
                         "backorder_wizard_create_with_action_context"] where recording.has(name) {
                try await SimulatorOrderReplayTests.check(recording.fixture(name), name: name, replay: replay)
            }
            #expect(harness.simulator.pickingState(id: fullPicking) == "done")
            #expect(harness.simulator.pickingState(id: partialPicking) != "done", "nothing processed without the context")

            // `process` with the action's context: the recordings' answer is the SMS wizard where the company had not
            // answered it yet; the simulator has no SMS step and processes.
            let (answer, _, _) = try await replay.replay(try recording.fixture("backorder_process_with_context"))
            #expect(answer.status == 200)
            let body = try JSONText.parse(answer.body)
            #expect((mode == .odoo19JSON2 ? body : body["result"]) == .bool(true))
            #expect(harness.simulator.pickingState(id: partialPicking) == "done")
            let backorder = try #require(harness.simulator.picking(id: partialPicking + 1))
            #expect(backorder.backorderOf == partialPicking && backorder.moves.map(\.demand) == [3])

            // Nothing reserved: the recorded UserError, word for word.
            let empty = try await SimulatorDeliveryTests.confirmedOrder(harness, client, quantities: [1], origin: "medusa:empty")
            let emptyPicking = try #require(try await SimulatorDeliveryTests.pickingIds(client, order: empty.orderId).first)
            let nostock = recording.has("nostock_button_validate_error") ? recording : .odoo19JSON2
            let nostockExchange = try nostock.fixture("nostock_button_validate_error")
            if nostock == recording {
                let noStockReplay = OrderScenarioReplay(simulator: harness.simulator, knownIds: [
                    "stock.picking": [Self.requestIds(nostockExchange)[0]: emptyPicking]])
                try await SimulatorOrderReplayTests.check(nostockExchange, name: "nostock_button_validate_error", replay: noStockReplay)
            }
            // Tracking without the delivery module: the recorded ValueError.
            let tracking = try recording.fixture("tracking_read_carrier_tracking_ref_without_delivery_module")
            let trackingReplay = OrderScenarioReplay(simulator: harness.simulator, knownIds: [
                "stock.picking": [Self.requestIds(tracking)[0]: fullPicking]])
            try await SimulatorOrderReplayTests.check(tracking, name: "tracking_read_carrier_tracking_ref_without_delivery_module",
                                                      replay: trackingReplay)
        }
    }
}
