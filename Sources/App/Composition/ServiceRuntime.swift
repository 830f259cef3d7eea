import Foundation
import Hummingbird
import Logging
import PostgresRunStore
import RunStore
import Scheduler
import ServiceLifecycle
import SyncCore

/// The service as `ServiceBuilder` built it: its parts, the HTTP application over them, and `serve`.
public struct ServiceRuntime: Sendable {
    public let configuration: AppConfiguration
    public let store: any RunStore
    public let runner: JobRunner
    public let intake: WebhookIntake?
    /// The shop's pushed order events, debounced into orders runs.
    public let orderEvents: DebouncedRunTrigger
    /// Odoo's picking webhooks, debounced into deliveries runs.
    public let deliveryEvents: DebouncedRunTrigger
    public let progressHub: ProgressHub
    public let metrics: SyncMetrics
    /// The incremental schedule (`SYNC_SCHEDULE`) and the full one (`SYNC_FULL_SCHEDULE`), those switched on.
    public let schedulers: [SchedulerService]
    /// What `/health` serves, published by the runner, the scheduler and the database monitor.
    public let health: ServiceHealth
    public let logger: Logger
    public let demo: Bool
    /// Problems found while building (shown at start, in logs and in `/health/ready`).
    public let startupProblems: [String]
    /// `serve --demo`'s simulated warehouse behind `POST /demo/deliveries` (nil outside the demo: 404).
    public var demoWarehouse: (any DemoWarehouse)? = nil

    public var httpDependencies: HTTPDependencies {
        var dependencies = HTTPDependencies(store: store, runner: runner, intake: intake, progressHub: progressHub,
                                            configuration: configuration, metrics: metrics, demo: demo)
        dependencies.orderEvents = orderEvents
        dependencies.deliveryEvents = deliveryEvents
        dependencies.demoWarehouse = demoWarehouse
        return dependencies
    }

    /// The HTTP application with the runner and scheduler as services of its group; used by `serve` and tests.
    public func application(extraServices: [any Service] = [], onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let router = try buildRouter(httpDependencies)
        // Stopped in reverse order: the HTTP server first (no new requests), then the scheduler, the runner (the running
        // sync is interrupted and recorded), and last the webhook intake, whose pending ids become a queued run.
        var services: [any Service] = []
        if let intake { services.append(WebhookIntakeShutdown(intake: intake)) }
        services.append(runner)
        services.append(DatabaseHealthMonitor(health: health, store: store, logger: logger))
        services.append(contentsOf: schedulers)
        services.append(contentsOf: extraServices)
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "odoo-medusa-sync"),
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Runs until SIGTERM/SIGINT; the running sync stops at a safe point and is recorded before exit.
    public func serve(extraServices: [any Service] = [],
                      onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        logger.info("run store", metadata: ["store": "\(store.description)", "replica": "\(runner.coordination.replica)"])
        for problem in startupProblems { logger.warning("configuration problem", metadata: ["problem": "\(problem)"]) }
        if !configuration.missingOdoo.isEmpty || !configuration.missingMedusa.isEmpty {
            logger.warning("sync disabled until configured", metadata: [
                "missing": "\((configuration.missingOdoo + configuration.missingMedusa).joined(separator: ", "))",
            ])
        }
        try await runner.recoverAfterCrash()
        let app = try application(extraServices: extraServices, onServerRunning: onServerRunning)
        try await app.runService()
        // The PostgreSQL store runs its connection pool in a task of its own: closed once the service has stopped.
        await (store as? PostgresRunStore)?.shutdown()
    }
}
