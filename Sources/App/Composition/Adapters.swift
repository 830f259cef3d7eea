import HTTPTransport
import Logging
import MedusaClient
import OdooClient
import PostgresRunStore
import RunStore
import SyncCore

/// The one place the adapters — the run store, the HTTP transports, the Odoo and Medusa clients — are constructed.
/// `ServiceBuilder` calls these for the service and the CLI, and the benchmark for its measured phases, so what is
/// measured is built as the service builds it.
public enum Adapters {
    /// The configured store: PostgreSQL when `DATABASE_URL` is set (replicas share it), else the SQLite file at
    /// `DATABASE_PATH`. A malformed `DATABASE_URL` throws rather than quietly using the file.
    public static func openStore(configuration: AppConfiguration, logger: Logger) async throws -> any RunStore {
        if let problem = configuration.databaseProblem { throw RunStoreError(message: problem) }
        if let url = configuration.databaseURL {
            if !url.ignoredParameters.isEmpty {
                logger.warning("DATABASE_URL parameters not used (only sslmode is)", metadata: [
                    "parameters": "\(url.ignoredParameters.joined(separator: ","))",
                ])
            }
            return try await PostgresRunStore(url: url, schema: configuration.databaseSchema, logger: logger)
        }
        return try openStore(path: configuration.databasePath)
    }

    /// The PostgreSQL store at `databaseURL` in `schema` (created and migrated): the benchmark's PostgreSQL pass.
    public static func openStore(databaseURL: String, schema: String, logger: Logger) async throws -> any RunStore {
        let url: PostgresURL
        do { url = try PostgresURL(parsing: databaseURL) } catch { throw RunStoreError(message: error.description) }
        return try await PostgresRunStore(url: url, schema: schema, logger: logger)
    }

    /// Drops a schema the benchmark's PostgreSQL pass made (everything in it).
    public static func dropPostgresSchema(databaseURL: String, schema: String, logger: Logger) async throws {
        let store = try await PostgresRunStore(url: try PostgresURL(parsing: databaseURL), schema: schema, logger: logger)
        do {
            try await store.dropSchema()
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }

    /// The SQLite store at `path` (directory and file created, migrated).
    public static func openStore(path: String) throws -> any RunStore {
        try SQLiteRunStore(path: path)
    }

    /// A private in-memory store: tests, and the fallback when the configured file cannot be opened.
    public static func inMemoryStore() -> any RunStore {
        try! SQLiteRunStore()  // an in-memory SQLite database cannot fail to open short of memory exhaustion
    }

    /// The transport for calls to Odoo and Medusa (verified certificates, no redirects, bounded bodies).
    public static func apiTransport() -> any HTTPTransport {
        AsyncHTTPClientTransport.forAPICalls()
    }

    /// A plain transport for the container's health probe of the local service.
    public static func probeTransport() -> any HTTPTransport {
        AsyncHTTPClientTransport()
    }

    public static func odoo(_ configuration: OdooConfiguration, transport: any HTTPTransport, logger: Logger) -> OdooClient {
        OdooClient(configuration: configuration, transport: transport, logger: logger)
    }

    /// The Odoo server a remembered session (`SyncMemo.odooSession`) was made with, for `/health` at start-up.
    static func odooServer(inSessionMemo memo: String) -> OdooServerInfo? {
        OdooClient.serverInfo(inSessionMemo: memo)
    }

    public static func medusa(_ configuration: MedusaConfiguration, transport: any HTTPTransport, logger: Logger) -> MedusaClient {
        MedusaClient(configuration: configuration, transport: transport, logger: logger)
    }
}
