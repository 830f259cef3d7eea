import Foundation
import GRDB
import SyncCore
import Testing

@testable import RunStore

@Suite("RunStore")
struct RunStoreTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("runstore-\(UUID().uuidString)/nested/sync.sqlite").path
    }

    /// A database file as an earlier release left it: migrated up to `migration`, with `sql` run on it.
    func olderDatabase(upTo migration: String, sql: String) async throws -> String {
        let path = temporaryPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: migration)
        try await queue.write { db in try db.execute(sql: sql) }
        try queue.close()
        return path
    }

    @Test("opening an empty path creates the directory, the file, WAL mode and every migration")
    func migratesFromEmpty() async throws {
        let path = temporaryPath()
        let store = try SQLiteRunStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try store.journalMode() == "wal")
        #expect(try store.appliedMigrations() == ["v1-runs-bindings-cursors", "v2-memos", "v3-run-kinds", "v4-retry-set", "v5-drift-corrected", "v6-orders", "v7-pending-attempts", "v8-deliveries", "v9-replicas"])
        #expect(await store.isHealthy())
        #expect(try await store.integrityCheck() == "ok")
        // Reopening applies nothing twice and keeps data.
        _ = try await store.createRun(trigger: .api, request: .full)
        let reopened = try SQLiteRunStore(path: path)
        #expect(try await reopened.listRuns(limit: 10).count == 1)
    }

    @Test("a run moves queued → running → finished with timestamps and counts from its outcomes")
    func runLifecycle() async throws {
        let store = try SQLiteRunStore()
        let created = try await store.createRun(trigger: .webhook, request: .targeted([3, 1, 3]))
        #expect(created.status == .queued)
        #expect(created.request.productIds == [1, 3])
        try await store.markRunning(id: created.id)
        try await store.appendOutcomes(runId: created.id, [
            ProductOutcome(odooTemplateId: 1, kind: .created, medusaProductId: "prod_1"),
            ProductOutcome(odooTemplateId: 3, kind: .failed, message: "boom", failureClass: .permanent, system: "medusa",
                           plannedChanges: [FieldChange(path: "title", from: "a", to: "b")]),
        ])
        try await store.recordProgress(id: created.id, progress: RunProgress(phase: "products", done: 2, total: 2))
        try await store.finishRun(id: created.id, status: .partiallyFailed)
        let finished = try #require(try await store.run(id: created.id))
        #expect(finished.status == .partiallyFailed)
        #expect(finished.counts.created == 1 && finished.counts.failed == 1 && finished.counts.total == 2)
        #expect(finished.startedAt != nil && finished.finishedAt != nil)
        #expect(finished.progress == RunProgress(phase: "products", done: 2, total: 2))
        let failedItems = try await store.items(runId: created.id, outcome: .failed, limit: 10)
        #expect(failedItems.map(\.outcome.odooTemplateId) == [3])
        #expect(failedItems.first?.outcome.plannedChanges == [FieldChange(path: "title", from: "a", to: "b")])
        #expect(try await store.failedTemplateIds(runId: created.id) == [3])
    }

    @Test("runs list newest first with a cursor and filters")
    func listPagination() async throws {
        let store = try SQLiteRunStore()
        for index in 0..<5 {
            _ = try await store.createRun(trigger: index.isMultiple(of: 2) ? .api : .schedule, request: .incremental)
        }
        let first = try await store.listRuns(limit: 2)
        #expect(first.map(\.id) == [5, 4])
        let second = try await store.listRuns(status: nil, trigger: nil, kind: nil, limit: 2, beforeId: first.last!.id)
        #expect(second.map(\.id) == [3, 2])
        let scheduled = try await store.listRuns(trigger: .schedule, limit: 10)
        #expect(scheduled.map(\.id) == [4, 2])
        #expect(try await store.listRuns(status: .running, limit: 10).isEmpty)
    }

    @Test("after a crash, runs left running become interrupted with the reason; queued runs stay queued")
    func crashRecovery() async throws {
        let path = temporaryPath()
        do {
            let store = try SQLiteRunStore(path: path)
            let running = try await store.createRun(trigger: .api, request: .full)
            try await store.markRunning(id: running.id)
            _ = try await store.createRun(trigger: .api, request: .incremental)
        }
        let restarted = try SQLiteRunStore(path: path)
        let interrupted = try await restarted.interruptOrphanedRuns(reason: "process stopped while the run was in progress")
        #expect(interrupted == [1])
        let run = try #require(try await restarted.run(id: 1))
        #expect(run.status == .interrupted)
        #expect(run.error == "process stopped while the run was in progress")
        #expect(try await restarted.runs(withStatus: .queued).map(\.id) == [2])
    }

    @Test("retention keeps the newest finished runs and never deletes queued or running ones")
    func retention() async throws {
        let store = try SQLiteRunStore()
        for _ in 0..<6 {
            let run = try await store.createRun(trigger: .api, request: .incremental)
            try await store.appendOutcomes(runId: run.id, [ProductOutcome(odooTemplateId: 1, kind: .unchanged)])
            try await store.finishRun(id: run.id, status: .succeeded)
        }
        let queued = try await store.createRun(trigger: .api, request: .full)
        let deleted = try await store.applyRetention(keep: 2)
        #expect(deleted == 4)
        #expect(try await store.listRuns(limit: 10).map(\.id) == [queued.id, 6, 5])
        #expect(try await store.items(runId: 1, limit: 10).isEmpty)
    }

    @Test("a queued run's request can be widened by coalescing; a running one cannot")
    func updateQueuedRequest() async throws {
        let store = try SQLiteRunStore()
        let run = try await store.createRun(trigger: .webhook, request: .targeted([1]))
        try await store.updateQueuedRequest(id: run.id, request: .targeted([1, 2]))
        #expect(try await store.run(id: run.id)?.request.productIds == [1, 2])
        try await store.markRunning(id: run.id)
        try await store.updateQueuedRequest(id: run.id, request: .full)
        #expect(try await store.run(id: run.id)?.request.mode == .targeted)
    }

    @Test("bindings upsert, a cursor advances, and a wipe forgets both")
    func bindingsAndCursors() async throws {
        let store = try SQLiteRunStore()
        #expect(try await store.cursor(stream: .templates) == nil)
        let cursor = ModelCursor(writeDate: OdooDateTime("2026-11-25 11:34:46")!, id: 9)
        try await store.saveBindings([ProductBinding(templateId: 9, productId: "prod_9", state: .written(hash: "h1"))])
        try await store.advanceCursor(stream: .templates, to: cursor)
        #expect(try await store.cursor(stream: .templates) == cursor)
        try await store.saveBindings([ProductBinding(templateId: 9, productId: "prod_9", state: .written(hash: "h2")).binding,
                                      VariantBinding(odooVariantId: 13, medusaVariantId: "variant_13", productId: "prod_9").binding])
        let products = try await store.bindings(ProductBinding.self, odooIds: [9, 10])
        #expect(products[9]?.state == .written(hash: "h2") && products[10] == nil)
        #expect(try await store.allBindings(VariantBinding.self).map(\.medusaVariantId) == ["variant_13"])
        try await store.deleteBindings(kind: .product, odooIds: [9])
        #expect(try await store.allBindings(kind: .product).isEmpty)
        try await store.wipeBindingsAndCursors()
        #expect(try await store.cursor(stream: .templates) == nil)
    }

    @Test("large id lists are looked up in chunks")
    func manyBindings() async throws {
        let store = try SQLiteRunStore()
        try await store.saveBindings((1...1_500).map { ProductBinding(templateId: $0, productId: "prod_\($0)", state: .written(hash: nil)) })
        #expect(try await store.bindings(kind: .product, odooIds: Array(1...1_600)).count == 1_500)
    }

    @Test("schedule state survives a reopen at millisecond precision")
    func scheduleState() async throws {
        let path = temporaryPath()
        let fired = Date(timeIntervalSince1970: 1_790_000_000.123)
        #expect(try await SQLiteRunStore(path: path).claimFire(schedule: "default", at: fired, slot: fired, replica: "r1"))
        let reopened = try SQLiteRunStore(path: path)
        let stored = try #require(try await reopened.lastFireTime(schedule: "default"))
        #expect(abs(stored.timeIntervalSince(fired)) < 0.001)
        #expect(try await reopened.lastFireTime(schedule: "other") == nil)
    }

    @Test("memos survive a reopen, are replaced, removed with nil, and wiped with the bindings")
    func memos() async throws {
        let path = temporaryPath()
        let store = try SQLiteRunStore(path: path)
        #expect(try await store.memo(SyncMemo.odooSession) == nil)
        try await store.saveMemo(SyncMemo.odooSession, value: "first")
        try await store.saveMemo(SyncMemo.odooSession, value: "second")
        try await store.saveMemo(SyncMemo.setupReadAt, value: "1790000000.5")
        let reopened = try SQLiteRunStore(path: path)
        #expect(try await reopened.memo(SyncMemo.odooSession) == "second")
        try await reopened.saveMemo(SyncMemo.odooSession, value: nil)
        #expect(try await reopened.memo(SyncMemo.odooSession) == nil)
        #expect(try await reopened.memo(SyncMemo.setupReadAt) == "1790000000.5")
        try await reopened.wipeBindingsAndCursors()
        #expect(try await reopened.memo(SyncMemo.setupReadAt) == nil)
    }

    @Test("a database made before the memo table gets it on open, keeping its runs and cursors")
    func migratesV1Database() async throws {
        // The real v1 schema: the migrator stopped before v2.
        let path = try await olderDatabase(upTo: "v1-runs-bindings-cursors",
            sql: "INSERT INTO cursor (stream, writeDate, recordId, updatedAtMs) VALUES ('product.template', '2026-01-02 03:04:05', 7, 0)")
        let store = try SQLiteRunStore(path: path)
        #expect(try store.appliedMigrations() == ["v1-runs-bindings-cursors", "v2-memos", "v3-run-kinds", "v4-retry-set", "v5-drift-corrected", "v6-orders", "v7-pending-attempts", "v8-deliveries", "v9-replicas"])
        #expect(try await store.cursor(stream: .templates)?.id == 7)
        try await store.saveMemo(.odooSession, value: "v")
        #expect(try await store.memo(.odooSession) == "v")
    }

    @Test("runs recorded before job kinds existed read as catalogue syncs; new runs keep their kind")
    func migratesV2Runs() async throws {
        let path = try await olderDatabase(upTo: "v2-memos",
            sql: "INSERT INTO run (trigger, mode, status, createdAtMs) VALUES ('api', 'full', 'queued', 0)")
        let store = try SQLiteRunStore(path: path)
        #expect(try await store.runs(withStatus: .queued).map(\.kind) == [.catalogue])
        let other = try await store.createRun(kind: JobKind(rawValue: "orders"), trigger: .cli, request: .incremental)
        #expect(try await store.run(id: other.id)?.kind.rawValue == "orders")
    }

    @Test("a database of the orders release gets the deliveries tables and the order lookup by Odoo order, keeping its orders")
    func migratesV7Database() async throws {
        let path = try await olderDatabase(upTo: "v7-pending-attempts", sql: """
            INSERT INTO orderLink (medusaOrderId, medusaDisplayId, odooOrderId, odooOrderName, state, currencyCode,
                medusaTotal, odooTotal, message, updatedAtMs) VALUES ('order_1', 1, 37, 'S00037', 'sent', 'eur', '840.40',
                NULL, NULL, 1780000000000);
            INSERT INTO pendingOrder (medusaOrderId, reason, firstSeenAtMs, attempts) VALUES ('order_2', 'unpaid', 0, 2);
            """)
        let store = try SQLiteRunStore(path: path)
        #expect(try store.appliedMigrations().contains("v8-deliveries"))
        let indexes = try await store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN (?, ?, ?) ORDER BY name",
                                arguments: ["deliveryLink_on_medusaOrder", "orderLink_on_odooOrder", "runItem_on_medusaId"])
        }
        #expect(indexes == ["deliveryLink_on_medusaOrder", "orderLink_on_odooOrder", "runItem_on_medusaId"])
        let order = try #require(try await store.orderLinks(odooOrderIds: [37])[37])
        #expect(order.medusaOrderId == "order_1" && order.medusaTotal == Decimal(string: "840.40") && order.odooTotal == nil)
        #expect(try await store.pendingOrders().map(\.attempts) == [2])
        let link = DeliveryLink(pickingId: 29, pickingName: "WH/OUT/00029", odooOrderId: 37, medusaOrderId: "order_1",
                                fulfilmentId: "ful_1", state: .fulfilled, updatedAt: Date(timeIntervalSince1970: 1_780_000_000))
        try await store.saveDeliveryLinks([link])
        #expect(try await store.deliveryLinks(medusaOrderIds: ["order_1"]) == [link])
        try await store.savePendingDeliveries([PendingDelivery(pickingId: 30, reason: "r", firstSeenAt: .init(timeIntervalSince1970: 0))])
        #expect(try await store.pendingDeliveries().map(\.attempts) == [0])
    }

    @Test("a database path that cannot be created is a clear configuration error")
    func unwritablePath() {
        #expect(throws: RunStoreError.self) { try SQLiteRunStore(path: "/proc/definitely/not/here.sqlite") }
    }
}
