import Foundation
import Synchronization
import SyncCore

/// What became of one webhook POST.
public struct OdooWebhookDelivery: Sendable {
    public enum Outcome: Sendable, Hashable {
        case delivered
        /// The receiver failed or was unreachable; Odoo only logs a warning and never retries.
        case failed(String)
        /// No answer within the rule's timeout (1 s, like Odoo).
        case timedOut
        /// No sender configured.
        case notSent
    }

    public var url: String
    public var body: [UInt8]
    public var model: String
    public var id: Int
    public var action: String
    public var outcome: Outcome

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Sends webhook POSTs one after the other, each bounded by the timeout, never retried — as Odoo's
/// `_run_action_webhook` does — and keeps a log of every delivery for assertions.
final class OdooWebhookDispatcher: Sendable {
    private let sender: OdooWebhookSender?
    private let timeout: Duration
    private let log = Mutex<[OdooWebhookDelivery]>([])

    init(sender: OdooWebhookSender?, timeout: Duration) {
        self.sender = sender
        self.timeout = timeout
    }

    var deliveries: [OdooWebhookDelivery] { log.withLock { $0 } }

    func clearLog() { log.withLock { $0.removeAll() } }

    func send(_ posts: [PendingWebhook]) async {
        for post in posts {
            let outcome = await deliver(post)
            let delivery = OdooWebhookDelivery(url: post.url, body: post.body, model: post.model, id: post.id,
                                               action: post.action, outcome: outcome)
            log.withLock { $0.append(delivery) }
        }
    }

    /// Races the POST against the timeout without waiting for a receiver that hangs (Odoo gives up after 1 s).
    private func deliver(_ post: PendingWebhook) async -> OdooWebhookDelivery.Outcome {
        guard let sender else { return .notSent }
        let timeout = self.timeout
        let claimed = OnceFlag()
        return await withCheckedContinuation { (continuation: CheckedContinuation<OdooWebhookDelivery.Outcome, Never>) in
            let sending = Task {
                let outcome: OdooWebhookDelivery.Outcome
                do {
                    try await sender(post.url, post.body)
                    outcome = .delivered
                } catch {
                    outcome = .failed(String(describing: error))
                }
                if claimed.claim() { continuation.resume(returning: outcome) }
            }
            Task {
                try? await Task.sleep(for: timeout)
                if claimed.claim() {
                    sending.cancel()
                    continuation.resume(returning: .timedOut)
                }
            }
        }
    }
}

/// True for the first caller of `claim()` only.
private final class OnceFlag: Sendable {
    private let state = Mutex(false)

    func claim() -> Bool {
        state.withLock { taken in
            defer { taken = true }
            return !taken
        }
    }
}
