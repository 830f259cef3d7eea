import ExactJSON
import Foundation
import HTTPTransport
import MedusaSimulator
import SyncCore
import Testing

/// Medusa 2.0 behaviour the sync depends on, reproduced by the simulator (contract §2–§8).
@Suite("Simulator behaves like Medusa 2.0")
struct SimulatorBehaviourTests {
    static let createBody = """
        {"title":"Mug","handle":"mug","external_id":"odoo-7","options":[{"title":"Color","values":["Red","Blue"]}],
         "variants":[{"title":"Red","sku":"MUG-RED","options":{"Color":"Red"},"prices":[{"currency_code":"eur","amount":9.5}]},
                     {"title":"Blue","sku":"MUG-BLUE","options":{"Color":"Blue"},"prices":[{"currency_code":"eur","amount":9.5}]}]}
        """

    func createMug(_ raw: RawAdminAPI) async throws -> JSONValue {
        let answer = try await raw.send("POST", "/admin/products", json: Self.createBody)
        #expect(answer.status == 200)
        return try #require(answer.json["product"])
    }

    @Test("create answers 200 with default fields: no categories, no inventory items, status draft")
    func createDefaults() async throws {
        try await withSimulator { simulator in
            let product = try await createMug(RawAdminAPI(simulator: simulator))
            #expect(product["status"] == .string("draft"))
            #expect(product["categories"] == nil)
            #expect(product["sales_channels"] == .array([]))
            let variant = try #require(product["variants"]?.arrayValue.first)
            #expect(variant["inventory_items"] == nil)
            #expect(variant["manage_inventory"] == .bool(true))
            #expect(variant["prices"]?.arrayValue.first?["amount"] == .number(Decimal(string: "9.5")!))
        }
    }

    @Test("fields=: prefixed entries add to the defaults, a bare entry replaces them, + may arrive as a space")
    func fieldsParsing() async throws {
        try await withSimulator { simulator in
            let raw = RawAdminAPI(simulator: simulator)
            let id = try #require(try await createMug(raw)["id"]?.stringValue)
            let added = try await raw.send("GET", "/admin/products/\(id)?fields=%2Bcategories.id,%2Bvariants.inventory_items.inventory_item_id")
            #expect(added.json["product"]?["categories"] == .array([]))
            #expect(added.json["product"]?["title"] == .string("Mug"))
            let item = added.json["product"]?["variants"]?.arrayValue.first?["inventory_items"]?.arrayValue.first
            #expect(item?["inventory_item_id"]?.stringValue?.hasPrefix("iitem_") == true)

            let spaced = try await raw.send("GET", "/admin/products/\(id)?fields=+categories.id")
            #expect(spaced.json["product"]?["categories"] == .array([]))

            let replaced = try await raw.send("GET", "/admin/products/\(id)?fields=handle,*variants")
            #expect(replaced.json["product"]?.objectKeys == ["id", "handle", "variants"])
        }
    }

    @Test("GET /admin/products ignores external_id and sku, honours handle and status[]")
    func listFilters() async throws {
        try await withSimulator { simulator in
            let raw = RawAdminAPI(simulator: simulator)
            _ = try await createMug(raw)
            let other = try await raw.send("POST", "/admin/products", json: """
                {"title":"Cup","handle":"cup","status":"published","options":[{"title":"Default","values":["Default"]}]}
                """)
            #expect(other.status == 200)
            let byExternalId = try await raw.send("GET", "/admin/products?external_id=odoo-7")
            #expect(byExternalId.json["count"] == .number(2))
            let bySku = try await raw.send("GET", "/admin/products?sku=MUG-RED")
            #expect(bySku.json["count"] == .number(2))
            let byHandle = try await raw.send("GET", "/admin/products?handle=cup")
            #expect(byHandle.json["products"]?.arrayValue.map { $0["handle"] } == [.string("cup")])
            let published = try await raw.send("GET", "/admin/products?status%5B%5D=published")
            #expect(published.json["products"]?.arrayValue.map { $0["handle"] } == [.string("cup")])
            let bySearch = try await raw.send("GET", "/admin/products?q=mug-blu")
            #expect(bySearch.json["products"]?.arrayValue.map { $0["handle"] } == [.string("mug")])
        }
    }

    @Test("update with variants replaces them: unlisted ones are deleted, new ones get no inventory item")
    func updateReplacesVariants() async throws {
        try await withSimulator { simulator in
            let raw = RawAdminAPI(simulator: simulator)
            let product = try await createMug(raw)
            let id = try #require(product["id"]?.stringValue)
            let red = try #require(product["variants"]?.arrayValue.first { $0["sku"] == .string("MUG-RED") })
            let answer = try await raw.send("POST", "/admin/products/\(id)", json: """
                {"variants":[{"id":"\(red["id"]?.stringValue ?? "")","title":"Red"},
                             {"title":"Blue again","sku":"MUG-BLUE-2","options":{"Color":"Blue"},"prices":[{"currency_code":"eur","amount":11}]}]}
                """)
            #expect(answer.status == 200)
            let stored = try #require(simulator.snapshot().product(handle: "mug"))
            #expect(stored.variants.compactMap(\.sku) == ["MUG-RED", "MUG-BLUE-2"])
            #expect(stored.variants.first { $0.sku == "MUG-BLUE-2" }?.inventoryItemIds == [])
            #expect(stored.variants.first { $0.sku == "MUG-RED" }?.inventoryItemIds.count == 1)
        }
    }

