import Foundation
import HTTPTransport
import Hummingbird
import Logging
import OdooClient
import RunStore
import Scheduler
import ServiceLifecycle
import SyncCore

/// The composition root: the only place that builds concrete types and wires them together. `serve`, the CLI's
/// one-shot `sync`, and `--demo` all go through here.
public struct ServiceRuntime: Sendable {
    public let configuration: AppConfiguration
    public let store: RunStore
    public let runner: JobRunner
    public let intake: WebhookIntake?
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

    /// Builds everything from configuration. Never throws for a configuration problem: those are collected in
    /// `startupProblems` and the service starts with what works (health and history stay available).
    public static func build(configuration: AppConfiguration, transport: any HTTPTransport = AsyncHTTPClientTransport.forAPICalls(),
                             demo: Bool = false, logger: Logger = Logger(label: "odoo-medusa-sync")) async -> ServiceRuntime {
        var configuration = configuration
        var problems = configuration.problems

        let store: RunStore
        do {
            store = try RunStore(path: configuration.databasePath)
        } catch {
            problems.append("\(error) — running with an in-memory database: history will not survive a restart; fix DATABASE_PATH")
            store = try! RunStore()  // an in-memory SQLite database cannot fail to open short of memory exhaustion
        }

        let progressHub = ProgressHub()
        let health = ServiceHealth()
        await health.load(from: store)
        let metrics = SyncMetrics()
        if let finishedAt = health.snapshot.lastSuccessfulRun?.finishedAt {
            metrics.setLastSuccess(finishedAt)
        }
        let executor: (any SyncExecutor)? = configuration.syncSettings().map { settings in
            EngineSyncExecutor(odoo: settings.odoo, medusa: settings.medusa, engineConfiguration: settings.engine,
                               store: store, transport: transport, metrics: metrics, logger: logger)
        }
        let runner = JobRunner(store: store, executor: executor, progressHub: progressHub,
                               retention: configuration.runsRetention, metrics: metrics, health: health, logger: logger)

        var intake: WebhookIntake?
        if let settings = configuration.syncSettings() {
            // One client for every flush: it takes over the session the last sync remembered (no detection), or
            // connects on its first call.
            let webhookOdoo = OdooClient(configuration: settings.odoo, transport: transport, logger: logger)
            intake = WebhookIntake(
                debounce: configuration.webhookDebounce,
                resolveVariantTemplates: { ids in
                    if webhookOdoo.serverInfo == nil, let memo = try? await store.memo(SyncMemo.odooSession) {
                        _ = webhookOdoo.resumeSession(memo: memo)
                    }
                    return try await webhookOdoo.templateIdsOfVariants(ids)
                },
                submit: { request in _ = try await runner.submit(request, trigger: .webhook) },
                logger: logger)
        }

        var schedulers: [SchedulerService] = []
        do {
            let zone = try parseTimeZone(configuration.timeZone)
            let zoneName = configuration.timeZone
            // Incremental runs on SYNC_SCHEDULE, full runs — the periodic reconcile — on SYNC_FULL_SCHEDULE; `/health`
            // shows both. Each remembers its last fire in the store under its own name.
            func scheduler(_ variable: String, _ text: String, name: String, request: SyncRequest,
                           publish: @escaping @Sendable (ScheduleStatus) -> Void) -> SchedulerService? {
                let schedule: CronSchedule
                do {
                    guard let parsed = try ScheduleSetting(parsing: text).schedule else { return nil }
                    schedule = parsed
                } catch {
                    problems.append("\(variable): \(error) — this schedule is off until it is fixed")
                    return nil
                }
                let expression = schedule.expression, words = schedule.humanDescription
                // While the scheduler is not waiting (before start, after stop) the next slot is computed from now.
                let publishSchedule: @Sendable (Date?) -> Void = { upcoming in
                    publish(ScheduleStatus(
                        enabled: true, expression: expression, description: words, timeZone: zoneName,
                        nextRunAt: upcoming ?? schedule.nextDate(after: Date(), in: zone)))
                }
                publishSchedule(nil)
                logger.info("\(request.mode.rawValue) syncs scheduled", metadata: [
                    "schedule.variable": "\(variable)",
                    "schedule": "\(expression)", "schedule.description": "\(words)", "timezone": "\(zoneName)",
                    "next_run_at": "\(schedule.nextDate(after: Date(), in: zone).map { "\($0)" } ?? "never")",
                ])
                var scheduleLogger = logger
                scheduleLogger[metadataKey: "schedule.variable"] = "\(variable)"
                return SchedulerService(
                    schedule: schedule, timeZone: zone, store: StoredScheduleState(store: store, name: name),
                    logger: scheduleLogger,
                    onUpcomingChange: publishSchedule,
                    onFire: { _ in
                        guard await runner.canRun else {
                            logger.warning("scheduled sync skipped: Odoo or Medusa is not configured")
                            return
                        }
                        _ = try? await runner.submit(request, trigger: .schedule)
                    })
            }
            if let incremental = scheduler("SYNC_SCHEDULE", configuration.schedule, name: "default", request: .incremental,
                                           publish: health.publishSchedule) {
                schedulers.append(incremental)
            }
            if let full = scheduler("SYNC_FULL_SCHEDULE", configuration.fullSchedule, name: "full", request: .full,
                                    publish: health.publishFullSchedule) {
                schedulers.append(full)
            }
        } catch {
            problems.append("SYNC_TIMEZONE: \(error) — the schedules are off until this is fixed")
        }
        configuration.problems = problems

        return ServiceRuntime(configuration: configuration, store: store, runner: runner, intake: intake,
                              progressHub: progressHub, metrics: metrics, schedulers: schedulers, health: health,
                              logger: logger, demo: demo, startupProblems: problems)
    }

    public var httpDependencies: HTTPDependencies {
        HTTPDependencies(store: store, runner: runner, intake: intake, progressHub: progressHub,
                         configuration: configuration, metrics: metrics, demo: demo)
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
    public func serve(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        for problem in startupProblems { logger.warning("configuration problem", metadata: ["problem": "\(problem)"]) }
        if !configuration.missingOdoo.isEmpty || !configuration.missingMedusa.isEmpty {
            logger.warning("sync disabled until configured", metadata: [
                "missing": "\((configuration.missingOdoo + configuration.missingMedusa).joined(separator: ", "))",
            ])
        }
        try await runner.recoverAfterCrash()
        let app = try application(onServerRunning: onServerRunning)
        try await app.runService()
    }
}

/// The scheduler's memory, kept in the run store so a restart neither skips nor repeats a run.
struct StoredScheduleState: ScheduleStateStore {
    let store: RunStore
    let name: String

    func lastFireTime() async throws -> Date? { try await store.lastFireTime(schedule: name) }
    func recordFire(_ date: Date) async throws { try await store.recordFire(schedule: name, at: date) }
}

extension OdooClient {
    /// Templates of the given variants (archived ones included): a webhook names a variant, the sync works on templates.
    func templateIdsOfVariants(_ ids: [Int]) async throws -> [Int] {
        let rows = try await read(model: "product.product", ids: ids, fields: ["product_tmpl_id"], context: ["active_test": .bool(false)])
        guard case .array(let records) = rows else { return [] }
        return records.compactMap { record -> Int? in
            // many2one arrives as [id, "name"] (or a bare id with load=None)
            switch record["product_tmpl_id"] {
            case .array(let pair)?: pair.first?.intValue
            case .number?: record["product_tmpl_id"]?.intValue
            default: nil
            }
        }
    }
}
