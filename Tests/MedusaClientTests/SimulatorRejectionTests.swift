import Foundation
import HTTPTransport
import MedusaSimulator
import SyncCore
import Testing

/// Payloads real Medusa 2.0 rejects, each with the status, error type and message its validators and workflows
/// produce (shared/contracts/medusa/README.md).
@Suite("Simulator rejects what Medusa rejects")
struct SimulatorRejectionTests {
    /// What exists before the request is sent.
    enum Setup: Sendable {
        case empty
        /// A product `shirt` (options Size S/M, sku `SHIRT-S`/`SHIRT-M`); `{product}` in a path becomes its id.
        case existingShirt
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var setup: Setup = .empty
        var method = "POST"
        var path = "/admin/products"
        var body: String? = nil
        var bodyBytes: Int? = nil
        var authorization: AuthorizationStyle = .validKey
        var status = 400
        var type: String? = "invalid_data"
        var message: String

        var testDescription: String { name }
    }

    enum AuthorizationStyle: Sendable {
        case validKey, bearerKey, wrongKey
    }

    static let options = #""options":[{"title":"Size","values":["S","M"]}]"#
    static func variant(_ extra: String = "", options: String = #"{"Size":"S"}"#, amount: String = "10") -> String {
        #"{"title":"S","sku":"NEW-S","options":\#(options),"prices":[{"currency_code":"eur","amount":\#(amount)}]\#(extra)}"#
    }

