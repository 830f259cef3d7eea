import RunStore
import SyncCore

/// What `sync --scope` runs.
public enum SyncScope: String, Sendable, CaseIterable {
    case catalogue, orders, deliveries, all
}

extension Commands {
    /// `sync`: one catalogue sync and/or orders run in the foreground, each summary printed; fails unless every run
    /// succeeded.
    public static func sync(scope: SyncScope = .catalogue, full: Bool, dryRun: Bool, products: [Int],
                            environment: EnvironmentSource = .process()) async throws {
        let configuration = AppConfiguration.load(from: environment)
        LogSetup.bootstrap(format: configuration.logFormat, level: configuration.logLevel, secrets: configuration.secrets)
        for problem in configuration.problems { printError("configuration: \(problem)") }
        let runtime = await ServiceBuilder(configuration: configuration).build()
        guard await runtime.runner.canRun else {
            let missing = configuration.missingOdoo + configuration.missingMedusa
            throw CommandFailure(exitCode: 78, message: "cannot sync: set \(missing.joined(separator: ", "))")
        }
        let canRunOrders = await runtime.runner.canRun(.orders), canRunDeliveries = await runtime.runner.canRun(.deliveries)
        if scope != .catalogue, !canRunOrders || !canRunDeliveries {
            throw CommandFailure(exitCode: 78, message: "cannot sync orders: set SYNC_ORDERS=true (the Odoo user needs rights on contacts and sales; see docs/orders.md)")
        }
        try await runtime.runner.recoverAfterCrash()
        var runIds: [Int64] = []
        if scope == .catalogue || scope == .all {
            let request: SyncRequest = !products.isEmpty ? .targeted(products, dryRun: dryRun)
                : SyncRequest(mode: full ? .full : .incremental, dryRun: dryRun)
            runIds.append(try await runtime.runner.submit(request, trigger: .cli).run.id)
        }
        if scope == .orders || scope == .all {
            runIds.append(try await runtime.runner.submit(job: OrdersRequest(), trigger: .cli).run.id)
        }
        if scope == .deliveries || scope == .all {
            runIds.append(try await runtime.runner.submit(job: DeliveriesRequest(), trigger: .cli).run.id)
        }
        await runtime.runner.drainQueue()
        if runtime.store.description.isShared {
            // Replicas share the queue: one of them may hold the run lease (or have merged these requests into a run
            // it queued). Wait for the runs to end wherever they run, taking the queue whenever the lease is free.
            while try await !finished(runIds, in: runtime.store) {
                try await Task.sleep(for: .seconds(1))
                await runtime.runner.drainQueue()
            }
        }
        var allSucceeded = true
        for id in runIds {
            guard let run = try await runtime.store.run(id: id) else { throw CommandFailure(exitCode: 1) }
            try await printSummary(run, dryRun: dryRun, store: runtime.store)
            allSucceeded = allSucceeded && run.status == .succeeded
        }
        if !allSucceeded { throw CommandFailure(exitCode: 1) }
    }

    private static func finished(_ ids: [Int64], in store: any RunStore) async throws -> Bool {
        for id in ids where try await store.run(id: id)?.status.isFinished == false { return false }
        return true
    }

    private static func printSummary(_ run: RunRecord, dryRun: Bool, store: any RunStore) async throws {
        let counts = run.counts
        print("run \(run.id) (\(run.kind)): \(run.status.rawValue) in \(run.durationMs ?? 0) ms — created \(counts.created), updated \(counts.updated), unchanged \(counts.unchanged), archived \(counts.archived), deleted \(counts.deleted), failed \(counts.failed), skipped \(counts.skipped), drift corrected \(counts.driftCorrected)")
        if let error = run.error { print("error: \(error)") }
        let showAll = dryRun || run.kind != .catalogue
        guard showAll || counts.failed > 0 else { return }
        for item in try await store.items(runId: run.id, limit: 10_000) {
            let outcome = item.outcome
            guard showAll || outcome.kind == .failed else { continue }
            let subject = outcome.subject == .product ? "\(outcome.odooTemplateId)" : (outcome.medusaProductId ?? "")
            print("  \(subject) \(outcome.title ?? "") → \(outcome.kind.rawValue)\(outcome.message.map { ": \($0)" } ?? "")")
            for change in outcome.plannedChanges ?? [] {
                print("      \(change.path): \(change.from ?? "∅") → \(change.to ?? "∅")")
            }
        }
    }
}
