import App
import ArgumentParser

@main
struct OdooMedusaSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "odoo-medusa-sync",
        abstract: "Keeps a Medusa v2 shop's catalogue in step with Odoo.",
        discussion: "Configured from environment variables (and an optional .env file); see the README.",
        version: ServiceVersion.current,
        subcommands: [Serve.self, Sync.self, Runs.self, Schedule.self, HealthCheck.self, SimulatorsCommand.self, MigrateStore.self],
        defaultSubcommand: Serve.self
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP service, the job runner and the schedule (the default).")

    @Flag(help: "Run against built-in Odoo and Medusa simulators seeded with Odoo's demo catalogue; needs neither system.")
    var demo = false

    func run() async throws {
        try await Commands.serve(demo: demo)
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

    @Option(help: "What to sync: catalogue (Odoo → Medusa, the default), orders (Medusa orders → Odoo), deliveries (Odoo deliveries → Medusa fulfilments) or all.")
    var scope = "catalogue"

    func validate() throws {
        guard let parsed = SyncScope(rawValue: scope) else {
            throw ValidationError("--scope \(scope) must be catalogue, orders, deliveries or all")
        }
        if (parsed == .orders || parsed == .deliveries) && (full || dryRun || !products.isEmpty) {
            throw ValidationError("--full, --dry-run and --product are for the catalogue; an \(scope) run takes no options")
        }
        if full && !products.isEmpty { throw ValidationError("--full syncs everything; leave out --product, or drop --full") }
        if let bad = products.first(where: { $0 < 1 }) { throw ValidationError("--product \(bad) is not an Odoo id") }
    }

    func run() async throws {
        try await exitingOnFailure { try await Commands.sync(scope: SyncScope(rawValue: scope) ?? .catalogue, full: full, dryRun: dryRun,
                                                             products: products) }
    }
}

struct Runs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List recent runs from the database.")

    @Option(help: "How many runs to show.")
    var limit = 20

    func run() async throws {
        try await exitingOnFailure { try await Commands.listRuns(limit: limit) }
    }
}

struct MigrateStore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store",
        abstract: "Copy a SQLite store into an empty PostgreSQL one (bindings, cursors, retry state, links, run history), to move to replicas without a resync.")

    @Option(help: "The SQLite store: sqlite:/path/to/sync.sqlite.")
    var from: String

    @Option(help: "The PostgreSQL database: postgres://user:password@host:5432/database (?sslmode= honoured).")
    var to: String

    @Option(help: "The schema in it (DATABASE_SCHEMA; default odoo_medusa_sync).")
    var schema: String?

    func run() async throws {
        try await exitingOnFailure { try await Commands.migrateStore(from: from, to: to, schema: schema) }
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
        do {
            for line in try Commands.scheduleFireTimes(expression: expression, from: from, count: count, timeZone: timeZone) {
                print(line)
            }
        } catch {
            throw ValidationError(error.description)
        }
    }
}

struct HealthCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Exit 0 when the service on this machine answers GET /health (the container's HEALTHCHECK).")

    func run() async throws {
        try await exitingOnFailure { try await Commands.healthCheck() }
    }
}

/// Runs a command's body; its `CommandFailure` becomes the message on standard error and the exit status.
func exitingOnFailure(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let failure as CommandFailure {
        if let message = failure.message { Commands.printError(message) }
        throw ExitCode(failure.exitCode)
    }
}
