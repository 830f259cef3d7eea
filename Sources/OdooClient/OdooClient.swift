import ExactJSON
import Foundation
import HTTPTransport
import Logging
import SyncCore
import Synchronization

/// Reads an Odoo 17, 18 or 19 catalogue over whichever protocol the server offers (JSON-2 on 19+, JSON-RPC before),
/// behind the `OdooCatalogue` port. Detects the protocol once (`connect()`), retries transient failures with the shared
/// `RetryPolicy`, and throws only classified `OdooError`s (plus `CancellationError`).
///
/// Besides the typed reads it exposes generic low-level calls (`call`, `searchRead`, `read`, …) returning raw JSON, so
/// any other read can be made through the same transport, retries and error handling.
public final class OdooClient: OdooCatalogue {
    public let configuration: OdooConfiguration
    private let transport: any HTTPTransport
    let logger: Logger
    private let sleep: @Sendable (Duration) async throws -> Void
    let state = Mutex<OdooSession?>(nil)
    /// The user's company read in flight, shared by concurrent callers (pricelists and taxes ask at once).
    let companyIdRead = Mutex<Task<Int, any Error>?>(nil)
    private let requestCounter = Atomic<Int>(0)

    /// - Parameter sleep: how retries wait (tests pass a recorder instead of really sleeping).
    public init(
        configuration: OdooConfiguration, transport: any HTTPTransport, logger: Logger = Logger(label: "odoo-client"),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.logger = logger
        self.sleep = sleep
    }

    /// What `connect()` found; nil before.
    public var serverInfo: OdooServerInfo? { state.withLock { $0?.info } }

    // MARK: connect

    /// Detects version and protocol and authenticates. `auto`: `GET /json/version` answering 200 means Odoo 19+ and
    /// JSON-2 (uid from `res.users/context_get`); a 404 (17) or a redirect to the login page (18) means JSON-RPC
    /// (`common.version`, then `common.authenticate`, where a `false` answer is a wrong login or key).
    public func connect() async throws -> OdooServerInfo {
        let session: OdooSession
        switch configuration.apiProtocol {
        case .auto:
            if let json2 = try await probeJSON2(), json2.major >= 19 {
                session = try await openJSON2Session(version: json2.version, major: json2.major)
            } else {
                session = try await openJSONRPCSession()
            }
        case .json2:
            guard let json2 = try await probeJSON2(), json2.major >= 19 else {
                throw OdooError(kind: .protocolUnavailable, method: JSON2Probe.method,
                                message: "the server has no JSON-2 (/json/version is not served; Odoo 17 and 18 speak JSON-RPC only)")
            }
            session = try await openJSON2Session(version: json2.version, major: json2.major)
        case .jsonrpc:
            session = try await openJSONRPCSession()
        }
        state.withLock { $0 = session }
        logger.info("connected to Odoo", metadata: [
            "odoo.version": "\(session.info.serverVersion)", "odoo.protocol": "\(session.info.apiProtocol.rawValue)",
            "odoo.uid": "\(session.uid)",
        ])
        return session.info
    }

    /// `GET /json/version`: the version when the server speaks JSON-2, nil when it is an Odoo without it (404 on 17,
    /// a redirect to the login page on 18; see `JSON2Probe`). A redirect is read, never followed.
    private func probeJSON2() async throws -> (version: String, major: Int)? {
        let method = JSON2Probe.method
        return try await withRetries(model: nil, method: method) { [self] in
            let request = OdooJSON2Wire.versionRequest(baseURL: configuration.url, timeout: configuration.timeout)
            let response: HTTPResponseData
            do {
                response = try await send(request, model: nil, method: method)
            } catch {
                guard let redirect = (error as? TransportError)?.redirect else { throw odooError(error, model: nil, method: method) }
                response = JSON2Probe.answer(of: redirect)
            }
            return try JSON2Probe.read(response, baseURL: configuration.url, secret: configuration.apiKey)
        }
    }

    private func openJSON2Session(version: String, major: Int) async throws -> OdooSession {
        let context = try await json2Call(model: "res.users", method: "context_get", body: [:])
        guard case .object(let object) = context, case .number(let number)? = object["uid"],
              let uid = OdooFieldValues.exactInt(number) else {
            throw OdooError(kind: .unexpectedData, model: "res.users", method: "context_get", message: "no uid in the user context")
        }
        return OdooSession(info: OdooServerInfo(serverVersion: version, majorVersion: major, apiProtocol: .json2, uid: uid), uid: uid)
    }

