import Foundation
import PostgresRunStore
import SyncCore

/// Everything the service reads from its environment, validated at once so a user sees every problem in one start,
/// never a crash loop. Odoo and Medusa may be unconfigured: the service still serves health and history.
public struct AppConfiguration: Sendable {
    public struct Odoo: Sendable, Equatable {
        public var url: String
        public var database: String
        public var username: String
        public var apiKey: String
        /// auto | json2 | jsonrpc
        public var apiProtocol: String
        public var pageSize: Int
    }

    public struct Medusa: Sendable, Equatable {
        public enum Credentials: Sendable, Equatable {
            case secretKey(String)
            case emailPassword(email: String, password: String)
        }

        public var backendURL: String
        public var credentials: Credentials
        public var salesChannelId: String?
        public var stockLocationId: String?
        /// `MEDUSA_ADMIN_URL`: where the admin dashboard is (default: the backend's `/app`), for links to records.
        public var adminURL: String = ""
    }

    public enum LogFormat: String, Sendable { case json, text }
    public enum ArchiveMode: String, Sendable { case draft, delete }

    public var odoo: Odoo?
    public var medusa: Medusa?
    /// Variables the Odoo / Medusa integrations still need (empty when configured).
    public var missingOdoo: [String]
    public var missingMedusa: [String]
    public var syncAPIToken: String?
    public var webhookToken: String?
    /// `MEDUSA_WEBHOOK_SECRET`: the key of the Medusa subscriber's signatures (`POST /webhooks/medusa`).
    public var medusaWebhookSecret: String?
    /// The raw `SYNC_SCHEDULE` value ("off" disables): incremental runs.
    public var schedule: String
    /// The raw `SYNC_FULL_SCHEDULE` value ("off" disables): full runs, the periodic reconcile that catches what change
    /// streams cannot see (deleted pricelist rules, quants Odoo deleted, products edited by hand in Medusa).
    public var fullSchedule: String
    public var timeZone: String
    public var databasePath: String
    /// `DATABASE_URL`: the PostgreSQL store several replicas share; when set it wins over `DATABASE_PATH`.
    public var databaseURL: PostgresURL?
    /// `DATABASE_SCHEMA`: the schema of ours in that database (default `odoo_medusa_sync`).
    public var databaseSchema = PostgresRunStore.defaultSchema
    /// Why the configured database cannot be used (a malformed `DATABASE_URL` or `DATABASE_SCHEMA`): the store is not
    /// opened — falling back to the SQLite file would split the replicas' history — and the service says so.
    public var databaseProblem: String?
    public var host: String
    public var port: Int
    public var logLevel: String
    public var logFormat: LogFormat
    public var corsAllowedOrigins: [String]
    public var runsRetention: Int
    public var webhookDebounce: Duration
    public var archiveMode: ArchiveMode
    public var syncStock: Bool
    public var syncImages: Bool
    public var odooLocationIds: [Int]?
    /// `{"eur": 3}` style mapping from `ODOO_PRICELISTS` ("eur=3,gbp=4").
    public var pricelistByCurrency: [String: Int]
    public var publicDirectory: String
    /// The contract served at `/openapi.yaml` (shipped next to `Public/`).
    public var openAPIPath: String
    /// Problems that make a value unusable. The service starts anyway where it can and reports them.
    public var problems: [String]
    /// `RETRY_MAX_ATTEMPTS`: failed attempts of an item before it stays failed (listed in `/health`, retried by hand).
    public var retryMaxAttempts = RetrySchedule.defaultMaxAttempts
    /// `MEDUSA_OWNED_FIELDS`: product fields the shop edits, written at creation only.
    public var medusaOwnedFields: Set<MedusaOwnedField> = []
    /// The orders direction (`SYNC_ORDERS`, `ORDERS_*`).
    public var orders = OrdersSettings()

    /// Every secret value configured, so logs and records can be scanned and redacted.
    public var secrets: [String] {
        var values = [syncAPIToken, webhookToken, medusaWebhookSecret, odoo?.apiKey, databaseURL?.password].compactMap { $0 }
        switch medusa?.credentials {
        case .secretKey(let key): values.append(key)
        case .emailPassword(_, let password): values.append(password)
        case nil: break
        }
        return values.filter { $0.count >= 4 }
    }

