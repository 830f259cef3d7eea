import Foundation
import MedusaClient
import Simulators
import SyncCore
import Testing

@Suite("Full runs reconcile against Medusa: what was changed or deleted there by hand is put back")
struct ReconcileEndToEndTests {
    @Test("Hand edits in Medusa — a title, a deleted variant, a deleted product, a second product naming a template — are healed or reported by one full run; the next writes nothing")
    func handEditsAreHealedByTheFullRun() async throws {
        // A Medusa that frees a deleted variant's inventory item (see the next test for one that keeps it).
        var medusa = MedusaSimulatorConfiguration()
        medusa.keepsInventoryItemOfDeletedVariant = false
        try await withHarness(.odoo19, medusaConfiguration: medusa) { harness in
            try await harness.run(.full)
            let expected = harness.shop()
            let client = harness.medusaClient
            // Storage Box (12): renamed by hand. Customizable Desk (9): its FURN_0098 variant deleted.
            // Office Chair (5): deleted. Drawer (24's handle stays): a copy naming template 21 is made by hand.
            let box = try #require(try await client.product(handle: "storage-box"))
            _ = try await client.updateProduct(ProductUpdate(id: box.id, title: "Storage Box (edited by hand)"))
            let desk = try #require(try await client.product(handle: "customizable-desk"))
            try await client.deleteVariant(productId: desk.id, variantId: try #require(desk.variants.first { $0.sku == "FURN_0098" }).id)
            let chair = try #require(harness.medusa.snapshot().products.first { $0.externalId == "5" })
            try await client.deleteProduct(id: chair.id)
            let original21 = try #require(harness.medusa.snapshot().products.first { $0.externalId == "21" })
            let copy = try await client.createProduct(ProductInput(
                title: "A copy made by hand", handle: "hand-made-copy", status: .draft, externalId: "21",
                options: [OptionInput(title: "Default", values: ["Default"])],
                variants: [VariantInput(title: "Default", options: ["Default": "Default"], prices: [], manageInventory: false)]))

            let run = try await harness.run(.full)
            #expect(run.summary.status == .succeeded, "\(run.outcomes.filter { $0.kind == .failed })")
            #expect(run.outcome(12)?.kind == .driftCorrected)
            #expect(run.outcome(12)?.plannedChanges?.contains(FieldChange(path: "title", from: "Storage Box (edited by hand)", to: "Storage Box")) == true,
                    "\(run.outcome(12)?.plannedChanges ?? [])")
            #expect(run.outcome(9)?.kind == .driftCorrected, "\(run.outcome(9)?.message ?? "")")
            #expect(run.outcome(5)?.kind == .created)
            #expect(run.outcome(5)?.message?.contains("recreated") == true)
            let duplicate = try #require(run.outcome(21)?.message)
            #expect(duplicate.contains("2 Medusa products name this Odoo template: \(original21.id) (the one the sync writes), \(copy.id)"), "\(duplicate)")
            #expect(run.counts.driftCorrected == 2)
            #expect(run.counts.unchanged == 33)

            // Everything the sync owns is back (the hand-made copy aside); the recreated chair has a new id.
            var shop = harness.shop()
            shop.products["hand-made-copy"] = nil
            #expect(shop.deletedHandles == ["office-chair"])
            shop.deletedHandles = expected.deletedHandles
            #expect(shop == expected, "\(shop.differences(from: expected))")

            // An unchanged catalogue: the reconcile reads one page of products and writes nothing.
            let listsBefore = harness.medusa.requestCounts.requests("GET /admin/products")
            let settled = try await harness.run(.full)
            #expect(settled.medusaWrites.isEmpty, "writes: \(settled.medusaWrites)")
            #expect(settled.counts.driftCorrected == 0)
            let lists = harness.medusa.requestCounts.requests("GET /admin/products") - listsBefore
            // One reconcile page for 37 products (≤ 1 per 100), and the two one-line product counts of the Medusa
            // capability probe every full run makes (docs/medusa.md §7).
            #expect(lists == 3, "37 products: one list request and the probe's two counts, got \(lists)")
        }
    }

    @Test("A variant deleted by hand whose inventory item Medusa keeps cannot be created again: a permanent failure naming the sku, kept in the retry set")
    func deletedVariantWhoseInventoryItemIsKept() async throws {
        try await withHarness(.odoo19) { harness in
            try await harness.run(.full)
            let client = harness.medusaClient
            let desk = try #require(try await client.product(handle: "customizable-desk"))
            try await client.deleteVariant(productId: desk.id, variantId: try #require(desk.variants.first { $0.sku == "FURN_0098" }).id)
            let run = try await harness.run(.full)
            #expect(run.outcome(9)?.kind == .failed)
            #expect(run.outcome(9)?.failureClass == .permanent)
            #expect(run.outcome(9)?.message?.contains("Inventory item with sku: FURN_0098, already exists") == true, "\(run.outcome(9)?.message ?? "")")
            let item = try #require(try await harness.state.retryItems(kind: .product, odooIds: [9])[9])
            #expect(item.isStuck && item.errorClass == .permanent)
        }
    }

    @Test("A price and a title edited by hand in Medusa are put back by one full run, as drift_corrected with the diff, on Odoo 19 (JSON-2) and 17 (JSON-RPC)",
          arguments: [HarnessCatalogue.odoo19, .odoo17])
    func editedPriceAndTitleAreRestored(catalogue: HarnessCatalogue) async throws {
        try await withHarness(catalogue) { harness in
            try await harness.run(.full)
            let expected = harness.shop()
            let client = harness.medusaClient
            let listed = try #require(harness.medusa.snapshot().products
                .first { $0.externalId != nil && $0.variants.contains { !$0.prices.isEmpty } })
            let templateId = try #require(listed.externalId.flatMap { Int($0) })
            let product = try #require(try await client.product(id: listed.id))
            let variant = try #require(product.variants.first { !$0.prices.isEmpty })
            let edited = variant.prices.map { price in
                MedusaPrice(id: price.id, currencyCode: price.currencyCode, amount: price.amount + 1000)
            }
            _ = try await client.updateVariant(productId: product.id, update: VariantUpdate(id: variant.id, prices: edited))
            _ = try await client.updateProduct(ProductUpdate(id: product.id, title: product.title + " (sale!)"))
            #expect(harness.shop() != expected, "the hand edits are in Medusa")

            let run = try await harness.run(.full)
            #expect(run.summary.status == .succeeded)
            let outcome = try #require(run.outcome(templateId))
            #expect(outcome.kind == .driftCorrected, "\(outcome.message ?? "")")
            let paths = Set((outcome.plannedChanges ?? []).map(\.path))
            #expect(paths.contains("title"), "\(paths)")
            #expect(paths.contains { $0.contains(".prices.") }, "\(paths)")
            #expect(run.counts.driftCorrected == 1)
            #expect(harness.shop() == expected, "\(harness.shop().differences(from: expected))")

            let settled = try await harness.run(.full)
            #expect(settled.medusaWrites.isEmpty, "writes: \(settled.medusaWrites)")
        }
    }
}
