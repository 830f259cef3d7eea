import Foundation
import Simulators
import SyncCore
import Testing

@Suite("Idempotence: a second run writes nothing, lost bindings create nothing twice")
struct IdempotenceTests {
    @Test("A second run with no change in Odoo makes no Medusa write and reports every product unchanged", arguments: MedusaServerVersion.allCases)
    func secondRunWritesNothing(medusa version: MedusaServerVersion) async throws {
        try await withHarness(.odoo19, medusaConfiguration: MedusaSimulatorConfiguration(version: version)) { harness in
            let first = try await harness.run(.full)
            #expect(first.counts.created == 36)
            #expect(first.totalMedusaWrites > 36, "the first run did write")
            let before = harness.shop()

            let second = try await harness.run(.full)
            #expect(second.medusaWrites.isEmpty, "writes: \(second.medusaWrites)")
            #expect(second.summary.status == .succeeded)
            #expect(second.counts.unchanged == 36)
            #expect(second.counts.total == 36)
            #expect(second.kinds == [.unchanged])

            // An incremental run after it (first one: no cursors yet, so it reads every stream from the start).
            let incremental = try await harness.run(.incremental)
            #expect(incremental.medusaWrites.isEmpty, "writes: \(incremental.medusaWrites)")
            #expect(incremental.kinds.isSubset(of: [.unchanged]))
            // …and one more with committed cursors: nothing changed, nothing to read or write.
            let quiet = try await harness.run(.incremental)
            #expect(quiet.medusaWrites.isEmpty)
            #expect(quiet.outcomes.isEmpty, "no template changed since the cursors: \(quiet.outcomes.map(\.odooTemplateId))")

            #expect(harness.shop() == before)
        }
    }

    @Test("Wiped bindings and cursors: the next full run adopts every product, keeps its id and creates nothing", arguments: MedusaServerVersion.allCases)
    func wipedBindingsCreateNoDuplicate(medusa version: MedusaServerVersion) async throws {
        try await withHarness(.odoo19, medusaConfiguration: MedusaSimulatorConfiguration(version: version)) { harness in
            try await harness.run(.full)
            let before = harness.shop()
            let idsBefore = Dictionary(uniqueKeysWithValues: harness.medusa.snapshot().products.map { ($0.handle, $0.id) })
            let categoryIdsBefore = Set(harness.medusa.snapshot().categories.map(\.id))

            try await harness.state.wipeBindingsAndCursors()
            #expect(try await harness.state.allBindings(kind: .product).isEmpty)

            let rerun = try await harness.run(.full)
            #expect(rerun.summary.status == .succeeded)
            #expect(rerun.counts.created == 0)
            #expect(rerun.medusaWrites["POST /admin/products"] == nil)
            #expect(rerun.medusaWrites["POST /admin/products/batch"] == nil)
            #expect(rerun.medusaWrites["POST /admin/product-categories"] == nil, "categories are adopted too")
            // Image bindings were wiped too: the images are recognised on the adopted products by their file name
            // (owner + checksum), not uploaded a second time.
            #expect(rerun.medusaWrites["POST /admin/uploads"] == nil)
            #expect(harness.medusa.snapshot().uploads.count == 31)
            // Stock bindings were wiped too: the levels are written again (same values); nothing else is written.
            #expect(rerun.medusaWrites.keys.allSatisfy { $0.contains("/location-levels") }, "writes: \(rerun.medusaWrites)")
            // Every product was found by its external id and adopted, with nothing to change.
            #expect(rerun.counts.updated == 36)
            for outcome in rerun.outcomes {
                #expect(outcome.message?.contains("adopted existing Medusa product (matched by external id \(outcome.odooTemplateId))") == true,
                        "template \(outcome.odooTemplateId): \(outcome.message ?? "")")
            }

            let snapshot = harness.medusa.snapshot()
            #expect(snapshot.products.count == 36)
            #expect(snapshot.deletedProducts.isEmpty)
            #expect(Dictionary(uniqueKeysWithValues: snapshot.products.map { ($0.handle, $0.id) }) == idsBefore, "ids kept")
            #expect(Set(snapshot.categories.map(\.id)) == categoryIdsBefore)
            let after = harness.shop()
            #expect(after.products == before.products, "\(after.differences(from: before))")
            expectNoDuplicates(after)

            // Bindings are back: the run after writes nothing.
            let settled = try await harness.run(.full)
            #expect(settled.medusaWrites.isEmpty, "writes: \(settled.medusaWrites)")
            #expect(settled.kinds == [.unchanged])
        }
    }
}
