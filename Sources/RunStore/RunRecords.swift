import Foundation
import SyncCore

/// One run as stored: its kind, the request that caused it, where it is, and its totals. `request` holds the run's
/// request columns (mode, ids, dry run); a kind other than the catalogue maps its own request onto them.
public struct RunRecord: Sendable, Hashable {
    public var id: Int64
    public var kind: JobKind
    public var trigger: RunTrigger
    public var request: SyncRequest
    public var status: RunStatus
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    public var counts: RunCounts
    public var progress: RunProgress?
    public var error: String?
    public var errorClass: FailureClass?
    public var cancelRequested: Bool
    /// The replica that ran it (the service's replica id); nil while queued.
    public var replica: String? = nil

    public var durationMs: Int64? {
        guard let startedAt else { return nil }
        return Int64(((finishedAt ?? Date()).timeIntervalSince(startedAt) * 1000).rounded())
    }
}

/// One product's outcome within a run, with its position for cursor pagination.
public struct RunItemRecord: Sendable, Hashable {
    public var id: Int64
    public var runId: Int64
    public var outcome: ProductOutcome
}

/// Typed failures of the store; the database is local, so anything here is worth looking at, not retrying blindly.
public struct RunStoreError: ClassifiedError {
    public var message: String
    public var failureClass: FailureClass { .configuration }
    public var system: String { "store" }
    public var description: String { message }
}
