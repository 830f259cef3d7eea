import ExactJSON
import Foundation
import HTTPTransport
import OdooClient
import SyncCore
import Testing

/// The deliveries side of the client (`OdooDeliveries`) against the recorded answers of real Odoo 19 (JSON-2 and
/// JSON-RPC) and 17 (JSON-RPC): what it asks for pickings and moves, and how it reads the recorded pickings, moves and
/// tracking fields, with and without the delivery module. The recordings read pickings with `read` and mostly without
/// `write_date`; the answers here are the recorded records (merged by id where one picking was read in two calls),
/// with a `write_date` added where the recording has none.
@Suite("Deliveries client against recorded Odoo answers")
struct DeliveriesClientReplayTests {
    static let writeDate = "2026-12-03 14:35:00"

    /// The recorded records of a read (JSON-2 body or JSON-RPC `result`).
    static func records(_ recording: OrdersRecording, _ name: String) throws -> [[String: JSONValue]] {
        let exchange = try recording.fixture(name)
        let body = try #require(exchange.responseBody)
        let list = recording.isJSON2 ? body : try #require(body["result"])
        return try #require(list.arrayValue).map { item in
            guard case .object(let object) = item else { throw FixtureProblem("not a record in \(name)") }
            return object
        }
    }

    /// Records of several recordings merged by id (later files add fields), `write_date` added when missing.
    static func merged(_ recording: OrdersRecording, _ names: [String]) throws -> String {
        var byId: [Int: [String: JSONValue]] = [:]
        var order: [Int] = []
        for name in names {
            for record in try records(recording, name) {
                let id = try #require(record["id"]?.intValue)
                if byId[id] == nil { order.append(id) }
                byId[id, default: [:]].merge(record) { _, new in new }
            }
        }
        let list = order.map { id -> JSONValue in
            var record = byId[id]!
            if record["write_date"] == nil { record["write_date"] = .string(writeDate) }
            return .object(record)
        }
        return JSONText.serializedString(.array(list), sortedKeys: true)
    }

    static func fieldsAsked(_ call: SentOdooCall) -> [String] {
        (call.named["fields"] ?? call.positional.dropFirst().first)?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// `fields_get` of the tracking fields as a server without the delivery module answers it (unknown names left out).
    static func noDeliveryModule(_ recording: OrdersRecording) -> RecordedOrderTransport.Step {
        recording.step("stock.picking", "fields_get", result: "{}") { call in
            #expect(call.named["allfields"] == .array([.string("carrier_tracking_ref"), .string("carrier_tracking_url")]))
        }
    }

    /// `fields_get` with the delivery module: the recorded answer (19's JSON-RPC subset has none; 19's JSON-2 one is used).
    static func withDeliveryModule(_ recording: OrdersRecording) throws -> RecordedOrderTransport.Step {
        if recording.has("tracking_fields_get_carrier_fields") {
            return try recording.step("stock.picking", "fields_get", "tracking_fields_get_carrier_fields")
        }
        let body = try #require(try OrdersRecording.odoo19JSON2.fixture("tracking_fields_get_carrier_fields").responseBody)
        return recording.step("stock.picking", "fields_get", result: JSONText.serializedString(body, sortedKeys: true))
    }

    @Test("done and cancelled pickings of sale orders after the cursor, without tracking fields on a fresh Odoo",
          arguments: OrdersRecording.allCases)
    func pollWithoutDeliveryModule(recording: OrdersRecording) async throws {
        let answer = try Self.merged(recording, ["delivery_full_read_picking_after"])
        let transport = RecordedOrderTransport(recording, steps: [
            Self.noDeliveryModule(recording),
            recording.step("stock.picking", "search_read", result: answer) { call in
                #expect(Set(call.domainLeaves).isSuperset(of: [
                    "sale_id != false", #"picking_type_code in ["outgoing","incoming"]"#, #"state in ["done","cancel"]"#,
                ]))
                #expect(call.domainLeaves.contains { $0.hasPrefix("write_date >=") }, "after the cursor")
                let fields = Self.fieldsAsked(call)
                #expect(Set(fields) == ["id", "name", "picking_type_code", "state", "sale_id", "backorder_id", "date_done",
                                        "write_date"])
            },
            recording.step("stock.picking", "search_read", result: "[]"),
        ])
        let client = recording.client(transport).client
        let cursor = ModelCursor(writeDate: try #require(OdooDateTime("2026-12-03 14:00:00")), id: 1)
        let found = try await client.deliveries(after: cursor, limit: 50)
        let picking = try #require(found.first)
        let recorded = try #require(try Self.records(recording, "delivery_full_read_picking_after").first)
        #expect(found.count == 1)
        #expect(picking.id == recorded["id"]?.intValue && picking.name == recorded["name"]?.stringValue)
        #expect(picking.state == .done && picking.direction == .outgoing)
        #expect(picking.saleOrderId == recorded["sale_id"]?.arrayValue?.first?.intValue && picking.backorderOf == nil)
        #expect(picking.doneAt == OdooDateTime(try #require(recorded["date_done"]?.stringValue))?.date)
        #expect(picking.trackingReference == nil && picking.trackingURL == nil)
        #expect(picking.cursor == ModelCursor(writeDate: try #require(OdooDateTime(Self.writeDate)), id: picking.id))
        _ = try await client.deliveries(after: picking.cursor, limit: 50)
        #expect(transport.calls.filter { $0.method == "fields_get" }.count == 1, "the tracking fields are looked up once")
        #expect(transport.remainingSteps == 0)
    }

    @Test("a full page is completed with the rest of its last second, in the same domain", arguments: [OrdersRecording.odoo19JSON2])
    func fullPage(recording: OrdersRecording) async throws {
        let answer = try Self.merged(recording, ["delivery_full_read_picking_after"])
        let transport = RecordedOrderTransport(recording, steps: [
            Self.noDeliveryModule(recording),
            recording.step("stock.picking", "search_read", result: answer),
            recording.step("stock.picking", "search_read", result: answer) { call in
                #expect(call.domainLeaves.contains("sale_id != false"))
                #expect(call.domainLeaves.contains(#"write_date < "2026-12-03 14:35:01""#))
            },
        ])
        let found = try await recording.client(transport).client.deliveries(after: nil, limit: 1)
        #expect(found.map(\.id) == [17])
        #expect(transport.remainingSteps == 0)
    }

    @Test("with the delivery module: tracking reference and URL (19 builds one, 17 never gives one)",
          arguments: OrdersRecording.allCases)
    func tracking(recording: OrdersRecording) async throws {
        // 19's JSON-RPC subset did not read the URL (its picking has no carrier): tracking_read_after_write only.
        let readsURL = recording.has("tracking_read_carrier_tracking_url")
        let names = ["delivery_full_read_picking_after", "tracking_read_after_write"]
            + (readsURL ? ["tracking_read_carrier_tracking_url"] : [])
        let pickingId = try #require(try Self.records(recording, "tracking_read_after_write").first?["id"]?.intValue)
        let answer = try Self.merged(recording, names)
        let transport = RecordedOrderTransport(recording, steps: [
            try Self.withDeliveryModule(recording),
            recording.step("stock.picking", "search_read", result: answer) { call in
                #expect(call.domainLeaves == ["id in [\(pickingId)]"])
                #expect(Self.fieldsAsked(call).suffix(2) == ["carrier_tracking_ref", "carrier_tracking_url"])
            },
        ])
        let found = try await recording.client(transport).client.deliveries(ids: [pickingId])
        let picking = try #require(found.first)
        #expect(picking.trackingReference == "1Z999AA10123456784")
        if recording.major == 19, readsURL {
            #expect(picking.trackingURL == "https://track.example.com/?n=1Z999AA10123456784")
        } else {
            #expect(picking.trackingURL == nil, "17's carriers never give one; 19's picking without a carrier neither")
        }
        #expect(picking.cursor.writeDate != OdooDateTime(Self.writeDate), "the recorded write_date after the tracking write")
    }

    @Test("the recorded ValueError for tracking fields without the delivery module is an error, never empty tracking",
          arguments: [OrdersRecording.odoo19JSON2, .odoo19JSONRPC])
    func trackingWithoutModuleFails(recording: OrdersRecording) async throws {
        // A server whose module was uninstalled after the lookup: the read fails as Odoo answered it.
        let transport = RecordedOrderTransport(recording, steps: [
            try Self.withDeliveryModule(recording),
            try recording.step("stock.picking", "search_read", "tracking_read_carrier_tracking_ref_without_delivery_module"),
        ])
        let error = await #expect(throws: OdooError.self) {
            _ = try await recording.client(transport).client.deliveries(ids: [17])
        }
        #expect(error?.description.contains("carrier_tracking_ref") == true)
        if recording.isJSON2 { #expect(error?.httpStatus == 500) }
    }

    @Test("a partial delivery and its backorder", arguments: OrdersRecording.allCases)
    func backorder(recording: OrdersRecording) async throws {
        let answer = try Self.merged(recording, ["backorder_read_original_picking_after", "backorder_read_backorder_picking"])
        let transport = RecordedOrderTransport(recording, steps: [
            Self.noDeliveryModule(recording),
            recording.step("stock.picking", "search_read", result: answer),
        ])
        let pickings = try await recording.client(transport).client.deliveries(ids: [1, 2])
        #expect(pickings.count == 2)
        let original = try #require(pickings.first { $0.backorderOf == nil })
        let remainder = try #require(pickings.first { $0.backorderOf != nil })
        #expect(original.state == .done && original.doneAt != nil && original.saleOrderId == remainder.saleOrderId)
        #expect(remainder.state == .assigned && remainder.doneAt == nil && remainder.backorderOf == original.id)
    }

    @Test("moves of pickings: the done quantity is `quantity`", arguments: OrdersRecording.allCases)
    func moves(recording: OrdersRecording) async throws {
        let answer = try Self.merged(recording, ["stock_move_read", "backorder_read_backorder_moves"])
        let transport = RecordedOrderTransport(recording, steps: [
            recording.step("stock.move", "search_read", result: answer) { call in
                #expect(call.domainLeaves.first?.hasPrefix("picking_id in [") == true)
                #expect(Set(Self.fieldsAsked(call)) == ["id", "picking_id", "product_id", "quantity", "state"])
            },
        ])
        let moves = try await recording.client(transport).client.deliveryMoves(pickingIds: [17, 21])
        #expect(moves.count == 3)
        #expect(moves.allSatisfy { $0.quantity > 0 && $0.productId > 0 && $0.pickingId > 0 && $0.state == "assigned" })
        #expect(moves.map(\.quantity).reduce(0, +) == 6, "1 desk + 2 boxes, 3 cabinets of the backorder")
    }

    @Test("an AccessError names the groups and is a configuration failure", arguments: OrdersRecording.allCases)
    func accessDenied(recording: OrdersRecording) async throws {
        let transport = RecordedOrderTransport(recording, steps: [
            Self.noDeliveryModule(recording),
            try recording.step("stock.picking", "search_read", "rights_sale_order_search_read_access_error"),
        ])
        let error = await #expect(throws: OdooError.self) {
            _ = try await recording.client(transport).client.deliveries(after: nil, limit: 10)
        }
        #expect(error?.kind == .accessDenied && error?.failureClass == .configuration)
        #expect(error?.description.contains("Sales/Administrator") == true)
    }

    @Test("nothing asked for no ids")
    func emptyIds() async throws {
        let transport = RecordedOrderTransport(.odoo19JSON2, steps: [])
        let client = OrdersRecording.odoo19JSON2.client(transport).client
        #expect(try await client.deliveryMoves(pickingIds: []).isEmpty)
        #expect(transport.calls.isEmpty)
    }
}
