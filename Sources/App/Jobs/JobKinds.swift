import RunStore
import SyncCore

/// The kinds of job a runner executes, each with its executor. Adding a kind is a request type, an executor and a
/// `register` call in the composition root; the runner and the queue stay as they are. A kind that is known but
/// cannot run (its systems are not configured) is registered with the reason, and its queued runs fail with it.
public struct JobKinds: Sendable {
    /// One kind's executor with its request type erased: it reads the request back from the stored run.
    typealias Work = @Sendable (RunRecord, any RunReporter) async throws -> RunSummary

    private var executors: [JobKind: Work] = [:]
    private var unavailable: [JobKind: String] = [:]

    public init() {}

    public mutating func register<Executor: JobExecutor>(_ executor: Executor) {
        executors[Executor.Request.kind] = { run, reporter in
            try await executor.execute(Executor.Request(storedForm: run.request), reporter: reporter)
        }
        unavailable[Executor.Request.kind] = nil
    }

    /// A kind whose runs cannot run now, and why (shown as the failed run's error).
    public mutating func registerUnavailable<Request: JobRequest>(_ request: Request.Type, reason: String) {
        executors[Request.kind] = nil
        unavailable[Request.kind] = reason
    }

    public func canRun(_ kind: JobKind) -> Bool { executors[kind] != nil }

    /// What runs `run`, or why nothing can.
    func work(for run: RunRecord) -> Result<Work, JobUnavailable> {
        if let work = executors[run.kind] { return .success(work) }
        return .failure(JobUnavailable(reason: unavailable[run.kind] ?? "this service does not run jobs of kind \(run.kind)"))
    }
}

/// Why a queued run cannot run: its kind has no executor here.
struct JobUnavailable: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
