import Foundation
import HTTPTypes
import Hummingbird
import OpenAPIRuntime
import Synchronization

/// The methods each API path serves, learnt while the generated handlers register (so it always matches
/// `openapi.yaml`), plus the routes added by hand. A known path asked with another method answers 405 with `Allow`
/// — not 404 ("no such resource" would be false) and not 401 (the method is wrong whoever asks).
final class RouteTable: Sendable {
    private struct Route {
        var segments: [Substring]
        var methods: Set<HTTPRequest.Method>
    }

    private let routes = Mutex<[Route]>([])

    /// `path` is an OpenAPI template such as `/runs/{id}`.
    func add(_ method: HTTPRequest.Method, _ path: String) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        routes.withLock { routes in
            if let index = routes.firstIndex(where: { $0.segments == segments }) {
                routes[index].methods.insert(method)
            } else {
                routes.append(Route(segments: segments, methods: [method]))
            }
        }
    }

    /// The methods served at `path`, or nil when no API route has this shape.
    func allowedMethods(for path: String) -> Set<HTTPRequest.Method>? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return routes.withLock { routes in
            routes.first { route in
                route.segments.count == segments.count
                    && zip(route.segments, segments).allSatisfy { template, actual in
                        (template.hasPrefix("{") && template.hasSuffix("}") && !actual.isEmpty) || template == actual
                    }
            }?.methods
        }
    }
}

/// Registers the generated handlers on the router and notes each (method, path) in a `RouteTable`.
struct RouteRecordingTransport: ServerTransport {
    let router: Router<BasicRequestContext>
    let table: RouteTable

    func register(
        _ handler: @Sendable @escaping (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
        method: HTTPRequest.Method,
        path: String
    ) throws {
        table.add(method, path)
        try router.register(handler, method: method, path: path)
    }
}

/// 405 + `Allow` for a method an API path does not serve. CORS preflights are answered before this runs.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let table: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let allowed = table.allowedMethods(for: request.uri.path), !allowed.contains(request.method) {
            let names = allowed.map(\.rawValue).sorted()
            throw APIError(.methodNotAllowed, code: "method_not_allowed",
                           message: "\(request.method.rawValue) is not served at this path; use \(names.joined(separator: " or "))",
                           headers: [.allow: names.joined(separator: ", ")])
        }
        return try await next(request, context)
    }
}
