import ExactJSON
import Foundation
import Hummingbird
import SimulatorSupport
import SyncCore

/// The routes of the simulated Odoo: `/jsonrpc`, `/json/version`, `/web/version`, `/json/2/<model>/<method>`,
/// `/web/login`; anything else gets werkzeug's HTML 404 page, as real Odoo answers. Faults are injected in front of every route.
enum OdooSimulatorRouter {
    static let maximumBodyBytes = 32 << 20

    static func build(server: SimulatedOdooServer, faults: FaultInjector) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: FaultInjectionMiddleware(faults))
        router.add(middleware: HTMLNotFoundMiddleware())

        router.post("/jsonrpc") { request, _ in
            let body = try await request.body.collect(upTo: maximumBodyBytes)
            return response(server.handleJSONRPC(body: Array(body.readableBytesView)))
        }
        router.get("/json/version") { request, _ in response(versionAnswer(server, path: request.uri.path)) }
        router.get("/web/version") { _, _ in
            server.count("GET /json/version")
            return response(server.majorVersion >= 19 ? versionBody(server) : .werkzeugNotFound)
        }
        router.get("/web/login") { _, _ in
            server.count("GET /web/login")
            return response(.loginPage)
        }
        router.post("/json/2/:model/:method") { request, context in
            let model = context.parameters.get("model") ?? ""
            let method = context.parameters.get("method") ?? ""
            let body = try await request.body.collect(upTo: maximumBodyBytes)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            return response(server.handleJSON2(model: model, method: method, headers: headers, body: Array(body.readableBytesView)))
        }
        router.get("/json/2/:model/:method") { request, _ in
            response(server.majorVersion == 18 ? .loginRedirect(from: request.uri.path) : postRequired(server))
        }
        router.post("/json/2/:model") { _, _ in response(postRequired(server)) }
        return router
    }

    /// `GET /json/version`: the version on 19+; on 18 the web client's `/json/<path>` route sends an anonymous
    /// request to the login page; on 17 nothing is routed there.
    private static func versionAnswer(_ server: SimulatedOdooServer, path: String) -> SimulatedResponse {
        server.count("GET /json/version")
        switch server.majorVersion {
        case 19...: return versionBody(server)
        case 18: return .loginRedirect(from: path)
        default: return .werkzeugNotFound
        }
    }

    private static func versionBody(_ server: SimulatedOdooServer) -> SimulatedResponse {
        .json(status: 200, JSONText.serialize(.object([
            "version_info": server.versionInfo, "version": .string(server.serverVersion),
        ]), sortedKeys: false))
    }

    private static func postRequired(_ server: SimulatedOdooServer) -> SimulatedResponse {
        guard server.majorVersion >= 19 else { return .werkzeugNotFound }
        let error = SimulatedOdooException("werkzeug.exceptions.NotFound", "Did you mean POST /json/2/<model>/<method>?", json2Status: 404)
        return .json(status: 404, JSONText.serialize(error.errorObject(version: server.majorVersion), sortedKeys: false))
    }

    static func response(_ simulated: SimulatedResponse) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = simulated.contentType
        for (name, value) in simulated.headers {
            if let fieldName = HTTPFields.Element.Name(name) { headers[fieldName] = value }
        }
        return Response(status: HTTPResponse.Status(code: simulated.status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: simulated.body)))
    }
}

/// Turns the router's "no route" into werkzeug's HTML 404 page, which is what a client pointed at a wrong path sees.
struct HTMLNotFoundMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return OdooSimulatorRouter.response(.werkzeugNotFound)
        }
    }
}
