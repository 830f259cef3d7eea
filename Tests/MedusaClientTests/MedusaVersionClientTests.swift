import Foundation
import HTTPTransport
import MedusaClient
import MedusaSimulator
import SyncCore
import Testing

/// The calls that depend on the Medusa version (`MedusaCapabilities`), against both simulated versions.
@Suite("MedusaClient on Medusa 2.0 and current")
struct MedusaVersionClientTests {
    @Test("The probe: current has the levels batch and the external_id filter; 2.0 has neither; an empty shop cannot tell",
          arguments: MedusaServerVersion.allCases)
    func probe(version: MedusaServerVersion) async throws {
        try await withSimulator(.init(version: version)) { simulator in
            let client = makeClient(simulator)
            let empty = try await client.probeCapabilities()
            #expect(empty.externalIdFilter == false, "an empty shop lists nothing either way")
            _ = try await client.createProduct(shirtInput())
            let probed = try await client.probeCapabilities()
            switch version {
            case .current:
                #expect(probed == MedusaCapabilities(stockLevelsBatch: .available, externalIdFilter: true, orderUpdate: true))
            case .v2_0: #expect(probed == MedusaCapabilities(stockLevelsBatch: .untried, externalIdFilter: false))
            }
            #expect(simulator.requestCounts.writes == 1, "the probe writes nothing")
        }
    }

    @Test("products(externalId:) finds exactly that product where the filter is applied, and never a wrong one on 2.0",
          arguments: MedusaServerVersion.allCases)
    func externalIdLookup(version: MedusaServerVersion) async throws {
        try await withSimulator(.init(version: version)) { simulator in
            let client = makeClient(simulator)
            for index in 0..<12 {
                var input = shirtInput(handle: "shirt-\(index)", skuPrefix: "S\(index)")
                input.externalId = "\(1000 + index)"
                _ = try await client.createProduct(input)
            }
            let found = try await client.products(externalId: "1011")
            if version == .current {
                #expect(found.map(\.handle) == ["shirt-11"])
            } else {
                // 2.0 ignores the filter and answers with the first page: the client's own check drops what does not match.
                #expect(found.allSatisfy { $0.externalId == "1011" })
            }
            #expect(try await client.products(externalId: "999999").isEmpty)
        }
    }

    @Test("batchStockLevels creates and updates many levels in one request on current")
    func levelsBatch() async throws {
        try await withSimulator(.init(version: .current)) { simulator in
            let client = makeClient(simulator)
            let product = try await client.createProduct(shirtInput())
            let items = product.variants.compactMap(\.inventoryItemId)
            #expect(items.count == 2)
            let location = simulator.configuration.defaultStockLocation.id
            try await client.batchStockLevels(
                create: items.map { StockLevelWrite(inventoryItemId: $0, locationId: location, stockedQuantity: 5) }, update: [])
            try await client.batchStockLevels(
                create: [], update: [StockLevelWrite(inventoryItemId: items[0], locationId: location, stockedQuantity: -3),
                                     StockLevelWrite(inventoryItemId: items[1], locationId: location, stockedQuantity: Decimal(string: "7.5")!)])
            let levels = simulator.snapshot().products.flatMap(\.variants).flatMap(\.inventoryLevels).map(\.stockedQuantity)
            #expect(levels.sorted() == [0, Decimal(string: "7.5")!], "negative stock is written as 0")
            #expect(simulator.requestCounts.requests("POST /admin/inventory-items/location-levels/batch") == 2)
        }
    }

    @Test("One bad level fails its whole batch and nothing of it is applied (one workflow); 2.0 has no such route")
    func levelsBatchIsAllOrNothing() async throws {
        try await withSimulator(.init(version: .current)) { simulator in
            let client = makeClient(simulator)
            let product = try await client.createProduct(shirtInput())
            let item = try #require(product.variants.first?.inventoryItemId)
            let location = simulator.configuration.defaultStockLocation.id
            let error = try await #require(throws: MedusaError.self) {
                try await client.batchStockLevels(create: [
                    StockLevelWrite(inventoryItemId: item, locationId: location, stockedQuantity: 5),
                    StockLevelWrite(inventoryItemId: "iitem_DOESNOTEXIST", locationId: location, stockedQuantity: 5),
                ], update: [])
            }
            #expect(error.status == 404 && error.type == "not_found")
            #expect(simulator.snapshot().products.flatMap(\.variants).allSatisfy { $0.inventoryLevels.isEmpty })
        }
        try await withSimulator(.init(version: .v2_0)) { simulator in
            let client = makeClient(simulator)
            let product = try await client.createProduct(shirtInput())
            let item = try #require(product.variants.first?.inventoryItemId)
            await #expect(throws: MedusaRouteMissing.self) {
                try await client.batchStockLevels(create: [StockLevelWrite(
                    inventoryItemId: item, locationId: simulator.configuration.defaultStockLocation.id, stockedQuantity: 1)],
                                                  update: [])
            }
        }
    }
}
