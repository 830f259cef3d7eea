import ExactJSON
import Foundation
import HTTPTransport
import HTTPTypes
import OdooSimulator
import Testing

/// Replays recorded order exchanges against a running simulator in their recorded order. Records created along the
/// way get other ids in the simulator, so every id in a request is translated from the recording's to the simulator's
/// (by the field it sits in), and every id of the recorded answer likewise before the comparison.
final class OrderScenarioReplay {
    let simulator: RunningOdooSimulator
    /// model → recorded id → simulator id.
    private(set) var ids: [String: [Int: Int]] = [:]

    init(simulator: RunningOdooSimulator, knownIds: [String: [Int: Int]] = [:]) {
        self.simulator = simulator
        ids = knownIds
    }

    /// Which model the ids under a key belong to.
    static let relations: [String: String] = [
        "partner_id": "res.partner", "parent_id": "res.partner", "partner_invoice_id": "res.partner",
        "partner_shipping_id": "res.partner", "child_ids": "res.partner", "commercial_partner_id": "res.partner",
        "product_id": "product.product", "pricelist_id": "product.pricelist", "tax_id": "account.tax", "tax_ids": "account.tax",
        "order_id": "sale.order", "sale_id": "sale.order", "default_order_id": "sale.order",
        "order_line": "sale.order.line", "picking_ids": "stock.picking", "move_ids": "stock.move",
        "picking_id": "stock.picking", "button_validate_picking_ids": "stock.picking", "default_pick_ids": "stock.picking",
        "pick_ids": "stock.picking",
    ]

    func map(_ model: String, _ id: Int) -> Int { ids[model]?[id] ?? id }

    /// A value with its ids translated; `key` is the field it belongs to, `model` the request's model (for `id`).
    func translate(_ value: JSONValue, key: String?, model: String) -> JSONValue {
        let related = key == "id" || key == "ids" ? model : key.flatMap { Self.relations[$0] }
        switch value {
        case .number(let number):
            guard let related, let id = value.intValue else { return .number(number) }
            return .number(Decimal(map(related, id)))
        case .array(let items):
            // x2many commands: [6, 0, ids] and [0, 0, {values}]; domain leaves [field, op, value].
            if items.count == 3, let code = items[0].intValue, items[1].intValue == 0, code == 6 || code == 0 {
                return .array([items[0], items[1], translate(items[2], key: key, model: model)])
            }
            if items.count == 3, case .string(let field) = items[0], case .string = items[1] {
                let leafModel = field == "id" ? model : (Self.relations[field] ?? "")
                return .array([items[0], items[1], leafModel.isEmpty ? items[2] : translate(items[2], key: field == "id" ? "id" : field, model: model)])
            }
            if items.count == 2, case .string = items[1] { return .array([translate(items[0], key: key, model: model), items[1]]) }
            return .array(items.map { translate($0, key: key, model: model) })
        case .object(let object):
            var translated: [String: JSONValue] = [:]
            for (name, inner) in object { translated[name] = translate(inner, key: name, model: model) }
            return .object(translated)
        default:
            return value
        }
    }

    /// Sends the recorded request (ids translated, keys and uids swapped for the simulator's users) and returns the
    /// simulator's answer next to the recorded one translated into simulator ids.
    func replay(_ exchange: RecordedExchange) async throws -> (sent: HTTPResponseData, recorded: JSONValue, model: String) {
        let admin = try #require(simulator.users.first { $0.role == .internal })
        let restricted = try #require(simulator.users.first { $0.role == .withoutSales })
        let path = exchange.requestPath ?? "/jsonrpc"
        var body = try #require(exchange.requestBody)
        let model: String
        var usesRestricted = false
        if path.hasPrefix("/json/2/") {
            model = String(path.split(separator: "/")[2])
            body = translate(body, key: nil, model: model)
            usesRestricted = exchange.requestHeader("Authorization")?.contains("NOACCESS") == true
        } else {
            guard case .object(var root) = body, case .object(var params)? = root["params"], case .array(var args)? = params["args"],
                  args.count >= 6 else { throw FixtureProblem("not an execute_kw recording") }
            model = args[3].stringValue ?? ""
            usesRestricted = args[2].stringValue == "<API_KEY_NOACCESS>"
            args[1] = .number(Decimal(usesRestricted ? restricted.uid : admin.uid))
            args[2] = .string(usesRestricted ? restricted.apiKey : admin.apiKey)
            let recordMethod = ["read", "write", "action_confirm", "action_cancel", "button_validate", "process"]
                .contains(args[4].stringValue ?? "")
            if case .array(var positional) = args[5] {
                for index in positional.indices {
                    positional[index] = translate(positional[index], key: index == 0 && recordMethod ? "ids" : nil, model: model)
                }
                args[5] = .array(positional)
            }
            if args.count > 6 { args[6] = translate(args[6], key: nil, model: model) }
            params["args"] = .array(args)
            root["params"] = .object(params)
            body = .object(root)
        }
        var headers: HTTPFields = [.contentType: "application/json"]
        if path.hasPrefix("/json/2/") {
            headers[.authorization] = "bearer " + (usesRestricted ? restricted.apiKey : admin.apiKey)
            headers[HTTPField.Name("X-Odoo-Database")!] = simulator.database
        }
        let request = HTTPRequestData(method: .post, url: simulator.baseURL + path, headerFields: headers,
                                      body: JSONText.serialize(body, sortedKeys: false), timeout: .seconds(10))
        let response = try await AsyncHTTPClientTransport.forAPICalls().send(request)
        let recorded = translate(exchange.responseBody ?? .null, key: nil, model: model)
        return (response, recorded, model)
    }

