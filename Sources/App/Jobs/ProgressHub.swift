import SyncCore

/// Fan-out of live run progress to any number of listeners (SSE connections), with the latest value kept so a
/// listener that connects mid-run starts from where the run is.
public actor ProgressHub {
    public enum Event: Sendable, Equatable {
        case progress(RunProgress)
        case finished(RunStatus)
    }

    private var latest: [Int64: RunProgress] = [:]
    private var listeners: [Int64: [Int: AsyncStream<Event>.Continuation]] = [:]
    private var nextListener = 0

    public init() {}

    public func latestProgress(runId: Int64) -> RunProgress? { latest[runId] }

    /// How many live listeners a run has (tests wait for a client to be connected).
    public func listenerCount(runId: Int64) -> Int { listeners[runId]?.count ?? 0 }

    public func publish(runId: Int64, progress: RunProgress) {
        latest[runId] = progress
        for continuation in listeners[runId, default: [:]].values { continuation.yield(.progress(progress)) }
    }

    public func finish(runId: Int64, status: RunStatus) {
        latest[runId] = nil
        for continuation in listeners[runId, default: [:]].values {
            continuation.yield(.finished(status))
            continuation.finish()
        }
        listeners[runId] = nil
    }

    /// A stream of this run's events, starting with its latest progress if any.
    public func subscribe(runId: Int64) -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(16))
        let key = nextListener
        nextListener += 1
        listeners[runId, default: [:]][key] = continuation
        if let progress = latest[runId] { continuation.yield(.progress(progress)) }
        continuation.onTermination = { _ in Task { await self.remove(runId: runId, key: key) } }
        return stream
    }

    private func remove(runId: Int64, key: Int) {
        listeners[runId]?[key] = nil
        if listeners[runId]?.isEmpty == true { listeners[runId] = nil }
    }
}
