import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// The simulator's request pipeline, in Medusa 2.0's order: route match → body parser (100 kb, or 2 MB on
/// `*/batch`; too large or malformed → 500 `unknown_error`) → authentication (`/admin/*`) → zod-equivalent body
/// validation → the route's workflow. Holds the store, the credentials and the counters.
final class SimulatorCore: Sendable {
    let configuration: MedusaSimulatorConfiguration
    let authentication: SimulatedAuthentication
    let schemas: RequestSchemas
    let state: Mutex<CatalogState>
    private let counts = Mutex(MedusaRequestCounts())
    private let publicBaseURL = Mutex("")
    /// Bytes read past a body limit before answering, so the client sees the answer rather than a reset.
    private static let drainLimit = 64 << 20
    /// Multipart uploads are not limited by body-parser (multer, memory storage, no limit); this only bounds memory.
    private static let uploadLimit = 64 << 20

    init(configuration: MedusaSimulatorConfiguration) throws {
        self.configuration = configuration
        authentication = SimulatedAuthentication(configuration: configuration)
        schemas = try RequestSchemas.bundled(version: configuration.version)
        state = Mutex(CatalogState(configuration: configuration))
    }

    var baseURL: String {
        get { publicBaseURL.withLock { $0 } }
        set { publicBaseURL.withLock { $0 = newValue } }
    }

    var requestCounts: MedusaRequestCounts { counts.withLock { $0 } }

    /// Stock levels a successful request created or updated (the levels batch writes many in one request).
    func noteLevelsWritten(_ count: Int) { counts.withLock { $0.levelsWritten += count } }

    func snapshot() -> MedusaSimulatorSnapshot {
        let url = baseURL
        return state.withLock { $0.snapshot(baseURL: url) }
    }

    /// Back to the seeded store: no products, categories, inventory or uploads; counters and tokens cleared.
    func reset() {
        state.withLock { $0 = CatalogState(configuration: configuration) }
        counts.withLock { $0 = MedusaRequestCounts() }
        authentication.expireTokens()
    }

    // MARK: Pipeline

    func respond(to request: Request) async -> Response {
        let method = request.method.rawValue
        let path = request.uri.path
        guard let (route, parameters) = AdminRoute.find(method: method, path: path, version: configuration.version) else {
            // Counted too, so a test can see a client try a route this version lacks (and not try it again).
            counts.withLock { $0.byRoute[MedusaRequestCounts.unknownRouteKey(method: method, path: path), default: .init()].requests += 1 }
            return Self.html(status: 404, "Cannot \(method) \(path)")
        }
        let contentType = request.headers[.contentType] ?? ""
        let isJSON = contentType.lowercased().contains("json")
        let limit = isJSON ? (route.isBatch ? configuration.maxBatchBodyBytes : configuration.maxBodyBytes)
            : Self.uploadLimit
        let body: [UInt8]
        let tooLarge: Bool
        do {
            (body, tooLarge) = try await Self.collect(request.body, limit: limit)
        } catch {
            return Self.json(SimulatedAPIError.unknown)
        }
        counts.withLock { counts in
            counts.byRoute[route.key, default: MedusaRequestCounts.Route()].requests += 1
            counts.byRoute[route.key, default: MedusaRequestCounts.Route()].bytesIn += body.count
        }
        if tooLarge { return Self.json(SimulatedAPIError.unknown) }

        var parsed = OrderedJSON.object([])
        if isJSON, !body.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            guard let value = try? OrderedJSON.parse(body) else { return Self.json(SimulatedAPIError.unknown) }
            parsed = value
        }
        if route.access == .admin,
           !authentication.isAdmin(authorization: request.headers[.authorization]) {
            return Self.json(SimulatedAPIError.unauthorized)
        }
        if method == "POST", let schema = schemas.schema(for: route.key) {
            let (cleaned, issues) = RequestSchemaValidator.validate(parsed, against: schema)
            if !issues.isEmpty {
                return Self.json(SimulatedAPIError.invalidData(RequestSchemaValidator.message(for: issues)))
            }
            parsed = cleaned
        }
        let call = AdminCall(route: route, parameters: parameters, query: QueryParameters(request.uri.query),
                             body: parsed, rawBody: body, contentType: contentType,
                             authorization: request.headers[.authorization], rawQuery: request.uri.query)
        do {
            switch try handle(call) {
            case .json(let status, let value): return Self.json(status: status, value)
            case .file(let contentType, let bytes):
                return Response(status: .ok, headers: [.contentType: contentType],
                                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            }
        } catch {
            return Self.json(error)
        }
    }

