import Foundation
import HTTPTransport
import Logging
import RunStore
import SyncCore

/// The composition root: the one place that builds the service's parts from configuration and wires them, used
/// alike by `serve`, the CLI's other commands, `--demo` and the tests — as Hummingbird's template does with
/// `buildApplication`. Each part has a small factory; a test or tool replaces a part by setting it before `build()`.
public struct ServiceBuilder: Sendable {
    public var configuration: AppConfiguration
    public var logger: Logger
    /// `/health` says the service runs against the built-in simulators.
    public var demo = false
    /// Replaces the run store opened at `DATABASE_URL` or `DATABASE_PATH` (tests: an in-memory one).
    public var store: (any RunStore)?
    /// Replaces the transport to Odoo and Medusa.
    public var transport: (any HTTPTransport)?
    /// Replaces the catalogue sync's executor (the engine over the Odoo and Medusa clients).
    public var catalogueExecutor: (any SyncExecutor)?
    /// Replaces the orders executor (used only when `SYNC_ORDERS` is on).
    public var ordersExecutor: (any JobExecutor<OrdersRequest>)?
    /// Replaces the deliveries executor (used only when `SYNC_ORDERS` is on: deliveries run whenever orders do).
    public var deliveriesExecutor: (any JobExecutor<DeliveriesRequest>)?
    /// Replaces the webhook's variant → template lookup (Odoo, through the catalogue port).
    public var variantTemplates: WebhookIntake.VariantResolver?
    /// The wall clock the schedules read.
    public var now: @Sendable () -> Date = { Date() }
    /// This process's id among replicas sharing a store (runs and schedule fires record it).
    public var replica = ReplicaIdentity.current()
    /// How long a run lease lasts without renewal on a shared store (a killed replica's run is taken over after it).
    public var runLease: Duration = .seconds(15)
    /// How often an idle runner looks at a shared store's queue.
    public var sharedQueuePoll: Duration = .seconds(2)

