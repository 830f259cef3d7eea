import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// A failure a simulator can inject in place of (or around) a real answer.
public enum InjectedFault: String, Sendable, CaseIterable, Codable {
    /// 500 with the simulator's usual error body shape left to the caller: a plain JSON error here.
    case serverError = "server_error"
    /// 429 with `Retry-After: 1`.
    case rateLimited = "rate_limited"
    /// Holds the request for `timeoutDelay` and then answers 504, so a client with a shorter timeout gives up.
    case timeout
    /// Sends a 200 head and closes the connection before any body byte.
    case connectionReset = "connection_reset"
    /// Sends a 200 with `Content-Length` larger than the body and closes mid-body.
    case truncatedBody = "truncated_body"
    /// Runs the request (its effect is applied: a product batch or a fulfilment is created) and then answers 500
    /// instead of the real answer, as when the answer is lost on the way back. Not among the random `faults` unless
    /// listed there; `lostAnswerRate` draws it on its own.
    case lostAnswer = "lost_answer"

    /// The faults that replace an answer without running the request: the default random choice.
    public static let answerReplacing: [InjectedFault] = [.serverError, .rateLimited, .timeout, .connectionReset,
                                                          .truncatedBody]
}

/// A fault for the next request of one route only (e.g. the first fulfilment create), whatever comes before it.
public struct ScriptedRouteFault: Sendable, Hashable {
    /// The HTTP method (`POST`); nil matches any.
    public var method: String?
    /// The request path ends with this (`/fulfillments` matches `POST /admin/orders/{id}/fulfillments` only, not its
    /// shipments).
    public var pathSuffix: String
    public var fault: InjectedFault

    public init(method: String? = nil, pathSuffix: String, fault: InjectedFault) {
        self.method = method; self.pathSuffix = pathSuffix; self.fault = fault
    }

    func matches(method: String?, path: String) -> Bool {
        path.hasSuffix(pathSuffix) && (self.method == nil || self.method?.uppercased() == method?.uppercased())
    }
}

/// Latency and fault settings, changeable while the simulator runs. Deterministic when seeded, so a fault test is
/// reproducible.
public final class FaultInjector: Sendable {
    public struct Settings: Sendable {
        /// Added before every answer (round-trip latency).
        public var latency: Duration = .zero
        /// Probability in 0...1 that a request gets one of `faults` instead of its answer.
        public var faultRate: Double = 0
        public var faults: [InjectedFault] = InjectedFault.answerReplacing
        /// Probability in 0...1 that a request not otherwise faulted runs and then loses its answer (`.lostAnswer`):
        /// the "effect applied, answer lost" case a client must survive without doing the write twice.
        public var lostAnswerRate: Double = 0
        /// Faults to apply to the next requests, in order, before the random ones (for exact tests).
        public var scripted: [InjectedFault] = []
        /// Faults for the next request of a route, each used once, before `scripted` and the random ones: a fault
        /// placed on one request without counting the requests before it.
        public var scriptedRoutes: [ScriptedRouteFault] = []
        public var timeoutDelay: Duration = .seconds(5)
        /// Paths never faulted (e.g. the simulators' own control endpoints).
        public var exemptPathPrefixes: [String] = ["/_sim"]

        public init() {}
    }

    private struct State {
        var settings: Settings
        var random: SplitMix64
        var requests = 0
        var injected: [InjectedFault: Int] = [:]
    }

    private let state: Mutex<State>

    public init(settings: Settings = Settings(), seed: UInt64 = 0x5EED) {
        state = Mutex(State(settings: settings, random: SplitMix64(seed: seed)))
    }

    public func update(_ change: (inout Settings) -> Void) {
        state.withLock { change(&$0.settings) }
    }

    public var settings: Settings { state.withLock { $0.settings } }
    /// Requests seen (not exempt) and faults injected so far, for assertions.
    public var requestCount: Int { state.withLock { $0.requests } }
    public var injectedCounts: [InjectedFault: Int] { state.withLock { $0.injected } }

    /// Decides the fate of one request: its latency and, maybe, a fault.
    func decide(path: String, method: String? = nil) -> (latency: Duration, fault: InjectedFault?, timeoutDelay: Duration) {
        state.withLock { state in
            let settings = state.settings
            if settings.exemptPathPrefixes.contains(where: { path.hasPrefix($0) }) { return (.zero, nil, .zero) }
            state.requests += 1
            var fault: InjectedFault?
            if let index = settings.scriptedRoutes.firstIndex(where: { $0.matches(method: method, path: path) }) {
                fault = state.settings.scriptedRoutes.remove(at: index).fault
            } else if !state.settings.scripted.isEmpty {
                fault = state.settings.scripted.removeFirst()
            } else if settings.faultRate > 0, !settings.faults.isEmpty, state.random.nextUnit() < settings.faultRate {
                fault = settings.faults[Int(state.random.next() % UInt64(settings.faults.count))]
            } else if settings.lostAnswerRate > 0, state.random.nextUnit() < settings.lostAnswerRate {
                fault = .lostAnswer
            }
            if let fault { state.injected[fault, default: 0] += 1 }
            return (settings.latency, fault, settings.timeoutDelay)
        }
    }
}

/// Applies a `FaultInjector` to every request of a simulator's router.
public struct FaultInjectionMiddleware<Context: RequestContext>: RouterMiddleware {
    let injector: FaultInjector

    public init(_ injector: FaultInjector) { self.injector = injector }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let decision = injector.decide(path: request.uri.path, method: request.method.rawValue)
        if decision.latency > .zero { try await Task.sleep(for: decision.latency) }
        switch decision.fault {
        case nil:
            return try await next(request, context)
        case .lostAnswer:
            _ = try await next(request, context)
            return Self.json(status: .internalServerError, #"{"type":"unknown_error","message":"An injected server error occurred after the request was applied."}"#)
        case .serverError:
            return Self.json(status: .internalServerError, #"{"type":"unknown_error","message":"An injected server error occurred."}"#)
        case .rateLimited:
            var response = Self.json(status: .tooManyRequests, #"{"type":"rate_limited","message":"Too many requests (injected)."}"#)
            response.headers[.retryAfter] = "1"
            return response
        case .timeout:
            try await Task.sleep(for: decision.timeoutDelay)
            return Self.json(status: .gatewayTimeout, #"{"message":"Injected timeout."}"#)
        case .connectionReset:
            return Response(status: .ok, headers: [.contentType: "application/json", .contentLength: "64"],
                            body: ResponseBody { _ in throw InjectedDisconnect() })
        case .truncatedBody:
            let partial = ByteBuffer(string: #"{"result": [{"id": 1, "na"#)
            return Response(status: .ok, headers: [.contentType: "application/json", .contentLength: "4096"],
                            body: ResponseBody { writer in
                                try await writer.write(partial)
                                throw InjectedDisconnect()
                            })
        }
    }

    static func json(status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

struct InjectedDisconnect: Error {}

/// Small deterministic PRNG (SplitMix64) so fault sequences are reproducible from a seed.
struct SplitMix64: Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
