import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import RunStore
import SyncCore
import Testing
@testable import App

/// A deliveries executor that counts its runs and reports one delivery outcome.
actor RecordingDeliveriesExecutor: JobExecutor {
    private(set) var runs = 0
    nonisolated func execute(_ request: DeliveriesRequest, reporter: any RunReporter) async throws -> RunSummary {
        await count()
        try await reporter.outcomes([ProductOutcome(odooTemplateId: 7, kind: .created, medusaProductId: "order_1",
                                                    title: "WH/OUT/00007 → #1042", message: "fulfilled 2 items and shipped",
                                                    subject: .delivery)])
        var counts = RunCounts(); counts.add(.created); return RunSummary(counts: counts)
    }
    private func count() { runs += 1 }
}

/// A simulated warehouse that records what it was asked.
actor RecordingWarehouse: DemoWarehouse {
    private(set) var asked: [(Int, [Int: Decimal]?, String?)] = []
    var refuse = false
    func validateDelivery(saleOrderId: Int, quantities: [Int: Decimal]?, trackingNumber: String?) throws -> DemoValidatedDelivery {
        if refuse { throw DemoWarehouseRefusal.nothingToDeliver(saleOrderId: saleOrderId) }
        asked.append((saleOrderId, quantities, trackingNumber))
        return DemoValidatedDelivery(pickingId: 7, backorderId: quantities == nil ? nil : 8)
    }
    func setRefuse() { refuse = true }
}

@Suite struct DeliveriesEndpointTests {
    func service(orders: Bool, executor: RecordingDeliveriesExecutor = RecordingDeliveriesExecutor()) async throws -> TestService {
        let configuration = TestService.configuration(orders ? ["SYNC_ORDERS": "true"] : [:])
        // The debounce: long enough that a burst of webhooks stays one window when the machine is busy (tests run in
        // parallel, the demo's end-to-end test among them); 50 ms (TestService's default, which the configuration's
        // value does not override) sometimes split the burst into two runs.
        return try await TestService(configuration: configuration, ordersExecutor: RecordingOrdersExecutor(),
                                     deliveriesExecutor: executor, debounce: .milliseconds(500))
    }

    static let pickingWebhook = #"{"_action":"Medusa webhook picking done(#461)","_id":7,"_model":"stock.picking","id":7,"state":"done","sale_id":37,"date_done":false}"#

    @Test("a burst of stock.picking webhooks becomes one debounced deliveries run (two at most); with orders off they are acknowledged and ignored")
    func pickingWebhooks() async throws {
        let executor = RecordingDeliveriesExecutor()
        let service = try await service(orders: true, executor: executor)
        try await service.application().test(.router) { client in
            for _ in 0..<20 {
                try await client.execute(uri: "/webhooks/odoo?token=\(TestService.webhookToken)", method: .post,
                                         body: ByteBuffer(string: Self.pickingWebhook)) { response in
                    #expect(response.status == .accepted)
                    #expect(response.json["accepted"] as? Bool == true)
                }
            }
            #expect(try await eventually { try await service.store.listRuns(kind: .deliveries, limit: 5).count >= 1 })
            await service.runner.drainQueue()
            // One debounce window normally; a second only when the machine stalls longer than the window between two
            // POSTs (the storm requirement is ≤ 2 runs).
            let runs = await executor.runs
            #expect((1...2).contains(runs), "\(runs) deliveries runs for 20 webhooks")
            #expect(try await service.store.listRuns(kind: .deliveries, limit: 5).count == runs)
            #expect(try await service.store.listRuns(kind: .catalogue, limit: 5).isEmpty, "a picking webhook is no product sync")
        }
        let off = try await self.service(orders: false)
        try await off.application().test(.router) { client in
            try await client.execute(uri: "/webhooks/odoo?token=\(TestService.webhookToken)", method: .post,
                                     body: ByteBuffer(string: Self.pickingWebhook)) { response in
                #expect(response.status == .accepted)
                #expect(response.json["accepted"] as? Bool == false)
                #expect((response.json["reason"] as? String)?.contains("SYNC_ORDERS=true") == true)
            }
        }
    }

