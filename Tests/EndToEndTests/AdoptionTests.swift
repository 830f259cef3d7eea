import Foundation
import MedusaClient
import Simulators
import SyncCore
import Testing

@Suite("Products already in Medusa are adopted, never duplicated")
struct AdoptionTests {
    /// Customizable Desk as the old TypeScript module made it: `metadata.external_id` = template id (as text), a handle
    /// of its own making, options in another order, old titles, a usd price only, inventory management off, and the
    /// Odoo variant id in each variant's `metadata.external_id`.
    static func oldModuleDesk() -> ProductInput {
        func variant(_ odooId: Int, _ sku: String, legs: String, color: String) -> VariantInput {
            VariantInput(title: "Customizable Desk (\(color), \(legs))", sku: sku, options: ["Legs": legs, "Color": color],
                         prices: [MedusaPrice(currencyCode: "usd", amount: 750)], manageInventory: false,
                         metadata: ["external_id": .number(Decimal(odooId))])
        }
        return ProductInput(
            title: "Customizable Desk", handle: "customizable-desk-9", description: "imported", status: .draft,
            metadata: ["external_id": .string("9"), "imported_by": .string("medusa-odoo-module")],
            options: [OptionInput(title: "Legs", values: ["Steel", "Aluminium", "Custom"]),
                      OptionInput(title: "Color", values: ["White", "Black"])],
            variants: [
                variant(13, "FURN_0096", legs: "Steel", color: "White"),
                variant(14, "FURN_0098", legs: "Aluminium", color: "White"),
                variant(15, "DESK0005", legs: "Custom", color: "White"),
                variant(16, "FURN_0097", legs: "Steel", color: "Black"),
                variant(18, "DESK0006", legs: "Custom", color: "Black"),
            ])
    }

    /// Office Chair as the old module made a single-variant product: `metadata.external_id` as a number, and Medusa's
    /// admin default option instead of ours.
    static func oldModuleChair() -> ProductInput {
        ProductInput(
            title: "Office chair", handle: "office-chair-5", status: .published,
            metadata: ["external_id": .number(5)],
            options: [OptionInput(title: "Default option", values: ["Default option value"])],
            variants: [VariantInput(title: "Default variant", sku: "FURN_7777", options: ["Default option": "Default option value"],
                                    prices: [MedusaPrice(currencyCode: "usd", amount: 65)], manageInventory: false,
                                    metadata: ["external_id": .number(5)])])
    }

    /// Conference Chair as Medusa's Odoo recipe makes it: `external_id` = String(template id), variant ids in
    /// `metadata.external_id` as text, inventory managed.
    static func recipeConferenceChair() -> ProductInput {
        ProductInput(
            title: "Conference Chair", handle: "odoo-16", status: .published, externalId: "16",
            options: [OptionInput(title: "Legs", values: ["Steel", "Aluminium"])],
            variants: [
                VariantInput(title: "Steel", sku: "E-COM12", options: ["Legs": "Steel"],
                             prices: [MedusaPrice(currencyCode: "usd", amount: 30)], manageInventory: true,
                             metadata: ["external_id": .string("29")]),
                VariantInput(title: "Aluminium", sku: "E-COM13", options: ["Legs": "Aluminium"],
                             prices: [MedusaPrice(currencyCode: "usd", amount: 30)], manageInventory: true,
                             metadata: ["external_id": .string("30")]),
            ])
    }

    /// Made by hand in the shop, naming no template, but holding the handle the sync would give Desk Pad (32).
    static func handMadeDeskPad() -> ProductInput {
        ProductInput(
            title: "Desk pad", handle: "desk-pad", status: .draft, metadata: ["note": .string("made by hand")],
            options: [OptionInput(title: "Default", values: ["Default"])],
            variants: [VariantInput(title: "Desk pad", sku: "FURN_0002", options: ["Default": "Default"],
                                    prices: [MedusaPrice(currencyCode: "usd", amount: 2)], manageInventory: false)])
    }

