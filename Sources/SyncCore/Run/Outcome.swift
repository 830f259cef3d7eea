/// What happened to one Odoo product template in one run.
public struct ProductOutcome: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case created, updated, unchanged, archived, deleted, failed, skipped
        /// A full run found the Medusa product differing from what the sync last wrote (edited by hand in fields the
        /// sync owns) and wrote it back; `plannedChanges` holds the field-level diff.
        case driftCorrected = "drift_corrected"
    }

    /// What the item is about: a catalogue product (the Odoo id is a `product.template`), or a shop order (the Odoo
    /// id is the `sale.order`, 0 when none exists, and the Medusa id is the order's).
    public var subject: OutcomeSubject
    public var odooTemplateId: Int
    public var kind: Kind
    public var medusaProductId: String?
    /// Product title, for people reading the run.
    public var title: String?
    /// Why it failed or was skipped; for updates, a short list of what changed.
    public var message: String?
    public var failureClass: FailureClass?
    /// Which system a failure came from ("odoo", "medusa", "sync").
    public var system: String?
    /// Dry runs: the field-level diff that would be written.
    public var plannedChanges: [FieldChange]?

    public init(odooTemplateId: Int, kind: Kind, medusaProductId: String? = nil, title: String? = nil,
                message: String? = nil, failureClass: FailureClass? = nil, system: String? = nil,
                plannedChanges: [FieldChange]? = nil, subject: OutcomeSubject = .product) {
        self.subject = subject
        self.odooTemplateId = odooTemplateId; self.kind = kind; self.medusaProductId = medusaProductId
        self.title = title; self.message = message; self.failureClass = failureClass; self.system = system
        self.plannedChanges = plannedChanges
    }
}

/// One field of a dry-run plan: `path` like `variants[FURN_0096].prices.eur`.
public struct FieldChange: Sendable, Hashable, Codable {
    public var path: String
    public var from: String?
    public var to: String?

    public init(path: String, from: String?, to: String?) {
        self.path = path; self.from = from; self.to = to
    }
}

/// Totals of a run, by outcome kind.
public struct RunCounts: Sendable, Hashable, Codable {
    public var created = 0, updated = 0, unchanged = 0, archived = 0, deleted = 0, failed = 0, skipped = 0
    public var driftCorrected = 0

    public init() {}

    public mutating func add(_ kind: ProductOutcome.Kind) {
        switch kind {
        case .created: created += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        case .archived: archived += 1
        case .deleted: deleted += 1
        case .failed: failed += 1
        case .skipped: skipped += 1
        case .driftCorrected: driftCorrected += 1
        }
    }

    public var total: Int { created + updated + unchanged + archived + deleted + failed + skipped + driftCorrected }
}

/// Where a running sync is, for the API, SSE and the dashboard.
public struct RunProgress: Sendable, Hashable, Codable {
    public var phase: String
    public var done: Int
    /// nil while unknown (incremental runs discover their size as they page).
    public var total: Int?

    public init(phase: String, done: Int = 0, total: Int? = nil) {
        self.phase = phase; self.done = done; self.total = total
    }
}

/// The result of one engine run: counts plus the overall status it earned.
public struct RunSummary: Sendable, Hashable, Codable {
    public var counts: RunCounts
    /// Set when the whole run failed (e.g. Odoo unreachable); per-product failures are outcomes instead.
    public var error: String?
    public var errorClass: FailureClass?

    public init(counts: RunCounts = RunCounts(), error: String? = nil, errorClass: FailureClass? = nil) {
        self.counts = counts; self.error = error; self.errorClass = errorClass
    }

    public var status: RunStatus {
        if error != nil { return .failed }
        return counts.failed > 0 ? .partiallyFailed : .succeeded
    }
}

/// What a run item is about.
public enum OutcomeSubject: String, Sendable, Hashable, Codable, CaseIterable {
    case product
    case order
    /// An Odoo delivery reported to the shop as a fulfilment (Odoo id: the picking, Medusa id: the order).
    case delivery
}
