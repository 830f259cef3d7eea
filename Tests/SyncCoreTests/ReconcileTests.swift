import Foundation
import Testing
@testable import SyncCore

@Suite("Full runs reconcile against Medusa: drift corrected, deletions recreated, duplicates reported")
struct ReconcileTests {
    @Test("a title edited by hand in Medusa is written back by the full run (drift_corrected, with the diff); the next full run writes nothing")
    func driftIsCorrected() async throws {
        let harness = EngineHarness(templates: [9, 5])
        try await harness.run(.full)
        let desk = try #require(await harness.product(template: 9))
        await harness.medusa.editByHand(desk.id) { $0.title = "Desk (edited in Medusa)"; $0.status = .draft }

        let incremental = try await harness.writes { try await harness.run(.incremental) }
        #expect(incremental.filter { $0 != "setStockLevel" } == [], "only full runs look at Medusa")

        await harness.medusa.clearWrites()
        let (summary, reporter) = try await harness.run(.full)
        #expect(await harness.medusa.writes.filter { $0 != "setStockLevel" } == ["updateProduct"])
        #expect(summary.counts.driftCorrected == 1 && summary.counts.unchanged == 1)
        let outcome = try #require(await reporter.outcome(for: 9))
        #expect(outcome.kind == .driftCorrected)
        #expect(outcome.plannedChanges?.contains(FieldChange(path: "title", from: "Desk (edited in Medusa)", to: "Customizable Desk")) == true)
        #expect(outcome.plannedChanges?.contains(FieldChange(path: "status", from: "draft", to: "published")) == true)
        #expect(outcome.message?.contains("drift corrected") == true)
        #expect(await harness.product(template: 9)?.title == "Customizable Desk")

        let settled = try await harness.writes { try await harness.run(.full) }
        #expect(settled.filter { $0 != "setStockLevel" } == [])
    }

    @Test("a bound product deleted in Medusa is created again by the full run")
    func deletedProductIsRecreated() async throws {
        let harness = EngineHarness(templates: [9, 5])
        try await harness.run(.full)
        let chair = try #require(await harness.product(template: 5))
        await harness.medusa.deleteByHand(chair.id)

        let listsBefore = await harness.medusa.listCalls
        let (summary, reporter) = try await harness.run(.full)
        #expect(summary.counts.created == 1)
        // The create looks for a product to adopt in the reconcile's listing: the shop is listed once, not twice.
        #expect(await harness.medusa.listCalls - listsBefore == 1)
        let outcome = try #require(await reporter.outcome(for: 5))
        #expect(outcome.kind == .created)
        #expect(outcome.message?.contains("recreated") == true)
        let again = try #require(await harness.product(template: 5))
        #expect(again.id != chair.id && again.handle == "office-chair")
        #expect(await harness.medusa.all.count == 2)
    }

    @Test("a bound variant deleted in Medusa is created again (drift_corrected)")
    func deletedVariantIsRecreated() async throws {
        let harness = EngineHarness(templates: [9])
        try await harness.run(.full)
        let desk = try #require(await harness.product(template: 9))
        let removed = try #require(desk.variants.first { $0.sku == "FURN_0098" })
        await harness.medusa.editByHand(desk.id) { $0.variants.removeAll { $0.id == removed.id } }

        await harness.medusa.clearWrites()
        let (summary, _) = try await harness.run(.full)
        #expect(summary.counts.driftCorrected == 1)
        #expect(await harness.medusa.writes.contains("createVariant"))
        #expect(await harness.product(template: 9)?.variants.contains { $0.sku == "FURN_0098" } == true)
        #expect(await harness.product(template: 9)?.variants.count == 5)
    }

    @Test("two Medusa products naming one template are reported on that product's outcome")
    func duplicatesAreReported() async throws {
        let harness = EngineHarness(templates: [9, 5])
        try await harness.run(.full)
        let desk = try #require(await harness.product(template: 9))
        var copy = desk
        copy.id = "prod_copy"
        copy.handle = "customizable-desk-copy"
        await harness.medusa.seed(copy)

        let (_, reporter) = try await harness.run(.full)
        let message = try #require(await reporter.outcome(for: 9)?.message)
        #expect(message.contains("2 Medusa products name this Odoo template: \(desk.id) (the one the sync writes), prod_copy"), "\(message)")
        #expect(await reporter.outcome(for: 5)?.message?.contains("Medusa products name") != true)
    }

    @Test("the reconcile reads Medusa in pages of 250: one list request per 250 products, none when nothing is bound")
    func costIsOneRequestPerPage() async throws {
        let harness = EngineHarness(templates: [9, 5])
        try await harness.run(.full)  // nothing bound yet: no reconcile (the adoption scan may list)
        let before = await harness.medusa.listCalls
        try await harness.run(.full)
        #expect(await harness.medusa.listCalls - before == 1)
        #expect(MedusaReconcile.pageSize == 250)

        var off = harness
        off.configuration.reconcileFullRuns = false
        let quiet = await off.medusa.listCalls
        try await off.run(.full)
        #expect(await off.medusa.listCalls == quiet)
    }
}