    private func openJSONRPCSession() async throws -> OdooSession {
        let versionResult = try await serviceCall(service: "common", method: "version", args: [])
        let version = try OdooRecordDecoder.serverVersion(versionResult)
        let answer = try await serviceCall(service: "common", method: "authenticate", args: [
            .string(configuration.database), .string(configuration.username), .string(configuration.apiKey), .object([:]),
        ])
        switch answer {
        case .number(let number) where (OdooFieldValues.exactInt(number) ?? 0) > 0:
            let uid = OdooFieldValues.exactInt(number)!
            return OdooSession(
                info: OdooServerInfo(serverVersion: version.version, majorVersion: version.major, apiProtocol: .jsonrpc, uid: uid),
                uid: uid)
        case .bool(false):
            throw OdooError(kind: .invalidCredentials, method: "common.authenticate",
                            message: "authenticate answered false: invalid login or API key for database '\(configuration.database)'",
                            redacting: configuration.apiKey)
        default:
            throw OdooError(kind: .unexpectedData, method: "common.authenticate", message: "authenticate answered neither a uid nor false")
        }
    }

    func currentSession() async throws -> OdooSession {
        if let session = state.withLock({ $0 }) { return session }
        _ = try await connect()
        guard let session = state.withLock({ $0 }) else {
            throw OdooError(kind: .unexpectedData, message: "no session after connect")
        }
        return session
    }

    func updateSession(_ change: (inout OdooSession) -> Void) {
        state.withLock { session in
            if var current = session {
                change(&current)
                session = current
            }
        }
    }

    // MARK: low-level calls

    /// Calls any model method with the server's protocol. `ids` are the records of a record method (`read`, `write`);
    /// `args` are positional arguments (JSON-RPC only — JSON-2 takes names, so pass `kwargs`); `context` is Odoo's
    /// context (e.g. `["active_test": false]`). Returns the raw JSON result (`null` when the method returned None).
    /// `retrying: false` makes one attempt only: for calls that change data (`create`, `action_confirm`), where a
    /// timeout may hide a success and a second attempt would create twice; the caller finds out by reading again.
    public func call(
        model: String, method: String, ids: [Int]? = nil, args: [JSONValue] = [], kwargs: [String: JSONValue] = [:],
        context: [String: JSONValue]? = nil, retrying: Bool = true
    ) async throws -> JSONValue {
        let session = try await currentSession()
        switch session.info.apiProtocol {
        case .json2:
            guard args.isEmpty else {
                throw OdooError(kind: .invalidRequest, model: model, method: method,
                                message: "JSON-2 takes named arguments only; pass them as kwargs")
            }
            return try await json2Call(model: model, method: method,
                                       body: OdooJSON2Wire.body(ids: ids, kwargs: kwargs, context: context), retrying: retrying)
        case .jsonrpc:
            let executeArgs = OdooJSONRPCWire.executeKwArgs(
                database: configuration.database, uid: session.uid, apiKey: configuration.apiKey, model: model,
                method: method, ids: ids, args: args, kwargs: kwargs, context: context)
            return try await jsonRPCCall(service: "object", method: "execute_kw", args: executeArgs, model: model,
                                         modelMethod: method, retrying: retrying)
        }
    }

    /// `search_read`: records matching `domain`, with `fields`, optionally limited, offset and ordered
    /// (e.g. `"write_date asc, id asc"`).
    public func searchRead(
        model: String, domain: OdooDomain = .all, fields: [String], limit: Int? = nil, offset: Int? = nil,
        order: String? = nil, context: [String: JSONValue]? = nil
    ) async throws -> JSONValue {
        var kwargs: [String: JSONValue] = ["domain": domain.json, "fields": .array(fields.map(JSONValue.string))]
        if let limit { kwargs["limit"] = .number(Decimal(limit)) }
        if let offset { kwargs["offset"] = .number(Decimal(offset)) }
        if let order { kwargs["order"] = .string(order) }
        return try await call(model: model, method: "search_read", kwargs: kwargs, context: context)
    }

    /// `read` of the given ids (missing ids are silently absent from the answer, as in Odoo).
    public func read(model: String, ids: [Int], fields: [String], context: [String: JSONValue]? = nil) async throws -> JSONValue {
        try await call(model: model, method: "read", ids: ids, kwargs: ["fields": .array(fields.map(JSONValue.string))],
                       context: context)
    }

    /// `search`: ids only.
    public func search(
        model: String, domain: OdooDomain = .all, limit: Int? = nil, offset: Int? = nil, order: String? = nil,
        context: [String: JSONValue]? = nil
    ) async throws -> [Int] {
        var kwargs: [String: JSONValue] = ["domain": domain.json]
        if let limit { kwargs["limit"] = .number(Decimal(limit)) }
        if let offset { kwargs["offset"] = .number(Decimal(offset)) }
        if let order { kwargs["order"] = .string(order) }
        let result = try await call(model: model, method: "search", kwargs: kwargs, context: context)
        return try OdooFieldValues(model: model, values: ["ids": result]).ids("ids")
    }

    public func searchCount(model: String, domain: OdooDomain = .all, context: [String: JSONValue]? = nil) async throws -> Int {
        let result = try await call(model: model, method: "search_count", kwargs: ["domain": domain.json], context: context)
        return try OdooFieldValues(model: model, values: ["count": result]).int("count")
    }

