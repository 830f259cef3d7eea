import Foundation
import HTTPTransport
import MedusaClient
import MedusaSimulator
import SyncCore
import Testing

/// Every `MedusaShop` call, over real loopback HTTP against the simulator.
@Suite("MedusaClient against the simulator")
struct MedusaClientShopTests {
    @Test("store() reads currencies (default first), default sales channel and stock location")
    func storeReadsDefaults() async throws {
        try await withSimulator(.init(supportedCurrencies: ["usd", "eur", "dkk"])) { simulator in
            let store = try await makeClient(simulator).store()
            #expect(store.id == simulator.configuration.storeId)
            #expect(store.supportedCurrencies == ["usd", "eur", "dkk"])
            #expect(store.defaultCurrency == "usd")
            #expect(store.defaultSalesChannelId == simulator.configuration.defaultSalesChannel.id)
            #expect(store.defaultLocationId == simulator.configuration.defaultStockLocation.id)
        }
    }

    @Test("store() prefers a configured sales channel and stock location after checking they exist")
    func storeUsesConfiguredChannelAndLocation() async throws {
        let configuration = MedusaSimulatorConfiguration(
            additionalSalesChannels: [.init(id: "sc_01JBWEBSHOP", name: "Web shop")],
            additionalStockLocations: [.init(id: "sloc_01JBBACKROOM", name: "Back room")])
        try await withSimulator(configuration) { simulator in
            let client = makeClient(simulator, salesChannelId: "sc_01JBWEBSHOP", stockLocationId: "sloc_01JBBACKROOM")
            let store = try await client.store()
            #expect(store.defaultSalesChannelId == "sc_01JBWEBSHOP")
            #expect(store.defaultLocationId == "sloc_01JBBACKROOM")
            #expect(try await client.salesChannels().map(\.id).sorted()
                == ["sc_01JBWEBSHOP", configuration.defaultSalesChannel.id].sorted())
            #expect(try await client.stockLocations().count == 2)
        }
    }

    @Test("store() fails with a configuration error when the configured sales channel does not exist")
    func storeRejectsUnknownConfiguredChannel() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator, salesChannelId: "sc_01JBDOESNOTEXIST")
            let error = try await #require(throws: MedusaConfigurationError.self) { try await client.store() }
            #expect(error.failureClass == .configuration)
            #expect(error.message.contains("MEDUSA_SALES_CHANNEL_ID"))
        }
    }

    @Test("createProduct sends major units, lowercase currencies and returns the product with inventory item ids")
    func createProductRoundTrip() async throws {
        try await withSimulator { simulator in
            let channel = simulator.configuration.defaultSalesChannel.id
            let product = try await makeClient(simulator).createProduct(shirtInput(salesChannelId: channel))
            #expect(product.id.hasPrefix("prod_"))
            #expect(product.handle == "basic-shirt")
            #expect(product.status == .published)
            #expect(product.externalId == "odoo-template-42")
            #expect(product.salesChannelIds == [channel])
            #expect(product.imageURLs.count == 2)
            #expect(product.thumbnail == "https://images.example.com/shirt-front.jpg")
            #expect(product.weight == Decimal(string: "12.5"))
            #expect(product.options.map(\.title) == ["Size", "Color"])
            let small = try #require(product.variants.first { $0.sku == "SHIRT-S-BLUE" })
            #expect(small.id.hasPrefix("variant_"))
            #expect(small.options == ["Size": "S", "Color": "Blue"])
            #expect(small.prices.map(\.currencyCode).sorted() == ["eur", "usd"])
            #expect(small.prices.first { $0.currencyCode == "eur" }?.amount == Decimal(string: "840.4"))
            #expect(small.inventoryItemId?.hasPrefix("iitem_") == true)
            #expect(small.manageInventory)

            let stored = try #require(simulator.snapshot().product(handle: "basic-shirt"))
            let storedSmall = try #require(stored.variants.first { $0.sku == "SHIRT-S-BLUE" })
            #expect(storedSmall.prices.first { $0.currencyCode == "eur" }?.amount == Decimal(string: "840.4"))
            #expect(storedSmall.inventoryLevels.isEmpty)
        }
    }

    @Test("product(id:) and product(handle:) find live products and return nil for unknown or deleted ones")
    func productLookups() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let created = try await client.createProduct(shirtInput())
            #expect(try await client.product(id: created.id)?.handle == "basic-shirt")
            #expect(try await client.product(handle: "basic-shirt")?.id == created.id)
            #expect(try await client.product(handle: "basic") == nil)
            #expect(try await client.product(id: "prod_01JBUNKNOWN") == nil)
            try await client.deleteProduct(id: created.id)
            #expect(try await client.product(id: created.id) == nil)
            #expect(try await client.product(handle: "basic-shirt") == nil)
        }
    }

    @Test("listProducts pages through all live products with categories and inventory item ids")
    func listProductsPages() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let category = try await client.createCategory(CategoryInput(name: "Shirts", handle: "shirts"))
            for index in 1...3 {
                _ = try await client.createProduct(shirtInput(handle: "shirt-\(index)", skuPrefix: "S\(index)",
                                                              categoryIds: [category.id]))
            }
            let first = try await client.listProducts(offset: 0, limit: 2)
            let second = try await client.listProducts(offset: 2, limit: 2)
            #expect(first.count == 3)
            #expect(first.products.map(\.handle) + second.products.map(\.handle) == ["shirt-1", "shirt-2", "shirt-3"])
            #expect(first.products.allSatisfy { $0.categoryIds == [category.id] })
            #expect(first.products.flatMap(\.variants).allSatisfy { $0.inventoryItemId != nil })
        }
    }

    @Test("batchProducts creates, updates and deletes in one request")
    func batchCreatesUpdatesDeletes() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let keep = try await client.createProduct(simpleInput(handle: "keep", sku: "KEEP"))
            let drop = try await client.createProduct(simpleInput(handle: "drop", sku: "DROP"))
            let result = try await client.batchProducts(
                create: [simpleInput(handle: "new-one", sku: "NEW-1"), simpleInput(handle: "new-two", sku: "NEW-2")],
                update: [ProductUpdate(id: keep.id, title: "Kept and renamed", status: .published)],
                delete: [drop.id])
            #expect(result.created.map(\.handle) == ["new-one", "new-two"])
            #expect(result.updated.map(\.title) == ["Kept and renamed"])
            #expect(result.deletedIds == [drop.id])
            #expect(simulator.requestCounts.requests("POST /admin/products/batch") == 1)
            let snapshot = simulator.snapshot()
            #expect(Set(snapshot.products.map(\.handle)) == ["keep", "new-one", "new-two"])
            #expect(snapshot.deletedProducts.map(\.handle) == ["drop"])
            #expect(try await client.batchProducts(create: [], update: [], delete: []) == ProductBatchResult())
        }
    }

    @Test("updateProduct replaces images, categories and channels but never touches variants or options")
    func updateProductLeavesVariantsAlone() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let created = try await client.createProduct(shirtInput())
            let category = try await client.createCategory(CategoryInput(name: "Tops", handle: "tops"))
            let updated = try await client.updateProduct(ProductUpdate(
                id: created.id, title: "Basic Shirt v2", description: .some(nil),
                imageURLs: ["https://images.example.com/new.jpg"],
                salesChannelIds: [simulator.configuration.defaultSalesChannel.id], categoryIds: [category.id]))
            #expect(updated.title == "Basic Shirt v2")
            #expect(updated.description == nil)
            #expect(updated.imageURLs == ["https://images.example.com/new.jpg"])
            #expect(updated.categoryIds == [category.id])
            #expect(updated.variants.map(\.id) == created.variants.map(\.id))
            #expect(updated.options.map(\.id) == created.options.map(\.id))
        }
    }

    @Test("deleteProduct soft-deletes; a second delete is classified missingRemotely")
    func deleteProductSoftDeletes() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let created = try await client.createProduct(shirtInput())
            try await client.deleteProduct(id: created.id)
            #expect(simulator.snapshot().deletedProducts.map(\.id) == [created.id])
            let error = try await #require(throws: MedusaError.self) { try await client.deleteProduct(id: created.id) }
            #expect(error.failureClass == .missingRemotely)
            #expect(error.status == 404)
            // Handle and SKUs are free again.
            _ = try await client.createProduct(shirtInput())
        }
    }

    @Test("options are created, updated and deleted one at a time")
    func optionLifecycle() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let created = try await client.createProduct(shirtInput())
            let withMaterial = try await client.createOption(
                productId: created.id, option: OptionInput(title: "Material", values: ["Cotton"]))
            let material = try #require(withMaterial.options.first { $0.title == "Material" })
            let renamed = try await client.updateOption(
                productId: created.id, optionId: material.id, option: OptionInput(title: "Fabric", values: ["Cotton", "Linen"]))
            #expect(renamed.options.first { $0.id == material.id }?.values == ["Cotton", "Linen"])
            #expect(renamed.options.first { $0.id == material.id }?.title == "Fabric")
            try await client.deleteOption(productId: created.id, optionId: material.id)
            #expect(simulator.snapshot().products[0].options.map(\.title) == ["Size", "Color"])
        }
    }

    @Test("variants are created (with an inventory item), updated (prices replaced) and deleted one at a time")
    func variantLifecycle() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let created = try await client.createProduct(shirtInput())
            let size = try #require(created.options.first { $0.title == "Size" })
            _ = try await client.updateOption(productId: created.id, optionId: size.id,
                                              option: OptionInput(title: "Size", values: ["S", "M", "L"]))
            let withLarge = try await client.createVariant(productId: created.id, variant: VariantInput(
                title: "L / Blue", sku: "SHIRT-L-BLUE", options: ["Size": "L", "Color": "Blue"],
                prices: [MedusaPrice(currencyCode: "eur", amount: 23)], manageInventory: true))
            let large = try #require(withLarge.variants.first { $0.sku == "SHIRT-L-BLUE" })
            #expect(large.inventoryItemId != nil)

            let repriced = try await client.updateVariant(productId: created.id, update: VariantUpdate(
                id: large.id, title: "Large / Blue", prices: [MedusaPrice(currencyCode: "EUR", amount: Decimal(string: "24.95")!)]))
            let updatedLarge = try #require(repriced.variants.first { $0.id == large.id })
            #expect(updatedLarge.title == "Large / Blue")
            #expect(updatedLarge.prices.map(\.amount) == [Decimal(string: "24.95")!])
            #expect(repriced.variants.count == 3)

            try await client.deleteVariant(productId: created.id, variantId: large.id)
            #expect(try await client.product(id: created.id)?.variants.count == 2)
        }
    }

    @Test("categories() pages through more than one page; create and update round-trip")
    func categoriesPageAndUpdate() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let root = try await client.createCategory(CategoryInput(name: "All", handle: "all"))
            for index in 1...104 {
                _ = try await client.createCategory(CategoryInput(name: "Category \(index)", handle: "category-\(index)",
                                                                  parentCategoryId: root.id))
            }
            let all = try await client.categories()
            #expect(all.count == 105)
            #expect(all.filter { $0.parentCategoryId == root.id }.count == 104)
            #expect(all.allSatisfy { $0.isActive })

            let child = try #require(all.first { $0.handle == "category-7" })
            let moved = try await client.updateCategory(id: child.id, CategoryInput(name: "Seven", handle: "seven",
                                                                                   isActive: false))
            #expect(moved.name == "Seven")
            #expect(moved.parentCategoryId == nil)
            #expect(moved.isActive == false)
        }
    }

    @Test("setStockLevel creates the missing level, then sets absolute stock; negative stock becomes 0")
    func stockLevels() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let store = try await client.store()
            let location = try #require(store.defaultLocationId)
            let product = try await client.createProduct(shirtInput())
            let item = try #require(product.variants.first?.inventoryItemId)

            try await client.setStockLevel(inventoryItemId: item, locationId: location, stockedQuantity: 7)
            try await client.setStockLevel(inventoryItemId: item, locationId: location, stockedQuantity: 3)
            var levels = simulator.snapshot().inventoryItems.first { $0.id == item }?.levels
            #expect(levels?.map(\.stockedQuantity) == [3])
            #expect(simulator.requestCounts.requests("POST /admin/inventory-items/{id}/location-levels") == 1)

            try await client.setStockLevel(inventoryItemId: item, locationId: location, stockedQuantity: -2)
            levels = simulator.snapshot().inventoryItems.first { $0.id == item }?.levels
            #expect(levels?.map(\.stockedQuantity) == [0])

            let missing = try await #require(throws: MedusaError.self) {
                try await client.setStockLevel(inventoryItemId: "iitem_01JBNOPE", locationId: location, stockedQuantity: 1)
            }
            #expect(missing.failureClass == .missingRemotely)
        }
    }

    @Test("upload sends multipart field 'files' and returns a URL that serves the bytes")
    func uploadServesFile() async throws {
        try await withSimulator { simulator in
            let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 300)
            let url = try await makeClient(simulator).upload(fileName: "shirt front.png", contentType: "image/png",
                                                             data: bytes)
            #expect(url.hasPrefix(simulator.baseURL + "/static/"))
            let served = try await AsyncHTTPClientTransport().send(HTTPRequestData(method: .get, url: url))
            #expect(served.status == 200)
            #expect(served.body == bytes)
            #expect(served.header("Content-Type") == "image/png")
            #expect(simulator.snapshot().uploads.map(\.fileName) == ["shirt front.png"])
        }
    }
}
