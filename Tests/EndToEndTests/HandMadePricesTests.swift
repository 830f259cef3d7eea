import Foundation
import MedusaClient
import Simulators
import SyncCore
import Testing

@Suite("Prices set by hand in Medusa survive a price change from Odoo")
struct HandMadePricesTests {
    @Test("A region price and a quantity tier added in Medusa are kept when Odoo changes the list price; the base price follows Odoo")
    func regionAndTierPricesAreKept() async throws {
        try await withHarness(.odoo19) { harness in
            try await harness.run(.full)
            let client = harness.medusaClient
            let box = try #require(try await client.product(handle: "storage-box"))
            let variant = try #require(box.variants.first)
            let region = MedusaPrice(currencyCode: "eur", amount: dec("1.23"), rules: ["region_id": "reg_test"])
            let tier = MedusaPrice(currencyCode: "usd", amount: dec("9.5"), minQuantity: 10)
            _ = try await client.updateVariant(productId: box.id, update: VariantUpdate(id: variant.id, prices: variant.prices + [region, tier]))

            try await harness.odoo.setListPrice(templateId: 12, to: dec("23.4"))
            let run = try await harness.run(.incremental)
            #expect(run.templates(.updated) == [12])

            let after = try #require(try await client.product(handle: "storage-box")?.variants.first)
            let base = after.prices.filter(\.isBasePrice)
            #expect(base.first { $0.currencyCode == "usd" }?.amount == dec("23.4"))
            #expect(base.count == variant.prices.count, "one base price per store currency, as before")
            #expect(after.prices.contains { $0.rules == ["region_id": "reg_test"] && $0.amount == dec("1.23") && $0.currencyCode == "eur" })
            #expect(after.prices.contains { $0.minQuantity == 10 && $0.amount == dec("9.5") && $0.currencyCode == "usd" })

            let settled = try await harness.run(.full)
            #expect(settled.medusaWrites.isEmpty, "hand-made prices are not a difference: \(settled.medusaWrites)")
        }
    }
}
