import Foundation
import HTTPTransport
import HTTPTypes

/// How a simulated Odoo delivers its automation webhooks: one POST like Odoo's `requests.post(url, json=…, timeout=1)`;
/// a non-2xx answer or no answer within a second is a failure (Odoo logs it and never retries). Over our
/// `HTTPTransport` (AsyncHTTPClient), not URLSession: FoundationNetworking would link libcurl into the static binary.
public struct OdooWebhookPoster: Sendable {
    let transport: any HTTPTransport

    public init(transport: any HTTPTransport = AsyncHTTPClientTransport()) { self.transport = transport }

    public func post(url: String, body: [UInt8]) async throws {
        let headers: HTTPFields = [.contentType: "application/json", .userAgent: "python-requests/2.31.0"]
        let response = try await transport.send(HTTPRequestData(method: .post, url: url, headerFields: headers, body: body,
                                                                timeout: .seconds(1)))
        guard (200..<300).contains(response.status) else {
            throw OdooWebhookFailure(description: "webhook \(url) answered \(response.status)")
        }
    }
}

public struct OdooWebhookFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
}
