import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Simulators
import Testing

@Suite("serve --demo")
struct DemoEnvironmentTests {
    @Test("the demo replaces the Odoo, Medusa and database settings, and drops their problems; others stay reported")
    func replacedSettingsLoseTheirProblems() async throws {
        let base = TestService.configuration(["ODOO_URL": "not-a-url", "ARCHIVE_MODE": "shred"])
        #expect(base.problems.contains { $0.hasPrefix("ODOO_URL=") })
        let demo = try await DemoEnvironment.start(base: base)
        let problems = demo.configuration.problems
        await demo.stop()
        #expect(!problems.contains { $0.hasPrefix("ODOO_URL=") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("ARCHIVE_MODE=") }, "a setting the demo keeps keeps its problem")
        #expect(demo.configuration.missingOdoo.isEmpty && demo.configuration.missingMedusa.isEmpty)
    }

    @Test("in the demo, POST /demo/deliveries validates an order's delivery in the simulated Odoo: its picking webhook reaches the service, Medusa gets the fulfilment with the tracking number, GET /orders shows it shipped")
    func demoDeliveryReachesMedusa() async throws {
        let base = TestService.configuration(["HOST": "127.0.0.1", "PORT": "0", "WEBHOOK_DEBOUNCE_MS": "200",
                                              "SYNC_SCHEDULE": "", "SYNC_FULL_SCHEDULE": ""])
        let demo = try await DemoEnvironment.start(base: base)
        var builder = ServiceBuilder(configuration: demo.configuration)
        builder.demo = true
        var runtime = await builder.build()
        let services = demo.wire(&runtime)
        let host = demo.configuration.host
        let token = try #require(demo.configuration.syncAPIToken)
        let headers = bearer(token)
        do {
            try await runtime.application(extraServices: services, onServerRunning: { port in
                demo.serviceListening(host: host, port: port)
            }).test(.live) { client in
                // The first catalogue sync; the demo then places its orders and queues the orders run that sends them.
                try await client.execute(uri: "/sync", method: .post, headers: headers) { response in
                    #expect(response.status == .accepted)
                }
                var sent: [[String: Any]] = []
                let ordersDeadline = ContinuousClock.now + .seconds(60)
                while sent.count < 4, ContinuousClock.now < ordersDeadline {
                    try await Task.sleep(for: .milliseconds(100))
                    let response = try await client.executeRequest(uri: "/orders", method: .get, headers: headers, body: nil)
                    sent = response.json["sent"] as? [[String: Any]] ?? []
                }
                try #require(sent.count >= 4, "the demo's orders were not sent")
                // The simulated shop's subscriber pushed its order events, signed, to /webhooks/medusa, and the service
                // took them (202). (Whether they start a run of their own depends on timing: a push arriving while the
                // demo's own orders run is queued coalesces into it.)
                let pushed = try await eventually(timeout: .seconds(10)) {
                    let answers = await demo.shopSubscriber.answers
                    return answers.count >= 4 && answers.allSatisfy { $0 == 202 }
                }
                let answers = await demo.shopSubscriber.answers
                #expect(pushed, "the shop's pushes were answered \(answers)")
                let orderId = try #require(sent.first?["medusaOrderId"] as? String)
                try await client.execute(uri: "/demo/deliveries", method: .post, headers: headers,
                                         body: ByteBuffer(string: #"{"medusaOrderId":"\#(orderId)","trackingNumber":"1Z-DEMO-42"}"#)) { response in
                    #expect(response.status == .accepted)
                    #expect(response.json["pickingId"] as? Int != nil)
                }
                let fulfilled = try await eventually(timeout: .seconds(20)) {
                    demo.medusa.fulfilments(orderId: orderId)?.contains { fulfilment in
                        fulfilment.labels.contains { $0.trackingNumber == "1Z-DEMO-42" }
                    } == true
                }
                #expect(fulfilled, "no fulfilment with the tracking number in the simulated Medusa")
                let label = demo.medusa.fulfilments(orderId: orderId)?.first?.labels.first
                #expect(label?.trackingURL == "https://tracking.example.com/?n=1Z-DEMO-42")
                // The picking webhook (not only the handler's poke) reached the service's /webhooks/odoo.
                let webhooks = demo.odoo.webhookDeliveries.filter { $0.model == "stock.picking" }
                #expect(webhooks.count == 1 && webhooks.first?.outcome == .delivered, "\(webhooks.map(\.outcome))")
                var delivery: [String: Any]?
                let shownDeadline = ContinuousClock.now + .seconds(10)
                while delivery?["state"] as? String != "shipped", ContinuousClock.now < shownDeadline {
                    let response = try await client.executeRequest(uri: "/orders", method: .get, headers: headers, body: nil)
                    let orders = response.json["sent"] as? [[String: Any]] ?? []
                    let order = orders.first { $0["medusaOrderId"] as? String == orderId }
                    delivery = (order?["deliveries"] as? [[String: Any]])?.first
                    if delivery?["state"] as? String != "shipped" { try await Task.sleep(for: .milliseconds(100)) }
                }
                let shown = delivery?["state"] as? String == "shipped"
                #expect(shown, "GET /orders: \(String(describing: delivery))")
                #expect(delivery?["trackingNumber"] as? String == "1Z-DEMO-42")
                #expect((delivery?["fulfilmentId"] as? String)?.isEmpty == false)
                // Every demo order can be delivered (each has a shipping method, which Medusa fulfils through).
                let others = sent.compactMap { $0["medusaOrderId"] as? String }.filter { $0 != orderId }
                // Quantities of a product the delivery does not hold: Odoo refuses (nothing would move), 409.
                if let first = others.first {
                    try await client.execute(uri: "/demo/deliveries", method: .post, headers: headers,
                                             body: ByteBuffer(string: #"{"medusaOrderId":"\#(first)","quantities":{"999999":1}}"#)) { response in
                        #expect(response.status == .conflict)
                        #expect(response.errorCode == "delivery_refused")
                    }
                }
                for other in others {
                    try await client.execute(uri: "/demo/deliveries", method: .post, headers: headers,
                                             body: ByteBuffer(string: #"{"medusaOrderId":"\#(other)"}"#)) { response in
                        #expect(response.status == .accepted)
                    }
                }
                let allFulfilled = try await eventually(timeout: .seconds(20)) {
                    others.allSatisfy { demo.medusa.fulfilments(orderId: $0)?.count == 1 }
                }
                #expect(allFulfilled, "\(others.map { demo.medusa.fulfilments(orderId: $0)?.count ?? -1 })")
                // Everything was delivered: a second validation has nothing left.
                try await client.execute(uri: "/demo/deliveries", method: .post, headers: headers,
                                         body: ByteBuffer(string: #"{"medusaOrderId":"\#(orderId)"}"#)) { response in
                    #expect(response.status == .conflict)
                    #expect(response.errorCode == "nothing_to_deliver")
                }
            }
        } catch {
            await demo.stop()
            throw error
        }
        await demo.stop()
    }
}
