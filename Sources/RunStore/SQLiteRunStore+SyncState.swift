import Foundation
import GRDB
import SyncCore

/// Bindings, cursors and memos for the engine. Bindings are kept in the `binding` table's columns as `BindingColumns`
/// lays them out (the encoding of each kind's payload lives there, not here).
extension SQLiteRunStore {
    public func bindings(kind: Binding.Kind, odooIds: [Int]) async throws -> [Int: Binding] {
        guard !odooIds.isEmpty else { return [:] }
        return try await writer.read { db in
            var result: [Int: Binding] = [:]
            for chunk in stride(from: 0, to: odooIds.count, by: 500).map({ Array(odooIds[$0..<min($0 + 500, odooIds.count)]) }) {
                let placeholders = databaseQuestionMarks(count: chunk.count)
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM binding WHERE kind = ? AND odooId IN (\(placeholders))",
                    arguments: StatementArguments([kind.rawValue] + chunk.map { $0 as any DatabaseValueConvertible }))
                for row in rows {
                    let binding = Self.binding(row)
                    result[binding.odooId] = binding
                }
            }
            return result
        }
    }

    public func allBindings(kind: Binding.Kind) async throws -> [Binding] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM binding WHERE kind = ? ORDER BY odooId", arguments: [kind.rawValue]).map(Self.binding)
        }
    }

    public func saveBindings(_ bindings: [Binding]) async throws {
        guard !bindings.isEmpty else { return }
        try await writer.write { db in try Self.upsert(bindings, in: db) }
    }

    public func deleteBindings(kind: Binding.Kind, odooIds: [Int]) async throws {
        guard !odooIds.isEmpty else { return }
        try await writer.write { db in
            let placeholders = databaseQuestionMarks(count: odooIds.count)
            try db.execute(
                sql: "DELETE FROM binding WHERE kind = ? AND odooId IN (\(placeholders))",
                arguments: StatementArguments([kind.rawValue] + odooIds.map { $0 as any DatabaseValueConvertible }))
        }
    }

    /// Forgets every binding, cursor and memo (used by tests and by an operator recovering from a wiped shop).
    public func wipeBindingsAndCursors() async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM binding")
            try db.execute(sql: "DELETE FROM cursor")
            try db.execute(sql: "DELETE FROM memo")
        }
    }

    public func cursor(stream: SyncStream) async throws -> ModelCursor? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM cursor WHERE stream = ?", arguments: [stream.rawValue]),
                  let writeDate = OdooDateTime(row["writeDate"] as String)
            else { return nil }
            return ModelCursor(writeDate: writeDate, id: row["recordId"])
        }
    }

    public func advanceCursor(stream: SyncStream, to cursor: ModelCursor) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO cursor (stream, writeDate, recordId, updatedAtMs) VALUES (?, ?, ?, ?)
                    ON CONFLICT(stream) DO UPDATE SET writeDate = excluded.writeDate, recordId = excluded.recordId,
                        updatedAtMs = excluded.updatedAtMs
                    """,
                arguments: [stream.rawValue, cursor.writeDate.text, cursor.id, Self.ms(Date())])
        }
    }

    public func memo(_ key: SyncMemo) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM memo WHERE key = ?", arguments: [key.rawValue])
        }
    }

    public func saveMemo(_ key: SyncMemo, value: String?) async throws {
        try await writer.write { db in
            if let value {
                try db.execute(
                    sql: """
                        INSERT INTO memo (key, value, updatedAtMs) VALUES (?, ?, ?)
                        ON CONFLICT(key) DO UPDATE SET value = excluded.value, updatedAtMs = excluded.updatedAtMs
                        """,
                    arguments: [key.rawValue, value, Self.ms(Date())])
            } else {
                try db.execute(sql: "DELETE FROM memo WHERE key = ?", arguments: [key.rawValue])
            }
        }
    }

    static func upsert(_ bindings: [Binding], in db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT INTO binding (kind, odooId, medusaId, hash, parentMedusaId, extra, updatedAtMs) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(kind, odooId) DO UPDATE SET medusaId = excluded.medusaId, hash = excluded.hash,
                parentMedusaId = excluded.parentMedusaId, extra = excluded.extra, updatedAtMs = excluded.updatedAtMs
            """)
        let now = ms(Date())
        for binding in bindings {
            let columns = BindingColumns(binding)
            try statement.execute(arguments: [
                columns.kind.rawValue, columns.odooId, columns.medusaId, columns.hash, columns.parentMedusaId,
                columns.extra, now,
            ])
        }
    }

    static func binding(_ row: Row) -> Binding {
        BindingColumns(
            kind: Binding.Kind(rawValue: row["kind"]) ?? .product,
            odooId: row["odooId"],
            medusaId: row["medusaId"],
            hash: row["hash"],
            parentMedusaId: row["parentMedusaId"],
            extra: row["extra"]
        ).binding
    }
}

// MARK: - Schedule state

extension SQLiteRunStore {
    /// How long fires stay in the fire log (seconds).
    public static let fireLogRetention: TimeInterval = 30 * 86_400

    /// Last time the named schedule fired, so a restart neither skips nor repeats a run.
    public func lastFireTime(schedule name: String) async throws -> Date? {
        try await writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT lastFireAtMs FROM scheduleState WHERE name = ?", arguments: [name])
        }.flatMap { Self.date($0) }
    }

    public func recordFirstStart(schedule name: String, at date: Date) async throws -> Date {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO scheduleState (name, lastFireAtMs) VALUES (?, ?) ON CONFLICT(name) DO NOTHING",
                           arguments: [name, Self.ms(date)])
            return try Int64.fetchOne(db, sql: "SELECT lastFireAtMs FROM scheduleState WHERE name = ?", arguments: [name])
        }.flatMap { Self.date($0) } ?? date
    }

    public func claimFire(schedule name: String, at stamp: Date, slot: Date, replica: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO scheduleState (name, lastFireAtMs) VALUES (?, 0) ON CONFLICT(name) DO NOTHING",
                           arguments: [name])
            try db.execute(sql: "UPDATE scheduleState SET lastFireAtMs = ? WHERE name = ? AND lastFireAtMs < ?",
                           arguments: [Self.ms(stamp), name, Self.ms(slot)])
            guard db.changesCount == 1 else { return false }
            try db.execute(sql: "INSERT INTO scheduleFire (name, firedAtMs, replica) VALUES (?, ?, ?)",
                           arguments: [name, Self.ms(stamp), replica])
            // The log is for checking recent fires; a month of it is plenty.
            try db.execute(sql: "DELETE FROM scheduleFire WHERE name = ? AND firedAtMs < ?",
                           arguments: [name, Self.ms(stamp.addingTimeInterval(-Self.fireLogRetention))])
            return true
        }
    }

    public func fireLog(schedule name: String, limit: Int) async throws -> [ScheduleFire] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM scheduleFire WHERE name = ? ORDER BY firedAtMs LIMIT ?",
                             arguments: [name, limit]).map { row in
                ScheduleFire(schedule: row["name"], firedAt: Self.date(row["firedAtMs"]) ?? Date(timeIntervalSince1970: 0),
                             replica: row["replica"])
            }
        }
    }
}
