import Foundation
import Logging
import NIOSSL
import PostgresNIO
import RunStore
import SyncCore

/// The shared `RunStore` (`DATABASE_URL`): the SQLite store's tables in a schema of our own in a PostgreSQL database,
/// so several replicas keep one history and one queue. Coordination (run lease, `exclusively`, schedule fires) uses
/// the database — its clock (`now()`), row locks and advisory locks — never a replica's clock or memory.
///
/// Every call is its own statement or transaction, like `SQLiteRunStore`; dates are milliseconds in BIGINT columns and
/// lists are JSON text, exactly as there, so the two stores read the same.
public final class PostgresRunStore: RunStore {
    /// The schema a service uses unless `DATABASE_SCHEMA` names another.
    public static let defaultSchema = "odoo_medusa_sync"
    /// The one run lease's row in `runLease`.
    static let leaseName = "run"

    public let description: StoreDescription
    public let schema: String
    let client: PostgresClient
    let logger: Logger
    /// Runs `client.run()`: PostgresNIO's pool only hands out connections while it runs, and the store is used from
    /// the moment it is opened (migrations), before any service group exists — so the store owns it, and
    /// `shutdown()` ends it (closing every connection, which also drops any advisory lock still held).
    private let runTask: Task<Void, Never>
    /// Where this replica's callers of `exclusively` queue before one of them takes the database's lock.
    let processLocks = ProcessLocks()