    /// Remembers the ids a create answered (recorded → simulator).
    func learn(model: String, recorded: JSONValue, answered: JSONValue) {
        let before = [exchangeIds(recorded), exchangeIds(answered)]
        for (old, new) in zip(before[0], before[1]) { ids[model, default: [:]][old] = new }
    }

    /// Learns the ids of records the recording only ever read (order lines, pickings) from an order read answered by
    /// both: the lists line up.
    func learnRelated(actual: JSONValue, recorded: JSONValue) {
        guard case .array(let mine) = actual, case .array(let theirs) = recorded else { return }
        for (left, right) in zip(mine, theirs) {
            for (field, model) in [("order_line", "sale.order.line"), ("picking_ids", "stock.picking"), ("move_ids", "stock.move")] {
                guard let new = left[field]?.arrayValue, let old = right[field]?.arrayValue else { continue }
                for (o, n) in zip(old.compactMap(\.intValue), new.compactMap(\.intValue)) where ids[model]?[o] == nil {
                    ids[model, default: [:]][o] = n
                }
            }
        }
    }

    private func exchangeIds(_ value: JSONValue) -> [Int] {
        switch value {
        case .number: value.intValue.map { [$0] } ?? []
        case .array(let items): items.compactMap(\.intValue)
        default: []
        }
    }
}

/// How a simulator answer is compared with the recorded one: the same keys and value kinds everywhere, and the same
/// values for the fields that carry meaning (amounts, states, names of contacts, references, relations).
enum OrderAnswerComparison {
    static let exactKeys: Set<String> = [
        "display_name", "email", "type", "code", "state", "amount_untaxed", "amount_tax", "amount_total", "price_subtotal",
        "price_total", "price_tax", "client_order_ref", "origin", "delivery_status", "discount", "price_unit", "product_uom_qty",
        "parent_id", "partner_id", "country_id", "state_id", "child_ids", "commercial_partner_id", "tax_ids", "tax_id", "phone",
        "street", "city", "zip", "display_type", "id", "amount", "price_include", "phone_code", "state_required", "order_id",
        "qty_delivered", "locked", "res_model", "context",
    ]

    static func check(_ actual: JSONValue, against recorded: JSONValue, model: String, path: String) {
        switch (actual, recorded) {
        case (.array(let mine), .array(let theirs)):
            #expect(mine.count == theirs.count, "\(path): \(mine.count) items, recorded \(theirs.count)")
            for (left, right) in zip(mine, theirs) { check(left, against: right, model: model, path: path) }
        case (.object(let mine), .object(let theirs)):
            let recordedKeys = Set(theirs.keys.filter { !$0.hasSuffix("__full_length") })
            #expect(Set(mine.keys) == recordedKeys, "\(path): keys \(mine.keys.sorted()) vs recorded \(recordedKeys.sorted())")
            for (key, value) in theirs {
                guard let mineValue = mine[key] else { continue }
                let nameMatters = key == "name" && !["sale.order", "sale.order.line", "stock.picking", "product.product"].contains(model)
                if exactKeys.contains(key) || nameMatters {
                    #expect(normalized(mineValue, key: key) == normalized(value, key: key), "\(path): \(key) = \(mineValue), recorded \(value)")
                } else {
                    #expect(kind(mineValue) == kind(value), "\(path): \(key) is \(kind(mineValue)), recorded \(kind(value))")
                }
            }
        default:
            #expect(kind(actual) == kind(recorded), "\(path): \(kind(actual)) vs recorded \(kind(recorded))")
            if case .bool = recorded { #expect(actual == recorded, "\(path)") }
        }
    }

    /// Money to the cent (19 sends `9.399999999999999`); a many2one's display name only where the contact's name matters.
    static func normalized(_ value: JSONValue, key: String) -> JSONValue {
        switch value {
        case .number(let number):
            var input = number, output = Decimal()
            NSDecimalRound(&output, &input, 2, .plain)
            return .number(output)
        case .array(let items) where items.count == 2 && items[1].stringValue != nil && !namedRelations.contains(key):
            // Order and product names differ (sequence numbers, variant display): the id is what must match.
            return items[0]
        case .object(let object):
            return .object(object.mapValues { normalized($0, key: "") })
        default:
            return value
        }
    }

    /// Relations whose display name must match too (contacts and regions).
    static let namedRelations: Set<String> = ["parent_id", "partner_id", "country_id", "state_id", "commercial_partner_id"]

    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array(let items): items.isEmpty ? "list" : "list of \(kind(items[0]))"
        case .object: "object"
        }
    }
}
