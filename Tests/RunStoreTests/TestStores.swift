import Foundation
import GRDB
import PostgresNIO
import Synchronization
import Testing

@testable import PostgresRunStore
@testable import RunStore

/// The PostgreSQL server the PostgreSQL cases use: `TEST_DATABASE_URL` (`scripts/with-test-postgres.sh` starts a
/// throw-away one and sets it; CI runs the tests under it). Unset, those cases are skipped — visibly, by
/// `.enabled(if: TestDatabase.isConfigured, …)` — rather than passing without having run.
enum TestDatabase {
    static let url: PostgresURL? = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { try? PostgresURL(parsing: $0) }
    static var isConfigured: Bool { url != nil }
    static let skipReason: Comment = "TEST_DATABASE_URL is unset: run under scripts/with-test-postgres.sh to test the PostgreSQL store"
}

/// Which store a shared test case runs against.
enum StoreKind: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgresql

    var testDescription: String { rawValue }

    /// A fresh, empty store of this kind, given to `body` and removed afterwards (SQLite: a new file; PostgreSQL: a
    /// new schema, dropped at the end whether the body passed or not).
    func withStores(_ body: (StoreHandle) async throws -> Void) async throws {
        let handle = try await StoreHandle(kind: self)
        do {
            try await body(handle)
        } catch {
            await handle.close()
            throw error
        }
        await handle.close()
    }
}

/// One test's database and the store instances opened on it.
final class StoreHandle: Sendable {
    let kind: StoreKind
    /// The first instance.
    let store: any RunStore
    private let path: String?
    private let schema: String?
    private let opened = Mutex<[PostgresRunStore]>([])

    init(kind: StoreKind) async throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory
                .appendingPathComponent("runstore-\(UUID().uuidString)/sync.sqlite").path
            self.path = path
            schema = nil
            store = try SQLiteRunStore(path: path)
        case .postgresql:
            let url = try #require(TestDatabase.url, "TEST_DATABASE_URL is unset")
            let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            self.schema = schema
            path = nil
            let store = try await PostgresRunStore(url: url, schema: schema)
            opened.withLock { $0.append(store) }
            self.store = store
        }
    }

    /// A new instance on the same data, as after a restart (SQLite: the file opened again; PostgreSQL: a new client
    /// on the schema, migrating again).
    func reopen() async throws -> any RunStore {
        switch kind {
        case .sqlite:
            return try SQLiteRunStore(path: try #require(path))
        case .postgresql:
            let store = try await PostgresRunStore(url: try #require(TestDatabase.url), schema: try #require(schema))
            opened.withLock { $0.append(store) }
            return store
        }
    }

    /// Another replica's view of the store: on PostgreSQL a second instance (its own connections), as a second
    /// process has; on SQLite the same object, since one process owns the file and coordinates in memory.
    func replica() async throws -> any RunStore {
        switch kind {
        case .sqlite: store
        case .postgresql: try await reopen()
        }
    }

    /// The applied migration ids of an instance of this handle's kind.
    func appliedMigrations(of store: any RunStore) async throws -> [String] {
        switch store {
        case let sqlite as SQLiteRunStore: try sqlite.appliedMigrations()
        case let postgres as PostgresRunStore: try await postgres.appliedMigrations()
        default: []
        }
    }

    /// The rows of a raw query on the first instance, every column read as text (cast it in the query): checks of
    /// what is stored, in SQL both engines accept.
    func texts(_ sql: String) async throws -> [[String?]] {
        switch store {
        case let sqlite as SQLiteRunStore:
            return try await sqlite.writer.read { db in
                try GRDB.Row.fetchAll(db, sql: sql).map { row in (0..<row.count).map { row[$0] as String? } }
            }
        case let postgres as PostgresRunStore:
            return try await postgres.read(PostgresQuery(unsafeSQL: sql)).map { row in
                try row.map { cell in try cell.decode(String?.self) }
            }
        default:
            return []
        }
    }

    /// Shuts the PostgreSQL instances down and drops the schema.
    func close() async {
        let stores = opened.withLock { stores in
            defer { stores.removeAll() }
            return stores
        }
        if let first = stores.first {
            try? await first.dropSchema()
        }
        for store in stores { await store.shutdown() }
    }
}

/// The migration ids both stores apply, in order.
let allMigrationIds = ["v1-runs-bindings-cursors", "v2-memos", "v3-run-kinds", "v4-retry-set", "v5-drift-corrected",
                       "v6-orders", "v7-pending-attempts", "v8-deliveries", "v9-replicas"]

/// A test body shared by both stores: each suite runs its cases once per store, the PostgreSQL run skipped visibly
/// when no server is configured.
struct StoreCase: Sendable, CustomTestStringConvertible {
    let name: String
    let body: @Sendable (StoreHandle) async throws -> Void

    init(_ name: String, _ body: @escaping @Sendable (StoreHandle) async throws -> Void) {
        self.name = name
        self.body = body
    }

    var testDescription: String { name }
}
