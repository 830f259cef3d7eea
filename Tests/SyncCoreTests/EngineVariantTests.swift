import Foundation
import Testing
@testable import SyncCore

@Suite("Engine: variants and options against Medusa's rules")
struct EngineVariantTests {
    @Test("a new attribute value: the option is extended first, then the variant is created with an inventory item and stock")
    func newValue() async throws {
        let harness = EngineHarness(templates: [9])
        try await harness.run(.full)
        await harness.odoo.put(OdooTemplateAttributeValue(id: 99, templateId: 9, attributeId: 8, attributeLineId: 1, valueId: 90, name: "Wood"))
        var line = Demo.lines[0]
        line.valueIds.append(90)
        await harness.odoo.setLines(Demo.lines.map { $0.id == 1 ? line : $0 })
        await harness.odoo.put(OdooVariant(id: 50, templateId: 9, defaultCode: "DESK-WOOD", lstPrice: 790, attributeValueIds: [4, 99],
                                           writeDate: odooDate("2026-11-26 12:00:00")))
        await harness.odoo.setStock(50, 4)
        let writes = try await harness.writes { try await harness.run(.incremental) }
        #expect(writes == ["updateOption", "createVariant", "setStockLevel"])
        let desk = try #require(await harness.product(template: 9))
        #expect(desk.options.first { $0.title == "Legs" }?.values == ["Steel", "Aluminium", "Custom", "Wood"])
        let wood = try #require(desk.variants.first { $0.sku == "DESK-WOOD" })
        #expect(wood.options == ["Color": "White", "Legs": "Wood"])
        #expect(await harness.state.binding(.variant, 50)?.medusaId == wood.id)
        #expect(await harness.medusa.level(wood.inventoryItemId!, "sloc_default") == 4)
    }

    @Test("a variant archived in Odoo is deleted from Medusa with its bindings; the others are untouched")
    func archivedVariant() async throws {
        let harness = EngineHarness(templates: [9])
        try await harness.run(.full)
        var variant = Demo.variants.first { $0.id == 18 }!
        variant.active = false
        variant.writeDate = odooDate("2026-11-26 12:00:00")
        await harness.odoo.put(variant)
        let writes = try await harness.writes { try await harness.run(.incremental) }
        #expect(writes == ["deleteVariant"])
        #expect(await harness.product(template: 9)?.variants.map(\.sku) == ["FURN_0096", "FURN_0098", "DESK0005", "FURN_0097"])
        #expect(await harness.state.binding(.variant, 18) == nil)
        #expect(await harness.state.binding(.stock, 18) == nil)
    }

    @Test("a stock write Medusa refuses is a failed outcome naming the variant; the other levels are written")
    func stockFailure() async throws {
        let harness = EngineHarness(templates: [9])
        await harness.odoo.setStock(16, 1)
        try await harness.run(.full, reporter: RecordingReporter())
        let desk = try #require(await harness.product(template: 9))
        await harness.medusa.breakStock(of: desk.variants[0].inventoryItemId!)
        await harness.odoo.setStock(13, 1)
        await harness.odoo.setStock(16, 2)
        let (summary, reporter) = try await harness.run(.full)
        #expect(summary.status == .partiallyFailed)
        let failure = try #require(await reporter.outcomes.first { $0.kind == .failed })
        #expect(failure.odooTemplateId == 9)
        #expect(failure.message == "stock of Odoo variant 13: Stock locations with ids: sloc_default was not found")
        #expect(await harness.medusa.level(desk.variants[3].inventoryItemId!, "sloc_default") == 2)
    }
}
