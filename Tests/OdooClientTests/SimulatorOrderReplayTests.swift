import ExactJSON
import Foundation
import HTTPTransport
import OdooSimulator
import Testing

/// The recorded orders scenario (lookups, contacts, sale orders, confirmation, cancellation, access rights) replayed
/// against the simulator of the same version, in the recorded order: same status, error class and message where it
/// is Odoo's own wording, same keys and value kinds, and the same values where they carry meaning (amounts, states,
/// contacts, relations).
@Suite("Simulator replays the recorded orders scenario")
struct SimulatorOrderReplayTests {
    /// The replayed recordings, in the order they were made (`_sequence.json`); those a folder lacks are skipped.
    static let scenario = [
        "lookup_res_country_search_read_by_code", "lookup_res_country_state_by_country_and_code",
        "lookup_res_country_state_de_by_iso_code", "lookup_res_country_state_fr_none",
        "lookup_account_tax_search_read_sale", "setup_account_tax_create_price_included",
        "setup_product_product_create_shipping_service",
        "partner_fields_get_subset", "order_fields_get_subset", "order_line_fields_get_subset",
        "partner_search_read_by_email_ilike_none", "partner_create_person", "partner_search_read_by_email_ilike_found",
        "partner_create_child_delivery", "partner_create_child_invoice", "partner_read_with_children", "partner_write_phone",
        "partner_search_read_by_emails_batch_or_ilike", "partner_create_invalid_country", "partner_search_after_invalid_country",
        "order_create_one_with_lines", "order_read_created_amounts", "order_line_read_created", "order_create_batch_vals_list",
        "order_read_batch_amounts", "order_line_read_price_included_tax_and_note", "order_create_batch_with_bad_product",
        "order_search_after_failed_batch", "order_search_by_client_order_ref", "order_search_by_origin",
        "order_search_by_refs_batch", "order_action_confirm_one", "order_action_confirm_list",
        "order_action_confirm_already_confirmed", "order_read_after_confirm",
        // 19 cancels directly; 17 answers the wizard, refuses a list, and cancels with the context.
        "cancel_confirmed_undelivered", "cancel_list_of_confirmed_orders_expected_singleton",
        "cancel_delivered_order_with_context_disable_cancel_warning",
        "rights_res_partner_search_read_ok", "rights_res_partner_create_access_error",
        "rights_sale_order_create_access_error", "rights_sale_order_search_read_access_error",
    ]

    /// Messages that are Odoo's wording and must match exactly (others differ by ids and order names).
    static let exactMessages: Set<String> = [
        "rights_res_partner_create_access_error", "rights_sale_order_create_access_error",
        "rights_sale_order_search_read_access_error", "order_create_batch_with_bad_product", "partner_create_invalid_country",
        "nostock_button_validate_error", "tracking_read_carrier_tracking_ref_without_delivery_module",
    ]

    @Test("same answers as the recording", arguments: OrdersRecording.allCases)
    func replay(recording: OrdersRecording) async throws {
        let mode: ServerMode = recording.major == 17 ? .odoo17JSONRPC : (recording.isJSON2 ? .odoo19JSON2 : .odoo19JSONRPC)
        try await SimulatorHarness.with(mode) { harness in
            // The batch's two other customers were made outside the recorded files.
            var known = Self.knownIds(recording)
            let batchCustomers: [Int] = switch recording {
            case .odoo19JSON2: [49, 50]
            case .odoo17JSONRPC: [47, 48]
            case .odoo19JSONRPC: [55, 56]
            }
            for (recorded, name) in zip(batchCustomers, ["Camille Martin", "Lukas Schmidt"]) {
                known["res.partner", default: [:]][recorded] = harness.simulator.createContact(name: name)
            }
            let replay = OrderScenarioReplay(simulator: harness.simulator, knownIds: known)
            // 19's JSON-RPC subset reuses the tax and the shipping product the JSON-2 run created.
            var steps: [(OrdersRecording, String)] = []
            if recording == .odoo19JSONRPC {
                steps += [(.odoo19JSON2, "setup_account_tax_create_price_included"), (.odoo19JSON2, "setup_product_product_create_shipping_service")]
            }
            steps += Self.scenario.filter(recording.has).map { (recording, $0) }
            #expect(steps.count >= 30)
            for (folder, name) in steps {
                try await Self.check(folder.fixture(name), name: name, replay: replay)
            }
            // The failed batch created nothing; the orders the scenario made are all there.
            let orders = harness.simulator.saleOrders()
            #expect(orders.count == (recording == .odoo19JSONRPC ? 3 : 4))
            #expect(!orders.contains { $0.origin?.hasSuffix("1012") == true }, "nothing of the failed batch exists")
            #expect(Set(orders.compactMap(\.origin)).count == orders.count)
        }
    }

