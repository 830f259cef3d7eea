import Foundation
import Simulators
import SyncCore
import Testing

@Suite("Changes in Odoo reach Medusa, and only them")
struct ChangeDetectionTests {
    /// PTAV 2 is "Legs: Aluminium" of template 9 (Customizable Desk); only variant 14 (FURN_0098, White / Aluminium) uses it.
    static let aluminiumDeskPTAV = 2

    @Test("A price_extra change moves no template or variant write_date; a full run updates exactly that product's prices")
    func priceExtraChangeIsCaughtByTheFullRun() async throws {
        try await withHarness(.odoo19) { harness in
            try await harness.run(.full)
            try await harness.run(.incremental)  // commits every stream's cursor
            let before = harness.shop()
            let templateStamp = harness.odoo.writeDate(model: "product.template", id: 9)
            let variantStamps = [13, 14, 15, 16, 18].map { harness.odoo.writeDate(model: "product.product", id: $0) }

            // Aluminium legs: +50.4 → +60, so FURN_0098 goes from 760 + 30 + 50.4 = 840.4 to 760 + 30 + 60 = 850.
            try await harness.odoo.setPriceExtra(templateAttributeValueId: Self.aluminiumDeskPTAV, to: dec("60"))

            // As in real Odoo: no template or variant write_date moves, so those streams cannot see the change.
            #expect(harness.odoo.writeDate(model: "product.template", id: 9) == templateStamp)
            #expect([13, 14, 15, 16, 18].map { harness.odoo.writeDate(model: "product.product", id: $0) } == variantStamps)

            let full = try await harness.run(.full)
            #expect(full.summary.status == .succeeded)
            #expect(full.templates(.updated) == [9])
            #expect(full.counts.unchanged == 35)
            #expect(full.outcome(9)?.message?.contains("variants[FURN_0098].prices.usd") == true, "\(full.outcome(9)?.message ?? "")")
            // One variant update, nothing else.
            #expect(full.medusaWrites == ["POST /admin/products/{id}/variants/{variant_id}": 1])

            let after = harness.shop()
            var expected = before
            let index = try #require(expected.products["customizable-desk"]?.variants.firstIndex { $0.odooId == 14 })
            expected.products["customizable-desk"]?.variants[index].prices["usd"] = dec("850")
            // eur stays 720: the Europe EUR rule is a fixed price on the template.
            #expect(after == expected, "\(after.differences(from: expected))")

            let settled = try await harness.run(.full)
            #expect(settled.medusaWrites.isEmpty)
        }
    }

    @Test("An incremental run catches a price_extra change through the PTAV stream (only the PTAV's write_date moves) and updates only that product")
    func incrementalRunAfterPriceExtraChange() async throws {
        try await withHarness(.odoo19) { harness in
            try await harness.run(.full)
            try await harness.run(.incremental)
            try await harness.odoo.setPriceExtra(templateAttributeValueId: Self.aluminiumDeskPTAV, to: dec("60"))

            let incremental = try await harness.run(.incremental)
            // docs/sync.md: incremental runs also follow product.template.attribute.value, whose own write_date moves.
            #expect(incremental.templates(.updated) == [9])
            #expect(incremental.outcomes.map(\.odooTemplateId) == [9], "only the desk is re-planned")
            #expect(incremental.medusaWrites == ["POST /admin/products/{id}/variants/{variant_id}": 1])
            let desk = try #require(harness.shop().products["customizable-desk"])
            #expect(desk.variant(odooId: 14)?.prices == ["usd": dec("850"), "eur": dec("720")])
        }
    }

    @Test("Incremental runs with small pages follow each stream's cursor: exactly the changed templates are re-planned")
    func incrementalPagingFollowsCursors() async throws {
        try await withHarness(.odoo19, configuration: SyncConfiguration(pageSize: 5)) { harness in
            try await harness.run(.full)
            try await harness.run(.incremental)
            for (id, name) in [(7, "Office Design Suite"), (21, "Desk Stand"), (35, "Cable Box"), (24, "Drawer Unit"),
                               (5, "Office Chair Yellow"), (33, "Monitor Riser"), (11, "Tall Cabinet")] {
                try await harness.odoo.renameTemplate(id, to: name)
            }
            let run = try await harness.run(.incremental)
            #expect(run.templates(.updated) == [5, 7, 11, 21, 24, 33, 35])
            #expect(run.outcomes.count == 7, "each changed template once: \(run.outcomes.map(\.odooTemplateId))")
            #expect(harness.shop().products["cable-management-box"]?.title == "Cable Box")
            let quiet = try await harness.run(.incremental)
            #expect(quiet.outcomes.isEmpty)
            #expect(quiet.medusaWrites.isEmpty)
        }
    }

