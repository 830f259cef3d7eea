/// `migrate-store`: every table of one store copied into an empty other one, page by page, ids kept — bindings,
/// cursors, memos, retry state, links and run history — so a deployment moves from SQLite to PostgreSQL without a
/// resync. It refuses a target that holds anything: merging two histories would mix ids and bindings.
public enum StoreCopy {
    /// Rows copied per table, in `StoreTable.all` order.
    public struct Report: Sendable, Equatable {
        public var tables: [(name: String, rows: Int)] = []
        public var total: Int { tables.reduce(0) { $0 + $1.rows } }

        public static func == (a: Report, b: Report) -> Bool {
            a.tables.map(\.name) == b.tables.map(\.name) && a.tables.map(\.rows) == b.tables.map(\.rows)
        }
    }

    public static func copy(from source: any StoreCopySource, to target: any StoreCopyTarget,
                            pageSize: Int = 1_000) async throws -> Report {
        let existing = try await target.storedRowCount()
        guard existing == 0 else {
            throw RunStoreError(message: "the target store already holds \(existing) rows: migrate-store copies only into an empty store (a new database or schema)")
        }
        var report = Report()
        for table in StoreTable.all {
            var copied = 0
            var position: Int64?
            repeat {
                let page = try await source.copyRows(of: table, after: position, limit: pageSize)
                try await target.insertCopiedRows(page.rows, into: table)
                copied += page.rows.count
                position = page.next
            } while position != nil
            report.tables.append((table.name, copied))
        }
        try await target.finishCopy()
        return report
    }
}