    /// Connects, creates `schema` if absent and applies the migrations it lacks. Throws a `RunStoreError` when the
    /// schema name is not a plain identifier, or the database cannot be migrated or does not answer within
    /// `openTimeout` (PostgresNIO's pool retries a refused or failing connection without end, so a wrong host,
    /// port or password would otherwise hang the start).
    public init(url: PostgresURL, schema: String = PostgresRunStore.defaultSchema,
                logger: Logger = Logger(label: "odoo-medusa-sync.store"), openTimeout: Duration = .seconds(15)) async throws {
        guard Self.isPlainIdentifier(schema) else {
            throw RunStoreError(message: "DATABASE_SCHEMA '\(schema)' must be a lower-case identifier: letters a-z, digits and _, at most 63 characters, not starting with a digit")
        }
        self.schema = schema
        self.logger = logger
        description = StoreDescription(engine: .postgresql, location: "\(url.location) schema \(schema)")

        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: Self.tls(for: url.sslMode))
        // Every query names its tables unqualified: the connection's search path is our schema (then pg_catalog).
        configuration.options.additionalStartupParameters = [("search_path", schema)]
        configuration.options.connectTimeout = openTimeout
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        let runTask = Task { await client.run() }
        self.runTask = runTask
        let location = url.location
        do {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask { try await self.migrate(); return true }
                group.addTask { try await Task.sleep(for: openTimeout); return false }
                let migrated = try await group.next() ?? false
                // Closing the pool fails a lease still waiting for a connection, so the migration task ends too.
                if !migrated { runTask.cancel() }
                group.cancelAll()
                guard migrated else {
                    throw RunStoreError(message: "PostgreSQL at \(location) did not answer within \(openTimeout) (refused, unreachable, TLS or authentication failing: the log has PostgresNIO's connection errors)")
                }
            }
        } catch {
            runTask.cancel()
            throw Self.storeError(error)
        }
    }

    /// Closes the connections (ends `client.run()`); the store is unusable afterwards. The service calls it on
    /// shutdown, tests at their end.
    public func shutdown() async {
        runTask.cancel()
        await runTask.value
    }

    deinit { runTask.cancel() }

    /// libpq's sslmode as PostgresNIO's TLS — stricter than libpq where libpq would skip a check: this service never
    /// turns certificate verification off (a store connection carries the database password and every binding).
    /// `disable`: plain text (a private network). `allow` and `prefer`: TLS when the server offers it, verified, else
    /// plain text. `require`, `verify-ca` and `verify-full`: TLS, the chain and the host name verified against the
    /// system's roots. A server with a self-signed certificate therefore needs a trusted certificate, or `disable` on
    /// a private network (docs/scaling.md).
    static func tls(for mode: PostgresURL.SSLMode) -> PostgresClient.Configuration.TLS {
        let verified = TLSConfiguration.makeClientConfiguration()  // full verification: chain and host name
        switch mode {
        case .disable: return .disable
        case .allow, .prefer: return .prefer(verified)
        case .require, .verifyCA, .verifyFull: return .require(verified)
        }
    }

    /// A schema name we accept: it is spliced into DDL (identifiers cannot be bound), so only plain ones.
    public static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 63,
              first == "_" || ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    /// The advisory-lock key text of a named lock in this schema: replicas on other schemas of the same database do
    /// not exclude each other.
    func lockKey(_ name: String) -> String { "odoo_medusa_sync:\(schema):\(name)" }

    // MARK: Migrations

    /// Creates the schema and applies the missing migrations in one transaction holding a transaction-level advisory
    /// lock, so replicas starting together wait for each other instead of racing on `CREATE TABLE`.
    private func migrate() async throws {
        let schema = self.schema
        let key = lockKey("migrations")
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(key)))", logger: self.logger)
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: self.logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, appliedAt TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: self.logger)
            let applied = Set(try await connection.rows("SELECT id FROM schema_migrations", self.logger)
                .map { try Columns($0).text("id") })
            for migration in PostgresMigrations.all where !applied.contains(migration.id) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                }
                try await connection.query("INSERT INTO schema_migrations (id) VALUES (\(migration.id))", logger: self.logger)
            }
        }
    }

    /// The applied migration identifiers, in the order they were written.
    public func appliedMigrations() async throws -> [String] {
        let ids = try await read("SELECT id FROM schema_migrations").map { row in try Columns(row).text("id") }
        let order = Dictionary(uniqueKeysWithValues: PostgresMigrations.all.enumerated().map { ($1.id, $0) })
        return ids.sorted { (order[$0] ?? .max, $0) < (order[$1] ?? .max, $1) }
    }

    /// Drops the schema and everything in it (tests and the benchmark: each uses a schema of its own).
    public func dropSchema() async throws {
        _ = try await read(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"))
    }

    /// `SELECT 1`: true while the database answers (the health monitor and `/health/ready`).
    public func isHealthy() async -> Bool {
        do {
            return try await read("SELECT 1 AS one").first.map { try Columns($0).int("one") } == 1
        } catch {
            return false
        }
    }

    // MARK: Statements

    /// Rows of one statement on any pooled connection.
    func read(_ query: PostgresQuery) async throws -> [PostgresRow] {
        do {
            return try await client.query(query, logger: logger).collect()
        } catch {
            throw Self.storeError(error)
        }
    }

    /// `body` in one transaction on one pooled connection: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// `INSERT INTO table (columns) …` of many rows as one statement: the rows as a JSON array (keys: the columns in
    /// lower case), spread into the table's row type by `json_populate_recordset`, which casts each value to its
    /// column's type; inserted in the array's order (`WITH ORDINALITY`), so identity ids follow it. `then` is an
    /// `ON CONFLICT` clause or empty.
    static func jsonInsert(into table: String, columns: [String], rows: [[String: Any]], then: String = "") throws -> PostgresQuery {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: rows), as: UTF8.self)
        let list = columns.joined(separator: ", ")
        let selected = columns.map { "r.\($0)" }.joined(separator: ", ")
        var query = PostgresQuery(unsafeSQL: """
            INSERT INTO \(table) (\(list))
            SELECT \(selected) FROM json_populate_recordset(NULL::\(table), $1::json) WITH ORDINALITY AS r
            ORDER BY r.ordinality \(then)
            """)
        query.binds.append(json)
        return query
    }

    /// An optional value for `JSONSerialization` (nil is JSON null).
    static func json(_ value: (any Sendable)?) -> Any { value ?? NSNull() }

    /// A database failure as the store's typed error, with the server's message (PostgresNIO's own description hides
    /// it so as not to leak data; ours names the statement's failure, never bound values or the password).
    static func storeError(_ error: any Error) -> any Error {
        switch error {
        case is RunStoreError, is CancellationError:
            return error
        case let transaction as PostgresTransactionError:
            if let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError {
                return storeError(inner)
            }
            return RunStoreError(message: "PostgreSQL transaction failed")
        case let psql as PSQLError:
            if let info = psql.serverInfo {
                let state = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                return RunStoreError(message: "PostgreSQL: \(info[.message] ?? "error")\(state)")
            }
            let underlying = psql.underlying.map { ": \($0)" } ?? ""
            return RunStoreError(message: "PostgreSQL \(psql.code)\(underlying)")
        default:
            return RunStoreError(message: "PostgreSQL: \(error)")
        }
    }
}

extension PostgresConnection {
    /// Rows of one statement on this connection (inside a transaction or a leased session).
    func rows(_ query: PostgresQuery, _ logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }
}

/// Typed access to a row's columns by their SQLite names (PostgreSQL folded them to lower case).
struct Columns {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }

    func value<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try row[name.lowercased()].decode(T.self)
    }

    func int(_ name: String) throws -> Int { try value(name) }
    func optionalInt(_ name: String) throws -> Int? { try value(name) }
    func int64(_ name: String) throws -> Int64 { try value(name) }
    func optionalInt64(_ name: String) throws -> Int64? { try value(name) }
    func text(_ name: String) throws -> String { try value(name) }
    func optionalText(_ name: String) throws -> String? { try value(name) }
    func bool(_ name: String) throws -> Bool { try value(name) }
    /// A millisecond column as a date (the epoch when absent, as the SQLite store reads it).
    func date(_ name: String) throws -> Date { PostgresRunStore.date(try optionalInt64(name)) ?? Date(timeIntervalSince1970: 0) }
    func optionalDate(_ name: String) throws -> Date? { PostgresRunStore.date(try optionalInt64(name)) }
}

extension PostgresRunStore {
    static func ms(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ ms: Int64?) -> Date? { ms.map { Date(timeIntervalSince1970: Double($0) / 1000) } }
}
