import Foundation
import Simulators
import SyncCore
import Testing

@Suite("Dry runs plan and write nothing")
struct DryRunTests {
    @Test("A dry run on an empty shop plans every create with field-level changes, writes nothing to Medusa and binds nothing")
    func dryRunOnAnEmptyShop() async throws {
        try await withHarness(.odoo19) { harness in
            let plan = try await harness.run(SyncRequest(mode: .full, dryRun: true))
            #expect(plan.summary.status == .succeeded)
            #expect(plan.medusaWrites.isEmpty, "writes: \(plan.medusaWrites)")
            #expect(plan.counts.created == 36)

            let desk = try #require(plan.outcome(9))
            #expect(desk.kind == .created)
            #expect(desk.message?.contains("would create with handle customizable-desk") == true)
            let changes = try #require(desk.plannedChanges)
            #expect(changes.contains(FieldChange(path: "handle", from: nil, to: "customizable-desk")))
            #expect(changes.contains(FieldChange(path: "status", from: nil, to: "published")))
            #expect(changes.contains(FieldChange(path: "options[Color]", from: nil, to: "White, Black")))
            #expect(changes.contains(FieldChange(path: "variants[FURN_0098]", from: nil, to: "White / Aluminium")))
            #expect(changes.contains(FieldChange(path: "variants[FURN_0098].prices.usd", from: nil, to: "840.4")))
            #expect(changes.contains(FieldChange(path: "variants[FURN_0098].prices.eur", from: nil, to: "720")))
            #expect(plan.outcomes.allSatisfy { $0.plannedChanges?.isEmpty == false })

            let snapshot = harness.medusa.snapshot()
            #expect(snapshot.products.isEmpty)
            #expect(snapshot.categories.isEmpty)
            #expect(snapshot.uploads.isEmpty)
            for kind in Binding.Kind.allCases {
                #expect(try await harness.state.allBindings(kind: kind).isEmpty, "\(kind) bindings")
            }
            #expect(try await harness.state.cursor(stream: SyncStream.templates) == nil)
        }
    }

    @Test("A dry run after a change plans the field-level diff; the real run after it still applies the change")
    func dryRunAfterAChange() async throws {
        try await withHarness(.odoo19) { harness in
            try await harness.run(.full)
            let bindingsBefore = try await harness.state.allBindings(kind: .product)
            try await harness.odoo.setPriceExtra(templateAttributeValueId: ChangeDetectionTests.aluminiumDeskPTAV, to: dec("60"))
            try await harness.odoo.renameTemplate(12, to: "Storage Crate")

            let plan = try await harness.run(SyncRequest(mode: .full, dryRun: true))
            #expect(plan.medusaWrites.isEmpty, "writes: \(plan.medusaWrites)")
            #expect(plan.templates(.updated) == [9, 12])
            #expect(plan.outcome(9)?.plannedChanges == [FieldChange(path: "variants[FURN_0098].prices.usd", from: "840.4", to: "850")])
            let renamed = try #require(plan.outcome(12)?.plannedChanges)
            #expect(renamed.contains(FieldChange(path: "title", from: "Storage Box", to: "Storage Crate")))
            #expect(renamed.contains(FieldChange(path: "variants[E-COM08].title", from: "Storage Box", to: "Storage Crate")))
            #expect(Set(try await harness.state.allBindings(kind: .product)) == Set(bindingsBefore), "bindings untouched")
            #expect(harness.shop().products["storage-box"]?.title == "Storage Box")

            let real = try await harness.run(.full)
            #expect(real.templates(.updated) == [9, 12])
            #expect(harness.shop().products["storage-box"]?.title == "Storage Crate")
        }
    }
}
