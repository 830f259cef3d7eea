import Foundation
import SyncCore

/// One outbound HTTP exchange, in plain values, so recordings can be replayed and simulators driven without a network.
public struct HTTPRequestData: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// Deadline for the whole exchange (connect, send, receive).
    public var timeout: Duration

    public init(
        method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        timeout: Duration = .seconds(30)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

public struct HTTPResponseData: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// The seam between API clients and the network. Production uses `AsyncHTTPClientTransport`; tests use replayed
/// recordings or in-process simulators.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequestData) async throws -> HTTPResponseData
}

/// Failures below HTTP: nothing (or nothing complete) came back. Always retryable except a URL that cannot be parsed.
public struct TransportError: ClassifiedError {
    public enum Kind: String, Sendable {
        case invalidURL = "invalid_url"
        case timeout
        case connection
        case truncatedBody = "truncated_body"
        /// The server answered with a redirect, which the API transport does not follow (a JSON-RPC body carries
        /// Odoo's key, and would be sent on to wherever the redirect points).
        case redirected
    }

    public var kind: Kind
    /// Scheme, host and path only — never a query string, which may carry a token.
    public var target: String
    public var detail: String
    public var system: String
    /// For `redirected`: the status and where it pointed, so a caller can tell a login page from a moved server
    /// without following it.
    public var redirect: Redirect?

    /// A redirect answer that was not followed. `location` is the `Location` header without query or credentials.
    public struct Redirect: Sendable, Equatable {
        public var status: Int
        public var location: String?

        public init(status: Int, location: String?) {
            self.status = status
            self.location = location.map(TransportError.redact)
        }
    }

    public init(kind: Kind, target: String, detail: String, system: String = "http", redirect: Redirect? = nil) {
        self.kind = kind
        self.target = TransportError.redact(target)
        self.detail = detail
        self.system = system
        self.redirect = redirect
    }

    /// A redirect the transport refused to follow.
    public static func redirected(from url: String, _ redirect: Redirect) -> TransportError {
        TransportError(kind: .redirected, target: url, detail: "\(redirect.status) to \(redirect.location ?? "no Location")",
                       redirect: redirect)
    }

    public var failureClass: FailureClass {
        switch kind {
        case .invalidURL, .redirected: .configuration
        case .timeout, .connection, .truncatedBody: .retryable
        }
    }

    public var description: String {
        switch kind {
        case .invalidURL: "invalid URL \(target): \(detail)"
        case .timeout: "timed out calling \(target): \(detail)"
        case .connection: "could not reach \(target): \(detail)"
        case .truncatedBody: "incomplete response from \(target): \(detail)"
        case .redirected: "\(target) redirects (\(detail)); redirects are not followed: set the URL to the final address"
        }
    }

    /// Drops query and user-info from a URL so tokens never reach an error message.
    public static func redact(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "<unparseable URL>" }
        components.query = nil
        components.fragment = nil
        components.user = nil
        components.password = nil
        return components.string ?? "<unparseable URL>"
    }
}