    public static func load(from env: EnvironmentSource) -> AppConfiguration {
        var problems: [String] = []

        func integer(_ name: String, default value: Int, range: ClosedRange<Int>) -> Int {
            guard let raw = env[name] else { return value }
            guard let parsed = Int(raw), range.contains(parsed) else {
                problems.append("\(name)=\(raw) is not a whole number in \(range.lowerBound)...\(range.upperBound); using \(value)")
                return value
            }
            return parsed
        }
        func boolean(_ name: String, default value: Bool) -> Bool {
            guard let raw = env[name]?.lowercased() else { return value }
            switch raw {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default:
                problems.append("\(name)=\(raw) is not true/false; using \(value)")
                return value
            }
        }
        func url(_ name: String) -> String? {
            guard let raw = env[name] else { return nil }
            guard let parsed = URL(string: raw), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
                  parsed.host != nil
            else {
                problems.append("\(name)=\(raw) is not an http(s) URL like https://erp.example.com")
                return nil
            }
            return raw.hasSuffix("/") ? String(raw.dropLast()) : raw
        }

        // Odoo: the variable names the old TypeScript module used.
        let odooURL = url("ODOO_URL")
        var missingOdoo = ["ODOO_URL", "ODOO_DB_NAME", "ODOO_USERNAME", "ODOO_API_KEY"].filter { env[$0] == nil }
        if env["ODOO_URL"] != nil, odooURL == nil { missingOdoo.append("ODOO_URL (invalid)") }
        let odooProtocol = env["ODOO_PROTOCOL"]?.lowercased() ?? "auto"
        if !["auto", "json2", "jsonrpc"].contains(odooProtocol) {
            problems.append("ODOO_PROTOCOL=\(odooProtocol) must be auto, json2 or jsonrpc; using auto")
        }
        let odoo = missingOdoo.isEmpty
            ? Odoo(url: odooURL!, database: env["ODOO_DB_NAME"]!, username: env["ODOO_USERNAME"]!, apiKey: env["ODOO_API_KEY"]!,
                   apiProtocol: ["auto", "json2", "jsonrpc"].contains(odooProtocol) ? odooProtocol : "auto",
                   pageSize: integer("ODOO_PAGE_SIZE", default: 500, range: 1...5000))
            : nil

        // Medusa: a secret API key, or admin email + password.
        let medusaURL = url("MEDUSA_BACKEND_URL")
        var missingMedusa: [String] = []
        if env["MEDUSA_BACKEND_URL"] == nil { missingMedusa.append("MEDUSA_BACKEND_URL") }
        else if medusaURL == nil { missingMedusa.append("MEDUSA_BACKEND_URL (invalid)") }
        var credentials: Medusa.Credentials?
        if let key = env["MEDUSA_API_KEY"] {
            credentials = .secretKey(key)
            if !key.hasPrefix("sk_") {
                problems.append("MEDUSA_API_KEY does not start with sk_: Medusa's Admin API needs a secret API key (Settings → Developer → Secret API Keys), not a publishable pk_ key")
            }
        } else if let email = env["MEDUSA_ADMIN_EMAIL"], let password = env["MEDUSA_ADMIN_PASSWORD"] {
            credentials = .emailPassword(email: email, password: password)
        } else {
            missingMedusa.append("MEDUSA_API_KEY")
        }
        let adminURL = url("MEDUSA_ADMIN_URL")
        let medusa = (missingMedusa.isEmpty && credentials != nil)
            ? Medusa(backendURL: medusaURL!, credentials: credentials!, salesChannelId: env["MEDUSA_SALES_CHANNEL_ID"],
                     stockLocationId: env["MEDUSA_STOCK_LOCATION_ID"], adminURL: adminURL ?? medusaURL! + "/app")
            : nil

        let logFormatRaw = env["LOG_FORMAT"]?.lowercased()
        let logFormat: LogFormat
        if let logFormatRaw {
            if let parsed = LogFormat(rawValue: logFormatRaw) { logFormat = parsed } else {
                problems.append("LOG_FORMAT=\(logFormatRaw) must be json or text; using json")
                logFormat = .json
            }
        } else {
            logFormat = isatty(STDERR_FILENO) == 1 ? .text : .json
        }
        let logLevel = env["LOG_LEVEL"]?.lowercased() ?? "info"
        if !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) {
            problems.append("LOG_LEVEL=\(logLevel) must be one of trace, debug, info, notice, warning, error, critical")
        }
        let archiveModeRaw = env["ARCHIVE_MODE"]?.lowercased() ?? "draft"
        let archiveMode = ArchiveMode(rawValue: archiveModeRaw) ?? {
            problems.append("ARCHIVE_MODE=\(archiveModeRaw) must be draft or delete; using draft")
            return .draft
        }()

