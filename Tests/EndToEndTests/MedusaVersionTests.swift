import Foundation
import Simulators
import SyncCore
import Testing

/// The same sync against Medusa 2.0.0 and the newest 2.x we model (`MedusaServerVersion`): the same shop in the end,
/// by the fastest path each server offers.
@Suite("Medusa versions: 2.0 and current")
struct MedusaVersionTests {
    static let levelsBatch = "POST /admin/inventory-items/location-levels/batch"
    static let levelCreate = "POST /admin/inventory-items/{id}/location-levels"
    static let levelUpdate = "POST /admin/inventory-items/{id}/location-levels/{location_id}"
    static let batchOn2_0 = MedusaRequestCounts.unknownRouteKey(method: "POST", path: "/admin/inventory-items/location-levels/batch")

    @Test("Both versions end with the same shop; current writes stock through the levels batch, 2.0 level by level")
    func sameShopFastestPath() async throws {
        var shops: [MedusaServerVersion: ShopState] = [:]
        for version in MedusaServerVersion.allCases {
            try await withHarness(.odoo19, medusaConfiguration: MedusaSimulatorConfiguration(version: version)) { harness in
                let run = try await harness.run(.full)
                #expect(run.summary.status == .succeeded, "\(version): \(String(describing: run.summary.error))")
                let counts = harness.medusa.requestCounts
                switch version {
                case .current:
                    #expect(counts.requests(Self.levelsBatch) >= 1)
                    #expect(counts.requests(Self.levelCreate) == 0 && counts.requests(Self.levelUpdate) == 0)
                case .v2_0:
                    // Tried once (the probe cannot tell below 2.7), answered "Cannot POST", not tried again.
                    #expect(counts.requests(Self.batchOn2_0) == 1)
                    #expect(counts.requests(Self.levelCreate) > 1)
                }
                expectNoDuplicates(harness.shop())
                shops[version] = harness.shop()
            }
        }
        #expect(shops[.current] == shops[.v2_0])
        #expect(shops[.current]?.products.isEmpty == false)
    }

    @Test("What the server offers is probed once and remembered: later runs neither probe nor retry a missing route",
          arguments: MedusaServerVersion.allCases)
    func capabilitiesAreRemembered(medusa version: MedusaServerVersion) async throws {
        try await withHarness(.odoo19, medusaConfiguration: MedusaSimulatorConfiguration(version: version)) { harness in
            try await harness.run(.full)
            let afterFirst = harness.medusa.requestCounts
            #expect(afterFirst.requests("GET /admin/plugins") == (version == .current ? 1 : 0))
            #expect(try await harness.state.memo(.medusaCapabilities) != nil)

            // A stock move and a price change: incremental runs with writes, no probe.
            try await harness.odoo.setStock(variantId: 21, locationId: 5, quantity: 123)
            let templateId = try #require(ExpectedCatalogue.odoo19.first?.templateId)
            try await harness.odoo.setListPrice(templateId: templateId, to: dec("77.5"))
            let incremental = try await harness.run(.incremental)
            #expect(incremental.summary.status == .succeeded)
            #expect(incremental.totalMedusaWrites >= 1)
            let afterIncremental = harness.medusa.requestCounts
            #expect(afterIncremental.requests("GET /admin/plugins") == afterFirst.requests("GET /admin/plugins"))
            #expect(afterIncremental.requests(Self.batchOn2_0) == afterFirst.requests(Self.batchOn2_0))
            if version == .current {
                #expect(afterIncremental.requests(Self.levelsBatch) == afterFirst.requests(Self.levelsBatch) + 1)
            }
            #expect(harness.shop().products["storage-box"]?.variants.first?.stock == 123)

            // A full run probes again (servers get upgraded) but keeps knowing that 2.0 has no levels batch.
            try await harness.odoo.setStock(variantId: 21, locationId: 5, quantity: 124)
            try await harness.run(.full)
            let afterFull = harness.medusa.requestCounts
            #expect(afterFull.requests(Self.batchOn2_0) == afterFirst.requests(Self.batchOn2_0))
            #expect(harness.shop().products["storage-box"]?.variants.first?.stock == 124)
        }
    }

    @Test("A product created in Odoo reaches Medusa with exact lookups, not a listing of the whole catalogue",
          arguments: MedusaServerVersion.allCases)
    func smallRunStaysSmall(medusa version: MedusaServerVersion) async throws {
        let seed = OdooCatalogueSeed.generated(GeneratedCatalogueOptions(templates: 250, variantsPerTemplate: 1))
        try await withHarness(medusaConfiguration: MedusaSimulatorConfiguration(version: version), seed: seed) { harness in
            let first = try await harness.run(.incremental)
            #expect(first.counts.created == 250)
            let created = try await harness.odoo.createProduct(OdooNewProduct(name: "Brand New Lamp", listPrice: dec("19.90")))
            let before = harness.medusa.requestCounts

            let run = try await harness.run(.targeted([created.templateId]))
            let after = harness.medusa.requestCounts
            #expect(run.templates(.created) == [created.templateId])
            let listings = after.requests("GET /admin/products") - before.requests("GET /admin/products")
            // Listing 250 products takes 3 pages; the lookups are the handle and (where honoured) the external id.
            #expect(listings <= 2, "GET /admin/products: \(listings)")
            #expect(after.total - before.total <= 10, "Medusa requests: \(after.total - before.total)")
            #expect(harness.shop().products.values.filter { $0.title == "Brand New Lamp" }.count == 1)

            // A second targeted run for it changes nothing.
            let again = try await harness.run(.targeted([created.templateId]))
            #expect(again.medusaWrites.isEmpty, "writes: \(again.medusaWrites)")
        }
    }

    @Test("A levels batch Medusa refuses (levels the sync thinks new already exist) is written level by level, exactly")
    func refusedBatchFallsBackLevelByLevel() async throws {
        try await withHarness(.odoo19, medusaConfiguration: MedusaSimulatorConfiguration(version: .current)) { harness in
            try await harness.run(.full)
            let stocked = try await harness.state.allBindings(StockBinding.self).map(\.odooVariantId)
            #expect(!stocked.isEmpty)
            // The stock bindings are lost: every level looks new to the sync, so the batch says "create" for levels
            // that exist, and Medusa refuses the whole batch.
            try await harness.state.deleteBindings(kind: .stock, odooIds: stocked)
            try await harness.odoo.setStock(variantId: 21, locationId: 5, quantity: 55)
            let before = harness.medusa.requestCounts
            let run = try await harness.run(.full)
            let after = harness.medusa.requestCounts
            #expect(run.summary.status == .succeeded)
            #expect(run.counts.failed == 0)
            #expect(after.requests(Self.levelsBatch) - before.requests(Self.levelsBatch) >= 1, "the batch was tried")
            #expect(after.requests(Self.levelCreate) - before.requests(Self.levelCreate) >= stocked.count,
                    "then every level was written on its own")
            #expect(harness.shop().products["storage-box"]?.variants.first?.stock == 55)
            #expect(try await harness.state.allBindings(StockBinding.self).count == stocked.count)
            expectNoDuplicates(harness.shop())
        }
    }
}
