import App
import CryptoDigest
import Foundation
import HTTPTransport
import HTTPTypes
import Logging
import RunStore
import Simulators
import SyncCore
import Testing

/// Where the simulated shop's subscriber posts: the service's port is known only once it listens.
actor PushTarget {
    private(set) var url: String?
    func set(_ url: String) { self.url = url }
}

/// The shop's subscriber (docs/medusa.md §8) pushing to the real service: an order placed in the shop reaches Odoo
/// through `POST /webhooks/medusa` without waiting for a poll; a forged push is refused and starts nothing.
@Suite struct MedusaPushEndToEndTests {
    static let secret = "e2e-medusa-webhook-secret-0123456789"

    @Test func aSignedPushFromTheShopsSubscriberBringsTheOrderToOdooAndAForgedOneIsRefused() async throws {
        let target = PushTarget()
        // What `src/subscribers/odoo-medusa-sync.ts` does (sign "<timestamp>.<body>" and POST it), as the simulators
        // ship it for the demo and the `simulators` process.
        let http = AsyncHTTPClientTransport()
        let forwarder = SignedEventForwarder(secret: Self.secret, transport: http) { await target.url }
        let subscriber = forwarder.subscriber
        let odoo = try await OdooSimulator.start(seed: try .demo(.odoo19))
        var medusaConfiguration = MedusaSimulatorConfiguration()
        medusaConfiguration.eventSubscriber = subscriber
        let medusa: RunningMedusaSimulator
        do { medusa = try await MedusaSimulator.start(configuration: medusaConfiguration) } catch {
            await odoo.stop()
            throw error
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-push-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = AppConfiguration.load(from: EnvironmentSource(appEnvironment(
            odoo: odoo, medusa: medusa, token: "e2e-api-token-0123456789abcdef",
            databasePath: directory.appendingPathComponent("sync.sqlite").path,
            extra: ["SYNC_ORDERS": "true", "ORDERS_SCHEDULE": "off", "ORDERS_REQUIRE_PAYMENT": "authorized",
                    "ORDERS_SINCE": "2000-01-01", "MEDUSA_WEBHOOK_SECRET": Self.secret])))
        #expect(configuration.problems.isEmpty, "\(configuration.problems)")
        var logger = Logger(label: "e2e-push")
        logger.logLevel = .critical
        let runtime = await ServiceBuilder(configuration: configuration, logger: logger).build()

        try await whileServing(runtime, odoo: odoo, medusa: medusa) { port in
            #expect(try await eventually { await port.value != nil })
            let base = "http://127.0.0.1:\(try #require(await port.value))"
            await target.set("\(base)/webhooks/medusa")
            _ = try await runtime.runner.submit(SyncRequest.full, trigger: .api)
            #expect(try await eventually(timeout: .seconds(30)) {
                try await runtime.store.listRuns(status: .succeeded, kind: .catalogue, limit: 1).first != nil
            }, "the catalogue sync finished")
            let variant = try #require(medusa.snapshot().products.flatMap(\.variants).first { ($0.sku ?? "").hasPrefix("FURN_") })

            // A forged push: refused before anything is queued.
            let forged = Array(#"{"event":"order.placed","id":"order_x"}"#.utf8)
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[HTTPField.Name("X-Medusa-Timestamp")!] = String(Int(Date().timeIntervalSince1970))
            headers[HTTPField.Name("X-Medusa-Signature")!] = String(repeating: "0", count: 64)
            let refused = try await http.send(HTTPRequestData(method: .post, url: "\(base)/webhooks/medusa",
                                                              headerFields: headers, body: forged, timeout: .seconds(5)))
            #expect(refused.status == 401)
            #expect(try await runtime.store.listRuns(kind: .orders, limit: 10).isEmpty)

            // The storefront places an order; the subscriber pushes `order.placed`; the order reaches Odoo.
            let placed = try medusa.placeOrder(SimulatedOrderInput(
                customer: .guest(email: "push@example.com"), currencyCode: "usd",
                items: [SimulatedLineItemInput(variantId: variant.id, quantity: 1, unitPrice: 100)]))
            #expect(try await eventually(timeout: .seconds(15)) {
                odoo.saleOrders().contains { $0.origin == "medusa:\(placed.id)" && $0.state == "sale" }
            }, "the pushed order reached Odoo")
            #expect(await forwarder.answers == [202])
            let runs = try await runtime.store.listRuns(kind: .orders, limit: 10)
            #expect(runs.count == 1 && runs.first?.trigger == .webhook)
        }
    }
}
