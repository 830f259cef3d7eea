import Foundation
import Testing
@testable import SyncCore

@Suite("Engine: changes, modes and archiving")
struct EngineChangeTests {
    @Test("a price_extra change moves only the PTAV's write_date: the incremental run catches it through the PTAV stream")
    func priceExtra() async throws {
        let harness = EngineHarness(templates: [9, 5])
        try await harness.run(.incremental)
        let templateStamp = try #require(await harness.odoo.templates[9]?.writeDate)
        await harness.odoo.setPriceExtra(ptav: 2, to: dec("60.4")) // Legs: Aluminium, only variant 14 (FURN_0098)
        #expect(await harness.odoo.templates[9]?.writeDate == templateStamp, "as in Odoo: the template's write_date stays")

        await harness.medusa.clearWrites()
        let (summary, reporter) = try await harness.run(.incremental)
        #expect(await harness.medusa.writes.filter { $0 != "setStockLevel" } == ["updateVariant"])
        #expect(summary.line == "succeeded c0 u1 =0 a0 d0 f0 s0", "only the desk is re-planned")
        #expect(await reporter.outcome(for: 9)?.message == "changed: variants[FURN_0098].prices.usd")
        let variant = try #require(await harness.product(template: 9)?.variants.first { $0.sku == "FURN_0098" })
        #expect(variant.prices.first { $0.currencyCode == "usd" }?.amount == dec("850.4"))
        #expect(await harness.state.cursors[SyncStream.attributeValues]?.writeDate == odooDate("2026-11-27 00:00:01"))

        let full = try await harness.writes { try await harness.run(.full) }
        #expect(full.filter { $0 != "setStockLevel" } == [], "the incremental run left nothing for the full run")
    }

    @Test("a variant's weight changed alone in Odoo is written to that variant, and only its weight")
    func variantWeight() async throws {
        let harness = EngineHarness(templates: [9])
        try await harness.run(.incremental)
        var variant = try #require(Demo.variants.first { $0.id == 13 })
        variant.weight = dec("12.5")
        variant.writeDate = odooDate("2026-11-26 08:00:00")
        await harness.odoo.put(variant)
        let dryRun = try await harness.run(.targeted([9], dryRun: true))
        let planned = try #require(await dryRun.reporter.outcomes.first)
        #expect(planned.plannedChanges?.map(\.path) == ["variants[FURN_0096].weight"])
        let writes = try await harness.writes {
            let (summary, _) = try await harness.run(.incremental)
            #expect(summary.counts.updated == 1)
        }
        #expect(writes.filter { $0 != "setStockLevel" } == ["updateVariant"])
        let desk = try #require(await harness.product(template: 9))
        #expect(desk.variants.first { $0.metadata?["odoo_variant_id"]?.intValue == 13 }?.weight == dec("12.5"))
        let again = try await harness.writes { try await harness.run(.full) }
        #expect(again.filter { $0 != "setStockLevel" }.isEmpty, "the weight now matches: nothing to write")
    }

    @Test("a renamed template (write_date bumped) is updated by an incremental run; its handle stays")
    func rename() async throws {
        let harness = EngineHarness(templates: [9, 5])
        try await harness.run(.incremental)
        await harness.odoo.rename(template: 9, to: "Sit-Stand Desk", writeDate: "2026-11-26 08:00:00")
        let writes = try await harness.writes { try await harness.run(.incremental) }
        #expect(writes.filter { $0 != "setStockLevel" } == ["updateProduct"])
        let product = try #require(await harness.product(template: 9))
        #expect(product.title == "Sit-Stand Desk")
        #expect(product.handle == "customizable-desk")
        #expect(await harness.state.cursors[SyncStream.templates]?.writeDate == odooDate("2026-11-26 08:00:00"))
    }

    @Test("a variant change (its own write_date) reaches its template through the variant stream")
    func variantStream() async throws {
        let harness = EngineHarness(templates: [9])
        try await harness.run(.incremental)
        var variant = Demo.variants.first { $0.id == 16 }!
        variant.barcode = "NEW-BARCODE"
        variant.writeDate = odooDate("2026-11-26 09:00:00")
        await harness.odoo.put(variant)
        let writes = try await harness.writes { try await harness.run(.incremental) }
        #expect(writes == ["updateVariant"])
        #expect(await harness.product(template: 9)?.variants.first { $0.sku == "FURN_0097" }?.barcode == "NEW-BARCODE")
    }

