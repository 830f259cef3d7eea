import SyncCore

extension Commands {
    /// `sync`: one catalogue sync in the foreground, its summary printed; fails unless the run succeeded.
    public static func sync(full: Bool, dryRun: Bool, products: [Int], environment: EnvironmentSource = .process()) async throws {
        let configuration = AppConfiguration.load(from: environment)
        LogSetup.bootstrap(format: configuration.logFormat, level: configuration.logLevel, secrets: configuration.secrets)
        for problem in configuration.problems { printError("configuration: \(problem)") }
        let runtime = await ServiceBuilder(configuration: configuration).build()
        guard await runtime.runner.canRun else {
            let missing = configuration.missingOdoo + configuration.missingMedusa
            throw CommandFailure(exitCode: 78, message: "cannot sync: set \(missing.joined(separator: ", "))")
        }
        try await runtime.runner.recoverAfterCrash()
        let request: SyncRequest = !products.isEmpty ? .targeted(products, dryRun: dryRun)
            : SyncRequest(mode: full ? .full : .incremental, dryRun: dryRun)
        let submission = try await runtime.runner.submit(request, trigger: .cli)
        await runtime.runner.drainQueue()
        guard let run = try await runtime.store.run(id: submission.run.id) else { throw CommandFailure(exitCode: 1) }
        let counts = run.counts
        print("run \(run.id): \(run.status.rawValue) in \(run.durationMs ?? 0) ms — created \(counts.created), updated \(counts.updated), unchanged \(counts.unchanged), archived \(counts.archived), deleted \(counts.deleted), failed \(counts.failed), skipped \(counts.skipped), drift corrected \(counts.driftCorrected)")
        if let error = run.error { print("error: \(error)") }
        if dryRun || counts.failed > 0 {
            for item in try await runtime.store.items(runId: run.id, limit: 10_000) {
                let outcome = item.outcome
                guard dryRun || outcome.kind == .failed else { continue }
                print("  \(outcome.odooTemplateId) \(outcome.title ?? "") → \(outcome.kind.rawValue)\(outcome.message.map { ": \($0)" } ?? "")")
                for change in outcome.plannedChanges ?? [] {
                    print("      \(change.path): \(change.from ?? "∅") → \(change.to ?? "∅")")
                }
            }
        }
        if run.status != .succeeded { throw CommandFailure(exitCode: 1) }
    }
}
