import Foundation
import Hummingbird
import HummingbirdTesting
import SyncCore
import Testing

@testable import App

@Suite("Odoo webhook endpoint")
struct WebhookEndpointTests {
    static let templatePayload = #"{"_action": "Medusa webhook on_create_or_write(#462)", "_id": 9, "_model": "product.template", "list_price": 760.0, "name": "Customizable Desk", "write_date": "2026-11-25 11:34:46.336054"}"#

    @Test("a recorded Odoo payload is accepted with 202 and becomes one targeted run after the debounce")
    func accepted() async throws {
        // A quiet period long enough that 15 requests on a loaded machine still fall inside one window.
        let service = try await TestService(debounce: .milliseconds(500))
        try await service.application().test(.router) { client in
            for _ in 0..<15 {
                try await client.execute(uri: "/webhooks/odoo?token=\(TestService.webhookToken)", method: .post,
                                         headers: [.contentType: "application/json", .userAgent: "python-requests/2.31.0"],
                                         body: ByteBuffer(string: Self.templatePayload)) { response in
                    #expect(response.status == .accepted)
                    #expect(response.json["accepted"] as? Bool == true)
                    #expect(response.json["recordId"] as? Int == 9)
                }
            }
        }
        #expect(try await eventually { try await service.webhookRequests().count == 1 })
        #expect(try await service.webhookRequests() == [.targeted([9])])
        #expect(try await eventually { try await service.store.runs(withStatus: .queued).map(\.request) == [.targeted([9])] })
    }

    @Test("a variant webhook maps to its template")
    func variantMapsToTemplate() async throws {
        let service = try await TestService(debounce: .milliseconds(20))
        try await service.application().test(.router) { client in
            try await client.execute(uri: "/webhooks/odoo?token=\(TestService.webhookToken)", method: .post,
                                     headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: #"{"_id": 13, "_model": "product.product", "_action": "x(#1)"}"#)) { response in
                #expect(response.status == .accepted)
            }
        }
        #expect(try await eventually { try await service.webhookRequests() == [.targeted([1013])] })
    }

    @Test("models the sync does not follow are acknowledged but schedule nothing")
    func ignoredModel() async throws {
        let service = try await TestService(debounce: .milliseconds(20))
        try await service.application().test(.router) { client in
            try await client.execute(uri: "/webhooks/odoo?token=\(TestService.webhookToken)", method: .post,
                                     headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: #"{"_id": 3, "_model": "res.partner"}"#)) { response in
                #expect(response.status == .accepted)
                #expect(response.json["accepted"] as? Bool == false)
                #expect((response.json["reason"] as? String)?.contains("res.partner") == true)
            }
        }
        try await Task.sleep(for: .milliseconds(80))
        #expect(try await service.webhookRequests().isEmpty)
    }

    @Test("the webhook token is required and compared exactly", arguments: ["", "?token=wrong", "?token=\(TestService.webhookToken)x"])
    func wrongToken(query: String) async throws {
        try await TestService().application().test(.router) { client in
            try await client.execute(uri: "/webhooks/odoo\(query)", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: Self.templatePayload)) { response in
                #expect(response.status == .unauthorized)
                #expect(response.errorCode == "unauthorized")
            }
        }
    }

    @Test("without ODOO_WEBHOOK_TOKEN the webhook answers 503 naming the variable")
    func notConfigured() async throws {
        let service = try await TestService(configuration: TestService.configuration(["ODOO_WEBHOOK_TOKEN": ""]))
        try await service.application().test(.router) { client in
            try await client.execute(uri: "/webhooks/odoo?token=anything", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: Self.templatePayload)) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.errorMessage?.contains("ODOO_WEBHOOK_TOKEN") == true)
            }
        }
    }

    @Test("payloads without a model or id, or with a bad id, are 400s", arguments: [
        #"{"_model": "product.template"}"#, #"{"_id": 9}"#, #"{"_id": "9", "_model": "product.template"}"#,
        #"{"_id": -4, "_model": "product.template"}"#, #"not json"#,
    ])
    func badPayload(body: String) async throws {
        try await TestService().application().test(.router) { client in
            try await client.execute(uri: "/webhooks/odoo?token=\(TestService.webhookToken)", method: .post,
                                     headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
                #expect(response.errorCode == "invalid_request")
            }
        }
    }
}
