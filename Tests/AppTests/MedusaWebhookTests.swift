import CryptoDigest
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RunStore
import SyncCore
import Testing
@testable import App

/// `POST /webhooks/medusa`: signed pushes from the shop's subscriber start an orders run; anything unsigned, wrongly
/// signed or old is refused and records nothing.
@Suite struct MedusaWebhookTests {
    static let secret = "medusa-webhook-secret-0123456789abcdef"

    func service(orders: Bool = true, secret: String? = MedusaWebhookTests.secret) async throws -> TestService {
        var overrides = ["MEDUSA_WEBHOOK_SECRET": secret ?? ""]
        if orders { overrides["SYNC_ORDERS"] = "true" }
        return try await TestService(configuration: TestService.configuration(overrides), ordersExecutor: RecordingOrdersExecutor())
    }

    static func headers(body: String, secret: String = MedusaWebhookTests.secret, at date: Date = Date(),
                        signature: String? = nil) -> HTTPFields {
        let timestamp = String(Int(date.timeIntervalSince1970))
        var fields: HTTPFields = [.contentType: "application/json"]
        fields[HTTPField.Name("X-Medusa-Timestamp")!] = timestamp
        fields[HTTPField.Name("X-Medusa-Signature")!] = signature
            ?? WebhookSignature.sign(secret: secret, timestamp: timestamp, body: Array(body.utf8))
        return fields
    }

    @Test("a signed order.placed queues one orders run; a burst is coalesced; unknown events are acknowledged and ignored")
    func signedEvents() async throws {
        let service = try await service()
        try await service.application().test(.router) { client in
            for index in 0..<20 {
                let body = #"{"event":"order.placed","id":"order_\#(index)","data":{"id":"order_\#(index)"}}"#
                try await client.execute(uri: "/webhooks/medusa", method: .post, headers: Self.headers(body: body),
                                         body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .accepted)
                    #expect(response.json["accepted"] as? Bool == true)
                }
            }
            let ignored = #"{"event":"product.updated","id":"prod_1"}"#
            try await client.execute(uri: "/webhooks/medusa", method: .post, headers: Self.headers(body: ignored),
                                     body: ByteBuffer(string: ignored)) { response in
                #expect(response.status == .accepted)
                #expect(response.json["accepted"] as? Bool == false)
            }
        }
        // Debounced (50 ms here): the burst becomes one run once the events are quiet.
        #expect(try await eventually { try await !service.store.listRuns(kind: .orders, limit: 1).isEmpty })
        await service.runner.drainQueue()
        let runs = try await service.store.listRuns(kind: .orders, limit: 100)
        #expect(runs.count <= 2 && !runs.isEmpty, "\(runs.count) orders runs for 20 events")
        #expect(runs.allSatisfy { $0.trigger == .webhook })
    }

    @Test("unsigned, wrongly signed, tampered or old pushes are 401 and record nothing", arguments: [
        "missing", "wrong secret", "tampered body", "ten minutes old", "not hex",
    ])
    func refused(_ case_: String) async throws {
        let service = try await service()
        let body = #"{"event":"order.placed","id":"order_1"}"#
        var headers = Self.headers(body: body)
        var sent = body
        switch case_ {
        case "missing": headers = [.contentType: "application/json"]
        case "wrong secret": headers = Self.headers(body: body, secret: "another-secret-0123456789abcdef")
        case "tampered body": sent = #"{"event":"order.placed","id":"order_2"}"#
        case "ten minutes old": headers = Self.headers(body: body, at: Date().addingTimeInterval(-600))
        default: headers = Self.headers(body: body, signature: "zz")
        }
        let (finalHeaders, finalBody) = (headers, sent)
        try await service.application().test(.router) { client in
            try await client.execute(uri: "/webhooks/medusa", method: .post, headers: finalHeaders,
                                     body: ByteBuffer(string: finalBody)) { response in
                #expect(response.status == .unauthorized)
                #expect(response.errorCode != nil)
            }
        }
        #expect(try await service.store.listRuns(limit: 10).isEmpty)
    }

    @Test("without MEDUSA_WEBHOOK_SECRET the endpoint is closed (503 naming it); with orders off a followed event is 503")
    func closed() async throws {
        let noSecret = try await service(secret: nil)
        let body = #"{"event":"order.placed","id":"order_1"}"#
        try await noSecret.application().test(.router) { client in
            try await client.execute(uri: "/webhooks/medusa", method: .post, headers: Self.headers(body: body),
                                     body: ByteBuffer(string: body)) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.errorMessage?.contains("MEDUSA_WEBHOOK_SECRET") == true)
            }
        }
        let off = try await service(orders: false)
        try await off.application().test(.router) { client in
            try await client.execute(uri: "/webhooks/medusa", method: .post, headers: Self.headers(body: body),
                                     body: ByteBuffer(string: body)) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.errorCode == "orders_off")
            }
        }
    }

    @Test("a signed body that is not an event is a 400")
    func badBody() async throws {
        let service = try await service()
        let body = #"{"id":"order_1"}"#
        try await service.application().test(.router) { client in
            try await client.execute(uri: "/webhooks/medusa", method: .post, headers: Self.headers(body: body),
                                     body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
