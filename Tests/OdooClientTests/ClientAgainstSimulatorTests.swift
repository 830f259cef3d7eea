import Foundation
import HTTPTransport
import OdooClient
import OdooSimulator
import SyncCore
import Testing

/// The client against the simulated Odoo 17, 18 and 19, over real loopback HTTP with the production transport.
@Suite("Client against the simulator")
struct ClientAgainstSimulatorTests {
    @Test("connect detects version and protocol", arguments: ServerMode.allCases)
    func connectDetectsProtocol(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let info = try await harness.client().connect()
            #expect(info.majorVersion == mode.major)
            #expect(info.apiProtocol == mode.expectedProtocol)
            #expect(info.uid == 2)
            let counts = harness.simulator.requestCounts
            if mode.expectedProtocol == .json2 {
                #expect(counts["res.users/context_get"] == 1)
                #expect(counts["common/authenticate"] == nil)
            } else {
                #expect(counts["common/authenticate"] == 1)
            }
            // Odoo 18 answers the JSON-2 probe with a redirect to its login page: read, never followed.
            #expect(counts["GET /web/login"] == nil)
        }
    }

    @Test("templates page by (write_date, id) with the cursor and match one big read", arguments: ServerMode.allCases)
    func templatesPageWithCursor(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            let (paged, pages) = try await readAllPages(pageSize: 7, cursorOf: { ModelCursor(writeDate: $0.writeDate, id: $0.id) }) {
                try await client.templates(after: $0, limit: $1, includeArchived: false)
            }
            let all = try await client.templates(after: nil, limit: 10_000, includeArchived: false)
            #expect(pages > 2)
            #expect(paged.map(\.id) == all.map(\.id))
            #expect(Set(paged.map(\.id)).count == paged.count, "no record twice")
            #expect(paged.count == harness.simulator.recordIds(model: "product.template").count)
            let keys = paged.map { ($0.writeDate.text, $0.id) }
            #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 }, "ascending by (write_date, id)")
            let desk = try #require(paged.first { $0.id == 9 })
            #expect(desk.listPrice == 760)
            #expect(desk.variantIds.count == 5)
            #expect(desk.categoryId != nil && desk.currencyId != nil)
            #expect(desk.defaultCode == nil)
        }
    }

    @Test("variants, attributes, PTAVs and lines of a template", arguments: ServerMode.allCases)
    func variantsAndAttributes(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            let variants = try await client.variants(templateIds: [9], includeArchived: false)
            #expect(variants.count == 5)
            let lines = try await client.attributeLines(templateIds: [9])
            #expect(lines.count == 2)
            let ptavs = try await client.templateAttributeValues(templateIds: [9])
            #expect(Set(variants.flatMap(\.attributeValueIds)).isSubset(of: Set(ptavs.map(\.id))))
            for variant in variants {
                let extras = ptavs.filter { variant.attributeValueIds.contains($0.id) }.reduce(Decimal(0)) { $0 + $1.priceExtra }
                #expect(variant.priceExtra == extras)
                #expect(variant.lstPrice == 760 + extras)
            }
            let aluminium = try #require(ptavs.first { $0.name == "Aluminium" })
            #expect(aluminium.priceExtra == Decimal(string: "50.4")!)
            let attributes = try await client.attributes(ids: Array(Set(lines.map(\.attributeId))))
            #expect(attributes.count == 2)
            #expect(attributes.allSatisfy { $0.createVariant == "always" })
            let values = try await client.attributeValues(ids: ptavs.map(\.valueId))
            #expect(values.count == ptavs.count)
        }
    }

    @Test("categories, currencies, pricelists, locations and stock", arguments: ServerMode.allCases)
    func referenceData(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            let categories = try await client.categories()
            #expect(categories.count == 6)
            #expect(categories.contains { $0.parentId != nil && $0.completeName?.contains(" / ") == true })
            let company = try await client.companyCurrency()
            #expect(company.name == "USD")
            #expect(company.rounding == Decimal(string: "0.01")!)
            let currencies = try await client.currencies()
            #expect(Set(currencies.map(\.name)) == ["USD", "EUR"])
            #expect(currencies.allSatisfy { $0.rate != nil })
            let pricelists = try await client.pricelists()
            let items = try await client.pricelistItems(pricelistIds: pricelists.map(\.id))
            #expect(items.count == 4)
            #expect(items.contains { $0.appliedOn == .variant && $0.fixedPrice == 699 })
            #expect(items.contains { $0.computePrice == .formula && $0.dateStart?.text == "2026-01-01 00:00:00" })
            let locations = try await client.internalLocations()
            #expect(locations.count == 9)
            #expect(locations.allSatisfy { $0.usage == "internal" && $0.active })
            let variantIds = harness.simulator.recordIds(model: "product.product")
            let levels = try await client.stockLevels(variantIds: variantIds, locationIds: [])
            #expect(levels.count == variantIds.count)
            let onHand = try OdooFieldValues.records(model: "product.product", from: try await client.read(
                model: "product.product", ids: variantIds, fields: ["qty_available"]))
            for record in onHand {
                let id = try record.int("id")
                #expect(levels.first { $0.variantId == id }?.quantity == (try record.decimal("qty_available")), "variant \(id)")
            }
        }
    }

    @Test("stock of a location includes its sub-locations (child_of), as Odoo counts it", arguments: ServerMode.allCases)
    func stockOfSubLocations(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            let locations = Dictionary(uniqueKeysWithValues: try await client.internalLocations().map { ($0.completeName ?? $0.name, $0.id) })
            let stock = try #require(locations["WH/Stock"]), shelf1 = try #require(locations["WH/Stock/Shelf 1"])
            let shelf2 = try #require(locations["WH/Stock/Shelf 2"])
            let fridge = try #require(locations["WH/Stock/Shelf 2/Small Refrigerator"])
            let gate = try #require(locations["WH/Input/Order Processing/Dispatch Zone/Gate A"])
            let variantIds = harness.simulator.recordIds(model: "product.product")
            let empty = try #require(try await client.stockLevels(variantIds: variantIds, locationIds: []).first { $0.quantity == 0 })
            let variant = empty.variantId
            try await harness.simulator.setStock(variantId: variant, locationId: stock, quantity: 100)
            try await harness.simulator.setStock(variantId: variant, locationId: shelf1, quantity: 20)
            try await harness.simulator.setStock(variantId: variant, locationId: shelf2, quantity: 4)
            try await harness.simulator.setStock(variantId: variant, locationId: fridge, quantity: 1)
            func level(_ ids: [Int]) async throws -> Decimal? {
                try await client.stockLevels(variantIds: [variant], locationIds: ids).first?.quantity
            }
            #expect(try await level([stock]) == 125)
            #expect(try await level([shelf2]) == 5)
            #expect(try await level([shelf1]) == 20)
            #expect(try await level([fridge]) == 1)
            #expect(try await level([shelf1, shelf2]) == 25)
            #expect(try await level([gate]) == 0)
        }
    }

    @Test("images: template image_1920 decoded, variant images only where set", arguments: ServerMode.allCases)
    func images(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            let ids = harness.simulator.recordIds(model: "product.template")
            let images = try await client.templateImages(ids: ids)
            #expect(images.count == (mode.major == 19 ? 31 : 26))
            #expect(images.allSatisfy { $0.data.count > 100 })
            #expect(images.allSatisfy { $0.data.starts(with: [0xFF, 0xD8]) || $0.data.starts(with: [0x89, 0x50]) || $0.data.starts(with: Array("RIFF".utf8)) })
            // Images are read in small batches (20 per call by default).
            #expect(harness.simulator.requestCount(model: "product.template", method: "search_read") == (ids.count + 19) / 20)
            #expect(try await client.variantImages(ids: harness.simulator.recordIds(model: "product.product")).isEmpty)
        }
    }

    @Test("archived records are hidden unless asked for", arguments: ServerMode.allCases)
    func archivedOnDemand(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            try await harness.simulator.archiveTemplate(16)
            let active = try await client.templateIds(includeArchived: false)
            let all = try await client.templateIds(includeArchived: true)
            #expect(!active.contains(16) && all.contains(16))
            #expect(all.count == active.count + 1)
            #expect(try await client.templates(ids: [16], includeArchived: false).isEmpty)
            let archived = try await client.templates(ids: [16], includeArchived: true)
            #expect(archived.first?.active == false)
            let variants = try await client.variants(templateIds: [16], includeArchived: true)
            #expect(variants.count == 2 && variants.allSatisfy { !$0.active })
            #expect(try await client.variants(templateIds: [16], includeArchived: false).isEmpty)
        }
    }

    @Test("long id lists are split into batches", arguments: [ServerMode.odoo19JSON2])
    func idBatches(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client(idsPerCall: 5)
            let ids = harness.simulator.recordIds(model: "product.template")
            let templates = try await client.templates(ids: ids + ids, includeArchived: true)
            #expect(templates.map(\.id) == ids)
            #expect(harness.simulator.requestCount(model: "product.template", method: "search_read") == (ids.count + 4) / 5)
        }
    }

    @Test("incremental reads see a price change, a PTAV change and nothing else", arguments: ServerMode.allCases)
    func incrementalReads(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            let templates = try await client.templates(after: nil, limit: 1000, includeArchived: true)
            let variants = try await client.variants(after: nil, limit: 1000, includeArchived: true)
            let ptavs = try await client.templateAttributeValues(after: nil, limit: 1000)
            let templateCursor = ModelCursor(writeDate: templates.last!.writeDate, id: templates.last!.id)
            let variantCursor = ModelCursor(writeDate: variants.last!.writeDate, id: variants.last!.id)
            let ptavCursor = ModelCursor(writeDate: ptavs.last!.writeDate!, id: ptavs.last!.id)
            #expect(try await client.templates(after: templateCursor, limit: 100, includeArchived: true).isEmpty)

            try await harness.simulator.setListPrice(templateId: 16, to: Decimal(string: "35.5")!)
            let changed = try await client.templates(after: templateCursor, limit: 100, includeArchived: true)
            #expect(changed.map(\.id) == [16])
            #expect(changed.first?.listPrice == Decimal(string: "35.5")!)
            let changedVariants = try await client.variants(after: variantCursor, limit: 100, includeArchived: true)
            #expect(changedVariants.map(\.templateId) == [16, 16])

            let aluminiumChair = try #require(ptavs.first { $0.templateId == 16 && $0.priceExtra != 0 })
            try await harness.simulator.setPriceExtra(templateAttributeValueId: aluminiumChair.id, to: 9)
            let afterPrice = ModelCursor(writeDate: changed.last!.writeDate, id: changed.last!.id)
            #expect(try await client.templates(after: afterPrice, limit: 100, includeArchived: true).isEmpty)
            let ptavChanges = try await client.templateAttributeValues(after: ptavCursor, limit: 100)
            #expect(ptavChanges.map(\.id) == [aluminiumChair.id])
            let chairVariants = try await client.variants(templateIds: [16], includeArchived: true)
            #expect(chairVariants.map(\.lstPrice).sorted() == [Decimal(string: "35.5")!, Decimal(string: "44.5")!])
        }
    }

    @Test("a second with more records than a page is read once, completely")
    func sameSecondBucketsPageCompletely() async throws {
        let seed = OdooCatalogueSeed.generated(GeneratedCatalogueOptions(templates: 1_200, templatesPerSecond: 300))
        try await SimulatorHarness.with(.odoo19JSON2, seed: seed) { harness in
            let client = harness.client()
            let (records, pages) = try await readAllPages(pageSize: 500, cursorOf: { ModelCursor(writeDate: $0.writeDate, id: $0.id) }) {
                try await client.templates(after: $0, limit: $1, includeArchived: false)
            }
            #expect(records.count == 1_200)
            #expect(Set(records.map(\.id)).count == 1_200)
            #expect(pages == 3)

            // Why the cursor domain names whole seconds: the textbook `write_date > d` domain matches the last page's
            // own second again (Odoo compares against the stored microseconds), so it would read it forever.
            let last = records[499]
            let naive = try await client.search(
                model: "product.template",
                domain: OdooDomain.condition("write_date", ">", .string(last.writeDate.text))
                    .or(OdooDomain.condition("write_date", "=", .string(last.writeDate.text)).and(.condition("id", ">", .number(Decimal(last.id))))),
                limit: 500, order: "write_date asc, id asc")
            #expect(naive.contains(last.id))
        }
    }
}
