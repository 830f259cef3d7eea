import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Production transport: one shared AsyncHTTPClient (connection pooling, TLS verification always on).
public final class AsyncHTTPClientTransport: HTTPTransport {
    private let client: HTTPClient
    private let ownsClient: Bool
    /// Largest response body accepted; a larger one is a failure rather than unbounded memory.
    public let maxResponseBytes: Int

    public init(client: HTTPClient = .shared, maxResponseBytes: Int = 64 << 20) {
        self.client = client
        self.ownsClient = false
        self.maxResponseBytes = maxResponseBytes
    }

    public func send(_ request: HTTPRequestData) async throws -> HTTPResponseData {
        var outbound = HTTPClientRequest(url: request.url)
        outbound.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outbound.headers.add(name: header.name, value: header.value) }
        if let body = request.body { outbound.body = .bytes(ByteBuffer(bytes: body)) }
        let timeout = TimeAmount.nanoseconds(Int64(request.timeout.components.seconds) * 1_000_000_000
            + request.timeout.components.attoseconds / 1_000_000_000)
        do {
            let response = try await client.execute(outbound, timeout: timeout)
            let buffer = try await response.body.collect(upTo: maxResponseBytes)
            return HTTPResponseData(
                status: Int(response.status.code),
                headers: response.headers.map { (name: $0.name, value: $0.value) },
                body: Array(buffer.readableBytesView)
            )
        } catch let error as HTTPClientError {
            throw Self.classify(error, url: request.url)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as TransportError {
            throw error
        } catch {
            throw TransportError(kind: .connection, target: request.url, detail: String(describing: type(of: error)))
        }
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
