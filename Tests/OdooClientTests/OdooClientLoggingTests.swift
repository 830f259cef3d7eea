import Foundation
import HTTPTransport
import Logging
import OdooClient
import Synchronization
import SyncCore
import Testing

/// Log lines the client writes while succeeding, retrying and failing never contain the key.
@Suite("Odoo client logging")
struct OdooClientLoggingTests {
    @Test("no log line or metadata carries the API key")
    func logsNeverCarryTheKey() async throws {
        let sink = LogSink()
        var logger = Logger(label: "odoo-test") { _ in CapturingLogHandler(sink: sink) }
        logger.logLevel = .trace
        let secret = OdooErrorClassificationTests.secret
        let transport = ScriptedTransport { request, index in
            if let session = ScriptedTransport.jsonRPCSession(request) { return session }
            return index == 2 ? ScriptedTransport.body(503, "down \(secret)", contentType: "text/plain") : ScriptedTransport.rpcResult("3")
        }
        let client = OdooClient(
            configuration: OdooConfiguration(url: "http://odoo.test", database: "db", username: "sync", apiKey: secret,
                                             apiProtocol: .jsonrpc, retryPolicy: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1))),
            transport: transport, logger: logger, sleep: SleepRecorder().sleep)
        #expect(try await client.searchCount(model: "product.template") == 3)
        let lines = sink.lines
        #expect(lines.count >= 4, "connect, calls and the retry are logged")
        #expect(lines.contains { $0.contains("may retry") })
        for line in lines { #expect(!line.contains(secret), "key in log: \(line)") }
    }
}

/// Keeps every log line with its metadata.
final class LogSink: Sendable {
    private let store = Mutex<[String]>([])
    var lines: [String] { store.withLock { $0 } }
    func append(_ line: String) { store.withLock { $0.append(line) } }
}

/// A `LogHandler` writing into a `LogSink`.
struct CapturingLogHandler: LogHandler {
    let sink: LogSink
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        sink.append("\(event.level) \(event.message) \(metadata.merging(event.metadata ?? [:]) { $1 })")
    }
}
