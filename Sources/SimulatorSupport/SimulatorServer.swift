import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Runs a simulator's responder in-process on loopback, on an ephemeral port by default, so tests, `--demo` and the
/// benchmark can start real HTTP servers without fixed ports or child processes.
public final class SimulatorServer: Sendable {
    public let host: String
    public let port: Int
    private let task: Task<Void, any Error>
    private let group: ServiceGroup

    public var baseURL: String { "http://\(host):\(port)" }

    private init(host: String, port: Int, task: Task<Void, any Error>, group: ServiceGroup) {
        self.host = host
        self.port = port
        self.task = task
        self.group = group
    }

    /// Starts serving `responder` and returns once the socket is bound.
    public static func start<Responder: HTTPResponder>(
        responder: Responder, host: String = "127.0.0.1", port: Int = 0, name: String
    ) async throws -> SimulatorServer where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        var logger = Logger(label: name)
        logger.logLevel = .warning
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: name),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var iterator = stream.makeAsyncIterator()
        guard let bound = await iterator.next(), bound > 0 else {
            task.cancel()
            throw SimulatorStartError(name: name, host: host, port: port)
        }
        return SimulatorServer(host: host, port: bound, task: task, group: group)
    }

    /// Stops the server gracefully (open requests finish) and waits until it has shut down.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}

public struct SimulatorStartError: Error, CustomStringConvertible {
    public let name: String, host: String, port: Int
    public var description: String { "\(name) could not listen on \(host):\(port)" }
}