    @Test("Products of the old module, of Medusa's recipe and made by hand are adopted: no duplicate, ids and handles kept, brought to the desired state",
          arguments: MedusaServerVersion.allCases)
    func existingProductsAreAdopted(medusa version: MedusaServerVersion) async throws {
        try await withHarness(.odoo19, medusaConfiguration: MedusaSimulatorConfiguration(version: version)) { harness in
            let client = harness.medusaClient
            let desk = try await client.createProduct(Self.oldModuleDesk())
            let chair = try await client.createProduct(Self.oldModuleChair())
            let conference = try await client.createProduct(Self.recipeConferenceChair())
            let pad = try await client.createProduct(Self.handMadeDeskPad())
            let createsBefore = harness.medusa.requestCounts.requests("POST /admin/products")

            let run = try await harness.run(.full)
            #expect(run.counts.failed == 0, "\(run.outcomes.filter { $0.kind == .failed }.map { "\($0.odooTemplateId): \($0.message ?? "")" })")
            #expect(run.counts.created == 32)
            #expect(run.templates(.updated) == [5, 9, 16, 32])
            #expect(run.outcome(9)?.message?.contains("adopted existing Medusa product (matched by external id 9)") == true)
            #expect(run.outcome(5)?.message?.contains("adopted existing Medusa product (matched by external id 5)") == true)
            #expect(run.outcome(16)?.message?.contains("adopted existing Medusa product (matched by external id 16)") == true)
            #expect(run.outcome(32)?.message?.contains("adopted existing Medusa product (matched by handle desk-pad)") == true)
            #expect(harness.medusa.requestCounts.requests("POST /admin/products") == createsBefore, "adopted, not created one by one")

            let snapshot = harness.medusa.snapshot()
            #expect(snapshot.products.count == 36)
            #expect(snapshot.deletedProducts.isEmpty)
            #expect(snapshot.product(id: desk.id)?.handle == "customizable-desk-9")
            #expect(snapshot.product(id: chair.id)?.handle == "office-chair-5")
            #expect(snapshot.product(id: conference.id)?.handle == "odoo-16")
            #expect(snapshot.product(id: pad.id)?.handle == "desk-pad")
            #expect(snapshot.product(handle: "customizable-desk") == nil, "no second desk")
            // Other metadata keys stay.
            #expect(snapshot.product(id: desk.id)?.metadata?["imported_by"] == .string("medusa-odoo-module"))
            #expect(snapshot.product(id: pad.id)?.metadata?["note"] == .string("made by hand"))

            let shop = harness.shop()
            expectNoDuplicates(shop)
            let channel = harness.medusa.configuration.defaultSalesChannel.id
            let expected = Dictionary(uniqueKeysWithValues: ExpectedCatalogue.odoo19.map { ($0.templateId, $0) })
            func adopted(_ templateId: Int, handle: String, keepsInventoryOff: Bool) throws -> ExpectedProduct {
                var product = try #require(expected[templateId])
                product.handle = handle
                if keepsInventoryOff {
                    // Variants the old module made without inventory management keep it off (docs/sync.md § Stock).
                    for index in product.variants.indices {
                        product.variants[index].manageInventory = false
                        product.variants[index].stock = nil
                    }
                }
                return product
            }
            expectProduct(try adopted(9, handle: "customizable-desk-9", keepsInventoryOff: true), in: shop, salesChannel: channel)
            expectProduct(try adopted(5, handle: "office-chair-5", keepsInventoryOff: true), in: shop, salesChannel: channel)
            expectProduct(try adopted(16, handle: "odoo-16", keepsInventoryOff: false), in: shop, salesChannel: channel)
            expectProduct(try adopted(32, handle: "desk-pad", keepsInventoryOff: true), in: shop, salesChannel: channel)
            // The rest was created as usual.
            for product in ExpectedCatalogue.odoo19 where ![5, 9, 16, 32].contains(product.templateId) {
                expectProduct(product, in: shop, salesChannel: channel)
            }

            let second = try await harness.run(.full)
            #expect(second.medusaWrites.isEmpty, "writes: \(second.medusaWrites)")
            #expect(second.kinds == [.unchanged])
        }
    }

    @Test("A dry run over the old module's products plans adoptions and no creates for them")
    func dryRunShowsAdoption() async throws {
        try await withHarness(.odoo19) { harness in
            _ = try await harness.medusaClient.createProduct(Self.oldModuleDesk())
            let plan = try await harness.run(SyncRequest(mode: .full, dryRun: true))
            #expect(plan.medusaWrites.isEmpty)
            #expect(plan.outcome(9)?.kind == .updated)
            #expect(plan.outcome(9)?.message?.contains("adopted existing Medusa product (matched by external id 9)") == true)
            let changes = plan.outcome(9)?.plannedChanges ?? []
            #expect(changes.contains(FieldChange(path: "external_id", from: nil, to: "9")))
            #expect(changes.contains(FieldChange(path: "variants[FURN_0098].prices.usd", from: "750", to: "840.4")))
            #expect(changes.contains(FieldChange(path: "variants[FURN_0098].prices.eur", from: nil, to: "720")))
            #expect(plan.counts.created == 35)
        }
    }
}
