import ExactJSON
import Foundation
import HTTPTransport
import HTTPTypes
import OdooClient
import SyncCore
import Synchronization
import Testing

/// The servers and protocols the orders recordings were made with (`Fixtures/odoo{19,17}/orders_*`).
enum OrdersRecording: String, CaseIterable, Sendable, CustomStringConvertible {
    case odoo19JSON2 = "odoo19/orders_json2"
    case odoo19JSONRPC = "odoo19/orders_jsonrpc"
    case odoo17JSONRPC = "odoo17/orders_jsonrpc"

    var description: String { rawValue }
    var major: Int { self == .odoo17JSONRPC ? 17 : 19 }
    var isJSON2: Bool { self == .odoo19JSON2 }

    func fixture(_ name: String) throws -> RecordedExchange { try FixtureLibrary.load("\(rawValue)/\(name).json") }

    /// Whether this folder holds the recording (`19rpc/` is a subset of the scenario).
    func has(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: FixtureLibrary.directory.appendingPathComponent("\(rawValue)/\(name).json").path)
    }
}

/// One model call as the client sent it, read the same way for both protocols.
struct SentOdooCall: Sendable {
    var model: String
    var method: String
    /// JSON-2 body (without `ids` / `context`) or JSON-RPC `execute_kw` keyword arguments (without `context`).
    var named: [String: JSONValue]
    /// JSON-RPC positional arguments (JSON-2: none).
    var positional: [JSONValue]
    var context: [String: JSONValue]?
    var json2Ids: [Int]?

    /// The records a record method was called on (JSON-2 `ids`, JSON-RPC first positional).
    var ids: [Int]? { json2Ids ?? positional.first.map { value in value.arrayValue?.compactMap(\.intValue) ?? [] } }
    /// `create`'s list: JSON-2 `vals_list`, JSON-RPC first positional.
    var valsList: [JSONValue]? { (named["vals_list"] ?? positional.first)?.arrayValue }
    var domain: JSONValue? { named["domain"] }

    init?(_ request: HTTPRequestData) {
        guard let body = request.body, let json = try? JSONText.parse(body) else { return nil }
        let path = URLComponents(string: request.url)?.path ?? ""
        if path.hasPrefix("/json/2/") {
            let parts = path.split(separator: "/").map(String.init)
            guard parts.count == 4, case .object(var object) = json else { return nil }
            model = parts[2]; method = parts[3]
            json2Ids = object.removeValue(forKey: "ids")?.arrayValue?.compactMap(\.intValue)
            if case .object(let given)? = object.removeValue(forKey: "context") { context = given }
            named = object; positional = []
        } else {
            guard json["params"]?["service"]?.stringValue == "object", let args = json["params"]?["args"]?.arrayValue,
                  args.count >= 6, let model = args[3].stringValue, let method = args[4].stringValue else { return nil }
            self.model = model; self.method = method
            positional = args[5].arrayValue ?? []
            var kwargs: [String: JSONValue] = [:]
            if args.count > 6, case .object(let given) = args[6] { kwargs = given }
            if case .object(let given)? = kwargs.removeValue(forKey: "context") { context = given }
            named = kwargs; json2Ids = nil
        }
    }

    /// The domain's leaves as `field op value` texts, operators (`|`, `&`) left out: enough to check what was asked.
    var domainLeaves: [String] {
        (domain?.arrayValue ?? []).compactMap { term in
            guard let leaf = term.arrayValue, leaf.count == 3 else { return nil }
            return "\(leaf[0].stringValue ?? "?") \(leaf[1].stringValue ?? "?") \(JSONText.serializedString(leaf[2], sortedKeys: true))"
        }
    }
}

/// Replays a script of recorded order exchanges: the connect steps come from the recorded session fixtures of the same
/// version, every model call gets the next scripted answer after its model and method were checked (and the step's
/// own check ran). Running out of steps, or a call out of order, is a test failure.
final class RecordedOrderTransport: HTTPTransport {
    struct Step: Sendable {
        var model: String
        var method: String
        var response: HTTPResponseData
        var check: (@Sendable (SentOdooCall) throws -> Void)?
    }