    /// Reads up to `limit` bytes; past it keeps draining (bounded) and reports the body as too large.
    private static func collect(_ body: RequestBody, limit: Int) async throws -> ([UInt8], Bool) {
        var bytes: [UInt8] = []
        var total = 0
        for try await chunk in body {
            total += chunk.readableBytes
            if total <= limit { bytes.append(contentsOf: chunk.readableBytesView) }
            if total > drainLimit { break }
        }
        return (bytes, total > limit)
    }

    // MARK: Routing to workflows

    struct AdminCall {
        var route: AdminRoute
        var parameters: [String: String]
        var query: QueryParameters
        var body: OrderedJSON
        var rawBody: [UInt8]
        var contentType: String
        var authorization: String?
        /// The query string as sent, for the routes that parse it the way `qs` does (`StrictQuery`).
        var rawQuery: String?

        func parameter(_ name: String) -> String { parameters[name] ?? "" }
        var members: OrderedJSON.Members { body.members ?? OrderedJSON.Members() }
    }

    enum Answer {
        case json(Int, OrderedJSON)
        case file(contentType: String, bytes: [UInt8])
    }

    /// Runs a write as one transaction and renders its answer inside the same lock.
    func write<T>(_ work: (inout CatalogState) throws(SimulatedAPIError) -> T,
                  render: (CatalogState, T) -> OrderedJSON) throws(SimulatedAPIError) -> Answer {
        try state.withLock { (state: inout CatalogState) throws(SimulatedAPIError) -> Answer in
            let result = try state.transaction(work)
            return .json(200, render(state, result))
        }
    }

    /// Renders from a copy of the state taken under the lock, so concurrent reads render in parallel (a page of
    /// orders with their totals is the simulator's most expensive answer). For the order and customer routes only:
    /// a writer that changes a collection a reader still holds copies it, cheap for orders, not for a large catalogue.
    func readCopy(_ work: (CatalogState) throws(SimulatedAPIError) -> OrderedJSON) throws(SimulatedAPIError) -> Answer {
        let copy = state.withLock { $0 }
        return .json(200, try work(copy))
    }

    func read(_ work: (CatalogState) throws(SimulatedAPIError) -> OrderedJSON) throws(SimulatedAPIError) -> Answer {
        try state.withLock { (state: inout CatalogState) throws(SimulatedAPIError) -> Answer in
            .json(200, try work(state))
        }
    }

    func addUpload(_ record: UploadRecord) {
        state.withLock { state in
            state.uploads[record.id] = record
            state.uploadOrder.append(record.id)
        }
    }

    func upload(id: String) -> UploadRecord? { state.withLock { $0.uploads[id] } }

    // MARK: Responses

    static func json(status: Int, _ value: OrderedJSON) -> Response {
        Response(status: HTTPResponse.Status(code: status),
                 headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(bytes: value.serialized())))
    }

    static func json(_ error: SimulatedAPIError) -> Response { json(status: error.status, error.body) }

    static func json(_ error: any Error) -> Response {
        if let error = error as? SimulatedAPIError { return json(error) }
        return json(SimulatedAPIError.unknown)
    }

    static func html(status: Int, _ text: String) -> Response {
        Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "text/html; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: "<pre>\(text)</pre>")))
    }
}
