import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1

/// Production transport: one shared AsyncHTTPClient (connection pooling, TLS verification always on).
public final class AsyncHTTPClientTransport: HTTPTransport {
    private let client: HTTPClient
    private let ownsClient: Bool
    /// Largest response body accepted; a larger one is a failure rather than unbounded memory.
    public let maxResponseBytes: Int

    /// Whether a redirect answer is an error (`TransportError.redirected`) rather than a response: true for the API
    /// client, whose HTTP client does not follow redirects.
    let refusesRedirects: Bool

    public convenience init(client: HTTPClient = .shared, maxResponseBytes: Int = 64 << 20) {
        self.init(client: client, maxResponseBytes: maxResponseBytes, refusesRedirects: false)
    }

    init(client: HTTPClient, maxResponseBytes: Int, refusesRedirects: Bool) {
        self.client = client
        self.ownsClient = false
        self.maxResponseBytes = maxResponseBytes
        self.refusesRedirects = refusesRedirects
    }

    public func send(_ request: HTTPRequestData) async throws -> HTTPResponseData {
        var outbound = HTTPClientRequest(url: request.url)
        outbound.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.head.headerFields { outbound.headers.add(name: field.name.rawName, value: field.value) }
        if let body = request.body { outbound.body = .bytes(ByteBuffer(bytes: body)) }
        let timeout = TimeAmount.nanoseconds(Int64(request.timeout.components.seconds) * 1_000_000_000
            + request.timeout.components.attoseconds / 1_000_000_000)
        do {
            let response = try await client.execute(outbound, timeout: timeout)
            if refusesRedirects, [301, 302, 303, 307, 308].contains(response.status.code) {
                // Read the (small) redirect page so the connection goes back to the pool in a clean state.
                _ = try? await response.body.collect(upTo: 64 << 10)
                throw TransportError.redirected(from: request.url, .init(status: Int(response.status.code),
                                                                         location: response.headers.first(name: "location")))
            }
            let buffer = try await response.body.collect(upTo: maxResponseBytes)
            var fields = HTTPFields()
            for (name, value) in response.headers {
                if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
            }
            return HTTPResponseData(status: Int(response.status.code), headerFields: fields, body: Array(buffer.readableBytesView))
        } catch let error as HTTPClientError {
            throw Self.classify(error, url: request.url)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as TransportError {
            throw error
        } catch {
            // e.g. a refused connection or a certificate that does not verify (NIOSSLError): say what it was, not
            // only its type, so a run record reads "certificate verify failed" rather than "NIOSSLError".
            throw TransportError(kind: .connection, target: request.url, detail: Self.describe(error))
        }
    }

    /// The error's type and its own description, on one line and bounded (NIO errors carry no request data).
    static func describe(_ error: any Error) -> String {
        let text = "\(type(of: error)): \(error)".replacingOccurrences(of: "\n", with: " ")
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }

    static func classify(_ error: HTTPClientError, url: String) -> TransportError {
        let invalid: [HTTPClientError] = [.invalidURL, .emptyHost, .emptyScheme]
        let timeouts: [HTTPClientError] = [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout]
        let truncated: [HTTPClientError] = [.remoteConnectionClosed, .bodyLengthMismatch]
        let kind: TransportError.Kind =
            if invalid.contains(error) || error.description.contains("unsupportedScheme") { .invalidURL }
            else if timeouts.contains(error) { .timeout }
            else if truncated.contains(error) { .truncatedBody }
            else { .connection }
        return TransportError(kind: kind, target: url, detail: error.description)
    }
}

extension AsyncHTTPClientTransport {
    /// The transport for the service's calls to Odoo and Medusa. Certificates are always verified (there is no setting
    /// to turn that off). Redirects are not followed but reported as a configuration error naming the new address: a
    /// JSON-RPC body carries Odoo's key, and a redirect must not carry it to another host. A connection that cannot be established fails at once — AsyncHTTPClient's default re-dials
    /// until a 90 s connect timeout, so an unreachable or untrusted server held a run for minutes per request and the
    /// run then reported a timeout instead of the cause; the API clients' `RetryPolicy` retries, bounded, instead.
    public static func forAPICalls() -> AsyncHTTPClientTransport {
        AsyncHTTPClientTransport(client: apiHTTPClient, maxResponseBytes: 64 << 20, refusesRedirects: true)
    }
}

/// One client for the process's lifetime (never shut down, so never deinitialised while in use).
private let apiHTTPClient: HTTPClient = {
    var configuration = HTTPClient.Configuration(
        certificateVerification: .fullVerification,
        redirectConfiguration: .disallow,
        timeout: .init(connect: .seconds(10), read: .seconds(90)),
        proxy: nil,
        ignoreUncleanSSLShutdown: false,
        decompression: .enabled(limit: .ratio(25)))
    configuration.connectionPool.retryConnectionEstablishment = false
    // Up to 24 requests per host in flight (AsyncHTTPClient's default is 8): the sync writes stock levels 24 at a time
    // (`SyncConfiguration.stockConcurrency`), one request per variant; fewer connections would queue them here.
    configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 24
    return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
}()
