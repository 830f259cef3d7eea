import Foundation
import MedusaClient
import Simulators
import SyncCore
import Testing

@Suite("Fields the shop owns (MEDUSA_OWNED_FIELDS) survive the sync")
struct OwnedFieldsEndToEndTests {
    static let copy = "<p>Copy written by marketing in Medusa</p>"

    /// Full run, marketing edits the Storage Box's description in Medusa, Odoo renames it and changes its price, full run.
    static func editThenFullRun(_ harness: SyncHarness) async throws -> (run: RecordedRun, product: MedusaProduct) {
        try await harness.run(.full)
        let client = harness.medusaClient
        let box = try #require(try await client.product(handle: "storage-box"))
        _ = try await client.updateProduct(ProductUpdate(id: box.id, description: .some(Self.copy)))
        try await harness.odoo.renameTemplate(12, to: "Storage Box XL")
        try await harness.odoo.setListPrice(templateId: 12, to: dec("23.4"))
        let run = try await harness.run(.full)
        return (run, try #require(try await client.product(handle: "storage-box")))
    }

    @Test("An owned description edited in Medusa survives a full run that updates the product's other fields")
    func ownedDescriptionSurvivesAFullRun() async throws {
        var configuration = SyncConfiguration()
        configuration.medusaOwnedFields = [.description, .images, .thumbnail, .categories]
        try await withHarness(.odoo19, configuration: configuration) { harness in
            let (run, box) = try await Self.editThenFullRun(harness)
            #expect(run.templates(.updated) == [12])
            #expect(run.outcome(12)?.message?.contains("description") == false, "\(run.outcome(12)?.message ?? "")")
            #expect(box.description == Self.copy)
            #expect(box.title == "Storage Box XL", "the fields the sync owns are still written")
            #expect(box.variants.first?.prices.first { $0.currencyCode == "usd" && $0.isBasePrice }?.amount == dec("23.4"))
            let settled = try await harness.run(.full)
            #expect(settled.medusaWrites.isEmpty, "the shop's description is no difference: \(settled.medusaWrites)")
        }
    }

    @Test("Without MEDUSA_OWNED_FIELDS the same full run writes Odoo's description back")
    func unownedDescriptionIsOverwritten() async throws {
        try await withHarness(.odoo19) { harness in
            let (run, box) = try await Self.editThenFullRun(harness)
            #expect(run.outcome(12)?.message?.contains("description") == true, "\(run.outcome(12)?.message ?? "")")
            #expect(box.description != Self.copy)
        }
    }
}
