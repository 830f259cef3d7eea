import Foundation
import HTTPTypes
import Hummingbird
@_spi(Generated) import OpenAPIRuntime
import Synchronization

/// `GET /health`'s body, encoded once per snapshot change and per second of uptime instead of once per request.
/// Encoding the `Health` document with `JSONEncoder` was a quarter of the service's CPU under load while the
/// document changes at most once a second. The bytes come from the generated code's own converter and content
/// type, so the response is the one the generated route gives (a test compares the two byte for byte).
final class HealthResponseCache: Sendable {
    private struct Rendering {
        var snapshotVersion: UInt64
        var uptimeSeconds: Int64
        var contentType: String
        var body: ByteBuffer
    }

    private let handler: APIHandler
    private let converter: Converter
    private let latest = Mutex<Rendering?>(nil)

    init(handler: APIHandler, configuration: OpenAPIRuntime.Configuration) {
        self.handler = handler
        self.converter = Converter(configuration: configuration)
    }

    func response(now: Date = Date()) async throws -> Response {
        let snapshot = handler.health.snapshot
        let uptime = handler.uptimeSeconds(at: now)
        let cached = latest.withLock { rendering in
            rendering.flatMap { $0.snapshotVersion == snapshot.version && $0.uptimeSeconds == uptime ? $0 : nil }
        }
        let rendering: Rendering
        if let cached { rendering = cached } else { rendering = try await render(snapshot, now: now, uptime: uptime) }
        return Response(status: .ok, headers: [.contentType: rendering.contentType], body: .init(byteBuffer: rendering.body))
    }

    private func render(_ snapshot: ServiceHealth.Snapshot, now: Date, uptime: Int64) async throws -> Rendering {
        var headers = HTTPFields()
        let body = try converter.setResponseBodyAsJSON(handler.healthBody(snapshot, now: now), headerFields: &headers,
                                                       contentType: "application/json; charset=utf-8")
        let rendering = Rendering(snapshotVersion: snapshot.version, uptimeSeconds: uptime,
                                  contentType: headers[.contentType] ?? "application/json; charset=utf-8",
                                  body: ByteBuffer(bytes: try await ArraySlice(collecting: body, upTo: 1 << 20)))
        latest.withLock { $0 = rendering }
        return rendering
    }
}

/// Answers `GET /health` from `HealthResponseCache`. It sits last in the chain, where the router would dispatch,
/// so every other middleware (security headers, CORS, error mapping) applies to it exactly as to the generated route.
struct HealthFastPathMiddleware<Context: RequestContext>: RouterMiddleware {
    let cache: HealthResponseCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get, request.uri.path == "/health" else { return try await next(request, context) }
        return try await cache.response()
    }
}
