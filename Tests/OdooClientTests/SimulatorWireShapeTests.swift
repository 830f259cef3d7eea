import ExactJSON
import Foundation
import HTTPTransport
import HTTPTypes
import OdooClient
import OdooSimulator
import SyncCore
import Testing

/// The recorded requests, sent as they were to the simulator of the same version: it must answer with the recorded
/// status, content type, error class (and JSON-RPC error code) and result shape. Values may differ (the catalogue was
/// exported after the recordings), shapes may not.
@Suite("Simulator answers recorded requests like Odoo")
struct SimulatorWireShapeTests {
    /// Recordings of calls the simulator does not implement (writes, web_* reads, groupings, models outside the catalogue).
    static let notSimulated: Set<String> = [
        "create_vals_list", "error_create_with_vals_kw", "error_validation_on_write", "formatted_read_group_count_by_categ",
        "read_group_count_by_categ", "web_read_nested_spec", "web_search_read_nested_spec_desk", "setup_create_pricelists",
        "stock_warehouse_search_read", "product_product_read_stock_levels", "stock_quant_search_read_internal",
        "error_malformed_json_body", "error_params_not_object",
    ]

    static let paths: [String] = FixtureLibrary.allPaths.filter { path in
        let parts = path.split(separator: "/")
        guard parts.count == 3, ["jsonrpc", "json2"].contains(parts[1]) else { return false }
        return !notSimulated.contains(String(parts[2].dropLast(5)))
    }

    @Test("same status, content type, error class and shape", arguments: paths)
    func answersLikeOdoo(path: String) async throws {
        let exchange = try FixtureLibrary.load(path)
        let configuration = OdooSimulatorConfiguration(multipleDatabases: exchange.baseName == "error_missing_database_header_multi_db")
        let mode: ServerMode = switch exchange.majorVersion {
        case 17: .odoo17JSONRPC
        case 18: .odoo18JSONRPC
        default: .odoo19JSON2
        }
        try await SimulatorHarness.with(mode, configuration: configuration) { harness in
            let request = try Self.request(replaying: exchange, on: harness.simulator)
            let response: HTTPResponseData
            do {
                response = try await AsyncHTTPClientTransport.forAPICalls().send(request)
            } catch let error as TransportError where error.redirect != nil {
                // Odoo 18's probe: the same redirect, to the same place.
                #expect(error.redirect?.status == exchange.responseStatus)
                #expect(error.redirect?.location == exchange.responseHeader("Location").map(TransportError.redact))
                return
            }
            #expect(response.status == exchange.responseStatus)
            let recordedType = exchange.responseContentType ?? ""
            #expect(response.header("Content-Type")?.contains(recordedType.contains("json") ? "json" : "html") == true)
            guard recordedType.contains("json") else { return }
            let body = try JSONText.parse(response.body)
            let recorded = try #require(exchange.responseBody)
            if let error = recorded["error"] {
                #expect(body["error"]?["data"]?["name"] == error["data"]?["name"])
                #expect(body["error"]?["code"] == error["code"], "error code 200 on 17, 0 on 19")
            } else if recorded["result"] != nil || recorded == .object([:]) || exchange.requestPath == "/jsonrpc" {
                #expect(Self.shape(body["result"] ?? .null) == Self.shape(recorded["result"] ?? .null))
            } else if (exchange.responseStatus ?? 200) >= 400 {
                #expect(body["name"] == recorded["name"])
            } else {
                #expect(Self.shape(body) == Self.shape(recorded))
            }
        }
    }

    /// The recorded request with the recording's placeholders swapped for the simulator's keys and uids.
    static func request(replaying exchange: RecordedExchange, on simulator: RunningOdooSimulator) throws -> HTTPRequestData {
        let admin = try #require(simulator.users.first { $0.role == .internal })
        let portal = try #require(simulator.users.first { $0.role == .portal })
        var bodyText: [UInt8]?
        if let body = exchange.requestBody, body != .null {
            if case .string(let raw) = body {
                bodyText = Array(raw.utf8)
            } else {
                var text = JSONText.serializedString(body, sortedKeys: false)
                let usesPortal = text.contains("<API_KEY_NOACCESS>")
                text = text.replacingOccurrences(of: "<API_KEY_NOACCESS>", with: portal.apiKey)
                    .replacingOccurrences(of: "<API_KEY>", with: admin.apiKey)
                var json = try JSONText.parse(text)
                if usesPortal, case .object(var root) = json, case .object(var params)? = root["params"],
                   case .array(var args)? = params["args"], args.count > 1 {
                    args[1] = .number(Decimal(portal.uid))
                    params["args"] = .array(args)
                    root["params"] = .object(params)
                    json = .object(root)
                }
                bodyText = JSONText.serialize(json, sortedKeys: false)
            }
        }
        var headers = HTTPFields()
        if case .object(let recorded)? = exchange.request?["headers"] {
            for (name, value) in recorded {
                let text = (value.stringValue ?? "").replacingOccurrences(of: "<API_KEY_NOACCESS>", with: portal.apiKey)
                    .replacingOccurrences(of: "<API_KEY>", with: admin.apiKey)
                if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: text)) }
            }
        }
        return HTTPRequestData(method: HTTPRequest.Method(exchange.requestMethod ?? "POST") ?? .post,
                               url: simulator.baseURL + (exchange.requestPath ?? "/"), headerFields: headers, body: bodyText,
                               timeout: .seconds(10))
    }

    /// Type of a JSON value, and of list elements' keys, without the values.
    static func shape(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): "bool(\(flag))"
        case .number: "number"
        case .string: "string"
        case .array(let items):
            // `<field>__full_length` keys were added by the recorder when it cut images short.
            if case .object(let first)? = items.first { "list of {\(first.keys.filter { !$0.hasSuffix("__full_length") }.sorted().joined(separator: ","))}" }
            else { items.isEmpty ? "list" : "list of \(shape(items[0]))" }
        case .object(let object): "{\(object.keys.sorted().joined(separator: ","))}"
        }
    }
}