    /// `fields_get` restricted to `fields` (only those that exist come back) and `attributes`.
    public func fieldsGet(model: String, fields: [String], attributes: [String] = ["type", "string"]) async throws -> [String: JSONValue] {
        let result = try await call(model: model, method: "fields_get", kwargs: [
            "allfields": .array(fields.map(JSONValue.string)), "attributes": .array(attributes.map(JSONValue.string)),
        ])
        guard case .object(let object) = result else {
            throw OdooError(kind: .unexpectedData, model: model, method: "fields_get", message: "expected an object")
        }
        return object
    }

    /// A JSON-RPC service call outside a model (`common.version`, `common.login`, …). JSON-RPC endpoint only; it exists
    /// on every version (deprecated on 19).
    public func serviceCall(service: String, method: String, args: [JSONValue]) async throws -> JSONValue {
        try await jsonRPCCall(service: service, method: method, args: args, model: nil, modelMethod: "\(service).\(method)")
    }

    // MARK: transport

    private func jsonRPCCall(
        service: String, method: String, args: [JSONValue], model: String?, modelMethod: String, retrying: Bool = true
    ) async throws -> JSONValue {
        try await withRetries(model: model, method: modelMethod, retrying: retrying) { [self] in
            let requestId = requestCounter.add(1, ordering: .relaxed).newValue
            let request = OdooJSONRPCWire.request(baseURL: configuration.url, service: service, method: method, args: args,
                                                  requestId: requestId, timeout: configuration.timeout)
            let response = try await exchange(request, model: model, method: modelMethod)
            return try OdooJSONRPCWire.result(of: response, model: model, method: modelMethod, secret: configuration.apiKey)
        }
    }

    private func json2Call(model: String, method: String, body: [String: JSONValue], retrying: Bool = true) async throws -> JSONValue {
        try await withRetries(model: model, method: method, retrying: retrying) { [self] in
            let request = OdooJSON2Wire.request(baseURL: configuration.url, database: configuration.database,
                                                apiKey: configuration.apiKey, model: model, method: method, body: body,
                                                timeout: configuration.timeout)
            let response = try await exchange(request, model: model, method: method)
            return try OdooJSON2Wire.result(of: response, model: model, method: method, secret: configuration.apiKey)
        }
    }

    /// One HTTP exchange; failures below HTTP become `OdooError`s.
    private func exchange(_ request: HTTPRequestData, model: String?, method: String) async throws -> HTTPResponseData {
        do {
            return try await send(request, model: model, method: method)
        } catch {
            throw odooError(error, model: model, method: method)
        }
    }

    /// One HTTP exchange as the transport delivers it (its own errors unconverted), logged.
    private func send(_ request: HTTPRequestData, model: String?, method: String) async throws -> HTTPResponseData {
        let started = ContinuousClock.now
        let response = try await transport.send(request)
        logger.debug("odoo call", metadata: [
            "odoo.model": "\(model ?? "-")", "odoo.method": "\(method)", "http.status": "\(response.status)",
            "http.bytes": "\(response.body.count)", "duration": "\(ContinuousClock.now - started)",
        ])
        return response
    }

    /// Any failure of an exchange as a classified `OdooError` (cancellation stays cancellation).
    private func odooError(_ error: any Error, model: String?, method: String) -> any Error {
        switch error {
        case let error as TransportError:
            OdooError(kind: OdooErrorClassifier.kind(for: error), model: model, method: method,
                      message: error.description, redacting: configuration.apiKey)
        case let error as OdooError:
            error.located(model: model, method: method)
        case is CancellationError:
            CancellationError()
        default:
            OdooError(kind: .connection, model: model, method: method,
                      message: "transport failed: \(type(of: error))", redacting: configuration.apiKey)
        }
    }

    private func withRetries<T: Sendable>(
        model: String?, method: String, retrying: Bool = true, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await (retrying ? configuration.retryPolicy : RetryPolicy.none).run(
            retryAfter: { ($0 as? OdooError)?.retryAfter }, sleep: sleep
        ) { [logger] attempt in
            do {
                return try await operation()
            } catch let error as OdooError where error.isRetryable {
                logger.warning("odoo call failed, may retry", metadata: [
                    "odoo.model": "\(model ?? "-")", "odoo.method": "\(method)", "attempt": "\(attempt)",
                    "error.kind": "\(error.kind.rawValue)",
                ])
                throw error
            }
        }
    }
}

/// What one `connect()` established.
struct OdooSession: Sendable {
    var info: OdooServerInfo
    var uid: Int
    /// Optional template fields this server has (detected on first use with `fields_get`); nil until detected.
    var optionalTemplateFields: [String]?
    var companyCurrency: OdooCurrency?
    /// The API key's user's company (`res.users.company_id`), read on first use by the orders side.
    var companyId: Int?
    /// `carrier_tracking_ref` / `carrier_tracking_url` when the delivery module is installed (detected on first use
    /// with `fields_get`); nil until detected.
    var pickingTrackingFields: [String]?
}