    static let cases: [Case] = [
        Case(name: "unknown top-level key",
             body: #"{"title":"T",\#(options),"variants":[\#(variant())],"colour":"red"}"#,
             message: "Invalid request: Unrecognized fields: 'colour'"),
        Case(name: "unknown variant key",
             body: #"{"title":"T",\#(options),"variants":[\#(variant(#","colour":"red""#))]}"#,
             message: "Invalid request: Unrecognized fields: 'colour'"),
        Case(name: "shipping_profile_id (a later 2.x field)",
             body: #"{"title":"T","shipping_profile_id":"sp_1",\#(options),"variants":[\#(variant())]}"#,
             message: "Invalid request: Unrecognized fields: 'shipping_profile_id'"),
        Case(name: "id in a create",
             body: #"{"id":"prod_01ODOO","title":"T",\#(options),"variants":[\#(variant())]}"#,
             message: "Invalid request: Unrecognized fields: 'id'"),
        Case(name: "additional_data in a batch item", path: "/admin/products/batch",
             body: #"{"create":[{"title":"T",\#(options),"variants":[\#(variant())],"additional_data":{"a":1}}]}"#,
             message: "Invalid request: Unrecognized fields: 'additional_data'"),
        Case(name: "missing title",
             body: #"{"handle":"t",\#(options),"variants":[\#(variant())]}"#,
             message: "Invalid request: Field 'title' is required"),
        Case(name: "amount as a string",
             body: #"{"title":"T",\#(options),"variants":[\#(variant(amount: #""10.00""#))]}"#,
             message: "Invalid request: Expected type: 'number' for field 'variants, 0, prices, 0, amount', got: 'string'"),
        Case(name: "three issues at most, joined by '; '",
             body: #"{"title":5,"handle":6,"status":"live","discountable":7,"x":1}"#,
             message: "Invalid request: Expected type: 'string' for field 'title', got: 'number'; "
                 + "Expected type: 'boolean, string' for field 'discountable', got: 'number'; "
                 + "Expected type: 'string' for field 'handle', got: 'number'"),
        Case(name: "status outside the enum",
             body: #"{"title":"T","status":"live",\#(options),"variants":[\#(variant())]}"#,
             message: "Invalid request: Expected: 'draft, proposed, published, rejected' for field 'status', but got: 'live'"),
        Case(name: "boolean string that is not true/false",
             body: #"{"title":"T",\#(options),"variants":[\#(variant(#","manage_inventory":"yes""#))]}"#,
             message: "Invalid request: Expected type: 'boolean' for field 'variants, 0, manage_inventory', got: 'string'"),
        Case(name: "missing options",
             body: #"{"title":"Plain","variants":[{"title":"One","prices":[]}]}"#,
             message: "Product options are not provided for: [Plain]."),
        Case(name: "variant missing an option",
             body: #"{"title":"T","options":[{"title":"Size","values":["S"]},{"title":"Color","values":["Red"]}],"#
                 + #""variants":[\#(variant())]}"#,
             message: #"Product "T" has variants with missing options: [S]"#),
        Case(name: "unknown option value",
             body: #"{"title":"T",\#(options),"variants":[\#(variant(options: #"{"Size":"XL"}"#))]}"#,
             message: "Option value XL does not exist for option Size"),
        Case(name: "duplicate option combination on update", setup: .existingShirt, path: "/admin/products/{product}",
             body: #"{"variants":[{"title":"a","options":{"Size":"S"}},{"title":"b","options":{"Size":"S"}}]}"#,
             message: #"Variant "a" has same combination of option values as "b"."#),
        Case(name: "new variant repeating a stored combination", setup: .existingShirt,
             path: "/admin/products/{product}/variants",
             body: #"{"title":"again","options":{"Size":"S"},"prices":[]}"#,
             message: "Variant (S) with provided options already exists."),
        Case(name: "bad handle",
             body: #"{"title":"T","handle":"Bad Handle!",\#(options),"variants":[\#(variant())]}"#,
             message: "Invalid product handle 'Bad Handle!'. It must contain URL safe characters"),
        Case(name: "duplicate handle", setup: .existingShirt,
             body: #"{"title":"T","handle":"shirt",\#(options),"variants":[\#(variant())]}"#,
             message: "Product with handle: shirt, already exists."),
        Case(name: "duplicate sku", setup: .existingShirt,
             body: #"{"title":"T","handle":"other",\#(options),"variants":[{"title":"S","sku":"SHIRT-S","options":{"Size":"S"},"prices":[]}]}"#,
             message: "Product variant with sku: SHIRT-S, already exists."),
        Case(name: "batch update without id", path: "/admin/products/batch",
             body: #"{"update":[{"title":"Renamed"}]}"#,
             message: "Invalid request: Field 'update, 0, id' is required"),
        Case(name: "status=published without []", method: "GET", path: "/admin/products?status=published",
             message: "Invalid request: Expected type: 'array' for field 'status', got: 'string'"),
        Case(name: "negative stock",
             path: "/admin/inventory-items/iitem_01UNKNOWN/location-levels/sloc_01UNKNOWN",
             body: #"{"stocked_quantity":-1}"#,
             message: "Invalid request: Value for field 'stocked_quantity' too small, expected at least: '0'"),
        Case(name: "unknown query key on a strict list", method: "GET", path: "/admin/product-categories?parent=x",
             message: "Invalid request: Unrecognized fields: 'parent'"),
        Case(name: "Bearer instead of Basic", method: "GET", path: "/admin/products", authorization: .bearerKey,
             status: 401, type: nil, message: "Unauthorized"),
        Case(name: "wrong key", method: "GET", path: "/admin/products", authorization: .wrongKey,
             status: 401, type: nil, message: "Unauthorized"),
        Case(name: "body over 100 kb", bodyBytes: 110_000, status: 500, type: "unknown_error",
             message: "An unknown error occurred."),
        Case(name: "malformed JSON", body: #"{"title": "T",}"#, status: 500, type: "unknown_error",
             message: "An unknown error occurred."),
    ]

    @Test("rejected with Medusa's status, type and message", arguments: cases)
    func rejects(_ testCase: Case) async throws {
        try await withSimulator { simulator in
            let raw = RawAdminAPI(simulator: simulator)
            var path = testCase.path
            if case .existingShirt = testCase.setup {
                let created = try await raw.send("POST", "/admin/products", json: """
                    {"title":"Shirt","handle":"shirt",\(Self.options),"variants":[
                      {"title":"S","sku":"SHIRT-S","options":{"Size":"S"},"prices":[{"currency_code":"eur","amount":10}]},
                      {"title":"M","sku":"SHIRT-M","options":{"Size":"M"},"prices":[{"currency_code":"eur","amount":10}]}]}
                    """)
                #expect(created.status == 200)
                path = path.replacingOccurrences(of: "{product}", with: created.json["product"]?["id"]?.stringValue ?? "")
            }
            let key = simulator.configuration.secretAPIKey
            let authorization: String = switch testCase.authorization {
            case .validKey: raw.basicAuthorization
            case .bearerKey: "Bearer \(key)"
            case .wrongKey: "Basic " + Data("sk_wrong\(key.dropFirst(8)):".utf8).base64EncodedString()
            }
            var body = testCase.body
            if let size = testCase.bodyBytes {
                body = #"{"title":"T","description":"\#(filler(bytes: size))",\#(Self.options),"variants":[]}"#
            }
            let answer = try await raw.send(testCase.method, path, json: body, authorization: .some(authorization))
            #expect(answer.status == testCase.status)
            #expect(answer.type == testCase.type)
            #expect(answer.message == testCase.message)
        }
    }
}
