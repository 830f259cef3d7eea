import Foundation
import Logging
import PostgresRunStore
import RunStore

extension Commands {
    /// `migrate-store --from sqlite:PATH --to postgres://…`: moves an existing deployment's SQLite store into
    /// PostgreSQL — bindings, cursors, memos, retry state, links, schedule state and run history, ids kept — so it
    /// continues without a resync. The target schema is created and migrated; one that holds anything is refused.
    /// Prints what it copied, table by table.
    public static func migrateStore(from source: String, to target: String, schema: String? = nil) async throws {
        let path = try sqlitePath(source)
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure(exitCode: 66, message: "migrate-store: no SQLite store at \(path)")
        }
        let url: PostgresURL
        do { url = try PostgresURL(parsing: target) } catch {
            throw CommandFailure(exitCode: 64, message: "migrate-store --to: \(error)")
        }
        let schema = schema ?? PostgresRunStore.defaultSchema
        let from: SQLiteRunStore, to: PostgresRunStore
        do {
            from = try SQLiteRunStore(path: path)
            to = try await PostgresRunStore(url: url, schema: schema, logger: Logger(label: "odoo-medusa-sync.migrate-store"))
        } catch {
            throw CommandFailure(exitCode: 74, message: "migrate-store: \(error)")
        }
        do {
            let report = try await StoreCopy.copy(from: from, to: to)
            for table in report.tables { print("\(table.name)\t\(table.rows)") }
            print("copied \(report.total) rows from \(from.description) into \(to.description)")
        } catch {
            await to.shutdown()
            throw CommandFailure(exitCode: 1, message: "migrate-store: \(error)")
        }
        await to.shutdown()
    }

    /// `sqlite:PATH` (or a bare path) → the path.
    static func sqlitePath(_ source: String) throws -> String {
        let path = source.hasPrefix("sqlite:") ? String(source.dropFirst("sqlite:".count)) : source
        guard !path.isEmpty, !path.contains("://") else {
            throw CommandFailure(exitCode: 64, message: "migrate-store --from: use sqlite:/path/to/sync.sqlite")
        }
        return path
    }
}
