import Synchronization
import SyncCore

/// One job run as a child task of the runner's own task — no unstructured task — stopped when `stop` yields (a
/// cancel request, or the service stopping) or when the caller is cancelled. The executor sees task cancellation and
/// stops at its next safe point. `stopped` opens once the job has been cancelled (or has ended), so whoever asked
/// can wait until the request has taken effect.
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

    static func run(until stop: AsyncStream<Void>, stopped: StopLatch,
                    _ work: @escaping @Sendable () async throws -> RunSummary) async -> Outcome {
        defer { stopped.open() }
        return await withTaskGroup(of: Event.self) { group in
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
                    stopped.open()
                case .watcherEnded:
                    continue
                }
            }
            return Outcome(result: .failure(CancellationError()), stopRequested: stopRequested)
        }
    }
}

/// Opens once; `wait()` returns when it is open. Lets `cancel` and `beginShutdown` return only after the running
/// job has actually been cancelled.
final class StopLatch: Sendable {
    private let state = Mutex<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.isOpen else { return [] }
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let openAlready = state.withLock { state -> Bool in
                if state.isOpen { return true }
                state.waiters.append(continuation)
                return false
            }
            if openAlready { continuation.resume() }
        }
    }
}
