import Foundation
import HTTPTransport
import Logging
import Testing

@testable import App

@Suite("Configuration")
struct ConfigurationTests {
    @Test("no configuration at all: defaults, and both integrations listed as missing")
    func empty() {
        let configuration = AppConfiguration.load(from: EnvironmentSource([:]))
        #expect(configuration.odoo == nil && configuration.medusa == nil)
        #expect(configuration.missingOdoo == ["ODOO_URL", "ODOO_DB_NAME", "ODOO_USERNAME", "ODOO_API_KEY"])
        #expect(configuration.missingMedusa == ["MEDUSA_BACKEND_URL", "MEDUSA_API_KEY"])
        #expect(configuration.port == 8080)
        #expect(configuration.schedule == "0 0 * * *")
        #expect(configuration.fullSchedule == "30 3 * * *")
        #expect(configuration.timeZone == "UTC")
        #expect(configuration.databasePath == "./data/sync.sqlite")
        #expect(configuration.runsRetention == 1000)
        #expect(configuration.problems.isEmpty)
    }

    @Test("DATABASE_URL selects the PostgreSQL store and its password is a secret; DATABASE_SCHEMA names the schema")
    func databaseURL() {
        let configuration = AppConfiguration.load(from: EnvironmentSource([
            "DATABASE_URL": "postgresql://sync:s3cr%2Ft@db.internal:6543/shop?sslmode=verify-full", "DATABASE_SCHEMA": "sync_eu",
        ]))
        #expect(configuration.databaseURL?.host == "db.internal" && configuration.databaseURL?.port == 6543)
        #expect(configuration.databaseURL?.password == "s3cr/t")
        #expect(configuration.databaseSchema == "sync_eu")
        #expect(configuration.secrets.contains("s3cr/t"))
        #expect(configuration.problems.isEmpty && configuration.databaseProblem == nil)
        #expect(AppConfiguration.load(from: EnvironmentSource([:])).databaseSchema == "odoo_medusa_sync")
    }

