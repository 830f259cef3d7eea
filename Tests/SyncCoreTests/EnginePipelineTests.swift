import Foundation
import Testing
@testable import SyncCore

/// Pages overlap (page n written while n+1 is prepared and n+2's templates are read), but what a run leaves behind
/// must be what page-by-page syncing left: the cursor after the last page written, nothing of the pages read ahead.
@Suite("Engine: overlapping pages")
struct EnginePipelineTests {
    static func key(_ cursor: ModelCursor) -> (OdooDateTime, Int) { (cursor.writeDate, cursor.id) }

    @Test("a run stopped while writing a page keeps the cursor before it and writes nothing it read ahead; the next run does the rest once")
    func stoppedMidRun() async throws {
        var harness = EngineHarness()
        harness.configuration.pageSize = 1
        await harness.medusa.allowCreates(1)

        let (failed, _) = try await harness.run(.incremental)
        #expect(failed.status == .failed)
        #expect(await harness.medusa.all.count == 1)
        #expect(await harness.state.count(.product) == 1)
        let refused = try #require(Int(await harness.medusa.refusedExternalIds.first ?? ""))
        let created = try #require(await harness.medusa.all.first?.externalId.flatMap { Int($0) })
        let templates = await harness.odoo.templates
        let createdKey = (templates[created]!.writeDate, created)
        let refusedKey = (templates[refused]!.writeDate, refused)
        let cursor = try #require(await harness.state.cursor(stream: .templates))
        #expect(Self.key(cursor) >= createdKey, "the page written moved the cursor")
        #expect(Self.key(cursor) < refusedKey, "the page that failed did not")
        let bound = Set(await harness.state.allBindings(kind: .product).map(\.odooId))
        #expect(bound == [created], "pages read ahead of the failure bound nothing")

        await harness.medusa.allowCreates(nil)
        let (second, _) = try await harness.run(.incremental)
        #expect(second.status != .failed)
        let all = await harness.medusa.all
        #expect(all.count > 2)
        #expect(Set(all.compactMap(\.externalId)).count == all.count, "no template created twice")
        #expect(await harness.state.count(.product) == all.count)
        #expect(await harness.medusa.refusedExternalIds.count == 1, "the refused product was tried once, in its own page")
    }
}
