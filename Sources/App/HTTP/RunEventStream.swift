import Foundation
import OpenAPIRuntime
import RunStore
import SyncAPI
import SyncCore

/// Formats a run's live progress as Server-Sent Events: `progress` events, then `finished` with the run, then the end.
enum RunEventStream {
    static let keepAliveInterval: Duration = .seconds(15)

    static func event(_ name: String, json: some Encodable) -> ArraySlice<UInt8> {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(json)) ?? Data("{}".utf8)
        return ArraySlice(Array("event: \(name)\ndata: ".utf8) + Array(data) + Array("\n\n".utf8))
    }

    /// How often a run another replica runs is read from the shared store for its progress.
    static let sharedStorePoll: Duration = .seconds(1)

    /// The body for a run: finished runs get their `finished` event at once; others stream until they finish.
    /// - Parameters:
    ///   - finished: the run as the API shows it when it has finished (nil while it has not).
    ///   - stored: with a shared store, the run as recorded now: a run another replica runs publishes nothing to this
    ///     replica's hub, so its recorded progress is read every `sharedStorePoll` (nil on SQLite: one process).
    static func body(for run: RunRecord, hub: ProgressHub,
                     stored: (@Sendable () async -> RunRecord?)? = nil,
                     finished: @escaping @Sendable () async -> Components.Schemas.Run?) async -> HTTPBody {
        let (stream, continuation) = AsyncStream.makeStream(of: ArraySlice<UInt8>.self)
        if run.status.isFinished {
            if let final = await finished() { continuation.yield(event("finished", json: final)) }
            continuation.finish()
            return HTTPBody(stream, length: .unknown, iterationBehavior: .single)
        }
        let events = await hub.subscribe(runId: run.id)
        let forward = Task {
            continuation.yield(ArraySlice(Array(": connected\n\n".utf8)))
            if let progress = run.progress { continuation.yield(event("progress", json: progress)) }
            // The run may have finished between the caller's read and the subscription.
            if let final = await finished() {
                continuation.yield(event("finished", json: final))
                continuation.finish()
                return
            }
            for await item in events {
                switch item {
                case .progress(let progress):
                    continuation.yield(event("progress", json: progress))
                case .finished:
                    if let final = await finished() { continuation.yield(event("finished", json: final)) }
                }
            }
            continuation.finish()
        }
        let watch = Task {
            guard let stored else { return }
            var last = run.progress
            while !Task.isCancelled {
                try? await Task.sleep(for: sharedStorePoll)
                guard !Task.isCancelled, let latest = await stored() else { continue }
                if latest.status.isFinished {
                    if let final = await finished() { continuation.yield(event("finished", json: final)) }
                    continuation.finish()
                    return
                }
                if let progress = latest.progress, progress != last {
                    last = progress
                    continuation.yield(event("progress", json: progress))
                }
            }
        }
        let keepAlive = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: keepAliveInterval)
                if Task.isCancelled { break }
                continuation.yield(ArraySlice(Array(": keep-alive\n\n".utf8)))
            }
        }
        continuation.onTermination = { _ in
            forward.cancel()
            watch.cancel()
            keepAlive.cancel()
        }
        return HTTPBody(stream, length: .unknown, iterationBehavior: .single)
    }
}
