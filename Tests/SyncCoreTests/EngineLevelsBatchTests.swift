import Foundation
import Testing
@testable import SyncCore

/// How the stock pass uses Medusa's global levels batch (2.3+) and what it remembers about it (`RunCapabilities`).
@Suite("Engine: stock through the levels batch, and the fallbacks")
struct EngineLevelsBatchTests {
    @Test("a server the probe cannot read (below 2.7) is tried once: no batch route → level by level, remembered as absent")
    func untriedAndMissing() async throws {
        let harness = EngineHarness(templates: [9])
        await harness.medusa.offerLevelsBatch(.absent, probed: .untried)
        let writes = try await harness.writes { try await harness.run(.full) }
        #expect(writes.filter { $0 == "batchStockLevels" }.count == 1)
        #expect(writes.contains("setStockLevel"))
        #expect(try await harness.state.memo(.medusaCapabilities).flatMap(MedusaCapabilities.init(memo:))?.stockLevelsBatch == .absent)

        // The next runs write level by level at once, also after a full run probes again.
        await harness.odoo.setStock(13, 7)
        let next = try await harness.writes { try await harness.run(.incremental) }
        #expect(!next.contains("batchStockLevels"))
        await harness.odoo.setStock(13, 8)
        let full = try await harness.writes { try await harness.run(.full) }
        #expect(!full.contains("batchStockLevels"))
        let desk = try #require(await harness.product(template: 9))
        #expect(await harness.medusa.level(desk.variants[0].inventoryItemId!, "sloc_default") == 8)
    }

    @Test("a server with the batch writes every level of a run in one request, and says so in the memo")
    func untriedAndPresent() async throws {
        let harness = EngineHarness(templates: [9, 5])
        await harness.medusa.offerLevelsBatch(.available, probed: .untried)
        let writes = try await harness.writes { try await harness.run(.full) }
        #expect(!writes.contains("setStockLevel") && !writes.contains("createStockLevel"))
        #expect(writes.contains("batchStockLevels"))
        #expect(try await harness.state.memo(.medusaCapabilities).flatMap(MedusaCapabilities.init(memo:))?.stockLevelsBatch == .available)
        let desk = try #require(await harness.product(template: 9))
        for variant in desk.variants where variant.inventoryItemId != nil {
            #expect(await harness.medusa.level(variant.inventoryItemId!, "sloc_default") != nil)
        }
    }

    @Test("a batch Medusa refuses is written level by level: the good levels land, the bad one fails alone")
    func refusedBatchIsolatesTheBadLevel() async throws {
        let harness = EngineHarness(templates: [9])
        await harness.medusa.offerLevelsBatch(.available, probed: .untried)
        try await harness.run(.full)
        let desk = try #require(await harness.product(template: 9))
        let items = desk.variants.compactMap(\.inventoryItemId)
        #expect(items.count >= 2)
        await harness.medusa.breakStock(of: items[0])
        for variantId in [13, 14, 15, 16, 18] { await harness.odoo.setStock(variantId, 40) }
        let (summary, reporter) = try await harness.run(.incremental)
        #expect(summary.status == .partiallyFailed)
        #expect(await reporter.outcomes.contains { $0.kind == .failed && $0.odooTemplateId == 9 })
        #expect(await harness.medusa.level(items[0], "sloc_default") != 40)
        for item in items.dropFirst() {
            #expect(await harness.medusa.level(item, "sloc_default") == 40, "the good levels were written one by one")
        }
        // Medusa answered for the route: it exists.
        #expect(try await harness.state.memo(.medusaCapabilities).flatMap(MedusaCapabilities.init(memo:))?.stockLevelsBatch == .available)
    }

    @Test("a batch that stays unavailable after the client's retries fails its levels for this run; the next run writes them")
    func unavailableBatchIsLeftToTheNextRun() async throws {
        let harness = EngineHarness(templates: [9])
        await harness.medusa.offerLevelsBatch(.available, probed: .available)
        try await harness.run(.full)
        let desk = try #require(await harness.product(template: 9))
        let item = try #require(desk.variants.first?.inventoryItemId)
        await harness.medusa.makeLevelsBatchUnavailable(times: 1)
        await harness.odoo.setStock(13, 41)
        var failed: RunSummary?
        let writesOfFailed = try await harness.writes { failed = try await harness.run(.incremental).summary }
        #expect(failed?.status == .partiallyFailed)
        #expect(writesOfFailed == ["batchStockLevels"], "a transient failure is not followed by one request per level")
        let next = try await harness.writes { try await harness.run(.incremental) }
        #expect(next == ["batchStockLevels"])
        #expect(await harness.medusa.level(item, "sloc_default") == 41)
    }
}
