import RunStore
import SyncCore

/// What `/health` shows about runs, kept by the runner from its own transitions — a run queued, started, finished —
/// so no transition reads the store back. Read from the store only at start-up and after crash recovery.
struct RunBoard: Sendable {
    var queued = 0
    var running: Int64?
    /// The finished run with the highest id (as the store orders them), and the last non-dry one that succeeded.
    var lastFinished: RunRecord?
    var lastSuccessful: RunRecord?

    /// Queued runs plus the running one.
    var depth: Int { queued + (running == nil ? 0 : 1) }

    mutating func dequeued() { queued = max(0, queued - 1) }

    mutating func finished(_ run: RunRecord) {
        if run.id >= lastFinished?.id ?? .min { lastFinished = run }
        if run.status == .succeeded, !run.request.dryRun, run.id >= lastSuccessful?.id ?? .min { lastSuccessful = run }
    }

    func publish(to health: ServiceHealth) {
        health.publishRuns(lastFinished: lastFinished, lastSuccessful: lastSuccessful, queueDepth: depth)
    }
}
