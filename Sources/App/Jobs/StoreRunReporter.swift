import Foundation
import Logging
import RunStore
import SyncCore

/// Persists a running sync's outcomes and progress, and publishes progress to live listeners (SSE, dashboard).
/// Progress writes are throttled: at most one database write per 250 ms, the last one always flushed.
actor StoreRunReporter: RunReporter {
    let runId: Int64
    let store: RunStore
    let hub: ProgressHub
    let logger: Logger
    private var lastWrite = ContinuousClock.now - .seconds(1)
    private var pending: RunProgress?

    init(runId: Int64, store: RunStore, hub: ProgressHub, logger: Logger) {
        self.runId = runId
        self.store = store
        self.hub = hub
        self.logger = logger
    }

    func progress(_ progress: RunProgress) async {
        await hub.publish(runId: runId, progress: progress)
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

    func flush() async throws {
        guard let pending else { return }
        self.pending = nil
        lastWrite = ContinuousClock.now
        try await store.recordProgress(id: runId, progress: pending)
    }
}
