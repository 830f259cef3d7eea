import Foundation
import Testing
@testable import SyncCore

@Suite("Engine: creating and staying quiet")
struct EngineRunTests {
    @Test("first run creates every saleable product with categories, prices and stock; a second run writes nothing")
    func firstAndSecondRun() async throws {
        let harness = EngineHarness()
        let (summary, reporter) = try await harness.run(.full)
        #expect(summary.line == "succeeded c6 u0 =0 a0 d0 f0 s0")
        #expect(await harness.medusa.all.count == 6, "Local Delivery is not saleable")

        let desk = try #require(await harness.product(template: 9))
        #expect(desk.handle == "customizable-desk")
        #expect(desk.status == .published)
        #expect(desk.externalId == "9")
        #expect(desk.salesChannelIds == ["sc_default"])
        #expect(desk.options.map(\.title) == ["Color", "Legs"])
        #expect(desk.variants.map { $0.prices.map(\.amount) } == [[790, 720], [dec("840.4"), 720], [790, 720], [771, 720], [771, 720]])
        let office = try #require(await harness.medusa.categories().first { $0.handle == "furniture-office" })
        #expect(desk.categoryIds == [office.id])
        #expect(office.parentCategoryId == (await harness.medusa.categories().first { $0.handle == "furniture" })?.id)

        let item = try #require(desk.variants[0].inventoryItemId)
        #expect(await harness.medusa.level(item, "sloc_default") == 168)
        #expect(await harness.state.count(.variant) == 12)

        #expect(await reporter.phases.first == "connecting")
        #expect(Array(Set(await reporter.phases)).count >= 5)
        #expect(await reporter.phases.last == "done")
        #expect(await reporter.phases.contains("stock"))

        let writes = try await harness.writes { try await harness.run(.full) }
        #expect(writes == [])
        let again = try await harness.writes { try await harness.run(.incremental) }
        #expect(again == [])
    }

    @Test("the second run reports every product unchanged")
    func unchangedOutcomes() async throws {
        let harness = EngineHarness()
        try await harness.run(.full)
        let (summary, reporter) = try await harness.run(.full)
        #expect(summary.line == "succeeded c0 u0 =6 a0 d0 f0 s0")
        #expect(await reporter.outcomes.allSatisfy { $0.kind == .unchanged && $0.medusaProductId != nil })
    }

    @Test("products are created in batches of a page")
    func batches() async throws {
        let harness = EngineHarness()
        let writes = try await harness.writes { try await harness.run(.full) }
        #expect(writes.filter { $0 == "batchProducts" }.count == 3, "7 templates, pages of 3")
        #expect(!writes.contains("createProduct"))
    }

    @Test("stock sync off: variants without inventory management and no stock calls")
    func stockOff() async throws {
        var harness = EngineHarness()
        harness.configuration.syncStock = false
        let writes = try await harness.writes { try await harness.run(.full) }
        #expect(!writes.contains("setStockLevel"))
        #expect(await harness.medusa.all.flatMap(\.variants).allSatisfy { !$0.manageInventory })
    }

    @Test("two templates with the same title get distinct handles, also across pages")
    func sameTitle() async throws {
        var harness = EngineHarness(templates: [5])
        harness.configuration.pageSize = 1
        var twin = Demo.officeChair
        twin.id = 105; twin.defaultCode = nil; twin.variantIds = [205]
        await harness.odoo.put(twin)
        await harness.odoo.put(OdooVariant(id: 205, templateId: 105, lstPrice: 80, writeDate: Demo.written))
        try await harness.run(.full)
        #expect(await harness.product(template: 5)?.handle == "office-chair")
        #expect(await harness.product(template: 105)?.handle == "office-chair-105")
    }

    @Test("Odoo stock changes are written on the next run; negative stock becomes 0")
    func stock() async throws {
        let harness = EngineHarness(templates: [9])
        try await harness.run(.incremental)
        await harness.odoo.setStock(13, 170)
        await harness.odoo.setStock(14, -3)
        let writes = try await harness.writes { try await harness.run(.incremental) }
        #expect(writes == ["setStockLevel", "setStockLevel"])
        let desk = try #require(await harness.product(template: 9))
        #expect(await harness.medusa.level(desk.variants[0].inventoryItemId!, "sloc_default") == 170)
        #expect(await harness.medusa.level(desk.variants[1].inventoryItemId!, "sloc_default") == 0)
    }

    @Test("a template image is uploaded once and reused while its content is unchanged")
    func images() async throws {
        let harness = EngineHarness(templates: [5])
        await harness.odoo.setImage(template: 5, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3])
        try await harness.run(.full)
        #expect(await harness.medusa.uploads.count == 1)
        #expect(await harness.product(template: 5)?.thumbnail?.hasSuffix(".png") == true)
        #expect(try await harness.writes { try await harness.run(.full) } == [])
        await harness.odoo.setImage(template: 5, [0x89, 0x50, 0x4E, 0x47, 9, 9])
        let writes = try await harness.writes { try await harness.run(.full) }
        #expect(writes == ["upload", "updateProduct"])
        #expect(await harness.product(template: 5)?.imageURLs.count == 1)
    }

    @Test("an image Medusa refuses fails its product (nothing bound, so the next run tries again); the others go on")
    func imageFailure() async throws {
        let harness = EngineHarness(templates: [5, 16])
        await harness.odoo.setImage(template: 5, [0xFF, 0xD8, 0xFF, 7])
        await harness.medusa.rejectUploads(true)
        let (summary, reporter) = try await harness.run(.full)
        #expect(summary.line == "partially_failed c1 u0 =0 a0 d0 f1 s0")
        #expect(await reporter.outcome(for: 5)?.message == "uploading its image: No files were uploaded")
        #expect(await harness.state.binding(.product, 5) == nil)
        await harness.medusa.rejectUploads(false)
        let (retry, _) = try await harness.run(.full)
        #expect(retry.line == "succeeded c1 u0 =1 a0 d0 f0 s0")
        #expect(await harness.product(template: 5)?.imageURLs.count == 1)
    }
}