    @Test("a malformed DATABASE_URL or DATABASE_SCHEMA is a configuration problem that never shows the password",
          arguments: [["DATABASE_URL": "postgres://sync:hunter2@db:notaport/shop"],
                      ["DATABASE_URL": "mysql://sync:hunter2@db/shop"],
                      ["DATABASE_URL": "postgres://sync:hunter2@db/shop", "DATABASE_SCHEMA": "Sync-Schema"]])
    func malformedDatabaseURL(_ environment: [String: String]) async throws {
        let configuration = AppConfiguration.load(from: EnvironmentSource(environment))
        let problem = try #require(configuration.databaseProblem)
        #expect(configuration.problems == [problem])
        #expect(problem.hasPrefix("DATABASE_"))
        #expect(!problem.contains("hunter2"))
        // The store is not opened: not the SQLite file the replicas would not share either.
        await #expect(throws: (any Error).self) {
            _ = try await ServiceBuilder(configuration: configuration).openStore()
        }
    }

    @Test("the old module's ODOO_* names configure Odoo")
    func odooNames() {
        let configuration = AppConfiguration.load(from: EnvironmentSource([
            "ODOO_URL": "https://erp.example.com/", "ODOO_DB_NAME": "prod", "ODOO_USERNAME": "sync@example.com", "ODOO_API_KEY": "k3y",
        ]))
        #expect(configuration.odoo?.url == "https://erp.example.com")
        #expect(configuration.odoo?.database == "prod")
        #expect(configuration.odoo?.apiProtocol == "auto")
        #expect(configuration.missingOdoo.isEmpty)
    }

    @Test("every problem is reported at once", arguments: [
        ("PORT", "eighty", "PORT"), ("ODOO_URL", "erp.example.com", "ODOO_URL"), ("LOG_FORMAT", "xml", "LOG_FORMAT"),
        ("ARCHIVE_MODE", "shred", "ARCHIVE_MODE"), ("RUNS_RETENTION", "-1", "RUNS_RETENTION"),
        ("ODOO_PROTOCOL", "soap", "ODOO_PROTOCOL"), ("MEDUSA_API_KEY", "pk_123", "MEDUSA_API_KEY"),
        ("ODOO_STOCK_LOCATION_IDS", "8,x", "ODOO_STOCK_LOCATION_IDS"), ("ODOO_PRICELISTS", "euro:3", "ODOO_PRICELISTS"),
        ("SYNC_STOCK", "maybe", "SYNC_STOCK"), ("RETRY_MAX_ATTEMPTS", "0", "RETRY_MAX_ATTEMPTS"),
        ("RETRY_MAX_ATTEMPTS", "many", "RETRY_MAX_ATTEMPTS"),
    ])
    func problems(name: String, value: String, mentioned: String) {
        let configuration = AppConfiguration.load(from: EnvironmentSource([name: value]))
        #expect(configuration.problems.contains { $0.contains(mentioned) }, "\(configuration.problems)")
    }

    @Test("RETRY_MAX_ATTEMPTS: default 8, a valid value reaches the engine, an invalid one is named with what it means")
    func retryMaxAttempts() throws {
        let base = ["ODOO_URL": "https://erp.example.com", "ODOO_DB_NAME": "prod", "ODOO_USERNAME": "sync", "ODOO_API_KEY": "k3y",
                    "MEDUSA_BACKEND_URL": "http://localhost:9000", "MEDUSA_API_KEY": "sk_abc"]
        #expect(AppConfiguration.load(from: EnvironmentSource(base)).retryMaxAttempts == 8)
        let three = AppConfiguration.load(from: EnvironmentSource(base.merging(["RETRY_MAX_ATTEMPTS": "3"]) { $1 }))
        #expect(three.problems.isEmpty)
        #expect(try #require(three.syncSettings()).engine.retrySchedule.maxAttempts == 3)
        let invalid = AppConfiguration.load(from: EnvironmentSource(base.merging(["RETRY_MAX_ATTEMPTS": "-2"]) { $1 }))
        #expect(invalid.retryMaxAttempts == 8)
        #expect(invalid.problems == ["RETRY_MAX_ATTEMPTS=-2 must be a whole number from 1 to 1000 (how many times a failed product or category is tried before it stays failed); using 8"])
    }

    @Test("MEDUSA_OWNED_FIELDS: default none; names reach the engine; an unknown name is reported with the valid ones")
    func medusaOwnedFields() throws {
        let base = ["ODOO_URL": "https://erp.example.com", "ODOO_DB_NAME": "prod", "ODOO_USERNAME": "sync", "ODOO_API_KEY": "k3y",
                    "MEDUSA_BACKEND_URL": "http://localhost:9000", "MEDUSA_API_KEY": "sk_abc"]
        #expect(try #require(AppConfiguration.load(from: EnvironmentSource(base)).syncSettings()).engine.medusaOwnedFields.isEmpty)
        let owned = AppConfiguration.load(from: EnvironmentSource(base.merging(["MEDUSA_OWNED_FIELDS": "description, Images,thumbnail,categories"]) { $1 }))
        #expect(owned.problems.isEmpty)
        #expect(try #require(owned.syncSettings()).engine.medusaOwnedFields == [.description, .images, .thumbnail, .categories])
        let unknown = AppConfiguration.load(from: EnvironmentSource(base.merging(["MEDUSA_OWNED_FIELDS": "description,price"]) { $1 }))
        #expect(unknown.medusaOwnedFields == [.description])
        #expect(unknown.problems == ["MEDUSA_OWNED_FIELDS names 'price', not a product field the shop can own; use a comma-separated list of title, description, images, thumbnail, categories, weight"])
    }

    @Test("Medusa accepts a secret key or admin email and password")
    func medusaCredentials() {
        let key = AppConfiguration.load(from: EnvironmentSource(["MEDUSA_BACKEND_URL": "http://localhost:9000", "MEDUSA_API_KEY": "sk_abc"]))
        #expect(key.medusa?.credentials == .secretKey("sk_abc"))
        let login = AppConfiguration.load(from: EnvironmentSource([
            "MEDUSA_BACKEND_URL": "http://localhost:9000", "MEDUSA_ADMIN_EMAIL": "a@b.c", "MEDUSA_ADMIN_PASSWORD": "pw-secret",
        ]))
        #expect(login.medusa?.credentials == .emailPassword(email: "a@b.c", password: "pw-secret"))
        #expect(login.secrets.contains("pw-secret"))
    }

    @Test(".env files: comments, export, quotes; process variables win")
    func dotEnv() {
        let parsed = EnvironmentSource.parseDotEnv("""
            # comment
            export ODOO_URL=https://erp.example.com
            ODOO_DB_NAME="prod db"
            ODOO_USERNAME='sync'
            BROKEN LINE
            """)
        #expect(parsed == ["ODOO_URL": "https://erp.example.com", "ODOO_DB_NAME": "prod db", "ODOO_USERNAME": "sync"])
    }

    @Test("constant-time comparison is still a correct comparison", arguments: [
        ("abc", "abc", true), ("abc", "abd", false), ("abc", "abcd", false), ("", "", true), ("a", "", false),
    ])
    func constantTime(a: String, b: String, equal: Bool) {
        #expect(constantTimeEquals(a, b) == equal)
    }

    @Test("the redactor removes every configured secret from log text")
    func redaction() {
        let redactor = SecretRedactor(secrets: ["sk_live_123456", "odoo-key-abc", "ab"])
        #expect(redactor.redact("key=sk_live_123456 odoo=odoo-key-abc ab") == "key=[redacted] odoo=[redacted] ab")
    }
}