    @Test("update with options replaces them and variants lose values of removed options")
    func updateReplacesOptions() async throws {
        try await withSimulator { simulator in
            let raw = RawAdminAPI(simulator: simulator)
            let id = try #require(try await createMug(raw)["id"]?.stringValue)
            let answer = try await raw.send("POST", "/admin/products/\(id)",
                                            json: #"{"options":[{"title":"Size","values":["One size"]}]}"#)
            #expect(answer.status == 200)
            let stored = try #require(simulator.snapshot().product(handle: "mug"))
            #expect(stored.options.map(\.title) == ["Size"])
            #expect(stored.variants.allSatisfy { $0.options.isEmpty })
        }
    }

    @Test("variant endpoints answer with the product; a deleted variant's inventory item keeps its sku")
    func variantEndpoints() async throws {
        try await withSimulator { simulator in
            let raw = RawAdminAPI(simulator: simulator)
            let product = try await createMug(raw)
            let id = try #require(product["id"]?.stringValue)
            let red = try #require(product["variants"]?.arrayValue.first { $0["sku"] == .string("MUG-RED") }?["id"]?.stringValue)
            let updated = try await raw.send("POST", "/admin/products/\(id)/variants/\(red)", json: #"{"title":"Crimson"}"#)
            #expect(updated.json["product"]?["id"] == .string(id))
            let deleted = try await raw.send("DELETE", "/admin/products/\(id)/variants/\(red)")
            #expect(deleted.json["object"] == .string("variant"))
            #expect(deleted.json["parent"]?["id"] == .string(id))

            let recreated = try await raw.send("POST", "/admin/products/\(id)/variants", json: """
                {"title":"Red","sku":"MUG-RED","options":{"Color":"Red"},"prices":[]}
                """)
            #expect(recreated.status == 400)
            #expect(recreated.message == "Inventory item with sku: MUG-RED, already exists.")
            let unmanaged = try await raw.send("POST", "/admin/products/\(id)/variants", json: """
                {"title":"Red","sku":"MUG-RED","options":{"Color":"Red"},"prices":[],"manage_inventory":false}
                """)
            #expect(unmanaged.status == 200)
        }
    }

    @Test("delete is soft: the handle and skus can be used again, the product is listed as deleted")
    func softDelete() async throws {
        try await withSimulator { simulator in
            let raw = RawAdminAPI(simulator: simulator)
            let id = try #require(try await createMug(raw)["id"]?.stringValue)
            let deleted = try await raw.send("DELETE", "/admin/products/\(id)")
            #expect(deleted.text == #"{"id":"\#(id)","object":"product","deleted":true}"#)
            _ = try await createMug(raw)
            let snapshot = simulator.snapshot()
            #expect(snapshot.deletedProducts.map(\.id) == [id])
            #expect(snapshot.products.count == 1)
            #expect(snapshot.inventoryItems.count == 2)
        }
    }

    @Test("a failing batch applies nothing")
    func batchIsAllOrNothing() async throws {
        try await withSimulator { simulator in
            let raw = RawAdminAPI(simulator: simulator)
            let answer = try await raw.send("POST", "/admin/products/batch", json: """
                {"create":[{"title":"One","handle":"one","options":[{"title":"Default","values":["Default"]}],
                            "variants":[{"title":"D","sku":"DUP","options":{"Default":"Default"},"prices":[]}]},
                           {"title":"Two","handle":"two","options":[{"title":"Default","values":["Default"]}],
                            "variants":[{"title":"D","sku":"DUP","options":{"Default":"Default"},"prices":[]}]}]}
                """)
            #expect(answer.status == 400)
            #expect(answer.message == "Product variant with sku: DUP, already exists.")
            let snapshot = simulator.snapshot()
            #expect(snapshot.products.isEmpty)
            #expect(snapshot.inventoryItems.isEmpty)
            #expect(try await raw.send("GET", "/admin/products?handle=one").json["count"] == .number(0))
        }
    }

    @Test("batch routes take 2 MB, other routes 100 kb")
    func bodyLimitsPerRoute() async throws {
        try await withSimulator { simulator in
            let raw = RawAdminAPI(simulator: simulator)
            let large = filler(bytes: 500_000)
            let batch = try await raw.send("POST", "/admin/products/batch", json: """
                {"create":[{"title":"Big","handle":"big","description":"\(large)","options":[{"title":"Default","values":["Default"]}]}]}
                """)
            #expect(batch.status == 200)
            let single = try await raw.send("POST", "/admin/products", json: """
                {"title":"Big","handle":"big-2","description":"\(large)","options":[{"title":"Default","values":["Default"]}]}
                """)
            #expect(single.status == 500)
            #expect(simulator.requestCounts.byRoute["POST /admin/products/batch"]?.bytesIn ?? 0 > 500_000)
        }
    }

    @Test("stock levels: update of a missing level is a 404, create then update sets absolute stock")
    func stockLevels() async throws {
        try await withSimulator { simulator in
            let raw = RawAdminAPI(simulator: simulator)
            let variant = try #require(try await createMug(raw)["variants"]?.arrayValue.first)
            let lookup = try await raw.send("GET", "/admin/inventory-items?sku=\(variant["sku"]?.stringValue ?? "")")
            let itemId = try #require(lookup.json["inventory_items"]?.arrayValue.first?["id"]?.stringValue)
            let location = simulator.configuration.defaultStockLocation.id
            let missing = try await raw.send("POST", "/admin/inventory-items/\(itemId)/location-levels/\(location)",
                                             json: #"{"stocked_quantity":4}"#)
            #expect(missing.status == 404)
            #expect(missing.message == "Item \(itemId) is not stocked at location \(location)")
            let unknownLocation = try await raw.send("POST", "/admin/inventory-items/\(itemId)/location-levels",
                                                     json: #"{"location_id":"sloc_nope"}"#)
            #expect(unknownLocation.message == "Stock locations with ids: sloc_nope was not found")
            #expect(try await raw.send("POST", "/admin/inventory-items/\(itemId)/location-levels",
                                       json: #"{"location_id":"\#(location)","stocked_quantity":4}"#).status == 200)
            let again = try await raw.send("POST", "/admin/inventory-items/\(itemId)/location-levels",
                                           json: #"{"location_id":"\#(location)"}"#)
            #expect(again.message == "Inventory level with inventory_item_id: \(itemId), location_id: \(location), already exists.")
            let set = try await raw.send("POST", "/admin/inventory-items/\(itemId)/location-levels/\(location)",
                                         json: #"{"stocked_quantity":9}"#)
            #expect(set.json["inventory_item"]?["location_levels"]?.arrayValue.first?["stocked_quantity"] == .number(9))
        }
    }

    @Test("uploads need multipart field 'files'")
    func uploadWithoutFiles() async throws {
        try await withSimulator { simulator in
            let raw = RawAdminAPI(simulator: simulator)
            let answer = try await raw.send("POST", "/admin/uploads", body: Array("--b\r\n\r\n--b--\r\n".utf8),
                                            contentType: "multipart/form-data; boundary=b")
            #expect(answer.status == 400)
            #expect(answer.message == "No files were uploaded")
        }
    }

    @Test("request counters split reads and writes; reset() returns to the seeded store")
    func countersAndReset() async throws {
        try await withSimulator { simulator in
            let raw = RawAdminAPI(simulator: simulator)
            _ = try await createMug(raw)
            _ = try await raw.send("GET", "/admin/products")
            _ = try await raw.send("GET", "/admin/stores")
            let counts = simulator.requestCounts
            #expect(counts.reads == 2)
            #expect(counts.writes == 1)
            #expect(counts.requests("POST /admin/products") == 1)
            #expect(counts.bytesIn == Self.createBody.utf8.count)
            simulator.reset()
            #expect(simulator.snapshot().products.isEmpty)
            #expect(simulator.requestCounts.total == 0)
            _ = try await createMug(raw)
        }
    }

    @Test("categories: handle from the name, is_active false by default, products linked via the category")
    func categories() async throws {
        try await withSimulator { simulator in
            let raw = RawAdminAPI(simulator: simulator)
            let productId = try #require(try await createMug(raw)["id"]?.stringValue)
            let created = try await raw.send("POST", "/admin/product-categories", json: #"{"name":"Kitchen Ware"}"#)
            let category = try #require(created.json["product_category"])
            #expect(category["handle"] == .string("kitchen-ware"))
            #expect(category["is_active"] == .bool(false))
            let categoryId = try #require(category["id"]?.stringValue)
            let duplicate = try await raw.send("POST", "/admin/product-categories", json: #"{"name":"Kitchen ware"}"#)
            #expect(duplicate.message == "Product category with handle: kitchen-ware, already exists.")
            let linked = try await raw.send("POST", "/admin/product-categories/\(categoryId)/products",
                                            json: #"{"add":["\#(productId)"]}"#)
            #expect(linked.status == 200)
            #expect(simulator.snapshot().categories.first?.productIds == [productId])
            let plainBooleanOnly = try await raw.send("POST", "/admin/product-categories/\(categoryId)",
                                                      json: #"{"is_active":"true"}"#)
            #expect(plainBooleanOnly.message == "Invalid request: Expected type: 'boolean' for field 'is_active', got: 'string'")
        }
    }
}
