import Foundation
import Logging
import RunStore
import SyncCore

/// Persists a running sync's outcomes and progress, and publishes progress to live listeners (SSE, dashboard).
/// Progress writes are throttled: at most one database write per 250 ms, the last one always flushed.
actor StoreRunReporter: RunReporter {
    let runId: Int64
    let store: any RunStore
    let hub: ProgressHub
    let logger: Logger
    private var lastWrite = ContinuousClock.now - .seconds(1)
    private var pending: RunProgress?
    private var lastLogged: (phase: String, at: ContinuousClock.Instant)?

    init(runId: Int64, store: any RunStore, hub: ProgressHub, logger: Logger) {
        self.runId = runId
        self.store = store
        self.hub = hub
        self.logger = logger
    }

    func progress(_ progress: RunProgress) async {
        await hub.publish(runId: runId, progress: progress)
        logMilestone(progress)
        pending = progress
        if ContinuousClock.now - lastWrite >= .milliseconds(250) {
            try? await flush()
        }
    }

    func outcomes(_ outcomes: [ProductOutcome]) async throws {
        try await store.appendOutcomes(runId: runId, outcomes)
        for outcome in outcomes where outcome.kind == .failed {
            logger.warning("product failed", metadata: [
                "run_id": "\(runId)", "odoo_template_id": "\(outcome.odooTemplateId)",
                "system": "\(outcome.system ?? "sync")", "reason": "\(outcome.message ?? "")",
            ])
        }
    }

    /// Progress in the logs: every phase change, and within a phase at most every 2 s — enough to follow a long
    /// run page by page without a line per product.
    private func logMilestone(_ progress: RunProgress) {
        let now = ContinuousClock.now
        if let lastLogged, lastLogged.phase == progress.phase, now - lastLogged.at < .seconds(2) { return }
        lastLogged = (progress.phase, now)
        logger.info("sync progress", metadata: [
            "run_id": "\(runId)", "phase": "\(progress.phase)", "done": "\(progress.done)",
            "total": "\(progress.total.map(String.init) ?? "unknown")",
        ])
    }

    func flush() async throws {
        guard let pending else { return }
        self.pending = nil
        lastWrite = ContinuousClock.now
        try await store.recordProgress(id: runId, progress: pending)
    }
}
