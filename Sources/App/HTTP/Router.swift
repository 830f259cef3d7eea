import SyncAPI
import Foundation
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime
import RunStore

/// What the HTTP layer needs; built once by the composition root and identically by tests.
public struct HTTPDependencies: Sendable {
    public var store: any RunStore
    public var runner: JobRunner
    public var intake: WebhookIntake?
    /// Debounces the shop's pushed order events into orders runs (`POST /webhooks/medusa`).
    public var orderEvents: DebouncedRunTrigger?
    public var deliveryEvents: DebouncedRunTrigger?
    /// `serve --demo`'s simulated warehouse (`POST /demo/deliveries`); nil outside the demo.
    public var demoWarehouse: (any DemoWarehouse)?
    public var progressHub: ProgressHub
    public var configuration: AppConfiguration
    public var metrics: SyncMetrics
    /// `/health`'s source; the runner's, which the runtime shares with the scheduler and the database monitor.
    public var health: ServiceHealth { runner.health }
    public var startedAt: Date
    public var version: String
    public var demo: Bool
    /// `GET /health` from pre-encoded bytes (`HealthResponseCache`); off only to compare with the generated route.
    var cachesHealthResponses = true

    public init(store: any RunStore, runner: JobRunner, intake: WebhookIntake?, progressHub: ProgressHub,
                configuration: AppConfiguration, metrics: SyncMetrics = SyncMetrics(), startedAt: Date = Date(), version: String = ServiceVersion.current, demo: Bool = false) {
        self.store = store; self.runner = runner; self.intake = intake; self.progressHub = progressHub
        self.configuration = configuration; self.metrics = metrics; self.startedAt = startedAt
        self.version = version; self.demo = demo
    }
}

public enum ServiceVersion {
    public static let current = "0.1.0"
}

/// Request bodies above this are refused with 413.
let maxRequestBodyBytes = 1_048_576

/// The router with every middleware and the generated API handlers; `/` serves the dashboard from `Public/`.
public func buildRouter(_ dependencies: HTTPDependencies) throws -> Router<BasicRequestContext> {
    let router = Router()
    let configuration = dependencies.configuration
    let routes = RouteTable()
    let handler = APIHandler(
        store: dependencies.store, runner: dependencies.runner, intake: dependencies.intake,
        orderEvents: dependencies.orderEvents, deliveryEvents: dependencies.deliveryEvents,
        demoWarehouse: dependencies.demoWarehouse,
        progressHub: dependencies.progressHub, configuration: configuration, metrics: dependencies.metrics, health: dependencies.health,
        startedAt: dependencies.startedAt, version: dependencies.version, demo: dependencies.demo)
    let apiConfiguration = Configuration(jsonEncodingOptions: [.sortedKeys])
    let healthResponses = HealthResponseCache(handler: handler, configuration: apiConfiguration)
    router.addMiddleware {
        SecurityHeadersMiddleware()
        JSONErrorMiddleware()
        CORSAllowListMiddleware(allowedOrigins: Set(configuration.corsAllowedOrigins))
        PathHygieneMiddleware()
        MethodNotAllowedMiddleware(table: routes)
        BodyLimitMiddleware(limit: maxRequestBodyBytes)
        AuthMiddleware(apiToken: configuration.syncAPIToken, webhookToken: configuration.webhookToken)
        MedusaWebhookGuard(secret: configuration.medusaWebhookSecret, now: { Date() })
        RequestResponseNormalizationMiddleware()
        if dependencies.cachesHealthResponses { HealthFastPathMiddleware(cache: healthResponses) }
        FileMiddleware(configuration.publicDirectory, searchForIndexHtml: true)
    }
    try handler.registerHandlers(on: RouteRecordingTransport(router: router, table: routes), configuration: apiConfiguration)
    ContractRoutes(path: configuration.openAPIPath).register(on: router)
    for path in ContractRoutes.paths { routes.add(.get, path) }
    return router
}
