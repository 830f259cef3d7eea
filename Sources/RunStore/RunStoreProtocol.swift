import Foundation
import SyncCore

/// The service's memory — runs, per-item outcomes, bindings, cursors, links, retry and schedule state — behind one
/// protocol with two implementations: `SQLiteRunStore` (the default: one file, one process) and the PostgreSQL store
/// (`DATABASE_URL`: several replicas share it). Each call is its own transaction.
///
/// The coordination calls (`claimNextRun`, `renewLease`, `claimFire`, `exclusively`) are what lets replicas share one
/// queue: one job at a time across all of them, each scheduled fire once, coalescing across replicas. On SQLite they
/// hold within the one process that owns the file.
public protocol RunStore: SyncStateStore, OrderStateStore, DeliveryStateStore, Sendable {
    /// Which store this is, for the start-up log and `/health` (never a password).
    var description: StoreDescription { get }

    /// A cheap read: true while the database answers (the health monitor and `/health/ready`).
    func isHealthy() async -> Bool

    /// Forgets every binding, cursor and memo (tests, and an operator recovering from a wiped shop).
    func wipeBindingsAndCursors() async throws

    // MARK: Runs

    func createRun(kind: JobKind, trigger: RunTrigger, request: SyncRequest, at now: Date) async throws -> RunRecord
    /// Replaces a queued run's request (coalescing merged another request into it); a run no longer queued is left.
    func updateQueuedRequest(id: Int64, request: SyncRequest) async throws
    /// Marks a queued run running without a lease (tests set up a run a crash left running; the runner uses
    /// `claimNextRun`).
    func markRunning(id: Int64, at now: Date) async throws
    /// Records the final state and returns the run as recorded; counts come from the stored items.
    func finishRun(id: Int64, status: RunStatus, error: String?, errorClass: FailureClass?, at now: Date) async throws -> RunRecord?
    func requestCancel(id: Int64) async throws
    func recordProgress(id: Int64, progress: RunProgress) async throws
    /// Appends outcomes and bumps the run's counts in the same transaction.
    func appendOutcomes(runId: Int64, _ outcomes: [ProductOutcome]) async throws
    func run(id: Int64) async throws -> RunRecord?
    /// Newest first; `beforeId` continues after the last run of the previous page.
    func listRuns(status: RunStatus?, trigger: RunTrigger?, kind: JobKind?, limit: Int, beforeId: Int64?) async throws -> [RunRecord]
    /// Outcomes of a run in recording order; `afterId` continues after the last item of the previous page.
    func items(runId: Int64, outcome: ProductOutcome.Kind?, limit: Int, afterId: Int64?) async throws -> [RunItemRecord]
    /// The newest run items about one Medusa record (an order's order and delivery outcomes), newest first.
    func items(medusaId: String, subjects: [OutcomeSubject], limit: Int) async throws -> [RunItemRecord]
    /// Template ids that failed in a run ("Retry failed products").
    func failedTemplateIds(runId: Int64) async throws -> [Int]
    /// Oldest first.
    func runs(withStatus status: RunStatus) async throws -> [RunRecord]
    func lastFinishedRun() async throws -> RunRecord?
    /// The newest succeeded run that was not a dry run.
    func lastSuccessfulRun() async throws -> RunRecord?
    /// Runs left `running` by a process that is gone become `interrupted` with `reason`; returns their ids. "Gone":
    /// on SQLite every running run at start-up (one process owns the file); on PostgreSQL only runs whose replica's
    /// lease has expired (another replica may be running one right now).
    func interruptOrphanedRuns(reason: String, at now: Date) async throws -> [Int64]
    /// Keeps the newest `keep` finished runs (and every queued or running one); their items go with them.
    @discardableResult
    func applyRetention(keep: Int) async throws -> Int

    // MARK: Coordination

    /// Takes the run lease for `replica` when no other replica holds a live one, interrupts runs a dead holder left
    /// `running`, and marks the oldest queued run running for `replica` — all in one transaction. Nil (and no lease
    /// kept) when another replica holds the lease or nothing is queued.
    func claimNextRun(replica: String, lease: Duration, at now: Date) async throws -> RunRecord?
    /// Extends `replica`'s lease; false when it no longer holds it (expired and taken): the run must stop.
    func renewLease(replica: String, lease: Duration) async throws -> Bool
    /// Gives the lease up after a run.
    func releaseLease(replica: String) async throws
    /// Who holds the run lease now (nil when free or expired).
    func leaseHolder() async throws -> RunLease?
    /// Runs `body` while no other replica runs a body for the same `lock` (queue coalescing, schedule fires).
    func exclusively<T: Sendable>(_ lock: StoreLock, _ body: @Sendable () async throws -> T) async throws -> T

