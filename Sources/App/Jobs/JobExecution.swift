import SyncCore

/// One job run as a child task of the runner's own task — no unstructured task — stopped when `stop` yields (a
/// cancel request, or the service stopping) or when the caller is cancelled. The executor sees task cancellation and
/// stops at its next safe point.
enum JobExecution {
    struct Outcome: Sendable {
        var result: Result<RunSummary, any Error>
        /// True when `stop` asked the job to stop (it may still have finished first).
        var stopRequested: Bool
    }

    private enum Event: Sendable {
        case finished(Result<RunSummary, any Error>)
        case stopRequested
        case watcherEnded
    }

    static func run(until stop: AsyncStream<Void>, _ work: @escaping @Sendable () async throws -> RunSummary) async -> Outcome {
        await withTaskGroup(of: Event.self) { group in
            group.addTask {
                do { return .finished(.success(try await work())) } catch { return .finished(.failure(error)) }
            }
            group.addTask {
                for await _ in stop { return .stopRequested }
                return .watcherEnded
            }
            var stopRequested = false
            while let event = await group.next() {
                switch event {
                case .finished(let result):
                    group.cancelAll()
                    return Outcome(result: result, stopRequested: stopRequested)
                case .stopRequested:
                    stopRequested = true
                    group.cancelAll()
                case .watcherEnded:
                    continue
                }
            }
            return Outcome(result: .failure(CancellationError()), stopRequested: stopRequested)
        }
    }
}
