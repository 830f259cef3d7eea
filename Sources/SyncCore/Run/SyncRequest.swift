/// What a trigger asks for. Requests merge while queued (see `merged(with:)`), so bursts become one run.
public struct SyncRequest: Sendable, Hashable, Codable {
    public enum Mode: String, Sendable, Hashable, Codable, CaseIterable {
        /// Changes since the per-model cursors, plus the stock pass.
        case incremental
        /// Reconcile everything: catches what `write_date` misses and deletions.
        case full
        /// Only the given Odoo template ids (webhook, API, "retry failed").
        case targeted
    }

    public var mode: Mode
    /// Odoo `product.template` ids, for `.targeted` (sorted, unique).
    public var productIds: [Int]
    /// Plan only: compute the field-level diff, write nothing.
    public var dryRun: Bool

    public init(mode: Mode, productIds: [Int] = [], dryRun: Bool = false) {
        self.mode = mode
        self.productIds = mode == .targeted ? Array(Set(productIds)).sorted() : []
        self.dryRun = dryRun
    }

    public static let incremental = SyncRequest(mode: .incremental)
    public static let full = SyncRequest(mode: .full)
    public static func targeted(_ ids: [Int], dryRun: Bool = false) -> SyncRequest {
        SyncRequest(mode: .targeted, productIds: ids, dryRun: dryRun)
    }

    /// True when running `self` does everything `other` would: a full run covers anything, an incremental run covers
    /// incremental and targeted ones, a targeted run covers targeted runs over a subset. A dry run covers only dry runs,
    /// and a real run never is covered by a dry run.
    public func covers(_ other: SyncRequest) -> Bool {
        if dryRun != other.dryRun { return false }
        switch (mode, other.mode) {
        case (.full, _): return true
        case (.incremental, .incremental), (.incremental, .targeted): return true
        case (.targeted, .targeted): return Set(other.productIds).isSubset(of: Set(productIds))
        default: return false
        }
    }

    /// The request that does the work of both, when one can be formed (same dry-run flag): full absorbs everything,
    /// incremental absorbs targeted, targeted ones merge their ids. Nil when the two must stay separate runs.
    public func merged(with other: SyncRequest) -> SyncRequest? {
        guard dryRun == other.dryRun else { return nil }
        if covers(other) { return self }
        if other.covers(self) { return other }
        if mode == .targeted, other.mode == .targeted {
            return SyncRequest(mode: .targeted, productIds: productIds + other.productIds, dryRun: dryRun)
        }
        return nil
    }
}

/// Who started a run.
public enum RunTrigger: String, Sendable, Hashable, Codable, CaseIterable {
    case schedule, api, webhook, cli
}

public enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case queued, running, succeeded
    case partiallyFailed = "partially_failed"
    case failed, cancelled, interrupted

    public var isFinished: Bool {
        switch self {
        case .queued, .running: false
        default: true
        }
    }
}