    // MARK: Schedules

    /// The instant the named schedule last fired for, nil before its first start.
    func lastFireTime(schedule name: String) async throws -> Date?
    /// First start: records `date` unless a fire is already recorded (another replica started first); returns what
    /// is recorded.
    func recordFirstStart(schedule name: String, at date: Date) async throws -> Date
    /// Records `stamp` as the fire of the slot due at `slot` unless a fire at or after `slot` is already recorded
    /// (another replica fired it). True when this call recorded it: only then does the caller fire. Every fire is
    /// also kept in the fire log (`fireLog`).
    func claimFire(schedule name: String, at stamp: Date, slot: Date, replica: String) async throws -> Bool
    /// The recorded fires of a schedule, oldest first (tests and operators: each fire exactly once).
    func fireLog(schedule name: String, limit: Int) async throws -> [ScheduleFire]
}

/// Which store a service uses, as the start-up log and `/health` name it.
public struct StoreDescription: Sendable, Hashable, CustomStringConvertible {
    public enum Engine: String, Sendable { case sqlite, postgresql }
    public var engine: Engine
    /// The file path, `:memory:`, or `host:port/database` and schema — never credentials.
    public var location: String

    public init(engine: Engine, location: String) {
        self.engine = engine
        self.location = location
    }

    public var description: String { "\(engine.rawValue) (\(location))" }

    /// Other processes (replicas) may use the same store: runs, progress and the queue change outside this process.
    public var isShared: Bool { engine == .postgresql }
}

/// The run lease: which replica runs (or may start) a job, until when.
public struct RunLease: Sendable, Hashable {
    public var replica: String
    public var runId: Int64?
    public var expiresAt: Date

    public init(replica: String, runId: Int64?, expiresAt: Date) {
        self.replica = replica
        self.runId = runId
        self.expiresAt = expiresAt
    }

    /// The error of a run `claimNextRun` interrupts because the replica running it lost its lease.
    public static let orphanReason =
        "the replica running it stopped (its run lease expired); the next run continues from the last committed page"
}

/// Named locks for `RunStore.exclusively`.
public struct StoreLock: RawRepresentable, Hashable, Sendable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Enqueueing: reading the queued runs and merging into one, or adding one, must not interleave across replicas.
    public static let queue = StoreLock(rawValue: "queue")
}

/// One recorded fire of a schedule.
public struct ScheduleFire: Sendable, Hashable {
    public var schedule: String
    public var firedAt: Date
    public var replica: String

    public init(schedule: String, firedAt: Date, replica: String) {
        self.schedule = schedule
        self.firedAt = firedAt
        self.replica = replica
    }
}

/// The defaults callers leave out (protocol requirements cannot have them).
extension RunStore {
    public func createRun(kind: JobKind = .catalogue, trigger: RunTrigger, request: SyncRequest) async throws -> RunRecord {
        try await createRun(kind: kind, trigger: trigger, request: request, at: Date())
    }

    public func markRunning(id: Int64) async throws {
        try await markRunning(id: id, at: Date())
    }

    @discardableResult
    public func finishRun(id: Int64, status: RunStatus, error: String? = nil, errorClass: FailureClass? = nil) async throws -> RunRecord? {
        try await finishRun(id: id, status: status, error: error, errorClass: errorClass, at: Date())
    }

    public func listRuns(status: RunStatus? = nil, trigger: RunTrigger? = nil, kind: JobKind? = nil, limit: Int) async throws -> [RunRecord] {
        try await listRuns(status: status, trigger: trigger, kind: kind, limit: limit, beforeId: nil)
    }

    public func items(runId: Int64, outcome: ProductOutcome.Kind? = nil, limit: Int) async throws -> [RunItemRecord] {
        try await items(runId: runId, outcome: outcome, limit: limit, afterId: nil)
    }

    @discardableResult
    public func interruptOrphanedRuns(reason: String) async throws -> [Int64] {
        try await interruptOrphanedRuns(reason: reason, at: Date())
    }
}

extension Duration {
    /// Seconds as a `Double` (lease arithmetic on timestamps).
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
