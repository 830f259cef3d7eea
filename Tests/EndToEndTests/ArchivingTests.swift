import Foundation
import Simulators
import SyncCore
import Testing

@Suite("Products leaving Odoo's shop")
struct ArchivingTests {
    @Test("ARCHIVE_MODE draft: a template archived in Odoo becomes a draft in Medusa, and is published again when re-activated")
    func archivedTemplateBecomesDraft() async throws {
        try await withHarness(.odoo19, configuration: SyncConfiguration(archiveMode: .draft)) { harness in
            try await harness.run(.full)
            try await harness.run(.incremental)
            let before = harness.shop()
            let id = harness.medusa.snapshot().product(handle: "large-desk")?.id

            try await harness.odoo.archiveTemplate(13)  // Large Desk
            let run = try await harness.run(.incremental)
            #expect(run.outcome(13)?.kind == .archived)
            #expect(run.outcome(13)?.message?.contains("archived in Odoo") == true)
            #expect(run.outcomes.map(\.odooTemplateId) == [13])
            #expect(run.medusaWrites == ["POST /admin/products/{id}": 1])

            var expected = before
            expected.products["large-desk"]?.status = "draft"
            #expect(harness.shop() == expected, "\(harness.shop().differences(from: expected))")
            #expect(harness.medusa.snapshot().product(handle: "large-desk")?.id == id, "kept, with its URL and history")

            // Already a draft: a full run costs nothing for it.
            let full = try await harness.run(.full)
            #expect(full.medusaWrites.isEmpty, "writes: \(full.medusaWrites)")
            #expect(full.outcome(13)?.kind == .unchanged)

            try await harness.odoo.unarchiveTemplate(13)
            let back = try await harness.run(.incremental)
            #expect(back.outcome(13)?.kind == .updated)
            #expect(harness.shop() == before, "\(harness.shop().differences(from: before))")
        }
    }

    @Test("A template deleted in Odoo is found by the full run's reconcile and set to draft")
    func deletedTemplateIsDraftedByTheFullRun() async throws {
        try await withHarness(.odoo19) { harness in
            try await harness.run(.full)
            try await harness.odoo.deleteTemplate(20)  // Flipover
            let run = try await harness.run(.full)
            #expect(run.outcome(20)?.kind == .archived)
            #expect(run.outcome(20)?.message?.contains("deleted in Odoo") == true)
            #expect(run.templates(.archived) == [20])
            #expect(harness.shop().products["flipover"]?.status == "draft")
            #expect(run.phases.contains("archiving"))
        }
    }

    @Test("A template that is not sale_ok never enters the shop; a targeted run for it says why")
    func unsaleableTemplateStaysOut() async throws {
        try await withHarness(.odoo19) { harness in
            try await harness.run(.full)
            #expect(!harness.shop().products.values.contains { $0.templateId == ExpectedCatalogue.odoo19NotInShop })
            let targeted = try await harness.run(.targeted([ExpectedCatalogue.odoo19NotInShop]))
            #expect(targeted.outcomes.map(\.kind) == [.skipped])
            #expect(targeted.outcome(ExpectedCatalogue.odoo19NotInShop)?.message?.contains("not saleable") == true)
            #expect(targeted.medusaWrites.isEmpty)
        }
    }

    @Test("ARCHIVE_MODE delete: a template archived in Odoo is deleted from Medusa and its bindings are removed")
    func archivedTemplateIsDeletedInDeleteMode() async throws {
        try await withHarness(.odoo19, configuration: SyncConfiguration(archiveMode: .delete)) { harness in
            try await harness.run(.full)
            try await harness.run(.incremental)
            let before = harness.shop()
            #expect(try await harness.state.bindings(kind: .product, odooIds: [13]).count == 1)

            try await harness.odoo.archiveTemplate(13)
            let run = try await harness.run(.incremental)
            #expect(run.outcome(13)?.kind == .deleted)
            #expect(run.outcomes.map(\.odooTemplateId) == [13])
            #expect(run.medusaWrites == ["DELETE /admin/products/{id}": 1])

            let after = harness.shop()
            #expect(after.products["large-desk"] == nil)
            #expect(after.deletedHandles == ["large-desk"])
            var expected = before.products
            expected["large-desk"] = nil
            #expect(after.products == expected)
            #expect(try await harness.state.bindings(kind: .product, odooIds: [13]).isEmpty)
            #expect(try await harness.state.bindings(kind: .variant, odooIds: [23, 24, 25]).isEmpty)

            // Nothing left to do for it.
            let full = try await harness.run(.full)
            #expect(full.medusaWrites.isEmpty, "writes: \(full.medusaWrites)")
            #expect(full.outcome(13) == nil)
        }
    }
}