        var odooLocationIds: [Int]?
        if let raw = env["ODOO_STOCK_LOCATION_IDS"] {
            let parsed = raw.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            if parsed.contains(where: { $0 == nil }) || parsed.isEmpty {
                problems.append("ODOO_STOCK_LOCATION_IDS=\(raw) must be a comma-separated list of stock.location ids")
            } else {
                odooLocationIds = parsed.compactMap { $0 }
            }
        }
        var pricelists: [String: Int] = [:]
        if let raw = env["ODOO_PRICELISTS"] {
            for entry in raw.split(separator: ",") {
                let parts = entry.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, parts[0].count == 3, let id = Int(parts[1]) {
                    pricelists[parts[0].lowercased()] = id
                } else {
                    problems.append("ODOO_PRICELISTS entry '\(entry)' must look like eur=3")
                }
            }
        }

        var retryMaxAttempts = RetrySchedule.defaultMaxAttempts
        if let raw = env["RETRY_MAX_ATTEMPTS"] {
            if let parsed = Int(raw.trimmingCharacters(in: .whitespaces)), (1...1000).contains(parsed) {
                retryMaxAttempts = parsed
            } else {
                problems.append("RETRY_MAX_ATTEMPTS=\(raw) must be a whole number from 1 to 1000 (how many times a failed product or category is tried before it stays failed); using \(retryMaxAttempts)")
            }
        }

        var medusaOwnedFields: Set<MedusaOwnedField> = []
        if let raw = env["MEDUSA_OWNED_FIELDS"] {
            let parsed = MedusaOwnedField.parse(raw)
            medusaOwnedFields = parsed.fields
            if !parsed.unknown.isEmpty {
                let known = MedusaOwnedField.allCases.map(\.rawValue).joined(separator: ", ")
                problems.append("MEDUSA_OWNED_FIELDS names \(parsed.unknown.map { "'\($0)'" }.joined(separator: ", ")), not a product field the shop can own; use a comma-separated list of \(known)")
            }
        }

        let orders = OrdersSettings.load(from: env, problems: &problems)
        var configuration = AppConfiguration(
            odoo: odoo, medusa: medusa, missingOdoo: missingOdoo, missingMedusa: missingMedusa,
            syncAPIToken: env["SYNC_API_TOKEN"], webhookToken: env["ODOO_WEBHOOK_TOKEN"],
            schedule: env["SYNC_SCHEDULE"] ?? "0 0 * * *", fullSchedule: env["SYNC_FULL_SCHEDULE"] ?? "30 3 * * *",
            timeZone: env["SYNC_TIMEZONE"] ?? "UTC",
            databasePath: env["DATABASE_PATH"] ?? "./data/sync.sqlite",
            host: env["HOST"] ?? "0.0.0.0", port: integer("PORT", default: 8080, range: 0...65535),
            logLevel: logLevel, logFormat: logFormat,
            corsAllowedOrigins: (env["CORS_ALLOWED_ORIGINS"] ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                .map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 },
            runsRetention: integer("RUNS_RETENTION", default: 1000, range: 1...1_000_000),
            webhookDebounce: .milliseconds(integer("WEBHOOK_DEBOUNCE_MS", default: 2000, range: 0...600_000)),
            archiveMode: archiveMode,
            syncStock: boolean("SYNC_STOCK", default: true),
            syncImages: boolean("SYNC_IMAGES", default: true),
            odooLocationIds: odooLocationIds,
            pricelistByCurrency: pricelists,
            publicDirectory: env["PUBLIC_DIR"] ?? "Public",
            openAPIPath: env["OPENAPI_PATH"] ?? "openapi.yaml",
            problems: problems
        )
        configuration.retryMaxAttempts = retryMaxAttempts
        configuration.medusaOwnedFields = medusaOwnedFields
        configuration.orders = orders
        configuration.medusaWebhookSecret = env["MEDUSA_WEBHOOK_SECRET"]
        if let raw = env["DATABASE_URL"], !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            do {
                configuration.databaseURL = try PostgresURL(parsing: raw)
            } catch {
                configuration.databaseProblem = error.description
            }
        }
        if let schema = env["DATABASE_SCHEMA"]?.trimmingCharacters(in: .whitespaces), !schema.isEmpty {
            configuration.databaseSchema = schema
            if !PostgresRunStore.isPlainIdentifier(schema) {
                configuration.databaseProblem = configuration.databaseProblem ?? "DATABASE_SCHEMA=\(schema) must be a lower-case identifier (letters a-z, digits and _, at most 63 characters, not starting with a digit)"
            }
        }
        if let problem = configuration.databaseProblem {
            problems.append(problem)
            configuration.problems = problems
        }
        if let secret = configuration.medusaWebhookSecret, secret.count < 16 {
            problems.append("MEDUSA_WEBHOOK_SECRET is shorter than 16 characters: use a long random value (e.g. openssl rand -hex 32)")
            configuration.problems = problems
        }
        return configuration
    }
}
