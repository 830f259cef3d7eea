import Foundation
import Testing
@testable import SyncCore

@Suite("Engine: no duplicates, dry runs, failures, cancellation")
struct EngineSafetyTests {
    @Test("a lost bindings table creates no duplicate: products are adopted and bound again")
    func wipedBindings() async throws {
        let harness = EngineHarness()
        try await harness.run(.full)
        await harness.state.wipe()
        await harness.medusa.clearWrites()
        let (summary, reporter) = try await harness.run(.full)
        #expect(await harness.medusa.all.count == 6)
        #expect(!(await harness.medusa.writes).contains { $0 == "batchProducts" || $0 == "createProduct" })
        #expect(summary.line == "succeeded c0 u6 =0 a0 d0 f0 s0")
        #expect(await reporter.outcome(for: 9)?.message == "adopted existing Medusa product (matched by external id 9)")
        #expect(await harness.state.count(.product) == 6)
        #expect(try await harness.writes { try await harness.run(.full) } == [])
    }

    @Test("products of the old TypeScript module (metadata.external_id) and of Medusa's recipe (external_id) are adopted")
    func oldModule() async throws {
        let harness = EngineHarness(templates: [9, 5])
        let desk = try ProductMapper.map(Demo.snapshot(Demo.customizableDesk), context: Demo.context())
        // Old module: its own handle, no external_id, ids in metadata.external_id, USD prices only, no inventory.
        await harness.medusa.seed(MedusaProduct(
            id: "prod_old", handle: "customizable-desk-9-old", title: "Customizable Desk", status: .published,
            metadata: ["external_id": .string("9")],
            options: [MedusaOption(id: "opt_c", title: "Color", values: ["White", "Black"]),
                      MedusaOption(id: "opt_l", title: "Legs", values: ["Steel", "Aluminium", "Custom"])],
            variants: desk.variants.map { variant in
                MedusaVariant(id: "old_\(variant.odooVariantId)", title: variant.title, sku: variant.odooVariantId == 14 ? nil : variant.sku,
                              options: variant.options, prices: [MedusaPrice(id: "p\(variant.odooVariantId)", currencyCode: "usd", amount: 1)],
                              manageInventory: false, metadata: ["external_id": .string(String(variant.odooVariantId))])
            },
            salesChannelIds: ["sc_default"]))
        // Medusa's Odoo recipe: external_id = template id, Default option.
        await harness.medusa.seed(MedusaProduct(
            id: "prod_recipe", handle: "office-chair-recipe", title: "Office Chair", status: .published, externalId: "5",
            options: [MedusaOption(id: "opt_d", title: "Default", values: ["Default"])],
            variants: [MedusaVariant(id: "recipe_5", title: "Office Chair", sku: "FURN_7777", options: ["Default": "Default"],
                                     manageInventory: false, metadata: ["external_id": .string("5")])]))

        let (summary, reporter) = try await harness.run(.full)
        #expect(summary.line == "succeeded c0 u2 =0 a0 d0 f0 s0")
        #expect(await harness.medusa.all.map(\.id) == ["prod_old", "prod_recipe"])
        #expect(await reporter.outcome(for: 9)?.message?.hasPrefix("adopted existing Medusa product (matched by external id 9)") == true)
        let adopted = try #require(await harness.medusa.product(id: "prod_old"))
        #expect(adopted.externalId == "9")
        #expect(adopted.handle == "customizable-desk-9-old", "the shop URL is kept")
        #expect(adopted.variants.map(\.id) == ["old_13", "old_14", "old_15", "old_16", "old_18"])
        #expect(adopted.variants.map { $0.prices.map(\.amount) } == [[790, 720], [dec("840.4"), 720], [790, 720], [771, 720], [771, 720]])
        #expect(adopted.variants[1].sku == "FURN_0098")
        #expect(adopted.metadata?["external_id"] == .string("9"), "foreign metadata is kept")
        #expect(await harness.state.binding(.variant, 13)?.medusaId == "old_13")
        #expect(await harness.state.binding(.product, 5)?.medusaId == "prod_recipe")
        #expect(try await harness.writes { try await harness.run(.full) } == [])
    }

