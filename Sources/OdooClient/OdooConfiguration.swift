import Foundation
import HTTPTransport
import SyncCore

/// Where and how to reach one Odoo database. Printing it never shows the API key.
public struct OdooConfiguration: Sendable {
    /// Which wire protocol to speak. `auto` picks JSON-2 when `GET /json/version` answers (Odoo 19+), JSON-RPC otherwise.
    public enum APIProtocolChoice: String, Sendable, CaseIterable {
        case auto, json2, jsonrpc
    }

    /// Base URL of the Odoo server, e.g. `https://erp.example.com` (a trailing slash is ignored).
    public var url: String
    public var database: String
    /// Login of the dedicated sync user (JSON-RPC authenticates with it; JSON-2 only needs the key).
    public var username: String
    public var apiKey: String
    public var apiProtocol: APIProtocolChoice
    /// Records per page for paged reads (`search_read` limit).
    public var pageSize: Int
    /// Deadline of every single HTTP exchange.
    public var timeout: Duration
    public var retryPolicy: RetryPolicy
    /// Most ids sent in one `in` domain; longer id lists are split into several calls.
    public var idsPerCall: Int
    /// Records per call when reading images, which are large (base64 of up to 1920×1920 pixels).
    public var imagesPerCall: Int

    public init(
        url: String, database: String, username: String, apiKey: String, apiProtocol: APIProtocolChoice = .auto,
        pageSize: Int = 500, timeout: Duration = .seconds(30), retryPolicy: RetryPolicy = RetryPolicy(),
        idsPerCall: Int = 500, imagesPerCall: Int = 20
    ) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.database = database
        self.username = username
        self.apiKey = apiKey
        self.apiProtocol = apiProtocol
        self.pageSize = max(1, pageSize)
        self.timeout = timeout
        self.retryPolicy = retryPolicy
        self.idsPerCall = max(1, idsPerCall)
        self.imagesPerCall = max(1, imagesPerCall)
    }

    /// Names of the environment variables read by `init(environment:)`.
    public enum EnvironmentKey {
        public static let url = "ODOO_URL"
        public static let database = "ODOO_DB_NAME"
        public static let username = "ODOO_USERNAME"
        public static let apiKey = "ODOO_API_KEY"
        public static let apiProtocol = "ODOO_PROTOCOL"
        public static let pageSize = "ODOO_PAGE_SIZE"
        public static let timeoutSeconds = "ODOO_TIMEOUT_SECONDS"
    }

    /// Reads `ODOO_URL`, `ODOO_DB_NAME`, `ODOO_USERNAME`, `ODOO_API_KEY`, and optionally `ODOO_PROTOCOL`
    /// (`auto`|`json2`|`jsonrpc`), `ODOO_PAGE_SIZE`, `ODOO_TIMEOUT_SECONDS`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(OdooConfigurationError) {
        func required(_ key: String) throws(OdooConfigurationError) -> String {
            guard let value = environment[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                throw OdooConfigurationError(variable: key, problem: "is not set")
            }
            return value
        }
        let url = try required(EnvironmentKey.url)
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), components.host?.isEmpty == false else {
            throw OdooConfigurationError(variable: EnvironmentKey.url, problem: "is not an http(s) URL")
        }
        let database = try required(EnvironmentKey.database)
        let username = try required(EnvironmentKey.username)
        let apiKey = try required(EnvironmentKey.apiKey)
        var choice = APIProtocolChoice.auto
        if let raw = environment[EnvironmentKey.apiProtocol], !raw.isEmpty {
            guard let parsed = APIProtocolChoice(rawValue: raw.lowercased()) else {
                throw OdooConfigurationError(variable: EnvironmentKey.apiProtocol, problem: "must be auto, json2 or jsonrpc")
            }
            choice = parsed
        }
        var pageSize = 500
        if let raw = environment[EnvironmentKey.pageSize], !raw.isEmpty {
            guard let parsed = Int(raw), (1...10_000).contains(parsed) else {
                throw OdooConfigurationError(variable: EnvironmentKey.pageSize, problem: "must be a whole number from 1 to 10000")
            }
            pageSize = parsed
        }
        var timeout = Duration.seconds(30)
        if let raw = environment[EnvironmentKey.timeoutSeconds], !raw.isEmpty {
            guard let seconds = Double(raw), seconds > 0, seconds <= 3600 else {
                throw OdooConfigurationError(variable: EnvironmentKey.timeoutSeconds, problem: "must be seconds between 0 and 3600")
            }
            timeout = .milliseconds(Int64(seconds * 1000))
        }
        self.init(url: url, database: database, username: username, apiKey: apiKey, apiProtocol: choice,
                  pageSize: pageSize, timeout: timeout)
    }
}

extension OdooConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "OdooConfiguration(url: \(TransportError.redact(url)), database: \(database), username: \(username), "
            + "apiKey: <redacted>, protocol: \(apiProtocol.rawValue), pageSize: \(pageSize), timeout: \(timeout))"
    }

    public var debugDescription: String { description }

    /// Keeps `dump()` and debuggers from showing the key.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "url": TransportError.redact(url), "database": database, "username": username, "apiKey": "<redacted>",
            "apiProtocol": apiProtocol, "pageSize": pageSize, "timeout": timeout,
        ])
    }
}

/// A missing or invalid `ODOO_*` setting. Names the variable, never its value.
public struct OdooConfigurationError: ClassifiedError, Equatable {
    public var variable: String
    public var problem: String

    public init(variable: String, problem: String) {
        self.variable = variable
        self.problem = problem
    }

    public var failureClass: FailureClass { .configuration }
    public var system: String { "odoo" }
    public var description: String { "\(variable) \(problem)" }
}
