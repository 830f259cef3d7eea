import ExactJSON
import Foundation
import HTTPTransport
import HTTPTypes
import SyncCore
import Synchronization

/// An `HTTPTransport` that answers from a closure and keeps every request, for replaying recordings and scripting
/// failures without a network.
final class ScriptedTransport: HTTPTransport {
    typealias Responder = @Sendable (HTTPRequestData, Int) throws -> HTTPResponseData

    private let responder: Responder
    private let log = Mutex<[HTTPRequestData]>([])

    /// `responder` gets each request and its index (0-based) among all requests sent.
    init(_ responder: @escaping Responder) { self.responder = responder }

    func send(_ request: HTTPRequestData) async throws -> HTTPResponseData {
        let index = log.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
        return try responder(request, index)
    }

    var requests: [HTTPRequestData] { log.withLock { $0 } }

    /// A JSON-RPC `result` envelope.
    static func rpcResult(_ result: String) -> HTTPResponseData {
        HTTPResponseData(status: 200, headerFields: [.contentType: "application/json"],
                         body: Array(#"{"jsonrpc": "2.0", "id": 1, "result": \#(result)}"#.utf8))
    }

    static func body(_ status: Int, _ text: String, contentType: String = "application/json", headerFields: HTTPFields = [:]) -> HTTPResponseData {
        var fields = headerFields
        fields[.contentType] = contentType
        return HTTPResponseData(status: status, headerFields: fields, body: Array(text.utf8))
    }

    /// Answers `common.version` (17) and `common.authenticate` (uid 2) so a JSON-RPC client connects; nil otherwise.
    static func jsonRPCSession(_ request: HTTPRequestData) -> HTTPResponseData? {
        if request.method == .get { return body(404, "<html>not found</html>", contentType: "text/html") }
        guard let body = request.body, let json = try? JSONText.parse(body) else { return nil }
        switch json["params"]?["method"]?.stringValue {
        case "version": return rpcResult(#"{"server_version": "17.0-20240709", "server_version_info": [17, 0, 0, "final", 0, ""]}"#)
        case "authenticate": return rpcResult("2")
        default: return nil
        }
    }
}

/// Records the delays a client asked to sleep instead of sleeping.
final class SleepRecorder: Sendable {
    private let log = Mutex<[Duration]>([])
    var delays: [Duration] { log.withLock { $0 } }
    var sleep: @Sendable (Duration) async throws -> Void {
        { [self] delay in record(delay) }
    }

    private func record(_ delay: Duration) { log.withLock { $0.append(delay) } }
}
