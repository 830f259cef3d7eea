import GRDB

/// SQLite as `migrate-store`'s source: every table read by rowid, a page at a time (tables can hold 100,000s of run
/// items), and as a target (the other direction, and tests).
extension SQLiteRunStore: StoreCopySource, StoreCopyTarget {
    public func copyRows(of table: StoreTable, after: Int64?, limit: Int) async throws -> StoreRowPage {
        let columns = table.columns.joined(separator: ", ")
        return try await writer.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT rowid, \(columns) FROM \(table.name) WHERE rowid > ? ORDER BY rowid LIMIT ?",
                arguments: [after ?? Int64.min, limit])
            let values = rows.map { row in (1...table.columns.count).map { Self.storeValue(row[$0] as DatabaseValue) } }
            return StoreRowPage(rows: values, next: rows.count < limit ? nil : rows.last?[0])
        }
    }

    public func storedRowCount() async throws -> Int {
        try await writer.read { db in
            try StoreTable.all.reduce(0) { total, table in
                total + (try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name)") ?? 0)
            }
        }
    }

    public func insertCopiedRows(_ rows: [[StoreValue]], into table: StoreTable) async throws {
        guard !rows.isEmpty else { return }
        try await writer.write { db in
            let statement = try db.makeStatement(sql: """
                INSERT INTO \(table.name) (\(table.columns.joined(separator: ", ")))
                VALUES (\(databaseQuestionMarks(count: table.columns.count)))
                """)
            for row in rows {
                try statement.execute(arguments: StatementArguments(row.map(Self.databaseValue)))
            }
        }
    }

    public func finishCopy() async throws {}

    static func storeValue(_ value: DatabaseValue) -> StoreValue {
        switch value.storage {
        case .null: .null
        case .int64(let integer): .integer(integer)
        case .double(let real): .real(real)
        case .string(let text): .text(text)
        case .blob(let data): .text(String(decoding: data, as: UTF8.self))
        }
    }

    static func databaseValue(_ value: StoreValue) -> DatabaseValue {
        switch value {
        case .null: .null
        case .integer(let integer): integer.databaseValue
        case .real(let real): real.databaseValue
        case .text(let text): text.databaseValue
        }
    }
}
