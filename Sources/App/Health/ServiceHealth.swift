import Foundation
import RunStore
import SyncCore
import Synchronization

/// What `/health` reports, kept in memory so answering it reads no database and hops to no actor: a load balancer
/// polling `/health` must not compete with the sync for SQLite. Whoever changes a fact publishes it here — the job
/// runner on every run transition, the scheduler when it settles on its next fire, `DatabaseHealthMonitor` after
/// each check — and the runner fills it from the store at start-up, so a restarted service shows its last run at once.
public final class ServiceHealth: Sendable {
    /// The facts as of the last publication. Copying one is a lock and a few retains.
    public struct Snapshot: Sendable {
        /// Result of the last database check (start-up load, background check, or a check a store failure asked for).
        public var databaseOK = true
        public var lastFinishedRun: RunRecord?
        /// The last non-dry-run run that succeeded.
        public var lastSuccessfulRun: RunRecord?
        /// Queued runs plus the running one.
        public var queueDepth = 0
        /// Incremental syncs (`SYNC_SCHEDULE`).
        public var schedule = ScheduleStatus.disabled
        /// Full syncs, the periodic reconcile (`SYNC_FULL_SCHEDULE`).
        public var fullSchedule = ScheduleStatus.disabled
        /// Orders polls (`ORDERS_SCHEDULE`, when `SYNC_ORDERS` is on).
        public var ordersSchedule = ScheduleStatus.disabled
        /// The Odoo version and protocol the last connection found (remembered across restarts), nil before any.
        public var odooServer: OdooServerInfo?
        /// What the last Medusa probe found (remembered across restarts), nil before any.
        public var medusaCapabilities: MedusaCapabilities?
        /// The retry set as of the last finished run (or start-up).
        public var failingItems = FailingItems()
        /// Which store this service uses and its replica id (published once at start-up).
        public var store: StoreDescription?
        public var replica = ""
        /// Who holds the run lease, as this replica last saw it (its own runs, and each poll of a shared queue).
        public var runLease: RunLease?
        /// Bumped by every publication: what a cached rendering of the snapshot is keyed on.
        public var version: UInt64 = 0

        public init() {}
    }

    /// What `/health` says about the retry set: items no longer retried by time (`stuck`), and those still retried.
    public struct FailingItems: Sendable, Equatable {
        public var stuck = 0
        public var retrying = 0
        /// The stuck item that first failed longest ago.
        public var oldest: RetryItem?

        public init(stuck: Int = 0, retrying: Int = 0, oldest: RetryItem? = nil) {
            self.stuck = stuck; self.retrying = retrying; self.oldest = oldest
        }

        public init(_ items: [RetryItem]) {
            let stuckItems = items.filter(\.isStuck)
            self.init(stuck: stuckItems.count, retrying: items.count - stuckItems.count,
                      oldest: stuckItems.min { ($0.firstFailedAt, $0.odooId) < ($1.firstFailedAt, $1.odooId) })
        }
    }

    private let state: Mutex<Snapshot>
    private let checkRequests: AsyncStream<Void>.Continuation
    /// Wakes `DatabaseHealthMonitor` for a check now; holds at most one pending request.
    let databaseCheckRequests: AsyncStream<Void>

    public init(_ initial: Snapshot = Snapshot()) {
        state = Mutex(initial)
        (databaseCheckRequests, checkRequests) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public var snapshot: Snapshot { state.withLock { $0 } }

    /// The run facts, from the runner's own state (start-up, and every run transition).
    public func publishRuns(lastFinished: RunRecord?, lastSuccessful: RunRecord?, queueDepth: Int) {
        state.withLock {
            $0.lastFinishedRun = lastFinished
            $0.lastSuccessfulRun = lastSuccessful
            $0.queueDepth = queueDepth
            $0.version &+= 1
        }
    }

    public func publishFailingItems(_ items: FailingItems) {
        state.withLock {
            guard $0.failingItems != items else { return }
            $0.failingItems = items
            $0.version &+= 1
        }
    }

    public func publishSchedule(_ schedule: ScheduleStatus) {
        state.withLock {
            $0.schedule = schedule
            $0.version &+= 1
        }
    }

    public func publishFullSchedule(_ schedule: ScheduleStatus) {
        state.withLock {
            $0.fullSchedule = schedule
            $0.version &+= 1
        }
    }

    public func publishOrdersSchedule(_ schedule: ScheduleStatus) {
        state.withLock {
            $0.ordersSchedule = schedule
            $0.version &+= 1
        }
    }

    /// What a run's connection to Odoo found (or the remembered session, at start-up).
    public func publishOdooServer(_ server: OdooServerInfo) {
        state.withLock {
            guard $0.odooServer != server else { return }
            $0.odooServer = server
            $0.version &+= 1
        }
    }

    /// What the engine remembers about the Medusa server (`SyncMemo.medusaCapabilities`), after a run or at start-up.
    public func publishMedusaCapabilities(_ capabilities: MedusaCapabilities?) {
        state.withLock {
            guard $0.medusaCapabilities != capabilities else { return }
            $0.medusaCapabilities = capabilities
            $0.version &+= 1
        }
    }

    /// Reads the remembered capabilities from the store and publishes them. No memo (none yet, or forgotten by a failed
    /// run so the next one probes again) or an unreadable store keeps what is shown.
    func publishMedusaCapabilities(from store: any SyncStateStore) async {
        guard let memo = try? await store.memo(.medusaCapabilities), let capabilities = MedusaCapabilities(memo: memo) else { return }
        publishMedusaCapabilities(capabilities)
    }

    public func publishStore(_ store: StoreDescription, replica: String) {
        state.withLock {
            $0.store = store
            $0.replica = replica
            $0.version &+= 1
        }
    }

    /// The run lease as last seen: nil when no replica runs a job.
    public func publishRunLease(_ lease: RunLease?) {
        state.withLock {
            guard $0.runLease != lease else { return }
            $0.runLease = lease
            $0.version &+= 1
        }
    }

    public func publishDatabaseCheck(ok: Bool) {
        state.withLock {
            guard $0.databaseOK != ok else { return }
            $0.databaseOK = ok
            $0.version &+= 1
        }
    }

    /// Has `DatabaseHealthMonitor` check the database now instead of at its next interval; called when a store
    /// call failed, so `/health` turns "error" within moments of the failure.
    public func requestDatabaseCheck() {
        checkRequests.yield()
    }
}
