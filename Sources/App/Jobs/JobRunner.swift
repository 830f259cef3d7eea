import Foundation
import Logging
import RunStore
import ServiceLifecycle
import SyncCore

/// One job at a time, whatever its kind, fed by the schedules, the API and webhooks through the persisted,
/// coalescing `JobQueue`. Each transition (queued, running, finished) is published to `/health` from the runner's
/// own `RunBoard`; the finished run's record, returned by the store's final write, feeds the metrics.
///
/// Replicas sharing a PostgreSQL store each run one of these: a run starts only under the store's run lease
/// (`claimNextRun`), renewed while it runs (a replica that cannot renew stops its run), and an idle runner looks at
/// the shared queue every `Coordination.poll` for runs other replicas queued or a dead replica left behind.
public actor JobRunner: Service {
    /// How this runner shares the queue with other replicas.
    public struct Coordination: Sendable {
        /// This process's replica id (runs record it; `/health` shows the lease holder's).
        public var replica: String
        /// How long a claimed run lease lasts without renewal: a killed replica's run is taken over after this.
        public var lease: Duration
        /// How often an idle runner looks at the shared queue; nil when only this process enqueues (SQLite).
        public var poll: Duration?

        public init(replica: String, lease: Duration = .seconds(15), poll: Duration? = nil) {
            self.replica = replica
            self.lease = lease
            self.poll = poll
        }

        /// One process, one file: no polling.
        public static func singleProcess() -> Coordination {
            Coordination(replica: ReplicaIdentity.current())
        }
    }

    public struct Submission: Sendable {
        public var run: RunRecord
        /// True when an already queued run covers (or was widened to cover) the request.
        public var coalesced: Bool
    }

    public enum CancelResult: Sendable {
        case cancelled(RunRecord)
        case cancelling(RunRecord)
        case alreadyFinished(RunRecord)
        case notFound
    }

    /// The running job: its run id, how to stop it, and whether a user asked to (cancelled, not interrupted).
    private struct Running {
        let id: Int64
        let stop: AsyncStream<Void>.Continuation
        let stopped: StopLatch
        var cancelledByUser = false
        /// The lease could not be renewed: another replica may take the queue, so this run stops.
        var leaseLost = false

        /// Asks the job to stop; returns once it has been cancelled (or has ended).
        func stopNow() async {
            stop.yield()
            await stopped.wait()
        }
    }

    private let store: any RunStore
    private let queue: JobQueue
    public nonisolated let coordination: Coordination
    private let kinds: JobKinds
    private let logger: Logger
    private let retention: Int
    private let progressHub: ProgressHub
    private let metrics: SyncMetrics?
    /// What `/health` shows about runs; published here on every transition so requests never read the store for it.
    public nonisolated let health: ServiceHealth
    private var board = RunBoard()
    /// Bumped by every publication, so a slower store read (`publishRunState`) never overwrites a newer state.
    private var boardGeneration = 0
    private var wakeUp: AsyncStream<Void>.Continuation?
    private var wakeUpStream: AsyncStream<Void>?
    private var current: Running?
    private var shuttingDown = false

    public init(store: any RunStore, kinds: JobKinds, progressHub: ProgressHub = ProgressHub(), retention: Int = 1000,
                metrics: SyncMetrics? = nil, health: ServiceHealth = ServiceHealth(),
                coordination: Coordination = .singleProcess(), logger: Logger) {
        self.store = store
        self.coordination = coordination
        self.queue = JobQueue(store: store, logger: logger)
        self.kinds = kinds
        self.metrics = metrics
        self.health = health
        self.logger = logger
        self.retention = retention
        self.progressHub = progressHub
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.wakeUpStream = stream
        self.wakeUp = continuation
    }

    /// Whether the catalogue sync can run (Odoo and Medusa configured).
    public var canRun: Bool { kinds.canRun(SyncRequest.kind) }

    public func canRun(_ kind: JobKind) -> Bool { kinds.canRun(kind) }

    /// Number of queued runs plus the running one.
    public func queueDepth() -> Int { board.depth }

    public var runningRunId: Int64? { current?.id }

    /// Reads the run facts `/health` shows (last finished, last success, queue depth) from the store and publishes
    /// them: at start-up and after crash recovery. Transitions publish from the runner's own state instead.
    public func publishRunState() async {
        await publishRunState(retrySet: true)
    }

    private func publishRunState(retrySet: Bool) async {
        boardGeneration += 1
        let generation = boardGeneration
        do {
            let lastFinished = try await store.lastFinishedRun()
            let lastSuccessful = try await store.lastSuccessfulRun()
            let queued = try await queue.count()
            guard generation == boardGeneration else { return }
            board.lastFinished = lastFinished
            board.lastSuccessful = lastSuccessful
            board.queued = queued
            board.publish(to: health)
            if let finishedAt = lastSuccessful?.finishedAt { metrics?.setLastSuccess(finishedAt) }
        } catch {
            health.requestDatabaseCheck()
        }
        if retrySet { await publishRetrySet() }
    }

    /// The retry set's summary for `/health` (items failing), read after every run and at start-up.
    public func publishRetrySet() async {
        do {
            health.publishFailingItems(ServiceHealth.FailingItems(try await store.allRetryItems()))
        } catch {
            health.requestDatabaseCheck()
        }
    }

    private func publish() {
        boardGeneration += 1
        board.publish(to: health)
    }

    /// Queues a catalogue sync (see `submit(job:trigger:)`).
    public func submit(_ request: SyncRequest, trigger: RunTrigger) async throws -> Submission {
        try await submit(job: request, trigger: trigger)
    }

    /// Queues `request`, or returns the queued run of its kind that already covers it (widening that run when the
    /// two merge).
    public func submit<Request: JobRequest>(job request: Request, trigger: RunTrigger) async throws -> Submission {
        switch try await queue.enqueue(request, trigger: trigger) {
        case .coalesced(let run):
            return Submission(run: run, coalesced: true)
        case .queued(let run):
            board.queued += 1
            publish()
            wakeUp?.yield()
            return Submission(run: run, coalesced: false)
        }
    }

    public func cancel(runId: Int64) async throws -> CancelResult {
        guard let run = try await store.run(id: runId) else { return .notFound }
        if run.status.isFinished { return .alreadyFinished(run) }
        if let running = current, running.id == runId {
            current?.cancelledByUser = true
            try await store.requestCancel(id: runId)
            await running.stopNow()
            logger.info("cancellation requested for running sync", metadata: ["run_id": "\(runId)"])
            return .cancelling(try await store.run(id: runId) ?? run)
        }
        if run.status == .running {
            // Running on another replica: it sees the request when it next renews its lease.
            try await store.requestCancel(id: runId)
            logger.info("cancellation requested for a sync running on another replica", metadata: [
                "run_id": "\(runId)", "replica": "\(run.replica ?? "?")",
            ])
            return .cancelling(try await store.run(id: runId) ?? run)
        }
        let cancelled = try await queue.remove(run, as: .cancelled, error: "cancelled before it started")
        board.dequeued()
        board.finished(cancelled)
        publish()
        await progressHub.finish(runId: runId, status: .cancelled)
        logger.info("queued sync cancelled", metadata: ["run_id": "\(runId)"])
        return .cancelled(cancelled)
    }

    static let orphanReason = "the service stopped while this run was in progress; the next run picks up from the last committed page"

    /// Marks runs a crash left `running` as interrupted (on a shared store: only those whose replica's lease
    /// expired). Call before `run()`.
    public func recoverAfterCrash() async throws {
        let ids = try await store.interruptOrphanedRuns(reason: Self.orphanReason)
        if !ids.isEmpty {
            logger.warning("runs interrupted by a previous stop", metadata: ["run_ids": "\(ids.map(String.init).joined(separator: ","))"])
        }
        await publishRunState()
    }

    // MARK: Service

    /// Runs queued jobs as they come until the service stops. A graceful shutdown is awaited by a child task of this
    /// one (structured: nothing outlives `run()`), which stops the loop and interrupts the running job.
    public func run() async throws {
        guard let stream = wakeUpStream else { return }
        wakeUpStream = nil
        await withDiscardingTaskGroup { group in
            group.addTask {
                do { try await gracefulShutdown() } catch { return }  // cancelled: the loop ended first
                await self.beginShutdown()
            }
            wakeUp?.yield()  // pick up runs queued before the start
            if let poll = coordination.poll, let wakeUp {
                // Other replicas queue runs too, and a dead one leaves its run behind: look at the shared queue.
                group.addTask {
                    while !Task.isCancelled {
                        do { try await Task.sleep(for: poll) } catch { return }
                        wakeUp.yield()
                    }
                }
            }
            for await _ in stream {
                if shuttingDown { break }
                await drainQueue()
                if shuttingDown { break }
            }
            group.cancelAll()
        }
    }

    /// Stops taking work; the running job is cancelled (when this returns) and stops at its next safe point.
    public func beginShutdown() async {
        guard !shuttingDown else { return }
        shuttingDown = true
        wakeUp?.finish()
        await current?.stopNow()
    }

    /// Runs queued runs oldest first until none is left (or another replica holds the run lease). Exposed for the
    /// CLI's foreground `sync` and for tests.
    public func drainQueue() async {
        while !shuttingDown {
            let claimed: RunRecord?
            do {
                claimed = try await store.claimNextRun(replica: coordination.replica, lease: coordination.lease, at: Date())
            } catch {
                logger.error("could not take the next run", metadata: ["error": "\(error)"])
                health.requestDatabaseCheck()
                return
            }
            guard let claimed else {
                if coordination.poll != nil {
                    // Other replicas move the queue too, and one of them may be running a job. The retry set is
                    // re-read only when a run finished elsewhere (it changes with runs; reading it every poll would
                    // cost each idle replica a full read every 2 s).
                    let lastSeen = board.lastFinished?.id
                    await publishRunState(retrySet: false)
                    if board.lastFinished?.id != lastSeen { await publishRetrySet() }
                    if let holder = try? await store.leaseHolder() { health.publishRunLease(holder) } else { health.publishRunLease(nil) }
                }
                return
            }
            health.publishRunLease(RunLease(replica: coordination.replica, runId: claimed.id,
                                            expiresAt: Date().addingTimeInterval(coordination.lease.seconds)))
            await execute(claimed)
            try? await store.releaseLease(replica: coordination.replica)
            health.publishRunLease(nil)
        }
    }

    /// Runs a run `claimNextRun` marked running for this replica.
    private func execute(_ run: RunRecord) async {
        let work: JobKinds.Work
        switch kinds.work(for: run) {
        case .success(let found): work = found
        case .failure(let unavailable):
            await failUnrunnable(run, reason: unavailable.reason)
            return
        }
        let (stop, stopContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let stopped = StopLatch()
        current = Running(id: run.id, stop: stopContinuation, stopped: stopped)
        if shuttingDown { stopContinuation.yield() }
        board.dequeued()
        board.running = run.id
        publish()
        let reporter = StoreRunReporter(runId: run.id, store: store, hub: progressHub, logger: logger)
        let started = Date()
        logger.info("sync started", metadata: [
            "run_id": "\(run.id)", "kind": "\(run.kind)", "mode": "\(run.request.mode.rawValue)", "trigger": "\(run.trigger.rawValue)",
        ])
        let outcome = await withDiscardingTaskGroup { group in
            group.addTask { await self.keepLease(runId: run.id) }
            defer { group.cancelAll() }
            return await JobExecution.run(until: stop, stopped: stopped) { try await work(run, reporter) }
        }
        let cancelledByUser = current?.cancelledByUser ?? false
        let leaseLost = current?.leaseLost ?? false
        current = nil
        var ending = RunEnding(outcome, cancelledByUser: cancelledByUser)
        if leaseLost, ending.status == .interrupted {
            ending.message = "this replica lost the run lease (the database did not answer in time, or the lease expired and another replica took it); the next run continues from the last committed page"
        }
        var finished: RunRecord?
        do {
            try await reporter.flush()
            finished = try await store.finishRun(id: run.id, status: ending.status, error: ending.message, errorClass: ending.errorClass)
            try await store.applyRetention(keep: retention)
        } catch {
            logger.error("could not record the end of a run", metadata: ["run_id": "\(run.id)", "error": "\(error)"])
            health.requestDatabaseCheck()
        }
        board.running = nil
        if let finished { board.finished(finished) }
        publish()
        await publishRetrySet()
        if let finished {
            metrics?.recordRun(trigger: finished.trigger, status: ending.status, dryRun: finished.request.dryRun,
                               counts: finished.counts, finishedAt: finished.finishedAt ?? Date())
        }
        await progressHub.finish(runId: run.id, status: ending.status)
        logger.info("sync finished", metadata: [
            "run_id": "\(run.id)", "kind": "\(run.kind)", "status": "\(ending.status.rawValue)",
            "duration_ms": "\(Int(Date().timeIntervalSince(started) * 1000))",
            "created": "\(finished?.counts.created ?? 0)", "updated": "\(finished?.counts.updated ?? 0)",
            "unchanged": "\(finished?.counts.unchanged ?? 0)", "archived": "\(finished?.counts.archived ?? 0)",
            "failed": "\(finished?.counts.failed ?? 0)",
        ].merging(ending.message.map { ["error": "\($0)"] } ?? [:]) { a, _ in a })
    }

    /// Renews the run lease every third of its length while the run goes on. When another replica holds it, or it
    /// could not be renewed before it would expire, the run stops: past that point another replica may take the
    /// queue. A cancel asked on another replica (the run's `cancelRequested`) is noticed here too.
    private func keepLease(runId: Int64) async {
        let interval = coordination.lease / 3
        var lastRenewed = ContinuousClock.now
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            switch try? await store.renewLease(replica: coordination.replica, lease: coordination.lease) {
            case true?:
                lastRenewed = ContinuousClock.now
                if coordination.poll != nil, (try? await store.run(id: runId))?.cancelRequested == true {
                    await stopCancelled(runId: runId)
                    return
                }
            case false?:
                await loseLease(runId: runId)
                return
            case nil:
                if ContinuousClock.now - lastRenewed >= coordination.lease {
                    await loseLease(runId: runId)
                    return
                }
            }
        }
    }

    private func loseLease(runId: Int64) async {
        guard let running = current, running.id == runId else { return }
        current?.leaseLost = true
        logger.error("run lease lost; stopping the run", metadata: ["run_id": "\(runId)", "replica": "\(coordination.replica)"])
        health.requestDatabaseCheck()
        await running.stopNow()
    }

    private func stopCancelled(runId: Int64) async {
        guard let running = current, running.id == runId, !running.cancelledByUser else { return }
        current?.cancelledByUser = true
        logger.info("cancellation requested on another replica", metadata: ["run_id": "\(runId)"])
        await running.stopNow()
    }

    /// A queued run whose kind cannot run here (its systems are not configured) fails without starting.
    private func failUnrunnable(_ run: RunRecord, reason: String) async {
        do {
            let failed = try await queue.remove(run, as: .failed, error: reason, errorClass: .configuration)
            board.dequeued()
            board.finished(failed)
            publish()
        } catch {
            logger.error("could not record the end of a run", metadata: ["run_id": "\(run.id)", "error": "\(error)"])
            health.requestDatabaseCheck()
        }
        await progressHub.finish(runId: run.id, status: .failed)
    }
}
