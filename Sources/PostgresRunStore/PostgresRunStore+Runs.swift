import Foundation
import PostgresNIO
import RunStore
import SyncCore

/// Runs and their items, statement for statement as `SQLiteRunStore` records them.
extension PostgresRunStore {
    public func createRun(kind: JobKind, trigger: RunTrigger, request: SyncRequest, at now: Date) async throws -> RunRecord {
        let ids = String(decoding: try JSONEncoder().encode(request.productIds), as: UTF8.self)
        let rows = try await read("""
            INSERT INTO run (kind, trigger, mode, dryRun, productIds, status, createdAtMs)
            VALUES (\(kind.rawValue), \(trigger.rawValue), \(request.mode.rawValue), \(request.dryRun), \(ids), 'queued', \(Self.ms(now)))
            RETURNING *
            """)
        guard let row = rows.first else { throw RunStoreError(message: "the new run was not returned by its insert") }
        return try Self.runRecord(row)
    }

    public func updateQueuedRequest(id: Int64, request: SyncRequest) async throws {
        let ids = String(decoding: try JSONEncoder().encode(request.productIds), as: UTF8.self)
        _ = try await read("""
            UPDATE run SET mode = \(request.mode.rawValue), dryRun = \(request.dryRun), productIds = \(ids)
            WHERE id = \(id) AND status = 'queued'
            """)
    }

    public func markRunning(id: Int64, at now: Date) async throws {
        _ = try await read("UPDATE run SET status = 'running', startedAtMs = \(Self.ms(now)) WHERE id = \(id) AND status = 'queued'")
    }

    /// Records the final state and returns the run as recorded (the same statement returns it).
    @discardableResult
    public func finishRun(id: Int64, status: RunStatus, error: String?, errorClass: FailureClass?, at now: Date) async throws -> RunRecord? {
        precondition(status.isFinished, "finishRun needs a final status")
        let stamp = Self.ms(now)
        return try await read("""
            UPDATE run SET status = \(status.rawValue), finishedAtMs = \(stamp), error = \(error),
                errorClass = \(errorClass?.rawValue), startedAtMs = COALESCE(startedAtMs, \(stamp))
            WHERE id = \(id)
            RETURNING *
            """).first.map(Self.runRecord)
    }

    public func requestCancel(id: Int64) async throws {
        _ = try await read("UPDATE run SET cancelRequested = true WHERE id = \(id)")
    }

    public func recordProgress(id: Int64, progress: RunProgress) async throws {
        _ = try await read("""
            UPDATE run SET progressPhase = \(progress.phase), progressDone = \(progress.done), progressTotal = \(progress.total)
            WHERE id = \(id)
            """)
    }

    /// Appends outcomes and bumps the run's counts in the same transaction.
    public func appendOutcomes(runId: Int64, _ outcomes: [ProductOutcome]) async throws {
        guard !outcomes.isEmpty else { return }
        let stored = try StoredOutcomes(outcomes)
        let rows = stored.rows, delta = stored.counts
        // One statement for the page's items (ids in the order given), then the counts, in one transaction.
        let items = try Self.jsonInsert(
            into: "runItem", columns: ["runId", "odooTemplateId", "outcome", "medusaProductId", "title", "message",
                                       "failureClass", "system", "plannedChanges", "subject"],
            rows: rows.map { outcome, changes in
                ["runid": runId, "odootemplateid": outcome.odooTemplateId, "outcome": outcome.kind.rawValue,
                 "medusaproductid": Self.json(outcome.medusaProductId), "title": Self.json(outcome.title),
                 "message": Self.json(outcome.message), "failureclass": Self.json(outcome.failureClass?.rawValue),
                 "system": Self.json(outcome.system), "plannedchanges": Self.json(changes), "subject": outcome.subject.rawValue]
            })
        try await transaction { connection in
            _ = try await connection.rows(items, self.logger)
            _ = try await connection.rows("""
                UPDATE run SET created = created + \(delta.created), updated = updated + \(delta.updated),
                    unchanged = unchanged + \(delta.unchanged), archived = archived + \(delta.archived),
                    deleted = deleted + \(delta.deleted), failed = failed + \(delta.failed), skipped = skipped + \(delta.skipped),
                    driftCorrected = driftCorrected + \(delta.driftCorrected)
                WHERE id = \(runId)
                """, self.logger)
        }
    }

    public func run(id: Int64) async throws -> RunRecord? {
        try await read("SELECT * FROM run WHERE id = \(id)").first.map(Self.runRecord)
    }

