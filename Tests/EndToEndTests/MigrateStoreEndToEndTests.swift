import Foundation
import Logging
import Simulators
import SyncCore
import Testing

@testable import App
@testable import PostgresRunStore
@testable import RunStore

/// `migrate-store` on a store a real sync produced: after the copy, the same sync on PostgreSQL finds every binding
/// and cursor — it writes nothing and re-reads nothing.
@Suite("migrate-store after a real sync")
struct MigrateStoreEndToEndTests {
    static let databaseURL = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"]

    @Test("SQLite → PostgreSQL keeps bindings, cursors, memos and run history: the next runs write nothing",
          .enabled(if: databaseURL != nil, "TEST_DATABASE_URL is unset: run under scripts/with-test-postgres.sh"))
    func copiedStoreContinuesWithoutAResync() async throws {
        let databaseURL = try #require(Self.databaseURL)
        try await withHarness(.odoo19) { harness in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID().uuidString)/sync.sqlite").path
            let sqlite = try SQLiteRunStore(path: path)
            let onSQLite = SyncHarness(odoo: harness.odoo, medusa: harness.medusa, state: sqlite, transport: harness.transport,
                                       configuration: harness.configuration, retryPolicy: harness.retryPolicy)
            let first = try await onSQLite.run(.full)
            #expect(first.counts.created == 36)
            _ = try await onSQLite.run(.incremental)  // commits the change-stream cursors
            let run = try await sqlite.createRun(kind: .catalogue, trigger: .api, request: .full)
            try await sqlite.appendOutcomes(runId: run.id, first.outcomes)
            _ = try await sqlite.finishRun(id: run.id, status: .succeeded)

            let schema = "migrate_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
            try await Commands.migrateStore(from: "sqlite:\(path)", to: databaseURL, schema: String(schema))
            let postgres = try await PostgresRunStore(url: try PostgresURL(parsing: databaseURL), schema: String(schema))
            do {
                for kind in Binding.Kind.allCases {
                    #expect(try await postgres.allBindings(kind: kind) == sqlite.allBindings(kind: kind), "\(kind)")
                }
                #expect(try await postgres.allBindings(kind: .product).count == 36)
                for stream in SyncStream.allCases {
                    #expect(try await postgres.cursor(stream: stream) == sqlite.cursor(stream: stream), "\(stream)")
                }
                for memo in SyncMemo.allCases {
                    #expect(try await postgres.memo(memo) == sqlite.memo(memo), "\(memo)")
                }
                #expect(try await postgres.listRuns(limit: 10) == sqlite.listRuns(limit: 10))
                #expect(try await postgres.items(runId: run.id, limit: 100) == sqlite.items(runId: run.id, limit: 100))
                // A new run gets the next id, not a copied one.
                #expect(try await postgres.createRun(trigger: .api, request: .incremental).id == run.id + 1)

                let onPostgres = SyncHarness(odoo: harness.odoo, medusa: harness.medusa, state: postgres,
                                             transport: harness.transport, configuration: harness.configuration,
                                             retryPolicy: harness.retryPolicy)
                let full = try await onPostgres.run(.full)
                #expect(full.medusaWrites.isEmpty, "writes: \(full.medusaWrites)")
                #expect(full.counts.unchanged == 36 && full.counts.created == 0)
                let incremental = try await onPostgres.run(.incremental)
                #expect(incremental.outcomes.isEmpty, "the cursors came along: nothing changed since them")
            } catch {
                try? await postgres.dropSchema()
                await postgres.shutdown()
                throw error
            }
            try await postgres.dropSchema()
            await postgres.shutdown()
        }
    }
}
