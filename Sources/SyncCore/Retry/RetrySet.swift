import Foundation

/// Something that failed in a run and is kept, across runs, until a run writes it: a product (its template, which
/// also carries its variants' stock levels) or a category. Kept by `RetrySetStore`; scheduled by `RetrySchedule`.
public struct RetryItem: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// An Odoo `product.template` (the product, its variants, its images and its variants' stock levels).
        case product
        /// An Odoo `product.category`.
        case category
    }

    public var kind: Kind
    public var odooId: Int
    /// For people: the product or category name when known.
    public var title: String?
    /// Failed attempts since the record last changed in Odoo.
    public var attempts: Int
    public var lastError: String
    public var errorClass: FailureClass
    /// Which system said it ("odoo", "medusa", "sync").
    public var system: String?
    /// When it first failed (kept while it keeps failing, even after its record changes).
    public var firstFailedAt: Date
    public var lastFailedAt: Date
    /// When a run should try it again; nil when time alone will not help: a permanent error (waiting for its Odoo
    /// record to change) or attempts exhausted.
    public var nextAttemptAt: Date?
    /// The Odoo record's `write_date` when it last failed: a permanent error is tried again once it moves.
    public var odooWriteDate: OdooDateTime?

    public init(kind: Kind, odooId: Int, title: String? = nil, attempts: Int, lastError: String, errorClass: FailureClass,
                system: String? = nil, firstFailedAt: Date, lastFailedAt: Date, nextAttemptAt: Date?,
                odooWriteDate: OdooDateTime? = nil) {
        self.kind = kind; self.odooId = odooId; self.title = title; self.attempts = attempts; self.lastError = lastError
        self.errorClass = errorClass; self.system = system; self.firstFailedAt = firstFailedAt
        self.lastFailedAt = lastFailedAt; self.nextAttemptAt = nextAttemptAt; self.odooWriteDate = odooWriteDate
    }

    /// Whether a run starting at `now` should try it again.
    public func isDue(at now: Date) -> Bool { nextAttemptAt.map { $0 <= now } ?? false }

    /// Retrying stopped: a permanent error, or `RETRY_MAX_ATTEMPTS` reached. Shown in `/health` and on the
    /// dashboard, with a "retry now" action; a change of the record in Odoo (or a manual retry) tries it again.
    public var isStuck: Bool { nextAttemptAt == nil }
}

/// When a failed item is tried again (pure): the first retry at the very next run, then exponential backoff from the
/// second failure on (`firstBackoff` doubling up to `maxBackoff`), until `maxAttempts` failures. Errors that retrying
/// cannot fix (anything not `retryable`) wait for their Odoo record to change (`write_date`).
public struct RetrySchedule: Sendable, Hashable {
    public static let defaultMaxAttempts = 8

    public var maxAttempts: Int
    public var firstBackoff: TimeInterval
    public var maxBackoff: TimeInterval

    public init(maxAttempts: Int = RetrySchedule.defaultMaxAttempts, firstBackoff: TimeInterval = 60,
                maxBackoff: TimeInterval = 3600) {
        self.maxAttempts = max(1, maxAttempts); self.firstBackoff = firstBackoff; self.maxBackoff = maxBackoff
    }

    /// A failure as the retry set records it.
    public struct Failure: Sendable, Hashable {
        public var kind: RetryItem.Kind
        public var odooId: Int
        public var title: String?
        public var message: String
        public var errorClass: FailureClass
        public var system: String?
        /// The record's `write_date` as the failing run read it (nil when unknown).
        public var writeDate: OdooDateTime?

        public init(kind: RetryItem.Kind, odooId: Int, title: String? = nil, message: String, errorClass: FailureClass,
                    system: String? = nil, writeDate: OdooDateTime? = nil) {
            self.kind = kind; self.odooId = odooId; self.title = title; self.message = message
            self.errorClass = errorClass; self.system = system; self.writeDate = writeDate
        }
    }

    /// The item after `failure` at `now`, given what the set held for it. A record changed in Odoo since the last
    /// failure (its `write_date` moved) starts counting again; `firstFailedAt` is kept.
    public func record(_ failure: Failure, previous: RetryItem?, now: Date) -> RetryItem {
        let changed = previous.map { failure.writeDate != nil && $0.odooWriteDate != failure.writeDate } ?? true
        let attempts = (changed ? 0 : previous?.attempts ?? 0) + 1
        return RetryItem(kind: failure.kind, odooId: failure.odooId, title: failure.title ?? previous?.title,
                         attempts: attempts, lastError: failure.message, errorClass: failure.errorClass,
                         system: failure.system, firstFailedAt: previous?.firstFailedAt ?? now, lastFailedAt: now,
                         nextAttemptAt: nextAttempt(attempts: attempts, errorClass: failure.errorClass, now: now),
                         odooWriteDate: failure.writeDate ?? previous?.odooWriteDate)
    }

    /// nil: not by time (permanent, or exhausted).
    public func nextAttempt(attempts: Int, errorClass: FailureClass, now: Date) -> Date? {
        guard errorClass == .retryable, attempts < maxAttempts else { return nil }
        return now.addingTimeInterval(backoff(afterFailures: attempts))
    }

    /// 0 after the first failure (the next run), then `firstBackoff`, doubled per failure, capped at `maxBackoff`.
    public func backoff(afterFailures attempts: Int) -> TimeInterval {
        guard attempts > 1 else { return 0 }
        let exponent = min(attempts - 2, 30)
        return min(firstBackoff * pow(2, Double(exponent)), maxBackoff)
    }

    /// An item tried again by hand ("retry now"): due at once, with its attempts left as they were.
    public func retryNow(_ item: RetryItem, now: Date) -> RetryItem {
        var item = item
        item.nextAttemptAt = now
        return item
    }
}

/// What a run does to the retry set once its outcomes are known (pure): failures are recorded, anything else
/// (written, unchanged, archived, skipped with a message) leaves the set.
public enum RetryBookkeeping {
    public struct Changes: Sendable, Hashable {
        public var save: [RetryItem] = []
        public var remove: [Int] = []
    }

    /// `outcomes` in the order they were reported (a product's stock failure comes after its product outcome).
    public static func changes(for outcomes: [ProductOutcome], held: [Int: RetryItem], writeDates: [Int: OdooDateTime],
                               schedule: RetrySchedule, now: Date) -> Changes {
        var current = held
        var touched: [Int] = []
        for outcome in outcomes {
            let id = outcome.odooTemplateId
            if !touched.contains(id) { touched.append(id) }
            if outcome.kind == .failed {
                let failure = RetrySchedule.Failure(
                    kind: .product, odooId: id, title: outcome.title, message: outcome.message ?? "failed",
                    errorClass: outcome.failureClass ?? .permanent, system: outcome.system, writeDate: writeDates[id])
                current[id] = schedule.record(failure, previous: current[id], now: now)
            } else {
                current[id] = nil
            }
        }
        var changes = Changes()
        for id in touched {
            if let item = current[id] { changes.save.append(item) } else if held[id] != nil { changes.remove.append(id) }
        }
        return changes
    }
}