    @Test("a product made by hand with the same handle is adopted; the handle is kept and it gets the external id")
    func handleAdoption() async throws {
        let harness = EngineHarness(templates: [5])
        await harness.medusa.seed(MedusaProduct(
            id: "prod_manual", handle: "office-chair", title: "Yellow chair", status: .draft,
            metadata: ["seo_title": .string("Best chair")],
            options: [MedusaOption(id: "o", title: "Default", values: ["Default"])],
            variants: [MedusaVariant(id: "v", title: "Default", sku: "FURN_7777", options: ["Default": "Default"], inventoryItemId: "iitem_m")]))
        let (summary, reporter) = try await harness.run(.full)
        #expect(summary.line == "succeeded c0 u1 =0 a0 d0 f0 s0")
        #expect(await reporter.outcome(for: 5)?.message?.hasPrefix("adopted existing Medusa product (matched by handle office-chair)") == true)
        let chair = try #require(await harness.medusa.product(id: "prod_manual"))
        #expect(chair.externalId == "5" && chair.title == "Office Chair" && chair.status == .published)
        #expect(chair.metadata?["seo_title"] == .string("Best chair"))
        #expect(await harness.medusa.level("iitem_m", "sloc_default") == 0)
        #expect(await harness.medusa.all.count == 1)
    }

    @Test("another template's product holding our handle is never adopted")
    func foreignHandle() async throws {
        let harness = EngineHarness(templates: [5])
        await harness.medusa.seed(MedusaProduct(id: "prod_x", handle: "office-chair", title: "Office Chair", externalId: "77",
                                                options: [MedusaOption(id: "o", title: "Default", values: ["Default"])]))
        try await harness.run(.full)
        #expect(await harness.product(template: 5)?.handle == "office-chair-5")
        #expect(await harness.medusa.product(id: "prod_x")?.externalId == "77")
    }

