import Foundation
import Logging
import RunStore
import ServiceLifecycle
import SyncCore

/// One sync at a time, fed by the schedule, the API and webhooks. Queued requests are persisted (a restart resumes
/// them) and merge: a queued full run absorbs incremental and targeted requests, targeted requests merge their ids.
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

    private let store: RunStore
    private let executor: (any SyncExecutor)?
    private let logger: Logger
    private let retention: Int
    private let progressHub: ProgressHub
    private let metrics: SyncMetrics?
    /// What `/health` shows about runs; published here on every transition so requests never read the store for it.
    public nonisolated let health: ServiceHealth
    private var runStateGeneration = 0
    private var wakeUp: AsyncStream<Void>.Continuation?
    private var wakeUpStream: AsyncStream<Void>?
    private var current: (id: Int64, task: Task<RunSummary, any Error>, cancelledByUser: Bool)?
    private var shuttingDown = false

    public init(store: RunStore, executor: (any SyncExecutor)?, progressHub: ProgressHub = ProgressHub(),
                retention: Int = 1000, metrics: SyncMetrics? = nil, health: ServiceHealth = ServiceHealth(), logger: Logger) {
        self.metrics = metrics
        self.health = health
        self.store = store
        self.executor = executor
        self.logger = logger
        self.retention = retention
        self.progressHub = progressHub
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.wakeUpStream = stream
        self.wakeUp = continuation
    }

    public var canRun: Bool { executor != nil }

    /// Number of queued runs plus the running one.
    public func queueDepth() async -> Int {
        let queued = (try? await store.runs(withStatus: .queued).count) ?? 0
        return queued + (current == nil ? 0 : 1)
    }

    public var runningRunId: Int64? { current?.id }

    /// Re-reads the run facts `/health` shows (last finished, last success, queue depth) and publishes them. Three
    /// reads per transition instead of per request; the reads are the store's own queries, so `/health` means
    /// exactly what it did when it read them itself. The actor is re-entered at each `await`: only the latest
    /// publication started is applied, so a slow earlier one never overwrites a newer state.
    public func publishRunState() async {
        runStateGeneration += 1
        let generation = runStateGeneration
        do {
            let lastFinished = try await store.lastFinishedRun()
            let lastSuccessful = try await store.lastSuccessfulRun()
            let queued = try await store.runs(withStatus: .queued).count
            guard generation == runStateGeneration else { return }
            health.publishRuns(lastFinished: lastFinished, lastSuccessful: lastSuccessful,
                               queueDepth: queued + (current == nil ? 0 : 1))
        } catch {
            health.requestDatabaseCheck()
        }
    }

    /// Queues `request`, or returns the queued run that already covers it (widening that run when the two merge).
    public func submit(_ request: SyncRequest, trigger: RunTrigger) async throws -> Submission {
        let queued = try await store.runs(withStatus: .queued)
        for run in queued {
            if run.request.covers(request) {
                return Submission(run: run, coalesced: true)
            }
            if let merged = run.request.merged(with: request) {
                try await store.updateQueuedRequest(id: run.id, request: merged)
                let widened = try await store.run(id: run.id) ?? run
                logger.info("sync request merged into queued run", metadata: [
                    "run_id": "\(run.id)", "mode": "\(merged.mode.rawValue)", "trigger": "\(trigger.rawValue)",
                ])
                return Submission(run: widened, coalesced: true)
            }
        }
        let run = try await store.createRun(trigger: trigger, request: request)
        await publishRunState()
        logger.info("sync queued", metadata: [
            "run_id": "\(run.id)", "mode": "\(request.mode.rawValue)", "trigger": "\(trigger.rawValue)",
            "dry_run": "\(request.dryRun)", "products": "\(request.productIds.count)",
        ])
        wakeUp?.yield()
        return Submission(run: run, coalesced: false)
    }

    public func cancel(runId: Int64) async throws -> CancelResult {
        guard let run = try await store.run(id: runId) else { return .notFound }
        if run.status.isFinished { return .alreadyFinished(run) }
        if let current, current.id == runId {
            self.current?.cancelledByUser = true
            try await store.requestCancel(id: runId)
            current.task.cancel()
            logger.info("cancellation requested for running sync", metadata: ["run_id": "\(runId)"])
            return .cancelling(try await store.run(id: runId) ?? run)
        }
        try await store.finishRun(id: runId, status: .cancelled, error: "cancelled before it started")
        await publishRunState()
        await progressHub.finish(runId: runId, status: .cancelled)
        logger.info("queued sync cancelled", metadata: ["run_id": "\(runId)"])
        return .cancelled(try await store.run(id: runId) ?? run)
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

    public func run() async throws {
        guard let stream = wakeUpStream else { return }
        wakeUpStream = nil
        await withGracefulShutdownHandler {
            wakeUp?.yield()  // pick up runs queued before the start
            for await _ in stream {
                if shuttingDown { break }
                await drainQueue()
                if shuttingDown { break }
            }
        } onGracefulShutdown: {
            Task { await self.beginShutdown() }
        }
    }

    /// Stops taking work; the running sync is cancelled and stops at its next safe point.
    public func beginShutdown() {
        guard !shuttingDown else { return }
        shuttingDown = true
        current?.task.cancel()
        wakeUp?.finish()
    }

    /// Runs queued runs oldest first until none is left. Exposed for the CLI's foreground `sync` and for tests.
    public func drainQueue() async {
        while !shuttingDown, let next = try? await store.runs(withStatus: .queued).first {
            await execute(next)
        }
    }

    private func execute(_ run: RunRecord) async {
        guard let executor else {
            try? await store.finishRun(id: run.id, status: .failed, error: "Odoo or Medusa is not configured", errorClass: .configuration)
            await publishRunState()
            await progressHub.finish(runId: run.id, status: .failed)
            return
        }
        do { try await store.markRunning(id: run.id) } catch {
            logger.error("could not mark run as running", metadata: ["run_id": "\(run.id)", "error": "\(error)"])
            health.requestDatabaseCheck()
            return
        }
        let reporter = StoreRunReporter(runId: run.id, store: store, hub: progressHub, logger: logger)
        let started = Date()
        logger.info("sync started", metadata: ["run_id": "\(run.id)", "mode": "\(run.request.mode.rawValue)", "trigger": "\(run.trigger.rawValue)"])
        let task = Task { try await executor.execute(run.request, reporter: reporter) }
        current = (run.id, task, false)
        await publishRunState()
        let result = await task.result
        let cancelledByUser = current?.cancelledByUser ?? false
        current = nil
        let status: RunStatus
        var message: String?
        var errorClass: FailureClass?
        switch result {
        case .success(let summary):
            status = summary.status
            message = summary.error
            errorClass = summary.errorClass
        case .failure(let error) where error is CancellationError || Task.isCancelled || task.isCancelled:
            if cancelledByUser {
                status = .cancelled
                message = "cancelled by request; work up to the last committed page is kept"
            } else {
                status = .interrupted
                message = "the service was stopping; the next run continues from the last committed page"
            }
        case .failure(let error):
            status = .failed
            message = String(describing: error)
            errorClass = failureClass(of: error)
        }
        do {
            try await reporter.flush()
            try await store.finishRun(id: run.id, status: status, error: message, errorClass: errorClass)
            try await store.applyRetention(keep: retention)
        } catch {
            logger.error("could not record the end of a run", metadata: ["run_id": "\(run.id)", "error": "\(error)"])
            health.requestDatabaseCheck()
        }
        await publishRunState()
        let finished = try? await store.run(id: run.id)
        if let finished {
            metrics?.recordRun(trigger: finished.trigger, status: status, dryRun: finished.request.dryRun,
                               counts: finished.counts, finishedAt: finished.finishedAt ?? Date())
        }
        await progressHub.finish(runId: run.id, status: status)
        logger.info("sync finished", metadata: [
            "run_id": "\(run.id)", "status": "\(status.rawValue)",
            "duration_ms": "\(Int(Date().timeIntervalSince(started) * 1000))",
            "created": "\(finished?.counts.created ?? 0)", "updated": "\(finished?.counts.updated ?? 0)",
            "unchanged": "\(finished?.counts.unchanged ?? 0)", "archived": "\(finished?.counts.archived ?? 0)",
            "failed": "\(finished?.counts.failed ?? 0)",
        ].merging(message.map { ["error": "\($0)"] } ?? [:]) { a, _ in a })
    }
}