    @Test("a global pricelist rule change re-plans every bound product; only real price changes are written")
    func globalRule() async throws {
        var harness = EngineHarness(templates: [9, 5])
        harness.configuration.pricelistByCurrency = ["eur": 5]
        try await harness.run(.incremental)
        await harness.odoo.put(OdooPricelistItem(id: 40, pricelistId: 5, appliedOn: .global, computePrice: .fixed, fixedPrice: 50,
                                                 writeDate: odooDate("2026-11-26 10:00:00")))
        let writes = try await harness.writes { try await harness.run(.incremental) }
        #expect(writes == ["updateVariant"], "the desk keeps its template rule (720); the chair drops to 50")
        #expect(await harness.product(template: 5)?.variants[0].prices.first { $0.currencyCode == "eur" }?.amount == 50)
        #expect(await harness.state.cursors[SyncStream.pricelistItems]?.id == 40)
    }

    @Test("a targeted run touches only the named templates")
    func targeted() async throws {
        let harness = EngineHarness()
        let (summary, reporter) = try await harness.run(.targeted([5, 28, 999]))
        #expect(await harness.medusa.all.map(\.handle) == ["office-chair"])
        #expect(summary.line == "succeeded c1 u0 =0 a0 d0 f0 s2")
        #expect(await reporter.outcome(for: 999)?.message == "not found in Odoo")
    }

    @Test("archived in Odoo → drafted in Medusa (after a re-check), then left alone")
    func archiveToDraft() async throws {
        let harness = EngineHarness(templates: [9, 5])
        try await harness.run(.incremental)
        var chair = Demo.officeChair
        chair.active = false
        chair.writeDate = odooDate("2026-11-26 11:00:00")
        await harness.odoo.put(chair)
        let (summary, reporter) = try await harness.run(.incremental)
        #expect(summary.line == "succeeded c0 u0 =0 a1 d0 f0 s0")
        #expect(await reporter.outcome(for: 5)?.message == "archived in Odoo; set to draft")
        #expect(await harness.product(template: 5)?.status == .draft)
        #expect(try await harness.writes { try await harness.run(.full) } == [])
    }

    @Test("deleted in Odoo → found by a full run and drafted; with ARCHIVE_MODE=delete it is deleted with its bindings")
    func deleted() async throws {
        let harness = EngineHarness(templates: [9, 5])
        try await harness.run(.full)
        await harness.odoo.remove(template: 5)
        let (summary, reporter) = try await harness.run(.full)
        #expect(summary.counts.archived == 1)
        #expect(await reporter.outcome(for: 5)?.message == "deleted in Odoo; set to draft")
        #expect(await reporter.phases.contains("archiving"))

        var deleting = EngineHarness(templates: [9, 5])
        deleting.configuration.archiveMode = .delete
        try await deleting.run(.full)
        var chair = Demo.officeChair
        chair.saleOk = false
        chair.writeDate = odooDate("2026-11-26 11:00:00")
        await deleting.odoo.put(chair)
        let (deleteSummary, deleteReporter) = try await deleting.run(.incremental)
        #expect(deleteSummary.counts.deleted == 1)
        #expect(await deleteReporter.outcome(for: 5)?.message == "no longer saleable in Odoo; deleted from Medusa")
        #expect(await deleting.medusa.all.map(\.handle) == ["customizable-desk"])
        #expect(await deleting.state.binding(.product, 5) == nil)
        #expect(await deleting.state.binding(.variant, 5) == nil)
    }

    @Test("re-activated after archiving: published again")
    func reactivated() async throws {
        let harness = EngineHarness(templates: [5])
        try await harness.run(.full)
        var chair = Demo.officeChair
        chair.active = false
        await harness.odoo.put(chair)
        try await harness.run(.full)
        chair.active = true
        await harness.odoo.put(chair)
        try await harness.run(.full)
        #expect(await harness.product(template: 5)?.status == .published)
    }
}
