import Foundation

/// `DATABASE_URL` taken apart: `postgres://user:password@host:port/database?sslmode=…`, as libpq reads it. Pure, so
/// the configuration can check it at start-up and a table test can cover it; its `description` never shows the password.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// libpq's `sslmode` values. The store applies them more strictly than libpq where libpq would skip a check:
    /// every TLS connection verifies the chain and the host name (`PostgresRunStore.tls(for:)`); `prefer` (the
    /// default) and `allow` use TLS when the server offers it and plain text otherwise.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode
    /// Other libpq parameters the URL carried (`channel_binding`, `connect_timeout`, `application_name`…, as hosted
    /// providers add them): not used, and named in a start-up warning. Ignoring one never weakens the connection:
    /// `sslmode` is the one that decides encryption and is honoured, and certificate options not honoured make
    /// verification stricter (the system's roots), not looser.
    public var ignoredParameters: [String] = []

    public init(user: String, password: String?, host: String, port: Int = 5432, database: String, sslMode: SSLMode = .prefer) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.sslMode = sslMode
    }

    /// Why a `DATABASE_URL` cannot be used. The messages quote the parts that are wrong, never the password.
    public enum ParseError: Error, Hashable, CustomStringConvertible {
        case notAURL
        case scheme(String)
        case missingHost
        case missingUser
        case missingDatabase
        case port(String)
        case encoding(String)
        case sslMode(String)

        public var description: String {
            switch self {
            case .notAURL: "DATABASE_URL is not a URL: use postgres://user:password@host:5432/database"
            case .scheme(let scheme): "DATABASE_URL scheme '\(scheme)' is not postgres:// or postgresql://"
            case .missingHost: "DATABASE_URL names no host: use postgres://user:password@host:5432/database"
            case .missingUser: "DATABASE_URL names no user: use postgres://user:password@host:5432/database"
            case .missingDatabase: "DATABASE_URL names no database: use postgres://user:password@host:5432/database"
            case .port(let port): "DATABASE_URL port '\(port)' is not a number from 1 to 65535"
            case .encoding(let part): "DATABASE_URL \(part) has an invalid percent-encoding"
            case .sslMode(let mode):
                "DATABASE_URL sslmode '\(mode)' must be one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))"
            }
        }
    }

    /// Parses by hand rather than with `URLComponents`, whose errors would echo the whole string, password included.
    public init(parsing text: String) throws(ParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let schemeEnd = trimmed.range(of: "://") else { throw .notAURL }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else { throw .scheme(scheme) }
        var rest = Substring(trimmed[schemeEnd.upperBound...])

        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }

        var authority = rest
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        }

        // The user information ends at the last '@': a password may hold an unencoded '@'.
        var userInfo: Substring = ""
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
        }
        var userPart = userInfo
        var passwordPart: Substring?
        if let colon = userInfo.firstIndex(of: ":") {
            userPart = userInfo[..<colon]
            passwordPart = userInfo[userInfo.index(after: colon)...]
        }
        guard let user = userPart.removingPercentEncoding else { throw .encoding("user") }
        guard !user.isEmpty else { throw .missingUser }
        var password: String?
        if let passwordPart {
            guard let decoded = passwordPart.removingPercentEncoding else { throw .encoding("password") }
            password = decoded
        }

        var hostText = hostPort
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            // An IPv6 literal: [::1]:5432.
            guard let close = hostPort.firstIndex(of: "]") else { throw .missingHost }
            hostText = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { throw .missingHost }
        } else if let colon = hostPort.lastIndex(of: ":") {
            hostText = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
        }
        guard let host = hostText.removingPercentEncoding else { throw .encoding("host") }
        guard !host.isEmpty else { throw .missingHost }
        var port = 5432
        if let portText {
            guard let parsed = Int(portText), (1...65535).contains(parsed) else { throw .port(String(portText)) }
            port = parsed
        }

        guard let database = path.removingPercentEncoding else { throw .encoding("database") }
        guard !database.isEmpty, !database.contains("/") else { throw .missingDatabase }

        var sslMode = SSLMode.prefer
        var ignored: [String] = []
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            guard name == "sslmode" else {
                ignored.append(name)
                continue
            }
            guard let mode = SSLMode(rawValue: value) else { throw .sslMode(value) }
            sslMode = mode
        }
        self.init(user: user, password: password, host: host, port: port, database: database, sslMode: sslMode)
        ignoredParameters = ignored
    }

    /// Where the store is, for logs and `/health`: `host:port/database`, no credentials.
    public var location: String { "\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)" }

    public var description: String { "postgres://\(user)@\(location)?sslmode=\(sslMode.rawValue)" }
}
