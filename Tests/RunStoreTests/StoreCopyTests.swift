import Foundation
import GRDB
import SyncCore
import Testing

@testable import RunStore

/// `migrate-store`'s copy: the table list matches the schema, and a store filled through its own API comes out of a
/// copy identical, row for row.
@Suite("Store copy")
struct StoreCopyTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("copy-\(UUID().uuidString)/sync.sqlite").path
    }

    @Test("the copied tables and columns are exactly the SQLite schema's (a new migration's columns are not forgotten)")
    func tableListMatchesTheSchema() async throws {
        let store = try SQLiteRunStore()
        let schema = try await store.writer.read { db -> [String: Set<String>] in
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'
                """)
            return try Dictionary(uniqueKeysWithValues: tables.map { table in
                (table, Set(try db.columns(in: table).map(\.name)))
            })
        }
        let listed = Dictionary(uniqueKeysWithValues: StoreTable.all.map { ($0.name, Set($0.columns)) })
        #expect(listed == schema)
    }

    @Test("a filled store copied into an empty one is identical table by table; a second copy into it is refused")
    func copyIsExact() async throws {
        let source = try SQLiteRunStore(path: Self.temporaryPath())
        try await StoreContent.fill(source)
        let target = try SQLiteRunStore(path: Self.temporaryPath())
        let report = try await StoreCopy.copy(from: source, to: target, pageSize: 2)
        #expect(report.tables.map(\.name) == StoreTable.all.map(\.name))
        #expect(report.tables.allSatisfy { $0.rows > 0 }, "the fill reaches every table: \(report.tables)")
        for table in StoreTable.all {
            #expect(try await StoreContent.rows(of: table, in: source) == StoreContent.rows(of: table, in: target), "\(table.name)")
        }
        #expect(try await target.run(id: 1) == source.run(id: 1))
        await #expect(throws: RunStoreError.self) { try await StoreCopy.copy(from: source, to: target) }
    }
}

extension StoreCopyTests {
    @Test("a filled SQLite store copied into SQLite reads the same through the store protocol")
    func copyIntoSQLiteReadsTheSame() async throws {
        try await copyReadsTheSame(into: .sqlite)
    }

    @Test("a filled SQLite store copied into PostgreSQL reads the same through the store protocol",
          .enabled(if: TestDatabase.isConfigured, TestDatabase.skipReason))
    func copyIntoPostgreSQLReadsTheSame() async throws {
        try await copyReadsTheSame(into: .postgresql)
    }

    func copyReadsTheSame(into kind: StoreKind) async throws {
        let source = try SQLiteRunStore(path: Self.temporaryPath())
        try await StoreContent.fill(source)
        try await kind.withStores { handle in
            let copied = try await StoreCopy.copy(from: source, to: try #require(handle.store as? any StoreCopyTarget))
            #expect(copied.total >= StoreTable.all.count)
            #expect(try await StoreContent.view(of: handle.store) == StoreContent.view(of: source))
            let next = try await handle.store.createRun(trigger: .api, request: .incremental)
            #expect(next.id == 3, "identity sequences continue after the copied runs")
        }
    }
}

/// A store filled through its own API: at least one row in every table, two where paging matters.
enum StoreContent {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000.25)

    static func fill(_ store: any RunStore) async throws {
        let first = try await store.createRun(kind: .catalogue, trigger: .api, request: .targeted([3, 4], dryRun: true), at: t0)
        try await store.markRunning(id: first.id, at: t0)
        try await store.recordProgress(id: first.id, progress: RunProgress(phase: "products", done: 1, total: 2))
        try await store.appendOutcomes(runId: first.id, [
            ProductOutcome(odooTemplateId: 3, kind: .created, medusaProductId: "prod_3", title: "Desk"),
            ProductOutcome(odooTemplateId: 4, kind: .failed, title: "Chair", message: "500", failureClass: .retryable,
                           system: "medusa", plannedChanges: [FieldChange(path: "title", from: "a", to: "b")]),
            ProductOutcome(odooTemplateId: 0, kind: .created, medusaProductId: "order_1", title: "#1", subject: .order),
        ])
        try await store.requestCancel(id: first.id)
        _ = try await store.finishRun(id: first.id, status: .partiallyFailed, error: "1 failed", errorClass: .retryable,
                                      at: t0.addingTimeInterval(2))
        _ = try await store.createRun(kind: .orders, trigger: .schedule, request: .incremental, at: t0.addingTimeInterval(3))
        _ = try await store.claimNextRun(replica: "replica-a", lease: .seconds(60), at: t0.addingTimeInterval(4))
        try await store.releaseLease(replica: "replica-a")
        try await store.saveBindings([
            ProductBinding(templateId: 3, productId: "prod_3", state: .written(hash: "h3")).binding,
            VariantBinding(odooVariantId: 31, medusaVariantId: "variant_31", productId: "prod_3").binding,
        ])
        try await store.advanceCursor(stream: .templates, to: ModelCursor(writeDate: OdooDateTime("2026-06-01 08:00:00")!, id: 9))
        try await store.saveMemo(.ordersSince, value: "2026-06-01T00:00:00.000Z")
        _ = try await store.recordFirstStart(schedule: "default", at: t0)
        #expect(try await store.claimFire(schedule: "default", at: t0.addingTimeInterval(60), slot: t0.addingTimeInterval(60),
                                          replica: "replica-a"))
        try await store.saveRetryItems([RetryItem(
            kind: .product, odooId: 4, title: "Chair", attempts: 2, lastError: "500", errorClass: .retryable, system: "medusa",
            firstFailedAt: t0, lastFailedAt: t0.addingTimeInterval(5), nextAttemptAt: t0.addingTimeInterval(65),
            odooWriteDate: OdooDateTime("2026-06-01 08:00:00"))])
        try await store.saveOrderLinks([OrderLink(
            medusaOrderId: "order_1", medusaDisplayId: 1, odooOrderId: 51, odooOrderName: "S00051", state: .sent,
            currencyCode: "eur", medusaTotal: Decimal(string: "840.40")!, odooTotal: Decimal(string: "840.4"),
            message: nil, updatedAt: t0)])
        try await store.saveContactLinks(["cus_1": 77])
        try await store.savePendingOrders([PendingOrder(medusaOrderId: "order_2", reason: "payment not captured", firstSeenAt: t0)])
        try await store.saveDeliveryLinks([DeliveryLink(
            pickingId: 81, pickingName: "WH/OUT/00081", odooOrderId: 51, medusaOrderId: "order_1", fulfilmentId: "ful_1",
            state: .shipped, trackingNumber: "TRK1", message: nil, updatedAt: t0)])
        try await store.savePendingDeliveries([PendingDelivery(pickingId: 82, reason: "Medusa did not answer", firstSeenAt: t0)])
    }

    /// What a store holds, read through the protocol (works for any store, not only a copy source).
    static func view(of store: any RunStore) async throws -> [String] {
        var lines: [String] = []
        let runs = try await store.listRuns(limit: 100)
        lines.append("runs \(runs)")
        for run in runs { lines.append("items \(run.id) \(try await store.items(runId: run.id, limit: 100))") }
        for kind in Binding.Kind.allCases { lines.append("bindings \(kind) \(try await store.allBindings(kind: kind))") }
        for stream in SyncStream.allCases { lines.append("cursor \(stream) \(String(describing: try await store.cursor(stream: stream)))") }
        for memo in SyncMemo.allCases { lines.append("memo \(memo) \(String(describing: try await store.memo(memo)))") }
        lines.append("retry \(try await store.allRetryItems())")
        lines.append("orders \(try await store.recentOrderLinks(limit: 100))")
        lines.append("contacts \(try await store.contactLinks(customerIds: ["cus_1", "cus_2"]).sorted { $0.key < $1.key })")
        lines.append("pending orders \(try await store.pendingOrders())")
        lines.append("deliveries \(try await store.deliveryLinks(medusaOrderIds: ["order_1"]))")
        lines.append("pending deliveries \(try await store.pendingDeliveries())")
        lines.append("last fire \(String(describing: try await store.lastFireTime(schedule: "default")))")
        lines.append("fires \(try await store.fireLog(schedule: "default", limit: 10))")
        return lines
    }

    /// Every row of a table as copied, in key order (what a copy must keep).
    static func rows(of table: StoreTable, in store: any StoreCopySource) async throws -> [[StoreValue]] {
        var rows: [[StoreValue]] = []
        var position: Int64?
        repeat {
            let page = try await store.copyRows(of: table, after: position, limit: 100)
            rows += page.rows
            position = page.next
        } while position != nil
        return rows.sorted { "\($0)" < "\($1)" }
    }
}
