import Foundation
import GRDB
import SyncCore
import Testing

@testable import RunStore

/// The store tests: `cases` run on both stores, the rest are about SQLite files and their migrations.
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

    /// The store behaviour both implementations share.
    static let cases: [StoreCase] = [
        StoreCase("opening an empty store applies every migration; reopening applies nothing twice and keeps data") { (h: StoreHandle) async throws in
            #expect(try await h.appliedMigrations(of: h.store) == allMigrationIds)
            #expect(await h.store.isHealthy())
            _ = try await h.store.createRun(trigger: .api, request: .full)
            let reopened = try await h.reopen()
            #expect(try await h.appliedMigrations(of: reopened) == allMigrationIds)
            #expect(try await reopened.listRuns(limit: 10).count == 1)
        },
        StoreCase("a run moves queued → running → finished with timestamps and counts from its outcomes") { (h: StoreHandle) async throws in
            let store = h.store
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
            let all = try await store.items(runId: created.id, limit: 1)
            #expect(try await store.items(runId: created.id, outcome: nil, limit: 10, afterId: all.last?.id).map(\.outcome.odooTemplateId) == [3])
        },
        StoreCase("a run's timestamps are kept to the millisecond, and the last finished and last successful runs are found") { (h: StoreHandle) async throws in
            let store = h.store
            let created = Date(timeIntervalSince1970: 1_790_000_000.123)
            let run = try await store.createRun(kind: .orders, trigger: .schedule, request: .incremental, at: created)
            #expect(abs(run.createdAt.timeIntervalSince(created)) < 0.0005 && run.kind == .orders && run.trigger == .schedule)
            try await store.markRunning(id: run.id, at: created.addingTimeInterval(1))
            let finished = try #require(try await store.finishRun(id: run.id, status: .succeeded, error: "e", errorClass: .retryable,
                                                                  at: created.addingTimeInterval(2.5)))
            #expect(abs(try #require(finished.startedAt).timeIntervalSince(created) - 1) < 0.0005)
            #expect(abs(try #require(finished.finishedAt).timeIntervalSince(created) - 2.5) < 0.0005)
            #expect(finished.durationMs == 1500 && finished.error == "e" && finished.errorClass == .retryable)
            let dry = try await store.createRun(trigger: .api, request: SyncRequest(mode: .full, productIds: [], dryRun: true))
            try await store.finishRun(id: dry.id, status: .succeeded)
            #expect(try await store.lastFinishedRun()?.id == dry.id)
            #expect(try await store.lastSuccessfulRun()?.id == run.id)
            try await store.requestCancel(id: dry.id)
            #expect(try await store.run(id: dry.id)?.cancelRequested == true)
            #expect(try await store.run(id: 9_999) == nil)
        },
        StoreCase("runs list newest first with a cursor and filters") { (h: StoreHandle) async throws in
            let store = h.store
            var ids: [Int64] = []
            for index in 0..<5 {
                ids.append(try await store.createRun(trigger: index.isMultiple(of: 2) ? .api : .schedule, request: .incremental).id)
            }
            let first = try await store.listRuns(limit: 2)
            #expect(first.map(\.id) == [ids[4], ids[3]])
            let second = try await store.listRuns(status: nil, trigger: nil, kind: nil, limit: 2, beforeId: first.last!.id)
            #expect(second.map(\.id) == [ids[2], ids[1]])
            let scheduled = try await store.listRuns(trigger: .schedule, limit: 10)
            #expect(scheduled.map(\.id) == [ids[3], ids[1]])
            #expect(try await store.listRuns(status: .running, limit: 10).isEmpty)
            #expect(try await store.listRuns(status: .queued, trigger: .api, kind: .catalogue, limit: 10).map(\.id) == [ids[4], ids[2], ids[0]])
        },
        StoreCase("after a crash, runs left running become interrupted with the reason; queued runs stay queued") { (h: StoreHandle) async throws in
            let running = try await h.store.createRun(trigger: .api, request: .full)
            try await h.store.markRunning(id: running.id)
            let queued = try await h.store.createRun(trigger: .api, request: .incremental)
            let restarted = try await h.reopen()
            let interrupted = try await restarted.interruptOrphanedRuns(reason: "process stopped while the run was in progress")
            #expect(interrupted == [running.id])
            let run = try #require(try await restarted.run(id: running.id))
            #expect(run.status == .interrupted)
            #expect(run.error == "process stopped while the run was in progress")
            #expect(try await restarted.runs(withStatus: .queued).map(\.id) == [queued.id])
        },
        StoreCase("retention keeps the newest finished runs and never deletes queued or running ones") { (h: StoreHandle) async throws in
            let store = h.store
            var ids: [Int64] = []
            for _ in 0..<6 {
                let run = try await store.createRun(trigger: .api, request: .incremental)
                try await store.appendOutcomes(runId: run.id, [ProductOutcome(odooTemplateId: 1, kind: .unchanged)])
                try await store.finishRun(id: run.id, status: .succeeded)
                ids.append(run.id)
            }
            let queued = try await store.createRun(trigger: .api, request: .full)
            let deleted = try await store.applyRetention(keep: 2)
            #expect(deleted == 4)
            #expect(try await store.listRuns(limit: 10).map(\.id) == [queued.id, ids[5], ids[4]])
            #expect(try await store.items(runId: ids[0], limit: 10).isEmpty)
        },
        StoreCase("a queued run's request can be widened by coalescing; a running one cannot") { (h: StoreHandle) async throws in
            let store = h.store
            let run = try await store.createRun(trigger: .webhook, request: .targeted([1]))
            try await store.updateQueuedRequest(id: run.id, request: .targeted([1, 2]))
            #expect(try await store.run(id: run.id)?.request.productIds == [1, 2])
            try await store.markRunning(id: run.id)
            try await store.updateQueuedRequest(id: run.id, request: .full)
            #expect(try await store.run(id: run.id)?.request.mode == .targeted)
        },
        StoreCase("an order's run items are found by its Medusa id and subject, newest first") { (h: StoreHandle) async throws in
            let store = h.store
            let run = try await store.createRun(kind: .orders, trigger: .webhook, request: .incremental)
            try await store.appendOutcomes(runId: run.id, [
                ProductOutcome(odooTemplateId: 0, kind: .created, medusaProductId: "order_1", subject: .order),
                ProductOutcome(odooTemplateId: 0, kind: .updated, medusaProductId: "order_2", subject: .order),
                ProductOutcome(odooTemplateId: 0, kind: .updated, medusaProductId: "order_1", subject: .order),
                ProductOutcome(odooTemplateId: 4, kind: .created, medusaProductId: "order_1"),
            ])
            let items = try await store.items(medusaId: "order_1", subjects: [.order], limit: 10)
            #expect(items.map(\.outcome.kind) == [.updated, .created])
            #expect(try await store.items(medusaId: "order_1", subjects: [.order, .product], limit: 1).map(\.outcome.odooTemplateId) == [4])
            #expect(try await store.items(medusaId: "order_1", subjects: [], limit: 10).isEmpty)
        },
        StoreCase("bindings upsert, a cursor advances, and a wipe forgets both") { (h: StoreHandle) async throws in
            let store = h.store
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
        },
        StoreCase("a binding given twice in one save keeps the last; a page of outcomes keeps its order") { (h: StoreHandle) async throws in
            try await h.store.saveBindings([
                ProductBinding(templateId: 4, productId: "prod_4", state: .written(hash: "first")).binding,
                VariantBinding(odooVariantId: 4, medusaVariantId: "variant_4", productId: "prod_4").binding,
                ProductBinding(templateId: 4, productId: "prod_4", state: .written(hash: "last")).binding,
            ])
            #expect(try await h.store.bindings(ProductBinding.self, odooIds: [4])[4]?.state == .written(hash: "last"))
            #expect(try await h.store.allBindings(VariantBinding.self).count == 1)
            let run = try await h.store.createRun(trigger: .api, request: .full)
            let outcomes = (1...300).map { ProductOutcome(odooTemplateId: 301 - $0, kind: $0.isMultiple(of: 3) ? .failed : .created,
                                                          title: $0.isMultiple(of: 2) ? nil : "T\($0)") }
            try await h.store.appendOutcomes(runId: run.id, outcomes)
            let items = try await h.store.items(runId: run.id, limit: 1_000)
            #expect(items.map(\.outcome) == outcomes)
            #expect(items.map(\.id) == items.map(\.id).sorted())
            #expect(try await h.store.run(id: run.id)?.counts.failed == 100)
        },
        StoreCase("large id lists are looked up in full") { (h: StoreHandle) async throws in
            try await h.store.saveBindings((1...1_500).map { ProductBinding(templateId: $0, productId: "prod_\($0)", state: .written(hash: nil)) })
            #expect(try await h.store.bindings(kind: .product, odooIds: Array(1...1_600)).count == 1_500)
        },
        StoreCase("schedule state survives a reopen at millisecond precision") { (h: StoreHandle) async throws in
            let fired = Date(timeIntervalSince1970: 1_790_000_000.123)
            #expect(try await h.store.claimFire(schedule: "default", at: fired, slot: fired, replica: "r1"))
            let reopened = try await h.reopen()
            let stored = try #require(try await reopened.lastFireTime(schedule: "default"))
            #expect(abs(stored.timeIntervalSince(fired)) < 0.001)
            #expect(try await reopened.lastFireTime(schedule: "other") == nil)
        },
        StoreCase("a first start records its time unless a fire is recorded; a slot is fired once and logged") { (h: StoreHandle) async throws in
            let store = h.store
            let t0 = Date(timeIntervalSince1970: 1_790_000_000)
            #expect(try await store.recordFirstStart(schedule: "s", at: t0) == t0)
            #expect(try await store.recordFirstStart(schedule: "s", at: t0.addingTimeInterval(60)) == t0)
            #expect(try await store.claimFire(schedule: "s", at: t0.addingTimeInterval(3601), slot: t0.addingTimeInterval(3600), replica: "a"))
            #expect(try await store.claimFire(schedule: "s", at: t0.addingTimeInterval(3602), slot: t0.addingTimeInterval(3600), replica: "b") == false)
            #expect(try await store.claimFire(schedule: "s", at: t0.addingTimeInterval(7200), slot: t0.addingTimeInterval(7200), replica: "b"))
            #expect(try await store.fireLog(schedule: "s", limit: 10)
                    == [ScheduleFire(schedule: "s", firedAt: t0.addingTimeInterval(3601), replica: "a"),
                        ScheduleFire(schedule: "s", firedAt: t0.addingTimeInterval(7200), replica: "b")])
            #expect(try await store.lastFireTime(schedule: "s") == t0.addingTimeInterval(7200))
        },
        StoreCase("memos survive a reopen, are replaced, removed with nil, and wiped with the bindings") { (h: StoreHandle) async throws in
            let store = h.store
            #expect(try await store.memo(SyncMemo.odooSession) == nil)
            try await store.saveMemo(SyncMemo.odooSession, value: "first")
            try await store.saveMemo(SyncMemo.odooSession, value: "second")
            try await store.saveMemo(SyncMemo.setupReadAt, value: "1790000000.5")
            let reopened = try await h.reopen()
            #expect(try await reopened.memo(SyncMemo.odooSession) == "second")
            try await reopened.saveMemo(SyncMemo.odooSession, value: nil)
            #expect(try await reopened.memo(SyncMemo.odooSession) == nil)
            #expect(try await reopened.memo(SyncMemo.setupReadAt) == "1790000000.5")
            try await reopened.wipeBindingsAndCursors()
            #expect(try await reopened.memo(SyncMemo.setupReadAt) == nil)
        },
        StoreCase("order links, contact links and pending orders round-trip, money exactly") { (h: StoreHandle) async throws in
            let store = h.store
            let t0 = Date(timeIntervalSince1970: 1_780_000_000)
            let first = OrderLink(medusaOrderId: "order_b", medusaDisplayId: 2, odooOrderId: 37, odooOrderName: "S00037", state: .sent,
                                  currencyCode: "eur", medusaTotal: Decimal(string: "840.40")!, odooTotal: nil, message: nil, updatedAt: t0)
            var second = first
            second.medusaOrderId = "order_a"; second.odooOrderId = 38; second.odooTotal = Decimal(string: "840.4"); second.message = "m"
            try await store.saveOrderLinks([first, second])
            #expect(try await store.orderLinks(medusaOrderIds: ["order_a", "order_b", "order_x"]) == ["order_a": second, "order_b": first])
            #expect(try await store.recentOrderLinks(limit: 10) == [second, first])
            try await store.saveContactLinks(["cus_1": 7, "cus_2": 8])
            try await store.saveContactLinks(["cus_1": 9])
            #expect(try await store.contactLinks(customerIds: ["cus_1", "cus_2", "cus_3"]) == ["cus_1": 9, "cus_2": 8])
            try await store.savePendingOrders([PendingOrder(medusaOrderId: "order_z", reason: "unpaid", firstSeenAt: t0),
                                               PendingOrder(medusaOrderId: "order_y", reason: "unpaid", firstSeenAt: t0, attempts: 1)])
            try await store.savePendingOrders([PendingOrder(medusaOrderId: "order_z", reason: "503", firstSeenAt: t0.addingTimeInterval(9), attempts: 2)])
            #expect(try await store.pendingOrders() == [PendingOrder(medusaOrderId: "order_y", reason: "unpaid", firstSeenAt: t0, attempts: 1),
                                                        PendingOrder(medusaOrderId: "order_z", reason: "503", firstSeenAt: t0, attempts: 2)])
            try await store.removePendingOrders(ids: ["order_y"])
            #expect(try await store.pendingOrders().map(\.medusaOrderId) == ["order_z"])
        },
    ]

    @Test("SQLite store", arguments: cases)
    func sqlite(_ storeCase: StoreCase) async throws {
        try await StoreKind.sqlite.withStores(storeCase.body)
    }

    // Skipped (and reported as skipped) when TEST_DATABASE_URL is unset; scripts/with-test-postgres.sh sets it.
    @Test("PostgreSQL store", .enabled(if: TestDatabase.isConfigured, TestDatabase.skipReason), arguments: cases)
    func postgresql(_ storeCase: StoreCase) async throws {
        try await StoreKind.postgresql.withStores(storeCase.body)
    }

    @Test("opening an empty path creates the directory, the file, WAL mode and every migration")
    func migratesFromEmpty() async throws {
        let path = temporaryPath()
        let store = try SQLiteRunStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try store.journalMode() == "wal")
        #expect(try store.appliedMigrations() == allMigrationIds)
        #expect(try await store.integrityCheck() == "ok")
    }

    @Test("a database made before the memo table gets it on open, keeping its runs and cursors")
    func migratesV1Database() async throws {
        // The real v1 schema: the migrator stopped before v2.
        let path = try await olderDatabase(upTo: "v1-runs-bindings-cursors",
            sql: "INSERT INTO cursor (stream, writeDate, recordId, updatedAtMs) VALUES ('product.template', '2026-01-02 03:04:05', 7, 0)")
        let store = try SQLiteRunStore(path: path)
        #expect(try store.appliedMigrations() == allMigrationIds)
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
