import Foundation
import GRDB
import SyncCore

/// The default `RunStore`: runs, per-item outcomes, bindings, cursors and schedule state in one SQLite file (WAL), so
/// a restart — or a crash — loses nothing that was recorded. One process owns the file: the run lease and the
/// `exclusively` locks live in this object.
public final class SQLiteRunStore: RunStore {
    let writer: any DatabaseWriter
    public let description: StoreDescription
    let coordination = ProcessCoordination()

    /// Opens (creating the directory and file if needed) the database at `path` in WAL mode and migrates it.
    public init(path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw RunStoreError(message: "cannot create the database directory \(directory.path): \(error.localizedDescription)")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            writer = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw RunStoreError(message: "cannot open the database at \(path): \(error)")
        }
        description = StoreDescription(engine: .sqlite, location: path)
        try migrate()
    }

    /// A private in-memory database, for tests and `--demo`.
    public init(inMemory: Void = ()) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        writer = try DatabaseQueue(configuration: configuration)
        description = StoreDescription(engine: .sqlite, location: ":memory:")
        try migrate()
    }

    private func migrate() throws {
        do {
            try Migrations.migrator.migrate(writer)
        } catch {
            throw RunStoreError(message: "database migration failed: \(error)")
        }
    }

    /// The applied migration identifiers, oldest first.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Migrations.migrator.appliedMigrations(db) }
    }

    /// A cheap read (`SELECT 1` through the pool): true while the database answers. Called by the database health
    /// monitor every few seconds and by `/health/ready`.
    public func isHealthy() async -> Bool {
        do {
            return try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") == 1 }
        } catch {
            return false
        }
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound (used after crashes, and by tests that kill the process).
    public func integrityCheck() async throws -> String {
        try await writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    public func journalMode() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}

// MARK: - Runs

extension SQLiteRunStore {
    static func ms(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ ms: Int64?) -> Date? { ms.map { Date(timeIntervalSince1970: Double($0) / 1000) } }

    public func createRun(kind: JobKind, trigger: RunTrigger, request: SyncRequest, at now: Date) async throws -> RunRecord {
        let ids = String(decoding: try JSONEncoder().encode(request.productIds), as: UTF8.self)
        let id = try await writer.write { db -> Int64 in
            try db.execute(
                sql: """
                    INSERT INTO run (kind, trigger, mode, dryRun, productIds, status, createdAtMs)
                    VALUES (?, ?, ?, ?, ?, 'queued', ?)
                    """,
                arguments: [kind.rawValue, trigger.rawValue, request.mode.rawValue, request.dryRun, ids, Self.ms(now)])
            return db.lastInsertedRowID
        }
        guard let run = try await run(id: id) else { throw RunStoreError(message: "run \(id) vanished after insert") }
        return run
    }

    /// Replaces a queued run's request (coalescing merged another request into it).
    public func updateQueuedRequest(id: Int64, request: SyncRequest) async throws {
        let ids = String(decoding: try JSONEncoder().encode(request.productIds), as: UTF8.self)
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE run SET mode = ?, dryRun = ?, productIds = ? WHERE id = ? AND status = 'queued'",
                arguments: [request.mode.rawValue, request.dryRun, ids, id])
        }
    }

    public func markRunning(id: Int64, at now: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE run SET status = 'running', startedAtMs = ? WHERE id = ? AND status = 'queued'",
                arguments: [Self.ms(now), id])
        }
    }

    /// Records the final state and returns the run as recorded (read in the same transaction). Counts come from the
    /// stored items so they always agree with the outcome list.
    @discardableResult
    public func finishRun(id: Int64, status: RunStatus, error: String?, errorClass: FailureClass?, at now: Date) async throws -> RunRecord? {
        precondition(status.isFinished, "finishRun needs a final status")
        return try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE run SET status = ?, finishedAtMs = ?, error = ?, errorClass = ?,
                        startedAtMs = COALESCE(startedAtMs, ?)
                    WHERE id = ?
                    """,
                arguments: [status.rawValue, Self.ms(now), error, errorClass?.rawValue, Self.ms(now), id])
            return try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]).map(Self.runRecord)
        }
    }

    public func requestCancel(id: Int64) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE run SET cancelRequested = 1 WHERE id = ?", arguments: [id])
        }
    }

    public func recordProgress(id: Int64, progress: RunProgress) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE run SET progressPhase = ?, progressDone = ?, progressTotal = ? WHERE id = ?",
                arguments: [progress.phase, progress.done, progress.total, id])
        }
    }

    /// Appends outcomes and bumps the run's counts in the same transaction.
    public func appendOutcomes(runId: Int64, _ outcomes: [ProductOutcome]) async throws {
        guard !outcomes.isEmpty else { return }
        let stored = try StoredOutcomes(outcomes)
        let rows = stored.rows, delta = stored.counts
        try await writer.write { db in
            let statement = try db.makeStatement(sql: """
                INSERT INTO runItem (runId, odooTemplateId, outcome, medusaProductId, title, message, failureClass, system,
                    plannedChanges, subject)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (outcome, changes) in rows {
                try statement.execute(arguments: [
                    runId, outcome.odooTemplateId, outcome.kind.rawValue, outcome.medusaProductId, outcome.title,
                    outcome.message, outcome.failureClass?.rawValue, outcome.system, changes, outcome.subject.rawValue,
                ])
            }
            try db.execute(
                sql: """
                    UPDATE run SET created = created + ?, updated = updated + ?, unchanged = unchanged + ?,
                        archived = archived + ?, deleted = deleted + ?, failed = failed + ?, skipped = skipped + ?,
                        driftCorrected = driftCorrected + ?
                    WHERE id = ?
                    """,
                arguments: [delta.created, delta.updated, delta.unchanged, delta.archived, delta.deleted, delta.failed,
                            delta.skipped, delta.driftCorrected, runId])
        }
    }

    public func run(id: Int64) async throws -> RunRecord? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]).map(Self.runRecord)
        }
    }

    /// Newest first; `beforeId` continues after the last run of the previous page.
    public func listRuns(status: RunStatus?, trigger: RunTrigger?, kind: JobKind?, limit: Int, beforeId: Int64?) async throws -> [RunRecord] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let kind { clauses.append("kind = ?"); arguments += [kind.rawValue] }
        if let status { clauses.append("status = ?"); arguments += [status.rawValue] }
        if let trigger { clauses.append("trigger = ?"); arguments += [trigger.rawValue] }
        if let beforeId { clauses.append("id < ?"); arguments += [beforeId] }
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        arguments += [limit]
        let sql = "SELECT * FROM run \(whereSQL) ORDER BY id DESC LIMIT ?"
        let finalArguments = arguments
        return try await writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: finalArguments).map(Self.runRecord)
        }
    }

    /// Outcomes of a run in recording order; `afterId` continues after the last item of the previous page.
    public func items(runId: Int64, outcome: ProductOutcome.Kind?, limit: Int, afterId: Int64?) async throws -> [RunItemRecord] {
        var sql = "SELECT * FROM runItem WHERE runId = ?"
        var arguments: StatementArguments = [runId]
        if let outcome { sql += " AND outcome = ?"; arguments += [outcome.rawValue] }
        if let afterId { sql += " AND id > ?"; arguments += [afterId] }
        sql += " ORDER BY id LIMIT ?"
        arguments += [limit]
        let finalSQL = sql, finalArguments = arguments
        return try await writer.read { db in
            try Row.fetchAll(db, sql: finalSQL, arguments: finalArguments).map(Self.itemRecord)
        }
    }

    /// The newest run items about one Medusa record (an order's order and delivery outcomes), newest first.
    public func items(medusaId: String, subjects: [OutcomeSubject], limit: Int) async throws -> [RunItemRecord] {
        guard !subjects.isEmpty else { return [] }
        var arguments: StatementArguments = [medusaId]
        arguments += StatementArguments(subjects.map(\.rawValue))
        arguments += [limit]
        let finalArguments = arguments
        return try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM runItem WHERE medusaProductId = ? AND subject IN (\(databaseQuestionMarks(count: subjects.count)))
                ORDER BY id DESC LIMIT ?
                """, arguments: finalArguments).map(Self.itemRecord)
        }
    }

    /// Template ids that failed in a run ("Retry failed products").
    public func failedTemplateIds(runId: Int64) async throws -> [Int] {
        try await writer.read { db in
            try Int.fetchAll(db, sql: "SELECT DISTINCT odooTemplateId FROM runItem WHERE runId = ? AND outcome = 'failed' ORDER BY odooTemplateId",
                             arguments: [runId])
        }
    }

    public func runs(withStatus status: RunStatus) async throws -> [RunRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM run WHERE status = ? ORDER BY id", arguments: [status.rawValue]).map(Self.runRecord)
        }
    }

    public func lastFinishedRun() async throws -> RunRecord? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM run WHERE finishedAtMs IS NOT NULL ORDER BY id DESC LIMIT 1").map(Self.runRecord)
        }
    }

    public func lastSuccessfulRun() async throws -> RunRecord? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM run WHERE status = 'succeeded' AND dryRun = 0 ORDER BY id DESC LIMIT 1").map(Self.runRecord)
        }
    }

    /// One process owns the file, so every run still `running` when nothing runs here is an orphan: at start-up, and
    /// when the lease is claimed.
    @discardableResult
    public func interruptOrphanedRuns(reason: String, at now: Date) async throws -> [Int64] {
        try await writer.write { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM run WHERE status = 'running' ORDER BY id")
            try db.execute(
                sql: "UPDATE run SET status = 'interrupted', error = ?, finishedAtMs = ? WHERE status = 'running'",
                arguments: [reason, Self.ms(now)])
            return ids
        }
    }

    /// Keeps the newest `keep` finished runs (and every queued or running one); their items go with them.
    @discardableResult
    public func applyRetention(keep: Int) async throws -> Int {
        try await writer.write { db in
            try db.execute(
                sql: """
                    DELETE FROM run WHERE status NOT IN ('queued', 'running') AND id NOT IN (
                        SELECT id FROM run WHERE status NOT IN ('queued', 'running') ORDER BY id DESC LIMIT ?)
                    """,
                arguments: [max(0, keep)])
            return db.changesCount
        }
    }

    static func runRecord(_ row: Row) -> RunRecord {
        let ids = (try? JSONDecoder().decode([Int].self, from: Data((row["productIds"] as String? ?? "[]").utf8))) ?? []
        let mode = SyncRequest.Mode(rawValue: row["mode"]) ?? .incremental
        var counts = RunCounts()
        counts.created = row["created"]; counts.updated = row["updated"]; counts.unchanged = row["unchanged"]
        counts.archived = row["archived"]; counts.deleted = row["deleted"]; counts.failed = row["failed"]
        counts.skipped = row["skipped"]; counts.driftCorrected = row["driftCorrected"]
        let phase: String? = row["progressPhase"]
        return RunRecord(
            id: row["id"],
            kind: JobKind(rawValue: row["kind"]),
            trigger: RunTrigger(rawValue: row["trigger"]) ?? .api,
            request: SyncRequest(mode: mode, productIds: ids, dryRun: row["dryRun"]),
            status: RunStatus(rawValue: row["status"]) ?? .failed,
            createdAt: date(row["createdAtMs"]) ?? Date(timeIntervalSince1970: 0),
            startedAt: date(row["startedAtMs"]),
            finishedAt: date(row["finishedAtMs"]),
            counts: counts,
            progress: phase.map { RunProgress(phase: $0, done: row["progressDone"] ?? 0, total: row["progressTotal"]) },
            error: row["error"],
            errorClass: (row["errorClass"] as String?).flatMap(FailureClass.init(rawValue:)),
            cancelRequested: row["cancelRequested"],
            replica: row["replica"]
        )
    }

    static func itemRecord(_ row: Row) -> RunItemRecord {
        let changes = (row["plannedChanges"] as String?).flatMap {
            try? JSONDecoder().decode([FieldChange].self, from: Data($0.utf8))
        }
        return RunItemRecord(
            id: row["id"],
            runId: row["runId"],
            outcome: ProductOutcome(
                odooTemplateId: row["odooTemplateId"],
                kind: ProductOutcome.Kind(rawValue: row["outcome"]) ?? .failed,
                medusaProductId: row["medusaProductId"],
                title: row["title"],
                message: row["message"],
                failureClass: (row["failureClass"] as String?).flatMap(FailureClass.init(rawValue:)),
                system: row["system"],
                plannedChanges: changes,
                subject: OutcomeSubject(rawValue: row["subject"]) ?? .product
            )
        )
    }
}
