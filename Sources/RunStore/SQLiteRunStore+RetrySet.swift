import Foundation
import GRDB
import SyncCore

/// The retry set (`retryItem` table): what failed in some run, until a run writes it.
extension SQLiteRunStore {
    public func retryItems(kind: RetryItem.Kind, odooIds: [Int]) async throws -> [Int: RetryItem] {
        guard !odooIds.isEmpty else { return [:] }
        return try await writer.read { db in
            var result: [Int: RetryItem] = [:]
            for start in stride(from: 0, to: odooIds.count, by: 500) {
                let chunk = Array(odooIds[start..<min(start + 500, odooIds.count)])
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM retryItem WHERE kind = ? AND odooId IN (\(databaseQuestionMarks(count: chunk.count)))",
                    arguments: StatementArguments([kind.rawValue] + chunk.map { $0 as any DatabaseValueConvertible }))
                for row in rows {
                    let item = Self.retryItem(row)
                    result[item.odooId] = item
                }
            }
            return result
        }
    }

    public func allRetryItems() async throws -> [RetryItem] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM retryItem ORDER BY firstFailedAtMs, kind, odooId").map(Self.retryItem)
        }
    }

    public func saveRetryItems(_ items: [RetryItem]) async throws {
        guard !items.isEmpty else { return }
        try await writer.write { db in
            let statement = try db.makeStatement(sql: """
                INSERT INTO retryItem (kind, odooId, title, attempts, lastError, errorClass, system, firstFailedAtMs,
                    lastFailedAtMs, nextAttemptAtMs, odooWriteDate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(kind, odooId) DO UPDATE SET title = excluded.title, attempts = excluded.attempts,
                    lastError = excluded.lastError, errorClass = excluded.errorClass, system = excluded.system,
                    firstFailedAtMs = excluded.firstFailedAtMs, lastFailedAtMs = excluded.lastFailedAtMs,
                    nextAttemptAtMs = excluded.nextAttemptAtMs, odooWriteDate = excluded.odooWriteDate
                """)
            for item in items {
                try statement.execute(arguments: [
                    item.kind.rawValue, item.odooId, item.title, item.attempts, item.lastError, item.errorClass.rawValue,
                    item.system, Self.ms(item.firstFailedAt), Self.ms(item.lastFailedAt), item.nextAttemptAt.map(Self.ms),
                    item.odooWriteDate?.text,
                ])
            }
        }
    }

    public func removeRetryItems(kind: RetryItem.Kind, odooIds: [Int]) async throws {
        guard !odooIds.isEmpty else { return }
        try await writer.write { db in
            try db.execute(
                sql: "DELETE FROM retryItem WHERE kind = ? AND odooId IN (\(databaseQuestionMarks(count: odooIds.count)))",
                arguments: StatementArguments([kind.rawValue] + odooIds.map { $0 as any DatabaseValueConvertible }))
        }
    }

    static func retryItem(_ row: Row) -> RetryItem {
        RetryItem(
            kind: RetryItem.Kind(rawValue: row["kind"]) ?? .product, odooId: row["odooId"], title: row["title"],
            attempts: row["attempts"], lastError: row["lastError"],
            errorClass: FailureClass(rawValue: row["errorClass"]) ?? .permanent, system: row["system"],
            firstFailedAt: date(row["firstFailedAtMs"]) ?? Date(timeIntervalSince1970: 0),
            lastFailedAt: date(row["lastFailedAtMs"]) ?? Date(timeIntervalSince1970: 0),
            nextAttemptAt: date(row["nextAttemptAtMs"]),
            odooWriteDate: (row["odooWriteDate"] as String?).flatMap(OdooDateTime.init))
    }
}
