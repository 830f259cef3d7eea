import Foundation
import Simulators
import SyncCore
import Testing

@Suite("Demo catalogue → Medusa over HTTP")
struct DemoCatalogueSyncTests {
    @Test("A first full run turns the Odoo 19 demo catalogue into exactly the expected Medusa shop", arguments: MedusaServerVersion.allCases)
    func odoo19DemoBecomesTheExpectedShop(medusa version: MedusaServerVersion) async throws {
        try await withHarness(.odoo19, medusaConfiguration: MedusaSimulatorConfiguration(version: version)) { harness in
            let run = try await harness.run(.full)

            #expect(run.summary.status == .succeeded)
            #expect(run.summary.error == nil)
            // 37 templates; 28 "Local Delivery" is active but not sale_ok: out of the shop, and with no binding a full
            // run reports nothing for it. Everything else is created.
            #expect(run.counts.created == 36)
            #expect(run.counts.total == 36)
            #expect(run.outcome(ExpectedCatalogue.odoo19NotInShop) == nil)
            #expect(run.templates(.created) == ExpectedCatalogue.odoo19.map(\.templateId).sorted())
            #expect(run.phases == ["connecting", "categories", "products", "archiving", "stock", "done"])

            let shop = harness.shop()
            expectOdoo19DemoShop(shop, salesChannel: harness.medusa.configuration.defaultSalesChannel.id)
            #expect(!shop.products.values.contains { $0.title == "Local Delivery" })
            expectNoDuplicates(shop)
        }
    }

    @Test("Options keep Odoo's order: Customizable Desk is Color [White, Black] then Legs [Steel, Aluminium, Custom]")
    func optionOrderFollowsOdoo() async throws {
        try await withHarness(.odoo19) { harness in
            try await harness.run(.full)
            let desk = try #require(harness.medusa.snapshot().product(handle: "customizable-desk"))
            #expect(desk.options.map(\.title) == ["Color", "Legs"])
            #expect(desk.options.first { $0.title == "Color" }?.values == ["White", "Black"])
            #expect(desk.options.first { $0.title == "Legs" }?.values == ["Steel", "Aluminium", "Custom"])
            let pad = try #require(harness.medusa.snapshot().product(handle: "desk-pad"))
            #expect(pad.options.map(\.title) == ["Default"])
            #expect(pad.options.first?.values == ["Default"])
            #expect(pad.variants.map(\.title) == ["Desk Pad"])
        }
    }

    @Test("Images are uploaded once each and set as the product's images and thumbnail")
    func imagesAreUploadedOnceAndLinked() async throws {
        try await withHarness(.odoo19) { harness in
            try await harness.run(.full)
            let snapshot = harness.medusa.snapshot()
            // 31 templates have an image; 28 (not in the shop) and 1–4, 29 have none; no variant has its own.
            let withImage = ExpectedCatalogue.odoo19.filter { $0.imageCount > 0 }
            #expect(withImage.count == 31)
            #expect(snapshot.uploads.count == 31)
            #expect(harness.medusa.requestCounts.requests("POST /admin/uploads") == 31)
            for expected in withImage {
                let product = try #require(snapshot.product(handle: expected.handle))
                #expect(product.imageURLs.count == 1, "\(expected.handle)")
                #expect(product.thumbnail != nil && product.thumbnail == product.imageURLs.first, "\(expected.handle)")
                let upload = snapshot.uploads.first { $0.url == product.thumbnail }
                #expect(upload?.fileName.hasPrefix("odoo-template-\(expected.templateId)-") == true, "\(expected.handle)")
            }
            #expect(Set(snapshot.uploads.map(\.url)).count == 31, "every product has its own upload")
            // Odoo stores images without a type: the bytes say JPEG or PNG.
            #expect(Set(snapshot.uploads.map(\.contentType)) == ["image/jpeg", "image/png"])
            let withoutImage = try #require(snapshot.product(handle: "restaurant-expenses"))
            #expect(withoutImage.imageURLs.isEmpty)
            #expect(withoutImage.thumbnail == nil)

            // A second full run uploads nothing again.
            let second = try await harness.run(.full)
            #expect(second.medusaWrites["POST /admin/uploads"] == nil)
            #expect(harness.medusa.snapshot().uploads.count == 31)
        }
    }

    @Test("Descriptions, metadata and inventory items come from Odoo")
    func productFieldsComeFromOdoo() async throws {
        try await withHarness(.odoo19) { harness in
            try await harness.run(.full)
            let snapshot = harness.medusa.snapshot()
            let expenses = try #require(snapshot.product(handle: "restaurant-expenses"))
            #expect(expenses.description == "port check")  // description_sale as edited on the recording server
            let desk = try #require(snapshot.product(handle: "customizable-desk"))
            #expect(desk.description == "160x80cm, with large legs")
            #expect(desk.metadata?["odoo_model"] == .string("product.template"))
            // Every tracked variant has one inventory item; services and the combo have none.
            for variant in desk.variants { #expect(variant.inventoryItemIds.count == 1, "\(variant.sku ?? variant.id)") }
            let service = try #require(snapshot.product(handle: "deposit"))
            #expect(service.variants.allSatisfy { !$0.manageInventory && $0.inventoryItemIds.isEmpty })
            #expect(desk.variants.allSatisfy { $0.metadata?["odoo_model"] == .string("product.product") })
        }
    }

    @Test("The Odoo 17 demo catalogue (JSON-RPC) syncs with the expected counts, prices and options, on 17 and served as 18",
          arguments: [HarnessCatalogue.odoo17, .odoo18])
    func odoo17DemoCatalogue(catalogue: HarnessCatalogue) async throws {
        try await withHarness(catalogue) { harness in
            let run = try await harness.run(.full)
            #expect(run.summary.status == .succeeded)
            // 30 templates, all active and sale_ok.
            #expect(run.counts.created == 30)
            #expect(run.counts.total == 30)

            let shop = harness.shop()
            #expect(shop.products.count == 30)
            expectNoDuplicates(shop)
            let channel = harness.medusa.configuration.defaultSalesChannel.id
            expectProduct(ExpectedCatalogue.odoo17Desk, in: shop, salesChannel: channel)
            expectProduct(ExpectedCatalogue.odoo17ConferenceChair, in: shop, salesChannel: channel)

            // Every other template: one variant with the Default option and its README lst_price.
            let singles = shop.products.values.filter { ![9, 16].contains($0.templateId ?? 0) }
            #expect(singles.count == 28)
            for product in singles {
                let templateId = try #require(product.templateId)
                let prices = try #require(ExpectedCatalogue.odoo17SingleVariantPrices[templateId], "template \(templateId)")
                #expect(product.options == ["Default": ["Default"]], "\(product.handle)")
                #expect(product.variants.count == 1, "\(product.handle)")
                #expect(product.variants.first?.prices == ["usd": dec(prices.usd), "eur": dec(prices.eur)], "\(product.handle)")
            }
            // 17's category tree has three levels.
            #expect(shop.categories["all-saleable-office-furniture"]?.parentHandle == "all-saleable")
            #expect(shop.categories["all-saleable"]?.parentHandle == "all")
            #expect(shop.categories["all"]?.parentHandle == nil)

            let second = try await harness.run(.full)
            #expect(second.medusaWrites.isEmpty, "writes: \(second.medusaWrites)")
            #expect(second.kinds == [.unchanged])
        }
    }
}
