/// Thrown by `MedusaShop.batchProducts` when one of the requests a batch was split into fails.
///
/// A large batch goes out as several `/admin/products/batch` requests (Medusa takes at most 2 MB per request), each
/// applied by Medusa on its own. When request k fails, requests 1…k-1 are already applied: `applied` carries their
/// results so the caller can still write bindings for the products that were created, and `notApplied` says what was
/// not (the failing request and everything after it). The failure class is the underlying error's.
public struct ProductBatchFailure: ClassifiedError {
    /// What Medusa confirmed before the failure (possibly nothing).
    public var applied: ProductBatchResult
    /// Handles of the `create` entries that were not applied.
    public var notAppliedCreateHandles: [String]
    /// Product ids of the `update` entries that were not applied.
    public var notAppliedUpdateIds: [String]
    /// Product ids of the `delete` entries that were not applied.
    public var notAppliedDeleteIds: [String]
    /// Why the failing request failed.
    public var underlying: any ClassifiedError

    public init(applied: ProductBatchResult, notAppliedCreateHandles: [String], notAppliedUpdateIds: [String],
                notAppliedDeleteIds: [String], underlying: any ClassifiedError) {
        self.applied = applied; self.notAppliedCreateHandles = notAppliedCreateHandles
        self.notAppliedUpdateIds = notAppliedUpdateIds; self.notAppliedDeleteIds = notAppliedDeleteIds
        self.underlying = underlying
    }

    public var failureClass: FailureClass { underlying.failureClass }
    public var system: String { underlying.system }

    public var description: String {
        let notApplied = notAppliedCreateHandles.count + notAppliedUpdateIds.count + notAppliedDeleteIds.count
        let applied = applied.created.count + applied.updated.count + applied.deletedIds.count
        return "product batch stopped after \(applied) applied, \(notApplied) not applied: \(underlying.description)"
    }
}
