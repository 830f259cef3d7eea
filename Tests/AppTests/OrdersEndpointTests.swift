import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import RunStore
import SyncCore
import Testing
@testable import App

/// An orders executor that records its runs and reports one order outcome.
actor RecordingOrdersExecutor: JobExecutor {
    private(set) var runs = 0
    nonisolated func execute(_ request: OrdersRequest, reporter: any RunReporter) async throws -> RunSummary {
        await count()
        try await reporter.outcomes([ProductOutcome(odooTemplateId: 31, kind: .created, medusaProductId: "order_1",
                                                    title: "#1 → S00031", subject: .order)])
        var counts = RunCounts(); counts.add(.created); return RunSummary(counts: counts)
    }
    private func count() { runs += 1 }
}

@Suite struct OrdersEndpointTests {
    func service(orders: Bool, executor: RecordingOrdersExecutor = RecordingOrdersExecutor()) async throws -> TestService {
        var configuration = TestService.configuration(orders ? ["SYNC_ORDERS": "true", "MEDUSA_ADMIN_URL": "https://shop.example.com/app"] : [:])
        configuration.webhookDebounce = .milliseconds(50)
        return try await TestService(configuration: configuration, ordersExecutor: executor)
    }

    @Test("POST /sync {scope: orders} queues an orders run; GET /runs?scope= filters; items say they are about an order")
    func ordersScope() async throws {
        let executor = RecordingOrdersExecutor()
        let service = try await service(orders: true, executor: executor)
        try await service.application().test(.router) { client in
            let id = try await client.execute(uri: "/sync", method: .post, headers: bearer(),
                                              body: ByteBuffer(string: #"{"scope":"orders"}"#)) { response in
                #expect(response.status == .accepted)
                let run = response.json["run"] as? [String: Any]
                #expect(run?["scope"] as? String == "orders")
                return run?["id"] as? Int ?? 0
            }
            await service.runner.drainQueue()
            #expect(await executor.runs == 1)
            try await client.execute(uri: "/runs?scope=orders", method: .get, headers: bearer()) { response in
                let runs = response.json["runs"] as? [[String: Any]] ?? []
                #expect(runs.map { $0["id"] as? Int } == [id])
                #expect(runs.first?["status"] as? String == "succeeded")
            }
            try await client.execute(uri: "/runs?scope=catalogue", method: .get, headers: bearer()) { response in
                #expect((response.json["runs"] as? [[String: Any]])?.isEmpty == true)
            }
            try await client.execute(uri: "/runs/\(id)", method: .get, headers: bearer()) { response in
                let item = (response.json["items"] as? [[String: Any]])?.first
                #expect(item?["subject"] as? String == "order")
                #expect(item?["medusaProductId"] as? String == "order_1")
                let links = response.json["links"] as? [String: Any]
                #expect(links?["medusaAdmin"] as? String == "https://shop.example.com/app")
                #expect(links?["odooWeb"] as? String == "http://127.0.0.1:1")
            }
        }
    }

    @Test("scope all queues a catalogue run, an orders run and a deliveries run, all listed")
    func scopeAll() async throws {
        let service = try await service(orders: true)
        try await service.application().test(.router) { client in
            try await client.execute(uri: "/sync", method: .post, headers: bearer(),
                                     body: ByteBuffer(string: #"{"scope":"all"}"#)) { response in
                #expect(response.status == .accepted)
                let runs = response.json["runs"] as? [[String: Any]] ?? []
                #expect(runs.map { $0["scope"] as? String } == ["catalogue", "orders", "deliveries"])
            }
        }
    }

    @Test("orders off: POST /sync {scope: orders} is a 503 naming SYNC_ORDERS; options with scope orders are a 400")
    func ordersOffAndBadOptions() async throws {
        let off = try await service(orders: false)
        try await off.application().test(.router) { client in
            try await client.execute(uri: "/sync", method: .post, headers: bearer(),
                                     body: ByteBuffer(string: #"{"scope":"orders"}"#)) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.errorCode == "orders_off")
                #expect(response.errorMessage?.contains("SYNC_ORDERS=true") == true)
            }
            try await client.execute(uri: "/orders", method: .get, headers: bearer()) { response in
                #expect(response.status == .ok)
                #expect(response.json["enabled"] as? Bool == false)
            }
        }
        let on = try await service(orders: true)
        try await on.application().test(.router) { client in
            try await client.execute(uri: "/sync", method: .post, headers: bearer(),
                                     body: ByteBuffer(string: #"{"scope":"orders","mode":"full"}"#)) { response in
                #expect(response.status == .badRequest)
                #expect(response.errorMessage?.contains("takes no options") == true)
            }
            try await client.execute(uri: "/sync", method: .post, headers: bearer(),
                                     body: ByteBuffer(string: #"{"scope":"everything"}"#)) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test("GET /orders lists the links and the waiting orders; limit is checked")
    func listOrders() async throws {
        let service = try await service(orders: true)
        try await service.store.saveOrderLinks([OrderLink(
            medusaOrderId: "order_1", medusaDisplayId: 1042, odooOrderId: 31, odooOrderName: "S00031", state: .sent,
            currencyCode: "eur", medusaTotal: Decimal(string: "44.40")!, odooTotal: Decimal(string: "44.4")!,
            updatedAt: Date(timeIntervalSince1970: 1_800_000_000))])
        try await service.store.savePendingOrders([PendingOrder(
            medusaOrderId: "order_2", reason: "waiting for payment: authorized", firstSeenAt: Date(timeIntervalSince1970: 1_800_000_000))])
        try await service.application().test(.router) { client in
            try await client.execute(uri: "/orders", method: .get, headers: bearer()) { response in
                #expect(response.status == .ok)
                let sent = response.json["sent"] as? [[String: Any]] ?? []
                #expect(sent.first?["odooOrderName"] as? String == "S00031")
                #expect(sent.first?["medusaTotal"] as? String == "44.4")
                #expect(sent.first?["displayId"] as? Int == 1042)
                let waiting = response.json["waiting"] as? [[String: Any]] ?? []
                #expect(waiting.first?["reason"] as? String == "waiting for payment: authorized")
            }
            try await client.execute(uri: "/orders?limit=0", method: .get, headers: bearer()) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/orders", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("SYNC_ORDERS, ORDERS_* and ODOO_* orders settings are read, and bad values are problems with the fix")
    func configuration() {
        let good = TestService.configuration([
            "SYNC_ORDERS": "true", "ORDERS_SCHEDULE": "*/10 * * * *", "ORDERS_REQUIRE_PAYMENT": "authorized",
            "ORDERS_SINCE": "2026-12-01", "ODOO_ORDER_STATE": "quotation", "ODOO_TAX_MAP": "20:4, 7.7:9",
            "ODOO_SHIPPING_PRODUCT_ID": "77",
        ])
        #expect(good.problems.isEmpty)
        #expect(good.orders.enabled && good.orders.schedule == "*/10 * * * *")
        #expect(good.orders.paymentRequirement == .authorized && !good.orders.confirm)
        #expect(good.orders.taxMap == [Decimal(20): 4, Decimal(string: "7.7")!: 9])
        #expect(good.orders.shippingProductId == 77)
        #expect(good.orders.since == ISO8601DateFormatter().date(from: "2026-12-01T00:00:00Z"))
        let bad = TestService.configuration([
            "SYNC_ORDERS": "maybe", "ORDERS_REQUIRE_PAYMENT": "paid", "ORDERS_SINCE": "yesterday",
            "ODOO_ORDER_STATE": "done", "ODOO_TAX_MAP": "20=4", "ODOO_SHIPPING_PRODUCT_ID": "x",
        ])
        #expect(bad.problems.count == 6)
        #expect(bad.problems.contains { $0.contains("ODOO_TAX_MAP entry '20=4' must look like 20:5") })
        #expect(!bad.orders.enabled)
    }
}