    @Test("POST /sync {scope: deliveries} queues a deliveries run whose items are about deliveries; options are a 400")
    func deliveriesScope() async throws {
        let executor = RecordingDeliveriesExecutor()
        let service = try await service(orders: true, executor: executor)
        try await service.application().test(.router) { client in
            let id = try await client.execute(uri: "/sync", method: .post, headers: bearer(),
                                              body: ByteBuffer(string: #"{"scope":"deliveries"}"#)) { response in
                #expect(response.status == .accepted)
                let run = response.json["run"] as? [String: Any]
                #expect(run?["scope"] as? String == "deliveries")
                return run?["id"] as? Int ?? 0
            }
            await service.runner.drainQueue()
            #expect(await executor.runs == 1)
            try await client.execute(uri: "/runs/\(id)", method: .get, headers: bearer()) { response in
                let item = (response.json["items"] as? [[String: Any]])?.first
                #expect(item?["subject"] as? String == "delivery")
                #expect(item?["odooTemplateId"] as? Int == 7)
            }
            try await client.execute(uri: "/sync", method: .post, headers: bearer(),
                                     body: ByteBuffer(string: #"{"scope":"deliveries","dryRun":true}"#)) { response in
                #expect(response.status == .badRequest)
                #expect(response.errorMessage?.contains("deliveries run takes no options") == true)
            }
        }
        let off = try await self.service(orders: false)
        try await off.application().test(.router) { client in
            try await client.execute(uri: "/sync", method: .post, headers: bearer(),
                                     body: ByteBuffer(string: #"{"scope":"deliveries"}"#)) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.errorCode == "orders_off")
            }
        }
    }

    @Test("GET /orders/{id}: the sale order, its deliveries and the latest outcomes; unknown is a 404; token required")
    func orderDetail() async throws {
        let service = try await service(orders: true)
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        try await service.store.saveOrderLinks([OrderLink(
            medusaOrderId: "order_1", medusaDisplayId: 1042, odooOrderId: 31, odooOrderName: "S00031", state: .sent,
            currencyCode: "usd", medusaTotal: 200, updatedAt: at)])
        try await service.store.saveDeliveryLinks([DeliveryLink(
            pickingId: 7, pickingName: "WH/OUT/00007", odooOrderId: 31, medusaOrderId: "order_1", fulfilmentId: "ful_1",
            state: .shipped, trackingNumber: "1Z999", updatedAt: at)])
        try await service.application().test(.router) { client in
            try await client.execute(uri: "/sync", method: .post, headers: bearer(),
                                     body: ByteBuffer(string: #"{"scope":"deliveries"}"#)) { _ in }
            await service.runner.drainQueue()
            try await client.execute(uri: "/orders/order_1", method: .get, headers: bearer()) { response in
                #expect(response.status == .ok)
                let sent = response.json["sent"] as? [String: Any]
                #expect(sent?["odooOrderName"] as? String == "S00031")
                let deliveries = sent?["deliveries"] as? [[String: Any]] ?? []
                #expect(deliveries.map { $0["trackingNumber"] as? String } == ["1Z999"])
                #expect(deliveries.first?["state"] as? String == "shipped")
                let outcomes = response.json["recentOutcomes"] as? [[String: Any]] ?? []
                #expect(outcomes.first?["subject"] as? String == "delivery")
                #expect(outcomes.first?["message"] as? String == "fulfilled 2 items and shipped")
            }
            try await client.execute(uri: "/orders", method: .get, headers: bearer()) { response in
                let sent = response.json["sent"] as? [[String: Any]] ?? []
                #expect((sent.first?["deliveries"] as? [[String: Any]])?.first?["fulfilmentId"] as? String == "ful_1")
            }
            try await client.execute(uri: "/orders/order_unknown", method: .get, headers: bearer()) { response in
                #expect(response.status == .notFound)
                #expect(response.errorCode == "not_found")
            }
            try await client.execute(uri: "/orders/order_1", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("POST /demo/deliveries is a 404 outside the demo")
    func demoDeliveriesOutsideTheDemo() async throws {
        let service = try await service(orders: true)
        try await service.application().test(.router) { client in
            try await client.execute(uri: "/demo/deliveries", method: .post, headers: bearer(),
                                     body: ByteBuffer(string: #"{"medusaOrderId":"order_1"}"#)) { response in
                #expect(response.status == .notFound)
                #expect(response.errorMessage?.contains("serve --demo") == true)
            }
        }
    }

    @Test("POST /demo/deliveries drives the simulated warehouse for a sent order; bad input is a 400, unknown a 404, nothing left a 409")
    func demoDeliveries() async throws {
        let warehouse = RecordingWarehouse()
        var service = try await service(orders: true)
        service.dependencies.demoWarehouse = warehouse
        try await service.store.saveOrderLinks([OrderLink(
            medusaOrderId: "order_1", medusaDisplayId: 1, odooOrderId: 31, odooOrderName: "S00031", state: .sent,
            currencyCode: "usd", medusaTotal: 200, updatedAt: Date())])
        try await service.application().test(.router) { client in
            try await client.execute(uri: "/demo/deliveries", method: .post, headers: bearer(),
                                     body: ByteBuffer(string: #"{"medusaOrderId":"order_1","trackingNumber":"DEMO-1","quantities":{"11":1}}"#)) { response in
                #expect(response.status == .accepted)
                #expect(response.json["pickingId"] as? Int == 7)
                #expect(response.json["backorderId"] as? Int == 8)
            }
            let asked = await warehouse.asked
            #expect(asked.count == 1 && asked.first?.0 == 31 && asked.first?.1 == [11: 1] && asked.first?.2 == "DEMO-1")
            try await client.execute(uri: "/demo/deliveries", method: .post, headers: bearer(),
                                     body: ByteBuffer(string: #"{"medusaOrderId":"order_1","quantities":{"x":1}}"#)) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/demo/deliveries", method: .post, headers: bearer(),
                                     body: ByteBuffer(string: #"{"medusaOrderId":"order_9"}"#)) { response in
                #expect(response.status == .notFound)
            }
            await warehouse.setRefuse()
            try await client.execute(uri: "/demo/deliveries", method: .post, headers: bearer(),
                                     body: ByteBuffer(string: #"{"medusaOrderId":"order_1"}"#)) { response in
                #expect(response.status == .conflict)
                #expect(response.errorCode == "nothing_to_deliver")
            }
            try await client.execute(uri: "/demo/deliveries", method: .post,
                                     body: ByteBuffer(string: #"{"medusaOrderId":"order_1"}"#)) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }
}