    let recording: OrdersRecording
    private let steps: Mutex<[Step]>
    private let sent = Mutex<[SentOdooCall]>([])

    init(_ recording: OrdersRecording, steps: [Step]) {
        self.recording = recording
        self.steps = Mutex(steps)
    }

    var calls: [SentOdooCall] { sent.withLock { $0 } }
    var remainingSteps: Int { steps.withLock { $0.count } }

    func send(_ request: HTTPRequestData) async throws -> HTTPResponseData {
        if let answer = try sessionAnswer(request) { return answer }
        guard let call = SentOdooCall(request) else {
            Issue.record("unreadable request to \(request.url)")
            return HTTPResponseData(status: 599)
        }
        sent.withLock { $0.append(call) }
        guard let step = steps.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else {
            Issue.record("no scripted answer left for \(call.model).\(call.method)")
            return HTTPResponseData(status: 599)
        }
        #expect(call.model == step.model && call.method == step.method,
                "expected \(step.model).\(step.method), the client called \(call.model).\(call.method)")
        try step.check?(call)
        return step.response
    }

    private func sessionAnswer(_ request: HTTPRequestData) throws -> HTTPResponseData? {
        let version = "odoo\(recording.major)"
        if request.method == .get { return try FixtureLibrary.load("\(version)/json2/version_get_json_version.json").httpResponse }
        if request.url.hasSuffix("/json/2/res.users/context_get") {
            return try FixtureLibrary.load("odoo19/json2/whoami_res_users_context_get.json").httpResponse
        }
        guard request.url.hasSuffix("/jsonrpc"), let body = request.body, let json = try? JSONText.parse(body),
              json["params"]?["service"]?.stringValue == "common" else { return nil }
        switch json["params"]?["method"]?.stringValue {
        case "version": return try FixtureLibrary.load("\(version)/jsonrpc/common_version.json").httpResponse
        case "authenticate": return try FixtureLibrary.load("\(version)/jsonrpc/common_authenticate_ok.json").httpResponse
        default: return nil
        }
    }
}

extension OrdersRecording {
    /// A step answered with the recorded response of `fixture`.
    func step(_ model: String, _ method: String, _ fixture: String,
              check: (@Sendable (SentOdooCall) throws -> Void)? = nil) throws -> RecordedOrderTransport.Step {
        RecordedOrderTransport.Step(model: model, method: method, response: try self.fixture(fixture).httpResponse, check: check)
    }

    /// A step answered with `result` in this protocol's success envelope (for reads the recordings did not make).
    func step(_ model: String, _ method: String, result: String,
              check: (@Sendable (SentOdooCall) throws -> Void)? = nil) -> RecordedOrderTransport.Step {
        let body = isJSON2 ? result : #"{"jsonrpc": "2.0", "id": 1, "result": \#(result)}"#
        return RecordedOrderTransport.Step(
            model: model, method: method,
            response: HTTPResponseData(status: 200, headerFields: [.contentType: "application/json"], body: Array(body.utf8)),
            check: check)
    }

    /// The user's company read the orders side makes before taxes and pricelists.
    var userCompanyStep: RecordedOrderTransport.Step {
        step("res.users", "read", result: #"[{"id": 2, "company_id": [1, "My Company (San Francisco)"]}]"#)
    }

    func client(_ transport: RecordedOrderTransport) -> OdooClientHandle {
        OdooClientHandle(recording: self, transport: transport)
    }
}

/// A client wired to a scripted transport, configured as the recording's server was.
struct OdooClientHandle {
    let recording: OrdersRecording
    let transport: RecordedOrderTransport

    var client: OdooClient {
        OdooClient(configuration: OdooConfiguration(
            url: "http://odoo.test", database: "odoo\(recording.major)", username: "admin", apiKey: "<API_KEY>",
            apiProtocol: recording.isJSON2 ? .json2 : .jsonrpc, retryPolicy: .none), transport: transport)
    }
}

extension JSONValue {
    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
