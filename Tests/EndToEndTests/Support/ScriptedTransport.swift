import Foundation
import HTTPTransport
import HTTPTypes
import Synchronization

/// Wraps the real transport and breaks chosen exchanges on purpose: either before the request leaves (nothing reaches
/// the server) or after the server has answered (the server applied the request, the client never hears of it — the
/// case the simulators' own fault injection cannot produce, since it answers instead of the handler).
final class ScriptedTransport: HTTPTransport {
    enum Timing: Sendable {
        /// The request never reaches the server.
        case beforeSending
        /// The server applies the request; its answer is lost on the way back.
        case afterApplying
        /// The request never reaches the server; this status and JSON body come back instead (a 500, a 400…).
        case answers(status: Int, body: String)
    }

    struct Rule: Sendable {
        var method: HTTPRequest.Method
        /// Matched against the URL path: a `*` segment matches any one segment.
        var path: String
        var timing: Timing
        var remaining: Int
        /// When set, only requests whose body contains this text match.
        var bodyContains: String? = nil
    }

    private let base: any HTTPTransport
    private let rules: Mutex<[Rule]>
    private let fired = Mutex<[String]>([])

    init(base: any HTTPTransport = AsyncHTTPClientTransport.forAPICalls(), rules: [Rule]) {
        self.base = base
        self.rules = Mutex(rules)
    }

    /// "METHOD path" of every exchange broken so far.
    var firedRules: [String] { fired.withLock { $0 } }

    /// No rule fires any more: every request goes through.
    func stop() { rules.withLock { rules in for index in rules.indices { rules[index].remaining = 0 } } }

    func send(_ request: HTTPRequestData) async throws -> HTTPResponseData {
        let path = URLComponents(string: request.url)?.path ?? request.url
        let timing: Timing? = rules.withLock { rules in
            guard let index = rules.firstIndex(where: { rule in
                rule.remaining > 0 && rule.method == request.method && Self.matches(rule.path, path)
                    && rule.bodyContains.map { String(decoding: request.body ?? [], as: UTF8.self).contains($0) } ?? true
            }) else { return nil }
            rules[index].remaining -= 1
            return rules[index].timing
        }
        guard let timing else { return try await base.send(request) }
        fired.withLock { $0.append("\(request.method) \(path)") }
        switch timing {
        case .beforeSending:
            throw TransportError(kind: .connection, target: request.url, detail: "scripted: connection refused")
        case .afterApplying:
            _ = try await base.send(request)
            throw TransportError(kind: .truncatedBody, target: request.url, detail: "scripted: response lost after the server applied it")
        case .answers(let status, let body):
            return HTTPResponseData(status: status, headerFields: [.contentType: "application/json; charset=utf-8"],
                                    body: Array(body.utf8))
        }
    }

    static func matches(_ pattern: String, _ path: String) -> Bool {
        let expected = pattern.split(separator: "/"), actual = path.split(separator: "/")
        guard expected.count == actual.count else { return false }
        return zip(expected, actual).allSatisfy { $0 == "*" || $0 == $1 }
    }
}
