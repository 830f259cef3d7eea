import Foundation
import Logging
import ServiceLifecycle
import SyncCore

/// Turns Odoo's webhook bursts into targeted sync requests. A webhook is only a hint (Odoo sends ~15 per product
/// create, some before commit, never retried), so ids collect for a quiet period (`debounce`) — capped by `maxDelay`
/// under a continuous stream — and then become one targeted request. Variants are mapped to their templates at flush
/// time, off the request path, because Odoo's webhook gives up after one second.
public actor WebhookIntake {
    public typealias VariantResolver = @Sendable ([Int]) async throws -> [Int]
    public typealias Submit = @Sendable (SyncRequest) async throws -> Void

    public enum Acceptance: Sendable, Equatable {
        case scheduled
        case ignored(reason: String)
    }

    private let debounce: Duration
    private let maxDelay: Duration
    private let resolveVariantTemplates: VariantResolver
    private let submit: Submit
    private let logger: Logger
    private var templateIds: Set<Int> = []
    private var variantIds: Set<Int> = []
    private var firstPendingAt: ContinuousClock.Instant?
    private var lastEventAt: ContinuousClock.Instant?
    private var flushTask: Task<Void, Never>?

    public init(debounce: Duration, maxDelay: Duration? = nil, resolveVariantTemplates: @escaping VariantResolver,
                submit: @escaping Submit, logger: Logger) {
        self.debounce = debounce
        self.maxDelay = maxDelay ?? max(debounce * 10, .seconds(10))
        self.resolveVariantTemplates = resolveVariantTemplates
        self.submit = submit
        self.logger = logger
    }

    /// Models whose webhooks lead to a sync, and how their ids reach a template.
    public static let followedModels: Set<String> = ["product.template", "product.product"]

    public var pendingCount: Int { templateIds.count + variantIds.count }

    public func receive(model: String, recordId: Int) -> Acceptance {
        guard recordId > 0 else { return .ignored(reason: "record id must be positive") }
        switch model {
        case "product.template": templateIds.insert(recordId)
        case "product.product": variantIds.insert(recordId)
        default:
            return .ignored(reason: "model \(model) is not synced; follow product.template or product.product")
        }
        let now = ContinuousClock.now
        if firstPendingAt == nil { firstPendingAt = now }
        lastEventAt = now
        scheduleFlush()
        return .scheduled
    }

    private func scheduleFlush() {
        guard flushTask == nil else { return }
        flushTask = Task { [weak self] in await self?.waitAndFlush() }
    }

    private func waitAndFlush() async {
        while let last = lastEventAt, let first = firstPendingAt {
            let quietUntil = last + debounce
            let deadline = min(quietUntil, first + maxDelay)
            if ContinuousClock.now >= deadline { break }
            try? await Task.sleep(until: deadline, clock: .continuous)
            if Task.isCancelled { break }
        }
        flushTask = nil
        await flush()
    }

    /// Submits what has collected now, without waiting (also used by tests).
    public func flush() async {
        await flush(resolveWithin: nil)
    }

    /// At a graceful stop: what has collected becomes a queued run — persisted, so the next start runs it — instead
    /// of being lost with the process after Odoo was told 202. Variant ids are mapped to their templates only if Odoo
    /// answers within `limit`, so a slow Odoo cannot hold the shutdown.
    public func flushAtShutdown(resolveWithin limit: Duration = .seconds(3)) async {
        await flush(resolveWithin: limit)
    }

    private func flush(resolveWithin limit: Duration?) async {
        let templates = templateIds, variants = variantIds
        templateIds = []; variantIds = []; firstPendingAt = nil; lastEventAt = nil
        guard !templates.isEmpty || !variants.isEmpty else { return }
        var ids = templates
        if !variants.isEmpty {
            do {
                ids.formUnion(try await resolve(Array(variants).sorted(), within: limit))
            } catch {
                // Odoo unreachable now: a later run (scheduled full or incremental) catches these changes.
                logger.warning("could not map webhook variants to templates", metadata: [
                    "variants": "\(variants.count)", "error": "\(error)",
                ])
            }
        }
        guard !ids.isEmpty else { return }
        do {
            try await submit(.targeted(Array(ids)))
        } catch {
            logger.error("could not queue the webhook sync", metadata: ["products": "\(ids.count)", "error": "\(error)"])
        }
    }

    private func resolve(_ variants: [Int], within limit: Duration?) async throws -> [Int] {
        guard let limit else { return try await resolveVariantTemplates(variants) }
        let resolveVariantTemplates = self.resolveVariantTemplates
        return try await withThrowingTaskGroup(of: [Int].self) { group in
            group.addTask { try await resolveVariantTemplates(variants) }
            group.addTask {
                try await Task.sleep(for: limit)
                throw ShutdownResolutionTimeout(limit: limit)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { return [] }
            return first
        }
    }
}

struct ShutdownResolutionTimeout: Error, CustomStringConvertible {
    let limit: Duration
    var description: String { "Odoo did not map the variants to templates within \(limit) while the service was stopping" }
}

/// Flushes the webhook intake when the service stops gracefully. Listed before the job runner, so it is shut down
/// after it (a service group stops its services in reverse order): the runner takes no more work, and the flushed
/// ids stay queued in the database for the next start.
struct WebhookIntakeShutdown: Service {
    let intake: WebhookIntake

    func run() async throws {
        try? await gracefulShutdown()
        await intake.flushAtShutdown()
    }
}
