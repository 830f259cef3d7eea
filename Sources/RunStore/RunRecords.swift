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

    /// Public so other stores (the PostgreSQL one) build records as this module's store does.
    public init(id: Int64, kind: JobKind, trigger: RunTrigger, request: SyncRequest, status: RunStatus, createdAt: Date,
                startedAt: Date?, finishedAt: Date?, counts: RunCounts, progress: RunProgress?, error: String?,
                errorClass: FailureClass?, cancelRequested: Bool, replica: String? = nil) {
        self.id = id
        self.kind = kind
        self.trigger = trigger
        self.request = request
        self.status = status
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.counts = counts
        self.progress = progress
        self.error = error
        self.errorClass = errorClass
        self.cancelRequested = cancelRequested
        self.replica = replica
    }

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

    public init(id: Int64, runId: Int64, outcome: ProductOutcome) {
        self.id = id
        self.runId = runId
        self.outcome = outcome
    }
}

/// Typed failures of the store; the database is local, so anything here is worth looking at, not retrying blindly.
public struct RunStoreError: ClassifiedError {
    public var message: String
    public init(message: String) { self.message = message }
    public var failureClass: FailureClass { .configuration }
    public var system: String { "store" }
    public var description: String { message }
}

/// A page of outcomes as both stores keep them: each with its planned changes as JSON text (sorted keys, so equal
/// changes are equal text), and the counts the page adds to its run.
public struct StoredOutcomes: Sendable {
    public var rows: [(outcome: ProductOutcome, plannedChanges: String?)]
    public var counts: RunCounts

    public init(_ outcomes: [ProductOutcome]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        rows = try outcomes.map { outcome in
            (outcome, try outcome.plannedChanges.map { String(decoding: try encoder.encode($0), as: UTF8.self) })
        }
        counts = RunCounts()
        for outcome in outcomes { counts.add(outcome.kind) }
    }
}