@Suite("Schedules: incremental on SYNC_SCHEDULE, full on SYNC_FULL_SCHEDULE")
struct ScheduleWiringTests {
    func runtime(_ environment: [String: String]) async -> ServiceRuntime {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schedules-\(UUID().uuidString)")
        var settings = environment
        settings["DATABASE_PATH"] = directory.appendingPathComponent("sync.sqlite").path
        return await ServiceBuilder(configuration: TestService.configuration(settings), logger: Logger(label: "test")).build()
    }

    @Test("by default both run: nightly incremental, daily full reconcile at 03:30; /health shows the incremental one")
    func defaults() async {
        let service = await runtime([:])
        #expect(service.schedulers.map(\.schedule.expression) == ["0 0 * * *", "30 3 * * *"])
        #expect(service.health.snapshot.schedule.expression == "0 0 * * *")
        #expect(service.health.snapshot.fullSchedule.expression == "30 3 * * *")
        #expect(service.health.snapshot.fullSchedule.nextRunAt.map { $0 > Date() } == true)
        #expect(service.startupProblems.isEmpty)
    }

    @Test("each can be switched off alone", arguments: [
        (["SYNC_FULL_SCHEDULE": "off"], ["0 0 * * *"]),
        (["SYNC_SCHEDULE": "off"], ["30 3 * * *"]),
        (["SYNC_SCHEDULE": "*/15 * * * *", "SYNC_FULL_SCHEDULE": "@weekly"], ["*/15 * * * *", "@weekly"]),
    ])
    func switchedOff(environment: [String: String], expressions: [String]) async {
        let service = await runtime(environment)
        #expect(service.schedulers.map(\.schedule.expression) == expressions)
        let snapshot = service.health.snapshot
        #expect(snapshot.schedule.enabled == (environment["SYNC_SCHEDULE"] != "off"))
        #expect(snapshot.fullSchedule.enabled == (environment["SYNC_FULL_SCHEDULE"] != "off"))
    }

    @Test("a wrong full schedule is a start-up problem naming SYNC_FULL_SCHEDULE; the incremental one still runs")
    func wrongFullSchedule() async {
        let service = await runtime(["SYNC_FULL_SCHEDULE": "every night"])
        #expect(service.schedulers.map(\.schedule.expression) == ["0 0 * * *"])
        #expect(service.startupProblems.contains { $0.hasPrefix("SYNC_FULL_SCHEDULE:") })
    }
}
