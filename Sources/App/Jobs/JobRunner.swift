import Foundation
import Logging
import RunStore
import ServiceLifecycle
import SyncCore

/// One job at a time, whatever its kind, fed by the schedules, the API and webhooks through the persisted,
/// coalescing `JobQueue`. Each transition (queued, running, finished) is published to `/health` from the runner's
/// own `RunBoard`; the finished run's record, returned by the store's final write, feeds the metrics.
public actor JobRunner: Service {
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

        /// Asks the job to stop; returns once it has been cancelled (or has ended).
        func stopNow() async {
            stop.yield()
            await stopped.wait()
        }
    }

    private let store: RunStore
    private let queue: JobQueue
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

    public init(store: RunStore, kinds: JobKinds, progressHub: ProgressHub = ProgressHub(), retention: Int = 1000,
                metrics: SyncMetrics? = nil, health: ServiceHealth = ServiceHealth(), logger: Logger) {
        self.store = store
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
        await publishRetrySet()
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
        let cancelled = try await queue.remove(run, as: .cancelled, error: "cancelled before it started")
        board.dequeued()
        board.finished(cancelled)
        publish()
        await progressHub.finish(runId: runId, status: .cancelled)
        logger.info("queued sync cancelled", metadata: ["run_id": "\(runId)"])
        return .cancelled(cancelled)
    }

    /// Marks runs a crash left `running` as interrupted. Call before `run()`.
    public func recoverAfterCrash() async throws {
        let ids = try await store.markInterruptedRuns(reason: "the service stopped while this run was in progress; the next run picks up from the last committed page")
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

    /// Runs queued runs oldest first until none is left. Exposed for the CLI's foreground `sync` and for tests.
    public func drainQueue() async {
        while !shuttingDown, let next = try? await queue.next() {
            await execute(next)
        }
    }

    private func execute(_ run: RunRecord) async {
        let work: JobKinds.Work
        switch kinds.work(for: run) {
        case .success(let found): work = found
        case .failure(let unavailable):
            await failUnrunnable(run, reason: unavailable.reason)
            return
        }
        do { try await store.markRunning(id: run.id) } catch {
            logger.error("could not mark run as running", metadata: ["run_id": "\(run.id)", "error": "\(error)"])
            health.requestDatabaseCheck()
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
        let outcome = await JobExecution.run(until: stop, stopped: stopped) { try await work(run, reporter) }
        let cancelledByUser = current?.cancelledByUser ?? false
        current = nil
        let ending = RunEnding(outcome, cancelledByUser: cancelledByUser)
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