    /// Newest first; `beforeId` continues after the last run of the previous page.
    public func listRuns(status: RunStatus?, trigger: RunTrigger?, kind: JobKind?, limit: Int, beforeId: Int64?) async throws -> [RunRecord] {
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 128, interpolationCount: 5)
        sql.appendLiteral("SELECT * FROM run WHERE true")
        if let kind { sql.appendLiteral(" AND kind = "); sql.appendInterpolation(kind.rawValue) }
        if let status { sql.appendLiteral(" AND status = "); sql.appendInterpolation(status.rawValue) }
        if let trigger { sql.appendLiteral(" AND trigger = "); sql.appendInterpolation(trigger.rawValue) }
        if let beforeId { sql.appendLiteral(" AND id < "); sql.appendInterpolation(beforeId) }
        sql.appendLiteral(" ORDER BY id DESC LIMIT ")
        sql.appendInterpolation(limit)
        return try await read(PostgresQuery(stringInterpolation: sql)).map(Self.runRecord)
    }

    /// Outcomes of a run in recording order; `afterId` continues after the last item of the previous page.
    public func items(runId: Int64, outcome: ProductOutcome.Kind?, limit: Int, afterId: Int64?) async throws -> [RunItemRecord] {
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 128, interpolationCount: 4)
        sql.appendLiteral("SELECT * FROM runItem WHERE runId = ")
        sql.appendInterpolation(runId)
        if let outcome { sql.appendLiteral(" AND outcome = "); sql.appendInterpolation(outcome.rawValue) }
        if let afterId { sql.appendLiteral(" AND id > "); sql.appendInterpolation(afterId) }
        sql.appendLiteral(" ORDER BY id LIMIT ")
        sql.appendInterpolation(limit)
        return try await read(PostgresQuery(stringInterpolation: sql)).map(Self.itemRecord)
    }

    /// The newest run items about one Medusa record (an order's order and delivery outcomes), newest first.
    public func items(medusaId: String, subjects: [OutcomeSubject], limit: Int) async throws -> [RunItemRecord] {
        guard !subjects.isEmpty else { return [] }
        return try await read("""
            SELECT * FROM runItem WHERE medusaProductId = \(medusaId) AND subject = ANY(\(subjects.map(\.rawValue)))
            ORDER BY id DESC LIMIT \(limit)
            """).map(Self.itemRecord)
    }

    public func failedTemplateIds(runId: Int64) async throws -> [Int] {
        try await read("""
            SELECT DISTINCT odooTemplateId FROM runItem WHERE runId = \(runId) AND outcome = 'failed' ORDER BY odooTemplateId
            """).map { try Columns($0).int("odooTemplateId") }
    }

    public func runs(withStatus status: RunStatus) async throws -> [RunRecord] {
        try await read("SELECT * FROM run WHERE status = \(status.rawValue) ORDER BY id").map(Self.runRecord)
    }

    public func lastFinishedRun() async throws -> RunRecord? {
        try await read("SELECT * FROM run WHERE finishedAtMs IS NOT NULL ORDER BY id DESC LIMIT 1").first.map(Self.runRecord)
    }

    public func lastSuccessfulRun() async throws -> RunRecord? {
        try await read("SELECT * FROM run WHERE status = 'succeeded' AND NOT dryRun ORDER BY id DESC LIMIT 1").first.map(Self.runRecord)
    }

    /// Keeps the newest `keep` finished runs (and every queued or running one); their items go with them (cascade).
    @discardableResult
    public func applyRetention(keep: Int) async throws -> Int {
        try await read("""
            DELETE FROM run WHERE status NOT IN ('queued', 'running') AND id NOT IN (
                SELECT id FROM run WHERE status NOT IN ('queued', 'running') ORDER BY id DESC LIMIT \(max(0, keep)))
            RETURNING id
            """).count
    }

    static func runRecord(_ row: PostgresRow) throws -> RunRecord {
        let c = Columns(row)
        let ids = (try? JSONDecoder().decode([Int].self, from: Data(try c.text("productIds").utf8))) ?? []
        var counts = RunCounts()
        counts.created = try c.int("created"); counts.updated = try c.int("updated")
        counts.unchanged = try c.int("unchanged"); counts.archived = try c.int("archived")
        counts.deleted = try c.int("deleted"); counts.failed = try c.int("failed")
        counts.skipped = try c.int("skipped"); counts.driftCorrected = try c.int("driftCorrected")
        let phase = try c.optionalText("progressPhase")
        let done = try c.optionalInt("progressDone"), total = try c.optionalInt("progressTotal")
        return RunRecord(
            id: try c.int64("id"),
            kind: JobKind(rawValue: try c.text("kind")),
            trigger: RunTrigger(rawValue: try c.text("trigger")) ?? .api,
            request: SyncRequest(mode: SyncRequest.Mode(rawValue: try c.text("mode")) ?? .incremental, productIds: ids,
                                 dryRun: try c.bool("dryRun")),
            status: RunStatus(rawValue: try c.text("status")) ?? .failed,
            createdAt: try c.date("createdAtMs"),
            startedAt: try c.optionalDate("startedAtMs"),
            finishedAt: try c.optionalDate("finishedAtMs"),
            counts: counts,
            progress: phase.map { RunProgress(phase: $0, done: done ?? 0, total: total) },
            error: try c.optionalText("error"),
            errorClass: try c.optionalText("errorClass").flatMap(FailureClass.init(rawValue:)),
            cancelRequested: try c.bool("cancelRequested"),
            replica: try c.optionalText("replica")
        )
    }

    static func itemRecord(_ row: PostgresRow) throws -> RunItemRecord {
        let c = Columns(row)
        let changes = try c.optionalText("plannedChanges").flatMap {
            try? JSONDecoder().decode([FieldChange].self, from: Data($0.utf8))
        }
        return RunItemRecord(
            id: try c.int64("id"),
            runId: try c.int64("runId"),
            outcome: ProductOutcome(
                odooTemplateId: try c.int("odooTemplateId"),
                kind: ProductOutcome.Kind(rawValue: try c.text("outcome")) ?? .failed,
                medusaProductId: try c.optionalText("medusaProductId"),
                title: try c.optionalText("title"),
                message: try c.optionalText("message"),
                failureClass: try c.optionalText("failureClass").flatMap(FailureClass.init(rawValue:)),
                system: try c.optionalText("system"),
                plannedChanges: changes,
                subject: OutcomeSubject(rawValue: try c.text("subject")) ?? .product
            )
        )
    }
}
