import SyncAPI
import Foundation
import Logging
import OpenAPIRuntime
import RunStore
import SyncCore

/// Implements the generated API protocol (`openapi.yaml` is the contract). Auth, CORS and body limits are handled
/// by middleware before these run; handlers translate between the API's types and the store and runner.
struct APIHandler: APIProtocol {
    let store: any RunStore
    let runner: JobRunner
    let intake: WebhookIntake?
    let orderEvents: DebouncedRunTrigger?
    let deliveryEvents: DebouncedRunTrigger?
    let demoWarehouse: (any DemoWarehouse)?
    let progressHub: ProgressHub
    let configuration: AppConfiguration
    let metrics: SyncMetrics
    let health: ServiceHealth
    let startedAt: Date
    let version: String
    let demo: Bool

    // MARK: health

    /// From the in-memory snapshot: no database read and no actor hop per request (see `ServiceHealth`).
    /// The router answers `GET /health` through `HealthResponseCache`; this is the same body for the generated route.
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(healthBody(health.snapshot, now: Date()))))
    }

    func healthBody(_ snapshot: ServiceHealth.Snapshot, now: Date) -> Components.Schemas.Health {
        let databaseOK = snapshot.databaseOK
        func schedule(_ status: ScheduleStatus) -> Components.Schemas.Schedule {
            .init(enabled: status.enabled, expression: status.expression, description: status.description,
                  timezone: status.timeZone, nextRunAt: status.nextRunAt)
        }
        return Components.Schemas.Health(
            status: databaseOK ? .ok : .degraded,
            version: version,
            uptimeSeconds: uptimeSeconds(at: now),
            database: databaseOK ? .ok : .error,
            odoo: .init(configured: configuration.missingOdoo.isEmpty, missing: configuration.missingOdoo.isEmpty ? nil : configuration.missingOdoo,
                        serverVersion: snapshot.odooServer?.serverVersion,
                        apiProtocol: snapshot.odooServer.flatMap { .init(rawValue: $0.apiProtocol.rawValue) }),
            medusa: .init(configured: configuration.missingMedusa.isEmpty, missing: configuration.missingMedusa.isEmpty ? nil : configuration.missingMedusa,
                          features: snapshot.medusaCapabilities.map {
                              .init(stockLevelsBatch: .init(rawValue: $0.stockLevelsBatch.rawValue) ?? .untried,
                                    externalIdFilter: $0.externalIdFilter)
                          }),
            lastRun: snapshot.lastFinishedRun.map { .init(id: $0.id, status: .init($0.status), trigger: .init($0.trigger), finishedAt: $0.finishedAt, counts: .init($0.counts)) },
            lastSuccessAt: snapshot.lastSuccessfulRun?.finishedAt,
            schedule: schedule(snapshot.schedule),
            fullSchedule: schedule(snapshot.fullSchedule),
            ordersSchedule: schedule(snapshot.ordersSchedule),
            queueDepth: snapshot.queueDepth,
            itemsFailing: .init(count: snapshot.failingItems.stuck, retrying: snapshot.failingItems.retrying,
                                oldestFailedAt: snapshot.failingItems.oldest?.firstFailedAt,
                                oldest: snapshot.failingItems.oldest.map(Self.apiRetryItem)),
            store: snapshot.store.map { store in
                .init(engine: store.engine == .postgresql ? .postgresql : .sqlite, location: store.location,
                      replica: snapshot.replica,
                      runHolder: snapshot.runLease.map { .init(replica: $0.replica, runId: $0.runId, leaseExpiresAt: $0.expiresAt) })
            },
            demo: demo
        )
    }

    func uptimeSeconds(at now: Date) -> Int64 { Int64(now.timeIntervalSince(startedAt)) }

    /// Readiness is asked rarely (deploys, orchestrators) and must prove the database answers now: one real read.
    /// A failure also has the background monitor re-check, so `/health` follows within moments.
    func getReadiness(_ input: Operations.GetReadiness.Input) async throws -> Operations.GetReadiness.Output {
        var reasons: [String] = []
        if !(await store.isHealthy()) {
            reasons.append("the database (\(store.description)) is not usable")
            health.requestDatabaseCheck()
        }
        if !configuration.missingOdoo.isEmpty { reasons.append("Odoo is not configured: set \(configuration.missingOdoo.joined(separator: ", "))") }
        if !configuration.missingMedusa.isEmpty { reasons.append("Medusa is not configured: set \(configuration.missingMedusa.joined(separator: ", "))") }
        if configuration.syncAPIToken == nil { reasons.append("SYNC_API_TOKEN is not set: the sync API is closed") }
        reasons.append(contentsOf: configuration.problems)
        for kind in [JobKind.orders, .deliveries] where configuration.orders.enabled {
            if let last = try? await store.listRuns(kind: kind, limit: 1).first,
               last.status == .failed, last.errorClass == .configuration, let error = last.error {
                reasons.append("the last \(kind) run failed for a configuration problem (it stays failed until fixed): \(error)")
            }
        }
        let body = Components.Schemas.Readiness(ready: reasons.isEmpty, reasons: reasons)
        return reasons.isEmpty ? .ok(.init(body: .json(body))) : .serviceUnavailable(.init(body: .json(body)))
    }

    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        metrics.setQueueDepth(await runner.queueDepth())  // the runner's own count, kept from its transitions
        return .ok(.init(body: .plainText(HTTPBody(metrics.exposition()))))
    }

    // MARK: sync

    func startSync(_ input: Operations.StartSync.Input) async throws -> Operations.StartSync.Output {
        var body: Components.Schemas.SyncRequest?
        if let requestBody = input.body, case .json(let json) = requestBody { body = json }
        let scope = body?.scope ?? .catalogue
        if scope == .orders || scope == .deliveries, body?.mode != nil || body?.productIds != nil || body?.dryRun != nil {
            return .badRequest(.init(body: .json(.error(code: "invalid_request",
                message: "mode, productIds and dryRun are for the catalogue; an \(scope.rawValue) run takes no options"))))
        }
        var submissions: [JobRunner.Submission] = []
        if scope == .catalogue || scope == .all {
            switch try await submitCatalogue(body) {
            case .success(let submission): submissions.append(submission)
            case .failure(let refusal): return refusal.output
            }
        }
        if scope == .orders || scope == .all {
            if await runner.canRun(.orders) {
                submissions.append(try await runner.submit(job: OrdersRequest(), trigger: .api))
            } else if scope == .orders {
                return Self.ordersUnavailable(configuration)
            }
        }
        if scope == .deliveries || scope == .all {
            if await runner.canRun(.deliveries) {
                submissions.append(try await runner.submit(job: DeliveriesRequest(), trigger: .api))
            } else if scope == .deliveries {
                return Self.ordersUnavailable(configuration)
            }
        }
        guard let first = submissions.first else { return Self.ordersUnavailable(configuration) }
        var runs: [Components.Schemas.Run] = []
        for submission in submissions { runs.append(await apiRun(submission.run)) }
        return .accepted(.init(
            headers: .init(location: "/runs/\(first.run.id)"),
            body: .json(.init(run: runs[0], coalesced: first.coalesced, runs: scope == .all ? runs : nil))
        ))
    }

    // MARK: webhook

    func receiveOdooWebhook(_ input: Operations.ReceiveOdooWebhook.Input) async throws -> Operations.ReceiveOdooWebhook.Output {
        guard case .json(let payload) = input.body else {
            return .badRequest(.init(body: .json(.error(code: "invalid_request", message: "expected a JSON body from Odoo"))))
        }
        guard let intake else {
            let missing = configuration.missingOdoo + configuration.missingMedusa
            return .serviceUnavailable(.init(body: .json(.error(code: "not_configured",
                message: "webhooks cannot schedule syncs until Odoo and Medusa are configured: set \(missing.joined(separator: ", "))"))))
        }
        guard payload._id > 0, payload._id <= Int64(Int32.max) else {
            return .badRequest(.init(body: .json(.error(code: "invalid_request", message: "_id must be a positive Odoo record id"))))
        }
        guard payload._model.count <= 128 else {
            return .badRequest(.init(body: .json(.error(code: "invalid_request", message: "_model is longer than 128 characters; Odoo model names are short, e.g. product.template"))))
        }
        if payload._model == "stock.picking" { return await receivePickingWebhook(recordId: payload._id) }
        switch await intake.receive(model: payload._model, recordId: Int(payload._id)) {
        case .scheduled:
            return .accepted(.init(body: .json(.init(accepted: true, model: payload._model, recordId: payload._id))))
        case .ignored(let reason):
            return .accepted(.init(body: .json(.init(accepted: false, model: payload._model, recordId: payload._id, reason: reason))))
        }
    }

    // MARK: runs

    func listRuns(_ input: Operations.ListRuns.Input) async throws -> Operations.ListRuns.Output {
        let limit = input.query.limit ?? 20
        guard (1...200).contains(limit) else {
            return .badRequest(.init(body: .json(.error(code: "invalid_request", message: "limit must be between 1 and 200"))))
        }
        var beforeId: Int64?
        if let cursor = input.query.cursor {
            guard let decoded = Self.decodeCursor(cursor, leadingZero: false), decoded > 0 else {
                return .badRequest(.init(body: .json(.error(code: "invalid_request", message: "cursor is not one this API returned"))))
            }
            beforeId = decoded
        }
        let runs = try await checkingStore { try await store.listRuns(
            status: input.query.status.map(RunStatus.init), trigger: input.query.trigger.map(RunTrigger.init),
            kind: input.query.scope.map { JobKind(rawValue: $0.rawValue) }, limit: limit + 1, beforeId: beforeId) }
        let page = Array(runs.prefix(limit))
        var apiRuns: [Components.Schemas.Run] = []
        for run in page { apiRuns.append(await apiRun(run)) }
        let next = runs.count > limit ? page.last.map { String($0.id) } : nil
        return .ok(.init(body: .json(.init(runs: apiRuns, nextCursor: next))))
    }

    func getRun(_ input: Operations.GetRun.Input) async throws -> Operations.GetRun.Output {
        guard let run = try await checkingStore({ try await store.run(id: input.path.id) }) else {
            return .notFound(.init(body: .json(.error(code: "not_found", message: "run \(input.path.id) does not exist"))))
        }
        let limit = input.query.itemsLimit ?? 100
        guard (1...1000).contains(limit) else {
            return .badRequest(.init(body: .json(.error(code: "invalid_request", message: "itemsLimit must be between 1 and 1000"))))
        }
        var afterId: Int64?
        if let cursor = input.query.itemsCursor {
            guard let decoded = Self.decodeCursor(cursor, leadingZero: true) else {
                return .badRequest(.init(body: .json(.error(code: "invalid_request", message: "itemsCursor is not one this API returned"))))
            }
            afterId = decoded
        }
        let items = try await checkingStore {
            try await store.items(runId: run.id, outcome: input.query.outcome.map(ProductOutcome.Kind.init), limit: limit + 1, afterId: afterId)
        }
        let page = Array(items.prefix(limit))
        let next = items.count > limit ? page.last.map { String($0.id) } : nil
        return .ok(.init(body: .json(.init(run: await apiRun(run), items: page.map { .init($0.outcome) }, nextItemsCursor: next,
                                           links: recordLinks))))
    }

    func streamRunEvents(_ input: Operations.StreamRunEvents.Input) async throws -> Operations.StreamRunEvents.Output {
        guard let run = try await store.run(id: input.path.id) else {
            return .notFound(.init(body: .json(.error(code: "not_found", message: "run \(input.path.id) does not exist"))))
        }
        let store = self.store, runId = run.id
        var stored: (@Sendable () async -> RunRecord?)?
        if store.description.isShared {
            stored = { try? await store.run(id: runId) }
        }
        let body = await RunEventStream.body(for: run, hub: progressHub, stored: stored) { [store] in
            guard let latest = try? await store.run(id: run.id), latest.status.isFinished else { return nil }
            return await self.apiRun(latest)
        }
        return .ok(.init(body: .textEventStream(body)))
    }

    func cancelRun(_ input: Operations.CancelRun.Input) async throws -> Operations.CancelRun.Output {
        switch try await runner.cancel(runId: input.path.id) {
        case .notFound:
            return .notFound(.init(body: .json(.error(code: "not_found", message: "run \(input.path.id) does not exist"))))
        case .alreadyFinished(let run):
            return .conflict(.init(body: .json(.error(code: "conflict", message: "run \(run.id) already finished with status \(run.status.rawValue)"))))
        case .cancelled(let run), .cancelling(let run):
            return .accepted(.init(body: .json(await apiRun(run))))
        }
    }

    // MARK: retries

    func listRetries(_ input: Operations.ListRetries.Input) async throws -> Operations.ListRetries.Output {
        let items = try await checkingStore { try await store.allRetryItems() }
        return .ok(.init(body: .json(.init(items: items.map(Self.apiRetryItem), maxAttempts: configuration.retryMaxAttempts))))
    }

    /// "Retry now": the item becomes due at once and a run that tries it is queued — a targeted run for a product, an
    /// incremental run for a category (every run that reads the setup writes the categories).
    func retryNow(_ input: Operations.RetryNow.Input) async throws -> Operations.RetryNow.Output {
        guard await runner.canRun else {
            let missing = configuration.missingOdoo + configuration.missingMedusa
            return .serviceUnavailable(.init(body: .json(.error(code: "not_configured",
                message: "sync is not possible until Odoo and Medusa are configured: set \(missing.joined(separator: ", "))"))))
        }
        let kind: RetryItem.Kind = input.path.kind == .category ? .category : .product
        let id = Int(input.path.odooId)
        guard let item = try await checkingStore({ try await store.retryItems(kind: kind, odooIds: [id]) })[id] else {
            return .notFound(.init(body: .json(.error(code: "not_found",
                message: "\(kind.rawValue) \(id) is not in the retry set: it has not failed, or a run has written it since"))))
        }
        try await checkingStore { try await store.saveRetryItems([RetrySchedule().retryNow(item, now: Date())]) }
        let request = kind == .product ? SyncRequest.targeted([id]) : SyncRequest.incremental
        let submission = try await runner.submit(request, trigger: .api)
        return .accepted(.init(
            headers: .init(location: "/runs/\(submission.run.id)"),
            body: .json(.init(run: await apiRun(submission.run), coalesced: submission.coalesced))
        ))
    }

    static func apiRetryItem(_ item: RetryItem) -> Components.Schemas.RetryItem {
        .init(kind: item.kind == .category ? .category : .product, odooId: Int64(item.odooId), title: item.title,
              attempts: item.attempts, lastError: item.lastError,
              errorClass: .init(rawValue: item.errorClass.rawValue) ?? .permanent, system: item.system,
              firstFailedAt: item.firstFailedAt, lastFailedAt: item.lastFailedAt, nextAttemptAt: item.nextAttemptAt,
              stuck: item.isStuck)
    }

    /// A store read whose failure has the database re-checked at once (so `/health` reports it), then rethrown.
    func checkingStore<T: Sendable>(_ read: () async throws -> T) async throws -> T {
        do {
            return try await read()
        } catch {
            health.requestDatabaseCheck()
            throw error
        }
    }

    /// A cursor this API hands out: a decimal id of at most 18 digits (`openapi.yaml`'s pattern). Anything else —
    /// signs, spaces, overlong zero runs that `Int64(_:)` would still read — is not one of ours.
    static func decodeCursor(_ text: String, leadingZero: Bool) -> Int64? {
        let digits = Array(text.utf8)
        guard (1...18).contains(digits.count), digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
        if !leadingZero, digits[0] == 48 { return nil }
        return Int64(text)
    }

    /// The API view of a run; a running run shows live progress from the hub (fresher than the throttled store).
    func apiRun(_ run: RunRecord) async -> Components.Schemas.Run {
        let live = run.status == .running ? await progressHub.latestProgress(runId: run.id) : nil
        let progress = live ?? run.progress
        return Components.Schemas.Run(
            id: run.id,
            scope: .init(rawValue: run.kind.rawValue) ?? .catalogue,
            trigger: .init(run.trigger),
            mode: .init(run.request.mode),
            dryRun: run.request.dryRun,
            productIds: run.request.productIds.map(Int64.init),
            status: .init(run.status),
            createdAt: run.createdAt,
            startedAt: run.startedAt,
            finishedAt: run.finishedAt,
            durationMs: run.durationMs,
            counts: .init(run.counts),
            progress: progress.map { .init(phase: $0.phase, done: $0.done, total: $0.total) },
            error: run.error,
            replica: run.replica
        )
    }
}
