import Foundation
import Logging
import RunStore
import SyncCore

/// The persisted, coalescing queue: queued requests are runs with status `queued` (a restart resumes them), and a
/// new request merges into a queued run of its kind that covers it or can be widened to cover it. Oldest first,
/// whatever the kind. Enqueueing holds the store's queue lock, so replicas sharing a PostgreSQL store coalesce into
/// the same queued run; the store's run lease decides which replica takes it (`RunStore.claimNextRun`). This type
/// keeps no state of its own.
struct JobQueue: Sendable {
    enum Placement: Sendable {
        /// A new queued run.
        case queued(RunRecord)
        /// An already queued run covers the request (or was widened to).
        case coalesced(RunRecord)
    }

    let store: any RunStore
    let logger: Logger

    func enqueue<Request: JobRequest>(_ request: Request, trigger: RunTrigger) async throws -> Placement {
        for run in try await store.runs(withStatus: .queued) where run.kind == Request.kind {
            let queued = Request(storedForm: run.request)
            if queued.covers(request) { return .coalesced(run) }
            if let merged = queued.merged(with: request) {
                try await store.updateQueuedRequest(id: run.id, request: merged.storedForm)
                let widened = try await store.run(id: run.id) ?? run
                logger.info("sync request merged into queued run", metadata: [
                    "run_id": "\(run.id)", "kind": "\(run.kind)", "mode": "\(merged.storedForm.mode.rawValue)",
                    "trigger": "\(trigger.rawValue)",
                ])
                return .coalesced(widened)
            }
        }
        let stored = request.storedForm
        let run = try await store.createRun(kind: Request.kind, trigger: trigger, request: stored)
        logger.info("sync queued", metadata: [
            "run_id": "\(run.id)", "kind": "\(run.kind)", "mode": "\(stored.mode.rawValue)", "trigger": "\(trigger.rawValue)",
            "dry_run": "\(stored.dryRun)", "products": "\(stored.productIds.count)",
        ])
        return .queued(run)
    }

    /// Takes a queued run out of the queue as `status` (cancelled, or failed when it cannot run); the run as recorded.
    func remove(_ run: RunRecord, as status: RunStatus, error: String, errorClass: FailureClass? = nil) async throws -> RunRecord {
        try await store.finishRun(id: run.id, status: status, error: error, errorClass: errorClass) ?? run
    }

    func count() async throws -> Int {
        try await store.runs(withStatus: .queued).count
    }
}
