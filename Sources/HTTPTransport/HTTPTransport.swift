import Foundation
import HTTPTypes
import SyncCore

/// One outbound HTTP exchange: its head as swift-http-types models it (typed method, header fields), the body and a
/// deadline — plain values, so recordings can be replayed and simulators driven without a network.
public struct HTTPRequestData: Sendable {
    public var head: HTTPRequest
    public var body: [UInt8]?
    /// Deadline for the whole exchange (connect, send, receive).
    public var timeout: Duration

    public init(_ head: HTTPRequest, body: [UInt8]? = nil, timeout: Duration = .seconds(30)) {
        self.head = head
        self.body = body
        self.timeout = timeout
    }

    /// A request to an absolute URL. A string that is not one is kept as the request target and fails when sent
    /// (`TransportError.invalidURL`), as a misconfigured base URL should. (Parsed here rather than through
    /// HTTPTypesFoundation, which would link FoundationNetworking — and libcurl — into the static binary.)
    public init(method: HTTPRequest.Method, url: String, headerFields: HTTPFields = [:], body: [UInt8]? = nil,
                timeout: Duration = .seconds(30)) {
        var head = HTTPRequest(method: method, scheme: nil, authority: nil, path: url, headerFields: headerFields)
        if let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host, !host.isEmpty {
            let hostText = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
            head.scheme = scheme
            head.authority = components.port.map { "\(hostText):\($0)" } ?? hostText
            let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
            head.path = components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
        }
        self.init(head, body: body, timeout: timeout)
    }

    public var method: HTTPRequest.Method { head.method }
    /// The absolute URL (as given when it was not one).
    public var url: String {
        guard let scheme = head.scheme, let authority = head.authority else { return head.path ?? "" }
        return "\(scheme)://\(authority)\(head.path ?? "/")"
    }

    public func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { head.headerFields[$0] } }
}

public struct HTTPResponseData: Sendable {
    public var head: HTTPResponse
    public var body: [UInt8]

    public init(_ head: HTTPResponse, body: [UInt8] = []) {
        self.head = head
        self.body = body
    }

    public init(status: Int, headerFields: HTTPFields = [:], body: [UInt8] = []) {
        self.init(HTTPResponse(status: .init(code: status), headerFields: headerFields), body: body)
    }

    public var status: Int { head.status.code }

    public func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { head.headerFields[$0] } }

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
