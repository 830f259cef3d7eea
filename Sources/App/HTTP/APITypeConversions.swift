import SyncAPI
import SyncCore

// One place that maps domain values to and from the generated API types, so the two vocabularies stay aligned.

extension Components.Schemas.RunStatus {
    init(_ status: RunStatus) { self = Self(rawValue: status.rawValue)! }
}

extension RunStatus {
    init(_ status: Components.Schemas.RunStatus) { self = RunStatus(rawValue: status.rawValue)! }
}

extension Components.Schemas.RunTrigger {
    init(_ trigger: RunTrigger) { self = Self(rawValue: trigger.rawValue)! }
}

extension RunTrigger {
    init(_ trigger: Components.Schemas.RunTrigger) { self = RunTrigger(rawValue: trigger.rawValue)! }
}

extension Components.Schemas.RunMode {
    init(_ mode: SyncRequest.Mode) { self = Self(rawValue: mode.rawValue)! }
}

extension ProductOutcome.Kind {
    init(_ kind: Components.Schemas.OutcomeKind) { self = ProductOutcome.Kind(rawValue: kind.rawValue)! }
}

extension Components.Schemas.Counts {
    init(_ counts: RunCounts) {
        self.init(created: counts.created, updated: counts.updated, unchanged: counts.unchanged, archived: counts.archived,
                  deleted: counts.deleted, failed: counts.failed, skipped: counts.skipped,
                  driftCorrected: counts.driftCorrected)
    }
}

extension Components.Schemas.RunItem {
    init(_ outcome: ProductOutcome) {
        self.init(
            subject: .init(rawValue: outcome.subject.rawValue)!,
            odooTemplateId: Int64(outcome.odooTemplateId),
            outcome: .init(rawValue: outcome.kind.rawValue)!,
            medusaProductId: outcome.medusaProductId,
            title: outcome.title,
            message: outcome.message,
            failureClass: outcome.failureClass.flatMap { .init(rawValue: $0.rawValue) },
            system: outcome.system,
            plannedChanges: outcome.plannedChanges?.map { .init(path: $0.path, from: $0.from, to: $0.to) }
        )
    }
}

extension Components.Schemas._Error {
    static func error(code: String, message: String) -> Self {
        .init(error: .init(code: code, message: message))
    }
}