    public init(configuration: AppConfiguration, logger: Logger = Logger(label: "odoo-medusa-sync")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Builds everything. Never throws for a configuration problem: those are collected in `startupProblems` and the
    /// service starts with what works (health and history stay available).
    public func build() async -> ServiceRuntime {
        var problems = configuration.problems
        let (store, sharedStoreMissing) = await makeStore(problems: &problems)
        let transport = self.transport ?? Adapters.apiTransport()
        let health = ServiceHealth()
        let metrics = SyncMetrics()
        let progressHub = ProgressHub()
        let kinds = sharedStoreMissing ? Self.noJobs(reason: Self.sharedStoreMissingReason)
            : makeJobKinds(store: store, transport: transport, metrics: metrics, health: health)
        let runner = JobRunner(
            store: store, kinds: kinds,
            progressHub: progressHub, retention: configuration.runsRetention, metrics: metrics, health: health,
            coordination: coordination(for: store), logger: logger)
        // What `/health` shows from the start: a restarted service shows its last run and queue at once.
        health.publishStore(store.description, replica: replica)
        let databaseOK = await store.isHealthy()
        health.publishDatabaseCheck(ok: databaseOK)
        if databaseOK { await runner.publishRunState() }
        if let memo = try? await store.memo(SyncMemo.odooSession), let server = Adapters.odooServer(inSessionMemo: memo) {
            health.publishOdooServer(server)
        }
        await health.publishMedusaCapabilities(from: store)
        let intake = makeIntake(store: store, transport: transport, runner: runner)
        let schedulers = sharedStoreMissing ? [] : makeSchedules(store: store, runner: runner, health: health, problems: &problems)
        var configuration = self.configuration
        configuration.problems = problems
        let orderEvents = DebouncedRunTrigger(debounce: configuration.webhookDebounce) {
            _ = try await runner.submit(job: OrdersRequest(), trigger: .webhook)
        }
        let deliveryEvents = DebouncedRunTrigger(debounce: configuration.webhookDebounce) {
            _ = try await runner.submit(job: DeliveriesRequest(), trigger: .webhook)
        }
        return ServiceRuntime(configuration: configuration, store: store, runner: runner, intake: intake,
                              orderEvents: orderEvents, deliveryEvents: deliveryEvents,
                              progressHub: progressHub, metrics: metrics, schedulers: schedulers, health: health,
                              logger: logger, demo: demo, startupProblems: problems)
    }

    // MARK: factories

    /// One process owns a SQLite file; replicas share a PostgreSQL store's queue and poll it.
    func coordination(for store: any RunStore) -> JobRunner.Coordination {
        JobRunner.Coordination(replica: replica, lease: runLease, poll: store.description.isShared ? sharedQueuePoll : nil)
    }

    /// The store at `DATABASE_URL` or `DATABASE_PATH`, or the replacement. Throws when it cannot be opened (the
    /// CLI's `runs`).
    public func openStore() async throws -> any RunStore {
        if let store { return store }
        return try await Adapters.openStore(configuration: configuration, logger: logger)
    }

    /// The service keeps running on an in-memory store when the database cannot be opened, and says so. When the
    /// store was to be the replicas' shared PostgreSQL (`sharedStoreMissing`), this replica must not run jobs or
    /// fire schedules on its own: the others may be running them.
    func makeStore(problems: inout [String]) async -> (store: any RunStore, sharedStoreMissing: Bool) {
        do {
            return (try await openStore(), false)
        } catch {
            let shared = configuration.databaseURL != nil || configuration.databaseProblem != nil
            if shared {
                problems.append("\(error) — \(Self.sharedStoreMissingReason)")
            } else {
                problems.append("\(error) — running with an in-memory database: history will not survive a restart; fix DATABASE_PATH")
            }
            return (Adapters.inMemoryStore(), shared)
        }
    }

    static let sharedStoreMissingReason =
        "the PostgreSQL store at DATABASE_URL could not be opened: this replica runs no job and fires no schedule (the others may be running them); fix DATABASE_URL or the database and restart it"

    /// Every kind, unavailable for `reason`.
    static func noJobs(reason: String) -> JobKinds {
        var kinds = JobKinds()
        kinds.registerUnavailable(SyncRequest.self, reason: reason)
        kinds.registerUnavailable(OrdersRequest.self, reason: reason)
        kinds.registerUnavailable(DeliveriesRequest.self, reason: reason)
        return kinds
    }

    /// Every kind of job the runner executes: the catalogue sync, and orders and deliveries when `SYNC_ORDERS` is on; each is
    /// unavailable (with the reason) until both systems are configured. A new kind registers its executor here.
    func makeJobKinds(store: any RunStore, transport: any HTTPTransport, metrics: SyncMetrics, health: ServiceHealth) -> JobKinds {
        var kinds = JobKinds()
        if let executor = catalogueExecutor
            ?? makeCatalogueExecutor(store: store, transport: transport, metrics: metrics, health: health) {
            kinds.register(executor)
        } else {
            kinds.registerUnavailable(SyncRequest.self, reason: "Odoo or Medusa is not configured")
        }
        registerOrderSide(&kinds, replacement: ordersExecutor,
                          production: makeOrdersExecutor(store: store, transport: transport, metrics: metrics, health: health),
                          off: "orders sync is off: set SYNC_ORDERS=true (the Odoo user needs rights on contacts and sales, docs/orders.md)")
        registerOrderSide(&kinds, replacement: deliveriesExecutor,
                          production: makeDeliveriesExecutor(store: store, transport: transport, metrics: metrics, health: health),
                          off: "deliveries run with the orders sync, which is off: set SYNC_ORDERS=true (docs/deliveries.md)")
        return kinds
    }

    func makeCatalogueExecutor(store: any RunStore, transport: any HTTPTransport, metrics: SyncMetrics,
                               health: ServiceHealth) -> (any SyncExecutor)? {
        configuration.syncSettings().map { settings in
            EngineSyncExecutor(settings: settings, store: store,
                               odooTransport: metrics.instrument(transport, system: "odoo"),
                               medusaTransport: metrics.instrument(transport, system: "medusa"), logger: logger,
                               health: health)
        }
    }

    /// A kind that runs only with `SYNC_ORDERS`: the test's replacement, else the production executor, else unavailable
    /// with the reason (orders off, or a system not configured).
    private func registerOrderSide<Request: JobRequest>(
        _ kinds: inout JobKinds, replacement: (any JobExecutor<Request>)?, production: EngineOrderSideExecutor<Request>?,
        off: String
    ) {
        if configuration.orders.enabled, let replacement {
            kinds.register(replacement)
        } else if let production {
            kinds.register(production)
        } else {
            kinds.registerUnavailable(Request.self, reason: configuration.orders.enabled ? "Odoo or Medusa is not configured" : off)
        }
    }

    func makeOrdersExecutor(store: any RunStore, transport: any HTTPTransport, metrics: SyncMetrics,
                            health: ServiceHealth) -> EngineOrdersExecutor? {
        let orders = configuration.orders.engineConfiguration(pricelists: configuration.pricelistByCurrency,
                                                              maxAttempts: configuration.retryMaxAttempts)
        return makeOrderSideExecutor(store: store, transport: transport, metrics: metrics, health: health) { odoo, medusa, store, reporter in
            try await OrdersEngine(medusa: medusa, odoo: odoo, state: store, configuration: orders).run(reporter: reporter)
        }
    }

    func makeDeliveriesExecutor(store: any RunStore, transport: any HTTPTransport, metrics: SyncMetrics,
                                health: ServiceHealth) -> EngineDeliveriesExecutor? {
        let deliveries = configuration.orders.deliveriesConfiguration(stockLocationId: configuration.medusa?.stockLocationId,
                                                                      maxAttempts: configuration.retryMaxAttempts)
        return makeOrderSideExecutor(store: store, transport: transport, metrics: metrics, health: health) { odoo, medusa, store, reporter in
            try await DeliveriesEngine(medusa: medusa, odoo: odoo, state: store, configuration: deliveries).run(reporter: reporter)
        }
    }

    /// Nil unless `SYNC_ORDERS` is on and both systems are configured.
    private func makeOrderSideExecutor<Request: JobRequest>(
        store: any RunStore, transport: any HTTPTransport, metrics: SyncMetrics, health: ServiceHealth,
        run: @escaping EngineOrderSideExecutor<Request>.Run
    ) -> EngineOrderSideExecutor<Request>? {
        guard configuration.orders.enabled, let settings = configuration.syncSettings() else { return nil }
        return EngineOrderSideExecutor(settings: settings, store: store,
                                       odooTransport: metrics.instrument(transport, system: "odoo"),
                                       medusaTransport: metrics.instrument(transport, system: "medusa"), logger: logger,
                                       health: health, run: run)
    }

    /// Webhooks become targeted catalogue syncs; nil until both systems are configured.
    func makeIntake(store: any RunStore, transport: any HTTPTransport, runner: JobRunner) -> WebhookIntake? {
        guard let settings = configuration.syncSettings() else { return nil }
        return WebhookIntake(
            debounce: configuration.webhookDebounce,
            resolveVariantTemplates: variantTemplates ?? makeVariantResolver(settings: settings, store: store, transport: transport),
            submit: { request in _ = try await runner.submit(request, trigger: .webhook) },
            logger: logger)
    }

    /// One Odoo client for every webhook flush. It takes over the session the last sync remembered (no detection
    /// requests inside Odoo's one-second webhook budget), or connects on its first call.
    func makeVariantResolver(settings: SyncSettings, store: any RunStore, transport: any HTTPTransport) -> WebhookIntake.VariantResolver {
        let odoo = Adapters.odoo(settings.odoo, transport: transport, logger: logger)
        return { ids in
            if odoo.sessionMemo() == nil, let memo = try? await store.memo(SyncMemo.odooSession) {
                _ = odoo.resumeSession(memo: memo)
            }
            return try await odoo.templateIds(ofVariants: ids)
        }
    }
}