    /// Ids of records the recordings made outside the replayed files (19's "Medusa EUR" pricelist is the demo's
    /// "Europe EUR").
    static func knownIds(_ recording: OrdersRecording) -> [String: [Int: Int]] {
        recording.major == 19 ? ["product.pricelist": [4: 5]] : [:]
    }

    static func check(_ exchange: RecordedExchange, name: String, replay: OrderScenarioReplay) async throws {
        let (response, recorded, model) = try await replay.replay(exchange)
        let path = exchange.path
        #expect(response.status == exchange.responseStatus, "\(path): HTTP \(response.status)")
        let body = try JSONText.parse(response.body)
        let recordedError = recorded["error"]?["data"] ?? (exchange.responseStatus.map { $0 >= 400 } == true ? recorded : nil)
        if let recordedError {
            let mine = body["error"]?["data"] ?? body
            #expect(mine["name"] == recordedError["name"], "\(path): \(String(describing: mine["name"]))")
            if let code = recorded["error"]?["code"] { #expect(body["error"]?["code"] == code, "\(path): error code") }
            if exactMessages.contains(name) {
                #expect(mine["message"] == recordedError["message"], "\(path): \(mine["message"]?.stringValue ?? "-")")
            }
            #expect(Set(mine.objectKeys) == Set(recordedError.objectKeys), "\(path): error keys")
            return
        }
        let result = exchange.requestPath == "/jsonrpc" ? (body["result"] ?? .null) : body
        #expect(body["error"] == nil, "\(path): \(body["error"]?["data"]?["message"]?.stringValue ?? "")")
        let recordedResult = exchange.requestPath == "/jsonrpc" ? (recorded["result"] ?? .null) : recorded
        let method = exchange.requestPath?.split(separator: "/").last.map(String.init) == "jsonrpc"
            ? exchange.rpcArgs[4].stringValue ?? "" : String(exchange.requestPath!.split(separator: "/").last!)
        if method == "create" {
            #expect(OrderAnswerComparison.kind(result) == OrderAnswerComparison.kind(recordedResult), "\(path): create answer")
            replay.learn(model: model, recorded: exchange.requestPath == "/jsonrpc" ? (exchange.responseBody?["result"] ?? .null)
                         : (exchange.responseBody ?? .null), answered: result)
            return
        }
        if method == "fields_get" {
            // Same fields on the same version (`tax_id` / `tax_ids`, `mobile` before 19), same types and relations.
            #expect(Set(result.objectKeys) == Set(recordedResult.objectKeys), "\(path): fields \(result.objectKeys.sorted())")
            for field in recordedResult.objectKeys {
                #expect(result[field]?["type"] == recordedResult[field]?["type"], "\(path): \(field) type")
                #expect(result[field]?["relation"] == recordedResult[field]?["relation"], "\(path): \(field) relation")
            }
            return
        }
        if name == "lookup_account_tax_search_read_sale" {
            // The simulator has more sale taxes than the recorded database: the recorded ones are among them.
            let mine = result.arrayValue ?? [], theirs = recordedResult.arrayValue ?? []
            for record in theirs {
                let match = mine.first { $0["id"] == record["id"] }
                #expect(match != nil, "\(path): tax \(String(describing: record["id"])) missing")
                if let match { OrderAnswerComparison.check(match, against: record, model: model, path: path) }
            }
            return
        }
        OrderAnswerComparison.check(result, against: recordedResult, model: model, path: path)
        if model == "sale.order" { replay.learnRelated(actual: result, recorded: recordedResult) }
    }
}

extension JSONValue {
    var objectKeys: [String] {
        if case .object(let object) = self { return Array(object.keys) }
        return []
    }
}
