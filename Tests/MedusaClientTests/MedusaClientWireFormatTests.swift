import ExactJSON
import Foundation
import HTTPTransport
@testable import MedusaClient
import MedusaSimulator
import SyncCore
import Testing

@Suite("MedusaClient wire format")
struct MedusaClientWireFormatTests {
    @Test("decimals are written from their digits, never through binary floating point",
          arguments: ["840.4", "19.99", "0.1", "1000000.01", "0.0000001", "12345678901234567890.123", "-3.5", "0"])
    func decimalsAreExact(text: String) throws {
        let amount = try #require(Decimal(string: text))
        let json = AdminPayloads.price(MedusaPrice(currencyCode: "EUR", amount: amount), includeId: false).text
        #expect(json == #"{"currency_code":"eur","amount":\#(text)}"#)
    }

    @Test("a product create body has exactly the keys Medusa's strict validator accepts")
    func createBodyShape() throws {
        let body = AdminPayloads.productCreate(shirtInput(salesChannelId: "sc_1", categoryIds: ["pcat_1"])).text
        let object = try JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))
        #expect(object.objectKeys == ["title", "handle", "description", "status", "external_id", "metadata",
                                      "thumbnail", "images", "options", "variants", "sales_channels", "categories",
                                      "weight"])
        let variant = try #require(object["variants"]?.arrayValue.first)
        #expect(variant.objectKeys == ["title", "sku", "barcode", "options", "prices", "manage_inventory",
                                       "variant_rank", "metadata"])
        #expect(body.contains(#""amount":840.4"#))
        #expect(body.contains(#""weight":12.5"#))
    }

    @Test("a product update never carries variants or options, and null clears a field")
    func updateBodyShape() {
        let body = AdminPayloads.productUpdate(ProductUpdate(id: "prod_1", description: .some(nil), status: .draft,
                                                             imageURLs: []), includeId: false).text
        #expect(body == #"{"description":null,"status":"draft","images":[]}"#)
        let batchEntry = AdminPayloads.productUpdate(ProductUpdate(id: "prod_1", title: "T"), includeId: true).text
        #expect(batchEntry == #"{"id":"prod_1","title":"T"}"#)
    }

    @Test("the batch splitter's size arithmetic matches the bytes it builds")
    func splitterSizeMatchesBody() throws {
        let splitter = ProductBatchSplitter(maxItems: 100, maxBytes: 1 << 30)
        let chunks = try splitter.split(create: [simpleInput(handle: "a", sku: "A"), simpleInput(handle: "b", sku: "B")],
                                        update: [ProductUpdate(id: "prod_1", title: "x")], delete: ["prod_2", "prod_3"])
        let chunk = try #require(chunks.first)
        #expect(chunks.count == 1)
        #expect(ProductBatchSplitter.bodySize(of: chunk.entries) == chunk.body.count)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(chunk.body))
        #expect(decoded["create"]?.arrayValue.count == 2)
        #expect(decoded["delete"] == .array([.string("prod_2"), .string("prod_3")]))
    }

    @Test("product dimensions stored as text come back as strings and decode as decimals")
    func dimensionAsStringFromSimulator() async throws {
        try await withSimulator { simulator in
            let created = try await makeClient(simulator).createProduct(shirtInput())
            let raw = try await RawAdminAPI(simulator: simulator).send("GET", "/admin/products/\(created.id)")
            #expect(raw.json["product"]?["weight"] == .string("12.5"))
            #expect(created.weight == Decimal(string: "12.5"))
        }
    }

    @Test("responses are decoded tolerantly: strings for numbers, nulls, missing relations, extra keys")
    func tolerantDecoding() async throws {
        let body = """
        {"product": {
          "id": "prod_1", "handle": "loose", "title": "Loose", "status": "published", "weight": "7.250",
          "description": null, "metadata": null, "thumbnail": null, "images": null, "sales_channels": null,
          "some_future_field": {"nested": [1, 2, 3]},
          "options": [{"id": "opt_1", "title": "Size", "values": [{"id": "optval_1", "value": "M"}]}],
          "variants": [
            {"id": "variant_1", "title": "M", "sku": null, "manage_inventory": "false",
             "options": [{"id": "optval_1", "value": "M", "option_id": "opt_1"}],
             "prices": [{"id": "price_1", "currency_code": "EUR", "amount": "19.990", "raw_amount": {"value": "19.99"}}],
             "inventory_items": [{"inventory_item_id": "iitem_1", "required_quantity": 1}]},
            {"id": "variant_2", "title": "L", "options": [{"value": "L", "option": {"id": "opt_1", "title": "Size"}}],
             "prices": [{"currency_code": "usd", "amount": 5}]}
          ]
        }}
        """
        let client = MedusaClient(
            configuration: MedusaConfiguration(backendURL: "http://127.0.0.1:9", authentication: .secretKey("sk_test")),
            transport: CannedTransport { _ in HTTPResponseData(status: 200, body: Array(body.utf8)) })
        let product = try #require(try await client.product(id: "prod_1"))
        #expect(product.weight == Decimal(string: "7.25"))
        #expect(product.imageURLs.isEmpty)
        #expect(product.salesChannelIds.isEmpty)
        #expect(product.categoryIds.isEmpty)
        #expect(product.variants[0].manageInventory == false)
        #expect(product.variants[0].options == ["Size": "M"])
        #expect(product.variants[0].prices == [MedusaPrice(id: "price_1", currencyCode: "eur", amount: Decimal(string: "19.99")!)])
        #expect(product.variants[0].inventoryItemId == "iitem_1")
        #expect(product.variants[1].options == ["Size": "L"])
        #expect(product.variants[1].manageInventory)
    }

    @Test("a success body that is not the route's shape is a permanent, described error")
    func undecodableSuccessIsPermanent() async throws {
        let client = MedusaClient(
            configuration: MedusaConfiguration(backendURL: "http://127.0.0.1:9", authentication: .secretKey("sk_test")),
            transport: CannedTransport { _ in HTTPResponseData(status: 200, body: Array(#"{"product":{"title":"no id"}}"#.utf8)) })
        let error = try await #require(throws: MedusaError.self) { try await client.product(id: "prod_1") }
        #expect(error.kind == .undecodableResponse)
        #expect(error.failureClass == .permanent)
        #expect(error.message.contains("id"))
    }

    @Test("product reads ask for categories, inventory item ids, prices and options with a percent-encoded +")
    func readsAskForTheRelationsTheSyncNeeds() async throws {
        try await withSimulator { simulator in
            let recorder = RecordingTransport()
            _ = try await makeClient(simulator, transport: recorder).listProducts(offset: 0, limit: 10)
            let url = try #require(recorder.requests.first?.url)
            #expect(url.contains("fields=%2Bcategories.id,%2Bvariants.inventory_items.inventory_item_id,*variants.prices"))
            #expect(url.contains("*options,*options.values"))
            #expect(url.contains("order=id"))
        }
    }
}
