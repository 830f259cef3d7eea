import Foundation
import PostgresNIO
import RunStore

/// PostgreSQL as `migrate-store`'s target. A page of rows goes in as one statement: the rows as a JSON array,
/// spread into the table's row type by `json_populate_recordset`, which casts each value to its column's type
/// (SQLite's 0/1 booleans are sent as JSON booleans). Column names are lower case here (unquoted identifiers).
extension PostgresRunStore: StoreCopyTarget {
    public func storedRowCount() async throws -> Int {
        var total = 0
        for table in StoreTable.all {
            let rows = try await read(PostgresQuery(unsafeSQL: "SELECT count(*) AS n FROM \(table.name)"))
            total += try rows.first.map { try Columns($0).int("n") } ?? 0
        }
        return total
    }

    public func insertCopiedRows(_ rows: [[StoreValue]], into table: StoreTable) async throws {
        guard !rows.isEmpty else { return }
        let objects: [[String: Any]] = rows.map { row in
            var object: [String: Any] = [:]
            for (column, value) in zip(table.columns, row) {
                object[column.lowercased()] = Self.jsonValue(value, boolean: table.booleanColumns.contains(column))
            }
            return object
        }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: objects), as: UTF8.self)
        let columns = table.columns.joined(separator: ", ")
        var query = PostgresQuery(unsafeSQL: """
            INSERT INTO \(table.name) (\(columns)) SELECT \(columns) FROM json_populate_recordset(NULL::\(table.name), $1::json)
            """)
        query.binds.append(json)
        _ = try await read(query)
    }

    /// Identity sequences continue after the copied ids, or the next run would collide with a copied one.
    public func finishCopy() async throws {
        for table in StoreTable.all {
            guard let column = table.serialColumn else { continue }
            _ = try await read(PostgresQuery(unsafeSQL: """
                SELECT setval(pg_get_serial_sequence('\(schema).\(table.name)', '\(column.lowercased())'),
                              COALESCE((SELECT max(\(column)) FROM \(table.name)), 0) + 1, false)
                """))
        }
    }

    private static func jsonValue(_ value: StoreValue, boolean: Bool) -> Any {
        switch value {
        case .null: NSNull()
        case .integer(let integer): boolean ? (integer != 0) : NSNumber(value: integer)
        case .real(let real): NSNumber(value: real)
        case .text(let text): text
        }
    }
}
