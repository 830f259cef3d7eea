import Foundation
import HTTPTransport
import SyncCore

/// Everything the client needs to reach one Medusa backend, readable from the environment.
///
/// Secrets never show up in `description`, `debugDescription` or `dump`, so a configuration can be logged as a whole.
public struct MedusaConfiguration: Sendable, CustomStringConvertible {
    /// How the client proves it is an admin. Medusa 2.0 accepts secret keys only as HTTP Basic, never as Bearer.
    public enum Authentication: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
        CustomReflectable
    {
        /// A secret API key (`sk_…`), sent as `Authorization: Basic base64("sk_…:")`. Recommended for a service.
        case secretKey(String)
        /// An admin user's login: `POST /auth/user/emailpass` gives a JWT sent as `Bearer`, renewed once on a 401.
        case emailPassword(email: String, password: String)

        public var description: String {
            switch self {
            case .secretKey: "secret API key (redacted)"
            case .emailPassword(let email, _): "admin login \(email) (password redacted)"
            }
        }

        public var debugDescription: String { description }
        public var customMirror: Mirror { Mirror(self, children: ["authentication": description]) }
    }

    /// How large one request may be. Medusa's body parser refuses more than 100 kb (102,400 bytes) on ordinary
    /// routes and more than 2 MB (2,097,152 bytes) on `*/batch` routes.
    public struct BatchLimits: Sendable, Equatable {
        /// Most entries (create + update + delete) in one `/admin/products/batch` request.
        public var maxItemsPerBatchRequest: Int
        /// Largest encoded JSON body sent to a `*/batch` route.
        public var maxBatchBodyBytes: Int
        /// Largest encoded JSON body sent to any other route; a larger one is refused before sending.
        public var maxBodyBytes: Int

        public init(maxItemsPerBatchRequest: Int = 100, maxBatchBodyBytes: Int = 2 * 1024 * 1024,
                    maxBodyBytes: Int = 100 * 1024) {
            self.maxItemsPerBatchRequest = max(1, maxItemsPerBatchRequest)
            self.maxBatchBodyBytes = maxBatchBodyBytes
            self.maxBodyBytes = maxBodyBytes
        }
    }

    /// Base URL of the Medusa server, e.g. `https://shop.example.com` (no trailing slash needed).
    public var backendURL: String
    public var authentication: Authentication
    /// Deadline for one HTTP exchange.
    public var timeout: Duration
    public var retryPolicy: RetryPolicy
    public var batchLimits: BatchLimits
    /// Sales channel the sync links products to; `nil` uses the store's default sales channel.
    public var salesChannelId: String?
    /// Stock location the sync sets stock at; `nil` uses the store's default location.
    public var stockLocationId: String?

    public init(backendURL: String, authentication: Authentication, timeout: Duration = .seconds(30),
                retryPolicy: RetryPolicy = RetryPolicy(), batchLimits: BatchLimits = BatchLimits(),
                salesChannelId: String? = nil, stockLocationId: String? = nil) {
        var url = backendURL.trimmingCharacters(in: .whitespaces)
        while url.hasSuffix("/") { url.removeLast() }
        self.backendURL = url
        self.authentication = authentication
        self.timeout = timeout
        self.retryPolicy = retryPolicy
        self.batchLimits = batchLimits
        self.salesChannelId = salesChannelId
        self.stockLocationId = stockLocationId
    }

    public var description: String {
        "Medusa \(backendURL) (\(authentication), timeout \(timeout), sales channel \(salesChannelId ?? "store default"), "
            + "stock location \(stockLocationId ?? "store default"))"
    }

    /// Environment variables read by `fromEnvironment`.
    public enum EnvironmentKey {
        public static let backendURL = "MEDUSA_BACKEND_URL"
        public static let apiKey = "MEDUSA_API_KEY"
        public static let adminEmail = "MEDUSA_ADMIN_EMAIL"
        public static let adminPassword = "MEDUSA_ADMIN_PASSWORD"
        public static let salesChannelId = "MEDUSA_SALES_CHANNEL_ID"
        public static let stockLocationId = "MEDUSA_STOCK_LOCATION_ID"
        public static let timeoutSeconds = "MEDUSA_TIMEOUT_SECONDS"
    }

    /// Reads `MEDUSA_BACKEND_URL` and either `MEDUSA_API_KEY` or `MEDUSA_ADMIN_EMAIL` + `MEDUSA_ADMIN_PASSWORD`
    /// (the key wins when both are set), plus the optional `MEDUSA_SALES_CHANNEL_ID`, `MEDUSA_STOCK_LOCATION_ID` and
    /// `MEDUSA_TIMEOUT_SECONDS`. Empty values count as unset.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(MedusaConfigurationError) -> MedusaConfiguration {
        func value(_ key: String) -> String? {
            guard let raw = environment[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else {
                return nil
            }
            return raw
        }
        guard let backendURL = value(EnvironmentKey.backendURL) else {
            throw MedusaConfigurationError("\(EnvironmentKey.backendURL) is not set (the Medusa server's base URL)")
        }
        guard let components = URLComponents(string: backendURL), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), components.host?.isEmpty == false
        else {
            throw MedusaConfigurationError("\(EnvironmentKey.backendURL) must be an http(s) URL with a host")
        }
        let authentication: Authentication
        if let key = value(EnvironmentKey.apiKey) {
            guard key.hasPrefix("sk_") else {
                throw MedusaConfigurationError(
                    "\(EnvironmentKey.apiKey) must be a secret API key (it starts with sk_); publishable keys cannot call /admin")
            }
            authentication = .secretKey(key)
        } else if let email = value(EnvironmentKey.adminEmail), let password = environment[EnvironmentKey.adminPassword],
                  !password.isEmpty {
            authentication = .emailPassword(email: email, password: password)
        } else {
            throw MedusaConfigurationError(
                "set \(EnvironmentKey.apiKey) (a secret API key) or \(EnvironmentKey.adminEmail) and \(EnvironmentKey.adminPassword)")
        }
        var timeout = Duration.seconds(30)
        if let text = value(EnvironmentKey.timeoutSeconds) {
            guard let seconds = Double(text), seconds > 0 else {
                throw MedusaConfigurationError("\(EnvironmentKey.timeoutSeconds) must be a positive number of seconds")
            }
            timeout = .milliseconds(Int64(seconds * 1000))
        }
        return MedusaConfiguration(
            backendURL: backendURL, authentication: authentication, timeout: timeout,
            salesChannelId: value(EnvironmentKey.salesChannelId), stockLocationId: value(EnvironmentKey.stockLocationId))
    }
}

/// A Medusa setting is missing or malformed; nothing can be synced until it is fixed.
public struct MedusaConfigurationError: ClassifiedError, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var failureClass: FailureClass { .configuration }
    public var system: String { "medusa" }
    public var description: String { "Medusa configuration: \(message)" }
}
