import RunStore
import SyncCore

/// What a kind of job is asked to do. Queued requests wait in the run table (a restart resumes them) and merge by
/// the kind's own rules, so a burst of triggers becomes one run.
public protocol JobRequest: Sendable, Equatable {
    /// The kind this request belongs to; the runner finds the kind's executor by it.
    static var kind: JobKind { get }
    /// The request in the run table's request columns (mode, ids, dry run), and back from a stored run.
    var storedForm: SyncRequest { get }
    init(storedForm: SyncRequest)
    /// True when running `self` does everything `other` would: `other` is then not queued again.
    func covers(_ other: Self) -> Bool
    /// One request doing the work of both, when one can be formed; nil keeps them separate runs.
    func merged(with other: Self) -> Self?
}

/// Runs one job of a kind. The runner knows only this protocol, so it runs any kind and is tested without Odoo or
/// Medusa. Throwing `CancellationError` means the job stopped at a safe point when asked to.
public protocol JobExecutor<Request>: Sendable {
    associatedtype Request: JobRequest
    func execute(_ request: Request, reporter: any RunReporter) async throws -> RunSummary
}

/// The catalogue sync's executor: production drives `SyncEngine` with the Odoo and Medusa clients.
public protocol SyncExecutor: JobExecutor where Request == SyncRequest {}

/// The catalogue sync is the first kind of job; its request is the run table's own shape.
extension SyncRequest: JobRequest {
    public static var kind: JobKind { .catalogue }
    public var storedForm: SyncRequest { self }
    public init(storedForm: SyncRequest) { self = storedForm }
}
