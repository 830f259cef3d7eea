import CryptoDigest
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// Checks the signature of `POST /webhooks/medusa` on the raw body, before the body is decoded: HMAC-SHA256 of
/// `"<X-Medusa-Timestamp>.<body>"` with `MEDUSA_WEBHOOK_SECRET` (`WebhookSignature`), and a timestamp within the replay
/// window. Unset secret: 503 naming the variable (nothing is open by default). Anything else wrong: 401, nothing recorded.
struct MedusaWebhookGuard<Context: RequestContext>: RouterMiddleware {
    static var path: String { "/webhooks/medusa" }
    /// How far a timestamp may be from now, either way (clocks differ a little; a replay is older than this).
    static var replayWindow: TimeInterval { 300 }

    let secret: String?
    let now: @Sendable () -> Date
    /// A refused push is a misconfigured subscriber (or someone probing): said in the log, at most once a minute.
    let refusals = RefusalLog(logger: Logger(label: "odoo-medusa-sync"))

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path == Self.path, request.method == .post else { return try await next(request, context) }
        do {
            return try await check(request, context: context, next: next)
        } catch let error as APIError where error.status == .unauthorized {
            refusals.note(error.message, at: now())
            throw error
        }
    }

    private func check(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let secret, !secret.isEmpty else {
            throw APIError.notConfigured(["MEDUSA_WEBHOOK_SECRET"], what: "the Medusa webhook")
        }
        guard let timestamp = request.headers[HTTPField.Name("X-Medusa-Timestamp")!],
              let signature = request.headers[HTTPField.Name("X-Medusa-Signature")!] else {
            throw APIError.unauthorized("missing X-Medusa-Timestamp / X-Medusa-Signature headers (see docs/medusa.md)")
        }
        guard let seconds = TimeInterval(timestamp), seconds.isFinite,
              abs(now().timeIntervalSince1970 - seconds) <= Self.replayWindow else {
            throw APIError.unauthorized("X-Medusa-Timestamp is not within 5 minutes of now (a replayed or delayed event)")
        }
        var request = request
        let body = try await request.collectBody(upTo: maxRequestBodyBytes)
        guard WebhookSignature.isValid(signature, secret: secret, timestamp: timestamp, body: Array(buffer: body)) else {
            throw APIError.unauthorized("invalid X-Medusa-Signature")
        }
        return try await next(request, context)
    }
}

/// Logs refused Medusa pushes without letting a flood of them flood the log: the first at once, then one line a minute
/// with how many were refused in between.
final class RefusalLog: Sendable {
    private struct State {
        var lastLoggedAt: Date?
        var suppressed = 0
    }

    private let logger: Logger
    private let state = Mutex(State())

    init(logger: Logger) { self.logger = logger }

    func note(_ reason: String, at now: Date) {
        let suppressed: Int? = state.withLock { state in
            if let last = state.lastLoggedAt, now.timeIntervalSince(last) < 60 {
                state.suppressed += 1
                return nil
            }
            let count = state.suppressed
            state.lastLoggedAt = now
            state.suppressed = 0
            return count
        }
        guard let suppressed else { return }
        logger.warning("Medusa webhook refused (401): check MEDUSA_WEBHOOK_SECRET on both sides (docs/medusa.md §8)", metadata: [
            "reason": "\(reason)", "refused_since_last_line": "\(suppressed)",
        ])
    }
}
