import Foundation
import Testing
@testable import SyncCore

/// What an incremental run costs when little or nothing changed: the change streams first, the setup only when
/// needed, the Odoo session kept between runs, stock from the quants written since the stock cursor.
@Suite("Quiet runs: change streams first, setup and detection only when needed")
struct EngineQuietRunTests {
    static let streamReads = ["pricelistItems", "stockQuantChanges", "templateAttributeValues", "templates", "variants"]

    @Test("a run that finds no change reads each stream once: no detection, no setup, no Medusa call, no write")
    func quietRun() async throws {
        let harness = EngineHarness(templates: [9, 5])
        try await harness.run(.incremental)
        await harness.odoo.clearCalls()
        let storeReads = await harness.medusa.storeReads
        let writes = try await harness.writes {
            let (summary, _) = try await harness.run(.incremental)
            #expect(summary.status == .succeeded)
            #expect(summary.counts.total == 0)
        }
        #expect(writes.isEmpty)
        #expect(await harness.odoo.calls.sorted() == Self.streamReads)
        #expect(await harness.odoo.connects == 1)
        #expect(await harness.medusa.storeReads == storeReads)
    }

    @Test("without stock (stock sync off, or a dry run) a quiet run reads the four product streams only")
    func quietRunWithoutStock() async throws {
        var harness = EngineHarness(templates: [9, 5])
        harness.configuration.syncStock = false
        try await harness.run(.incremental)
        await harness.odoo.clearCalls()
        try await harness.run(.incremental)
        #expect(await harness.odoo.calls.sorted() == Self.streamReads.filter { $0 != "stockQuantChanges" })

        let stocked = EngineHarness(templates: [9, 5])
        try await stocked.run(.incremental)
        await stocked.odoo.setStock(13, 99)
        await stocked.odoo.clearCalls()
        let writes = try await stocked.writes {
            let (summary, _) = try await stocked.run(SyncRequest(mode: .incremental, dryRun: true))
            #expect(summary.status == .succeeded)
        }
        #expect(writes.isEmpty)
        #expect(await stocked.odoo.calls.sorted() == Self.streamReads.filter { $0 != "stockQuantChanges" })
    }

    @Test("a stock move alone: only that variant's level is read and written")
    func stockMove() async throws {
        let harness = EngineHarness(templates: [9, 5])
        try await harness.run(.incremental)
        await harness.odoo.setStock(13, 170)
        await harness.odoo.clearCalls()
        let writes = try await harness.writes { try await harness.run(.incremental) }
        #expect(writes == ["setStockLevel"])
        #expect(await harness.odoo.calls.filter { $0 == "stockLevels" }.count == 1)
        let desk = try #require(await harness.product(template: 9))
        #expect(await harness.medusa.level(desk.variants[0].inventoryItemId!, "sloc_default") == 170)
        // The stock cursor moved: the next run finds nothing.
        await harness.odoo.clearCalls()
        try await harness.run(.incremental)
        #expect(await harness.odoo.calls.sorted() == Self.streamReads)
    }

    @Test("a stock write that fails keeps the stock cursor, so the next run writes that level again")
    func failedStockWriteIsRetried() async throws {
        let harness = EngineHarness(templates: [9])
        try await harness.run(.incremental)
        let desk = try #require(await harness.product(template: 9))
        let item = desk.variants[0].inventoryItemId!
        await harness.medusa.breakStock(of: item)
        await harness.odoo.setStock(13, 1)
        let (failed, _) = try await harness.run(.incremental)
        #expect(failed.status == .partiallyFailed)
        await harness.medusa.repairStock(of: item)
        let writes = try await harness.writes { try await harness.run(.incremental) }
        #expect(writes == ["setStockLevel"])
        #expect(await harness.medusa.level(item, "sloc_default") == 1)
    }

    @Test("the setup is read again once older than setupRefreshInterval, even when nothing changed")
    func staleSetup() async throws {
        var harness = EngineHarness(templates: [9])
        harness.configuration.setupRefreshInterval = 0
        try await harness.run(.incremental)
        await harness.odoo.clearCalls()
        let storeReads = await harness.medusa.storeReads
        let writes = try await harness.writes { try await harness.run(.incremental) }
        #expect(writes.isEmpty)
        #expect(await harness.odoo.calls.contains("currencies"))
        #expect(await harness.medusa.storeReads == storeReads + 1)
    }

    @Test("a full run detects the server again; a failed run forgets the session, so the next one detects too")
    func sessionMemory() async throws {
        let harness = EngineHarness(templates: [9])
        try await harness.run(.incremental)
        try await harness.run(.incremental)
        #expect(await harness.odoo.connects == 1)
        try await harness.run(.full)
        #expect(await harness.odoo.connects == 2)
        await harness.odoo.setConnectError(FakeError(failureClass: .configuration, system: "odoo", description: "bad key"))
        let (failed, _) = try await harness.run(.full)
        #expect(failed.status == .failed)
        #expect(await harness.state.memo(SyncMemo.odooSession) == nil)
        await harness.odoo.setConnectError(nil)
        try await harness.run(.incremental)
        #expect(await harness.odoo.connects == 4)
        #expect(await harness.state.memo(SyncMemo.odooSession) == FakeOdoo.memo)
    }

    @Test("a walk over every template leaves each stream's cursor at the head it read first", arguments: [SyncRequest.Mode.full, .incremental])
    func walkCommitsHeads(mode: SyncRequest.Mode) async throws {
        let harness = EngineHarness(templates: [9, 5])
        try await harness.run(mode == .full ? .full : .incremental)
        for stream in SyncStream.allCases {
            let head = await harness.odoo.latestCursor(stream: stream)
            #expect(await harness.state.cursor(stream: stream) == head, "\(stream)")
        }
        await harness.odoo.clearCalls()
        try await harness.run(.incremental)
        #expect(await harness.odoo.calls.sorted() == Self.streamReads)
    }

    @Test("a change found by one stream ends the quiet path: setup is read and only that product is planned")
    func changeAfterQuiet() async throws {
        let harness = EngineHarness(templates: [9, 5])
        try await harness.run(.incremental)
        await harness.odoo.rename(template: 5, to: "Office Chair Pro", writeDate: "2026-11-27 09:00:00")
        await harness.odoo.clearCalls()
        let (summary, _) = try await harness.run(.incremental)
        #expect(summary.counts.updated == 1)
        #expect(summary.counts.total == 1)
        #expect(await harness.odoo.calls.contains("currencies"))
        #expect(await harness.product(template: 5)?.title == "Office Chair Pro")
    }
}