    @Test("a dry run writes nothing: no Medusa call, no binding, no cursor, no upload; the plan is in the outcomes")
    func dryRun() async throws {
        let harness = EngineHarness(templates: [9, 5])
        await harness.odoo.setImage(template: 5, [0xFF, 0xD8, 0xFF, 1])
        let (summary, reporter) = try await harness.run(SyncRequest(mode: .incremental, dryRun: true))
        #expect(await harness.medusa.writes == [])
        #expect(await harness.state.stored.isEmpty)
        #expect(await harness.state.cursors.isEmpty)
        #expect(summary.counts.created == 2)
        let plan = try #require(await reporter.outcome(for: 9)?.plannedChanges)
        #expect(plan.contains(FieldChange(path: "handle", from: nil, to: "customizable-desk")))
        #expect(plan.contains(FieldChange(path: "variants[DESK0005].prices.usd", from: nil, to: "790")))

        try await harness.run(.full)
        var desk = Demo.customizableDesk
        desk.name = "Desk Pro"
        await harness.odoo.put(desk)
        await harness.odoo.setPriceExtra(ptav: 5, to: 20)
        await harness.medusa.clearWrites()
        let (_, dry) = try await harness.run(.targeted([9], dryRun: true))
        #expect(await harness.medusa.writes == [])
        #expect(await dry.outcome(for: 9)?.kind == .updated)
        #expect(await dry.outcome(for: 9)?.plannedChanges == [
            FieldChange(path: "title", from: "Customizable Desk", to: "Desk Pro"),
            FieldChange(path: "variants[FURN_0097].prices.usd", from: "771", to: "780"),
            FieldChange(path: "variants[DESK0006].prices.usd", from: "771", to: "780"),
        ])
        #expect(await harness.product(template: 9)?.title == "Customizable Desk")
    }

    @Test("a product Medusa rejects fails alone, with Medusa's message; the others are created")
    func oneFailure() async throws {
        let harness = EngineHarness(templates: [9, 5, 16])
        await harness.medusa.reject(handle: "customizable-desk")
        let (summary, reporter) = try await harness.run(.full)
        #expect(summary.status == .partiallyFailed)
        #expect(summary.line == "partially_failed c2 u0 =0 a0 d0 f1 s0")
        let failed = try #require(await reporter.outcome(for: 9))
        #expect(failed.failureClass == .permanent)
        #expect(failed.system == "medusa")
        #expect(failed.message == "Invalid request: product customizable-desk rejected")
        #expect(await harness.medusa.all.map(\.handle).sorted() == ["conference-chair", "office-chair"])
    }

    @Test("a batch that stops halfway: what Medusa applied is bound, the rest is created one by one")
    func partialBatch() async throws {
        let harness = EngineHarness(templates: [9, 5, 16])
        await harness.medusa.splitBatches(every: 1)
        await harness.medusa.reject(handle: "customizable-desk")
        let (summary, _) = try await harness.run(.full)
        #expect(summary.line == "partially_failed c2 u0 =0 a0 d0 f1 s0")
        #expect(await harness.medusa.writes.filter { $0 != "setStockLevel" && $0 != "createCategory" }
                == ["batchProducts", "batchProducts", "createProduct", "createProduct"], "chair applied; desk failed; conference chair not applied")
        #expect(await harness.state.count(.product) == 2)
        #expect(await harness.medusa.all.count == 2)
    }

    @Test("a retryable failure is retried once at the end of the run and reported once")
    func retry() async throws {
        let harness = EngineHarness(templates: [9, 5])
        try await harness.run(.full)
        let deskId = try #require(await harness.product(template: 9)?.id)
        await harness.odoo.setPriceExtra(ptav: 5, to: 20)
        await harness.medusa.makeFlaky(deskId, times: 1)
        let (summary, reporter) = try await harness.run(.full)
        #expect(summary.line == "succeeded c0 u1 =1 a0 d0 f0 s0")
        #expect(await reporter.outcomes.filter { $0.odooTemplateId == 9 }.map(\.kind) == [.updated])

        await harness.odoo.setPriceExtra(ptav: 5, to: 25)
        await harness.medusa.makeFlaky(deskId, times: 5)
        let (failing, failingReporter) = try await harness.run(.full)
        #expect(failing.line == "partially_failed c0 u0 =1 a0 d0 f1 s0")
        #expect(await failingReporter.outcome(for: 9)?.failureClass == .retryable)
    }

    @Test("duplicate skus across templates: the second template is skipped with a message naming the first")
    func duplicateSku() async throws {
        let harness = EngineHarness(templates: [9, 5])
        var chairVariant = Demo.variants.first { $0.id == 5 }!
        chairVariant.defaultCode = "FURN_0096"
        await harness.odoo.put(chairVariant)
        let (summary, reporter) = try await harness.run(.full)
        #expect(summary.counts.skipped == 1)
        #expect(await reporter.outcome(for: 9)?.message
                == "sku \"FURN_0096\" is also used by Odoo product 5 \"Office Chair\"; fix the duplicate Internal Reference in Odoo")
    }

    @Test("a configuration failure ends the run as failed, with nothing written")
    func configuration() async throws {
        let harness = EngineHarness()
        await harness.odoo.setConnectError(FakeError(failureClass: .configuration, system: "odoo", description: "Access Denied"))
        let (summary, _) = try await harness.run(.full)
        #expect(summary.status == .failed)
        #expect(summary.error == "Access Denied")
        #expect(summary.errorClass == .configuration)
        #expect(await harness.medusa.writes == [])
    }

    @Test("a store without stock location while stock sync is on is a configuration failure")
    func noLocation() async throws {
        let harness = EngineHarness(templates: [5])
        await harness.medusa.setStore(MedusaStoreInfo(id: "s", supportedCurrencies: ["usd"], defaultSalesChannelId: "sc"))
        let (summary, _) = try await harness.run(.full)
        #expect(summary.errorClass == .configuration)
    }

    @Test("cancelled after the first page: that page is recorded (bindings, cursor), the run throws, a rerun finishes without duplicates")
    func cancellation() async throws {
        let harness = EngineHarness()
        // The reporter cancels the run's own task when the first page is reported.
        let reporter = RecordingReporter { _ in withUnsafeCurrentTask { $0?.cancel() } }
        let cancelled = Task { try await harness.run(.incremental, reporter: reporter) }
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        let firstPage = await reporter.outcomes
        #expect(firstPage.count == 3)
        #expect(await harness.medusa.all.count == 3)
        #expect(await harness.state.count(.product) == 3)
        #expect(await harness.state.cursors[SyncStream.templates] != nil)

        let (summary, _) = try await harness.run(.incremental)
        #expect(summary.counts.created == 3)
        #expect(await harness.medusa.all.count == 6)
    }
}
