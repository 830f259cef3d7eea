import CryptoDigest
import ExactJSON
import Foundation
import HTTPTransport
import HTTPTypes
import MedusaSimulator

/// What the shop's subscriber file (docs/medusa.md §8) does, for the simulated Medusa: each event is POSTed to a URL as
/// `{"event", "id", "data"}` with `X-Medusa-Timestamp` and `X-Medusa-Signature` = HMAC-SHA256 of
/// `"<timestamp>.<body>"`. Like the real subscriber it never retries, and a failure is only counted: the service's poll
/// catches up. The URL is asked per event because the service's port may be known only once it listens.
public actor SignedEventForwarder {
    private let target: @Sendable () async -> String?
    private let secret: String
    private let transport: any HTTPTransport
    /// Status per delivered event (0: not delivered), for tests and logs.
    public private(set) var answers: [Int] = []

    public init(secret: String, transport: any HTTPTransport, target: @escaping @Sendable () async -> String?) {
        self.secret = secret; self.transport = transport; self.target = target
    }

    /// The closure for `MedusaSimulatorConfiguration.eventSubscriber`.
    public nonisolated var subscriber: MedusaEventSubscriber {
        { [self] event in await self.forward(event) }
    }

    public func forward(_ event: MedusaSimulatedEvent) async {
        guard let url = await target() else { return }
        let payload: JSONValue = .object(["event": .string(event.name), "id": .string(event.id), "data": .object(event.data)])
        var writer = JSONWriter()
        writer.append(payload)
        let body = writer.bytes
        let timestamp = String(Int(Date().timeIntervalSince1970))
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[HTTPField.Name("X-Medusa-Timestamp")!] = timestamp
        headers[HTTPField.Name("X-Medusa-Signature")!] = WebhookSignature.sign(secret: secret, timestamp: timestamp, body: body)
        let response = try? await transport.send(HTTPRequestData(method: .post, url: url, headerFields: headers, body: body,
                                                                 timeout: .seconds(5)))
        answers.append(response.map { $0.status } ?? 0)
    }
}