    @Test("A configured pricelist (ODOO_PRICELISTS usd=4, Retail USD) is evaluated like Odoo: variant rule first, then the dated global rule")
    func configuredPricelistIsEvaluated() async throws {
        // 2026-06-01: inside the global rule's 2026-01-01..2026-12-31 window.
        let june = Date(timeIntervalSince1970: 1_780_272_000)
        try await withHarness(.odoo19, configuration: SyncConfiguration(pricelistByCurrency: ["usd": 4])) { harness in
            let run = try await harness.run(.full, now: { june })
            #expect(run.summary.status == .succeeded)
            let shop = harness.shop()
            let desk = try #require(shop.products["customizable-desk"])
            #expect(desk.variant(odooId: 15)?.prices["usd"] == 699)            // item 1: variant DESK0005, fixed 699
            #expect(desk.variant(odooId: 13)?.prices["usd"] == dec("750.5"))   // item 3: 790 − 5 % = 750.5
            #expect(desk.variant(odooId: 14)?.prices["usd"] == dec("798.38"))  // 840.4 × 0.95 = 798.38
            #expect(desk.variant(odooId: 16)?.prices["usd"] == dec("732.45"))  // 771 × 0.95 = 732.45
            #expect(desk.variant(odooId: 13)?.prices["eur"] == 720)            // eur unchanged: Europe EUR
            // Expenses: item 2 (−10 %) needs min_quantity 5, so the global −5 % applies: 14 × 0.95 = 13.3.
            #expect(shop.products["restaurant-expenses"]?.variants.first?.prices["usd"] == dec("13.3"))
            // 39.4 × 0.95 = 37.43
            #expect(shop.products["conference-chair"]?.variant(odooId: 30)?.prices["usd"] == dec("37.43"))
            // 5.1 × 0.95 = 4.845 → half-up 4.85
            #expect(shop.products["desk-organizer"]?.variants.first?.prices["usd"] == dec("4.85"))

            // After the window (2027) the global rule no longer applies: back to lst_price, except DESK0005.
            let next = try await harness.run(.full, now: { june.addingTimeInterval(365 * 86_400) })
            #expect(next.templates(.updated).count == 36, "every product has a usd price that moves back")
            let later = harness.shop()
            #expect(later.products["customizable-desk"]?.variant(odooId: 13)?.prices["usd"] == 790)
            #expect(later.products["customizable-desk"]?.variant(odooId: 15)?.prices["usd"] == 699)
            #expect(later.products["desk-organizer"]?.variants.first?.prices["usd"] == dec("5.1"))
        }
    }

    @Test("A stock change: the stock pass of an incremental run writes that one level and nothing else",
          arguments: MedusaServerVersion.allCases)
    func stockChangeUpdatesOnlyThatLevel(medusa version: MedusaServerVersion) async throws {
        try await withHarness(.odoo19, medusaConfiguration: MedusaSimulatorConfiguration(version: version)) { harness in
            try await harness.run(.full)
            try await harness.run(.incremental)
            let before = harness.shop()
            let templateStamp = harness.odoo.writeDate(model: "product.template", id: 12)

            // Storage Box (template 12, variant 21): 18 on hand at WH/Stock (location 5) → 25. An inventory adjustment
            // moves no product write_date and fires no webhook.
            try await harness.odoo.setStock(variantId: 21, locationId: 5, quantity: 25)
            #expect(harness.odoo.writeDate(model: "product.template", id: 12) == templateStamp)

            let run = try await harness.run(.incremental)
            #expect(run.summary.status == .succeeded)
            #expect(run.outcomes.isEmpty, "no product changed: \(run.outcomes)")
            #expect(run.totalMedusaWrites == 1, "writes: \(run.medusaWrites)")
            #expect(run.medusaWrites.keys.allSatisfy { $0.contains("/location-levels") })
            #expect(run.phases.contains("stock"))

            var expected = before
            expected.products["storage-box"]?.variants[0].stock = 25
            let after = harness.shop()
            #expect(after == expected, "\(after.differences(from: expected))")

            let settled = try await harness.run(.incremental)
            #expect(settled.medusaWrites.isEmpty, "an unchanged level is not written again")
        }
    }

    @Test("ODOO_STOCK_LOCATION_IDS counts each location with its sub-locations, as Odoo does")
    func configuredLocationIncludesItsSubLocations() async throws {
        try await withHarness(.odoo19) { harness in
            // Odoo 19 demo: WH/Stock is 5, WH/Stock/Shelf 1 is 17, WH/Stock/Shelf 2 is 16.
            var configuration = harness.configuration
            configuration.odooLocationIds = [5]
            try await harness.run(.full, configuration: configuration)
            #expect(harness.shop().products["storage-box"]?.variants.first?.stock == 18)

            // 7 more Storage Boxes (variant 21) put away on Shelf 1, a sub-location of WH/Stock.
            try await harness.odoo.setStock(variantId: 21, locationId: 17, quantity: 7)
            let run = try await harness.run(.incremental, configuration: configuration)
            #expect(run.summary.status == .succeeded)
            #expect(harness.shop().products["storage-box"]?.variants.first?.stock == 25)

            // Shelf 2 alone: none of its boxes are counted when it is the configured location.
            configuration.odooLocationIds = [16]
            try await harness.run(.full, configuration: configuration)
            #expect(harness.shop().products["storage-box"]?.variants.first?.stock == 0)
        }
    }

    @Test("Negative on-hand stock is written as 0", arguments: MedusaServerVersion.allCases)
    func negativeStockIsWrittenAsZero(medusa version: MedusaServerVersion) async throws {
        try await withHarness(.odoo19, medusaConfiguration: MedusaSimulatorConfiguration(version: version)) { harness in
            try await harness.run(.full)
            try await harness.odoo.setStock(variantId: 21, locationId: 5, quantity: -4)
            try await harness.run(.incremental)
            #expect(harness.shop().products["storage-box"]?.variants.first?.stock == 0)
        }
    }

    @Test("Renaming a template changes the title in Medusa and never the handle")
    func renameKeepsTheHandle() async throws {
        try await withHarness(.odoo19) { harness in
            try await harness.run(.full)
            try await harness.run(.incremental)
            let id = harness.medusa.snapshot().product(handle: "customizable-desk")?.id
            try await harness.odoo.renameTemplate(9, to: "Chaise Élégante")

            let run = try await harness.run(.incremental)
            #expect(run.outcomes.map(\.odooTemplateId) == [9])
            #expect(run.outcome(9)?.kind == .updated)
            let desk = try #require(harness.medusa.snapshot().product(handle: "customizable-desk"))
            #expect(desk.id == id)
            #expect(desk.title == "Chaise Élégante")
            #expect(harness.medusa.snapshot().products.count == 36)
        }
    }
}
