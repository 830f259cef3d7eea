import App
import ArgumentParser
import Foundation
import HTTPTransport
import RunStore
import Scheduler
import SyncCore

@main
struct OdooMedusaSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "odoo-medusa-sync",
        abstract: "Keeps a Medusa v2 shop's catalogue in step with Odoo.",
        discussion: "Configured from environment variables (and an optional .env file); see the README.",
        version: ServiceVersion.current,
        subcommands: [Serve.self, Sync.self, Runs.self, Schedule.self, HealthCheck.self, SimulatorsCommand.self],
        defaultSubcommand: Serve.self
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP service, the job runner and the schedule (the default).")

    @Flag(help: "Run against built-in Odoo and Medusa simulators seeded with Odoo's demo catalogue; needs neither system.")
    var demo = false

    func run() async throws {
        let environment = EnvironmentSource.process()
        let loaded = AppConfiguration.load(from: environment)
        let demoEnvironment: DemoEnvironment? = demo ? try await DemoEnvironment.start(base: loaded) : nil
        let configuration = demoEnvironment?.configuration ?? loaded
        LogSetup.bootstrap(format: configuration.logFormat, level: configuration.logLevel, secrets: configuration.secrets)
        let runtime = await ServiceRuntime.build(configuration: configuration, demo: demo)
        let host = configuration.host
        try await runtime.serve(onServerRunning: { port in
            if let demoEnvironment {
                demoEnvironment.printWelcome(host: host, port: port)
            }
        })
        await demoEnvironment?.stop()
    }
}

struct Sync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run one sync in the foreground and print its summary; exits non-zero on failure.")

    @Flag(help: "Reconcile everything instead of reading changes since the last run.")
    var full = false

    @Flag(name: .customLong("dry-run"), help: "Compute the plan and print it; write nothing to Medusa.")
    var dryRun = false

    @Option(name: .customLong("product"), help: "Only these Odoo product.template ids (repeatable).")
    var products: [Int] = []

    func validate() throws {
        if full && !products.isEmpty { throw ValidationError("--full syncs everything; leave out --product, or drop --full") }
        if let bad = products.first(where: { $0 < 1 }) { throw ValidationError("--product \(bad) is not an Odoo id") }
    }

    func run() async throws {
        let configuration = AppConfiguration.load(from: .process())
        LogSetup.bootstrap(format: configuration.logFormat, level: configuration.logLevel, secrets: configuration.secrets)
        for problem in configuration.problems { printError("configuration: \(problem)") }
        let runtime = await ServiceRuntime.build(configuration: configuration)
        guard await runtime.runner.canRun else {
            let missing = configuration.missingOdoo + configuration.missingMedusa
            printError("cannot sync: set \(missing.joined(separator: ", "))")
            throw ExitCode(78)
        }
        try await runtime.runner.recoverAfterCrash()
        let request: SyncRequest = !products.isEmpty ? .targeted(products, dryRun: dryRun)
            : SyncRequest(mode: full ? .full : .incremental, dryRun: dryRun)
        let submission = try await runtime.runner.submit(request, trigger: .cli)
        await runtime.runner.drainQueue()
        guard let run = try await runtime.store.run(id: submission.run.id) else { throw ExitCode.failure }
        let counts = run.counts
        print("run \(run.id): \(run.status.rawValue) in \(run.durationMs ?? 0) ms — created \(counts.created), updated \(counts.updated), unchanged \(counts.unchanged), archived \(counts.archived), deleted \(counts.deleted), failed \(counts.failed), skipped \(counts.skipped)")
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
        if run.status != .succeeded { throw ExitCode.failure }
    }
}

struct Runs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List recent runs from the database.")

    @Option(help: "How many runs to show.")
    var limit = 20

    func run() async throws {
        let configuration = AppConfiguration.load(from: .process())
        let store: RunStore
        do { store = try RunStore(path: configuration.databasePath) } catch {
            printError("\(error)")
            throw ExitCode(74)
        }
        let runs = try await store.listRuns(limit: max(1, min(limit, 1000)))
        if runs.isEmpty { print("no runs recorded in \(configuration.databasePath)") }
        let formatter = ISO8601DateFormatter()
        for run in runs {
            let c = run.counts
            print("\(run.id)\t\(formatter.string(from: run.createdAt))\t\(run.trigger.rawValue)\t\(run.request.mode.rawValue)\(run.request.dryRun ? " (dry run)" : "")\t\(run.status.rawValue)\tcreated \(c.created) updated \(c.updated) unchanged \(c.unchanged) archived \(c.archived) failed \(c.failed)")
        }
    }
}

struct Schedule: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the next fire times of a cron expression, to check it before deploying.")

    @Argument(help: "A 5-field cron expression or @hourly, @daily, @weekly, @monthly, @yearly.")
    var expression: String

    @Option(help: "Start after this instant (ISO 8601, e.g. 2026-03-29T00:00:00Z); default now.")
    var from: String?

    @Option(help: "How many fire times.")
    var count = 5

    @Option(name: .customLong("tz"), help: "IANA time zone, e.g. Europe/Berlin; default SYNC_TIMEZONE or UTC.")
    var timeZone: String?

    func run() throws {
        let schedule: CronSchedule
        do { schedule = try CronSchedule(parsing: expression) } catch {
            throw ValidationError("invalid cron expression: \(error)")
        }
        let zoneName = timeZone ?? EnvironmentSource.process()["SYNC_TIMEZONE"] ?? "UTC"
        let zone: TimeZone
        do { zone = try parseTimeZone(zoneName) } catch { throw ValidationError("\(error)") }
        var start = Date()
        if let from {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            let fractional = ISO8601DateFormatter()
            fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            guard let parsed = formatter.date(from: from) ?? fractional.date(from: from) else {
                throw ValidationError("--from \(from) is not ISO 8601 with a zone, e.g. 2026-03-29T00:00:00Z")
            }
            start = parsed
        }
        guard (1...1000).contains(count) else { throw ValidationError("--count must be between 1 and 1000") }
        let dates = schedule.nextDates(after: start, in: zone, count: count)
        if dates.isEmpty { throw ValidationError("\(expression) never fires (e.g. 30 February)") }
        for date in dates { print(formatFireTime(date, in: zone)) }
    }
}

struct HealthCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Exit 0 when the service on this machine answers GET /health (the container's HEALTHCHECK).")

    func run() async throws {
        let environment = EnvironmentSource.process()
        let port = environment["PORT"].flatMap(Int.init) ?? 8080
        let request = HTTPRequestData(method: .get, url: "http://127.0.0.1:\(port)/health", timeout: .seconds(3))
        do {
            let response = try await AsyncHTTPClientTransport().send(request)
            guard response.status == 200 else {
                printError("health check: HTTP \(response.status)")
                throw ExitCode.failure
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("health check: \(error)")
            throw ExitCode.failure
        }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
