import App
import Foundation
import HTTPTransport
import HTTPTypes
import Logging
import RunStore
import Simulators
import SyncCore
import Testing

/// Where the simulated Odoo's picking rule posts: the service's port is known only once it listens.
actor OdooWebhookTarget {
    private(set) var url: String?
    private(set) var answers: [Int] = []
    func set(_ url: String) { self.url = url }
    func record(_ status: Int) { answers.append(status) }
}

/// Odoo's "stock.picking → done" automation rule (docs/odoo.md) posting to the real service: a delivery validated in
/// Odoo reaches the shop as a shipped fulfilment without any POST /sync, through `POST /webhooks/odoo` and the
/// debounced deliveries run. A tracking number written afterwards sends no webhook and changes nothing; the backorder
/// validated later is a second fulfilment.
@Suite struct DeliveriesWebhookEndToEndTests {
    static let webhookToken = "e2e-odoo-webhook-token-0123456789"

    @Test func aDeliveryValidatedInOdooBecomesAShippedFulfilmentThroughThePickingWebhookAlone() async throws {
        let target = OdooWebhookTarget()
        let http = AsyncHTTPClientTransport()
        // The rule's URL is only known once the service listens: the sender posts to the target set then.
        let sender: OdooWebhookSender = { _, body in
            guard let url = await target.url else { return }
            let response = try? await http.send(HTTPRequestData(method: .post, url: url,
                                                                headerFields: [.contentType: "application/json"],
                                                                body: body, timeout: .seconds(5)))
            await target.record(response.map { $0.status } ?? 0)
        }
        let odooConfiguration = OdooSimulatorConfiguration(
            webhooks: OdooWebhookSettings(url: "http://127.0.0.1:1/webhooks/odoo", templateOnCreateOrWrite: false,
                                          templateOnArchive: false, templateOnUnlink: false,
                                          templateOnCreateWithoutFields: false, pickingOnDone: true),
            webhookSender: sender, deliveryModuleInstalled: true)
        let odoo = try await OdooSimulator.start(seed: try .demo(.odoo19), configuration: odooConfiguration)
        let medusa: RunningMedusaSimulator
        do { medusa = try await MedusaSimulator.start() } catch {
            await odoo.stop()
            throw error
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-picking-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = AppConfiguration.load(from: EnvironmentSource(appEnvironment(
            odoo: odoo, medusa: medusa, token: "e2e-api-token-0123456789abcdef",
            databasePath: directory.appendingPathComponent("sync.sqlite").path,
            extra: ["SYNC_ORDERS": "true", "ORDERS_SCHEDULE": "off", "ORDERS_REQUIRE_PAYMENT": "any",
                    "ORDERS_SINCE": "2000-01-01", "ODOO_WEBHOOK_TOKEN": Self.webhookToken,
                    "WEBHOOK_DEBOUNCE_MS": "150"])))
        #expect(configuration.problems.isEmpty, "\(configuration.problems)")
        var logger = Logger(label: "e2e-picking")
        logger.logLevel = .critical
        let runtime = await ServiceBuilder(configuration: configuration, logger: logger).build()

        try await whileServing(runtime, odoo: odoo, medusa: medusa) { port in
            #expect(try await eventually { await port.value != nil })
            let base = "http://127.0.0.1:\(try #require(await port.value))"
            await target.set("\(base)/webhooks/odoo?token=\(Self.webhookToken)")
            let store = runtime.store
            @Sendable func deliveriesRuns() async throws -> [RunRecord] { try await store.listRuns(kind: .deliveries, limit: 20) }
            @Sendable func finished(_ kind: JobKind) async throws -> Bool {
                try await store.listRuns(status: .succeeded, kind: kind, limit: 1).first != nil
            }

            _ = try await runtime.runner.submit(SyncRequest.full, trigger: .api)
            #expect(try await eventually(timeout: .seconds(60)) { try await finished(.catalogue) }, "the catalogue sync finished")
            let goods = medusa.snapshot().products.flatMap(\.variants).filter { ($0.sku ?? "").hasPrefix("FURN_") }
            try #require(goods.count >= 2)
            let placed = try medusa.placeOrder(SimulatedOrderInput(
                customer: .registered(email: "dock@example.com", firstName: "Dock", lastName: "Worker"), currencyCode: "usd",
                items: [SimulatedLineItemInput(variantId: goods[0].id, quantity: 3, unitPrice: 100),
                        SimulatedLineItemInput(variantId: goods[1].id, quantity: 2, unitPrice: 15)],
                shippingMethods: [SimulatedShippingMethodInput(name: "Standard", amount: 10)],
                shippingAddress: ShopAddresses.springfield, billingAddress: ShopAddresses.springfield))
            _ = try await runtime.runner.submit(job: OrdersRequest(), trigger: .api)
            #expect(try await eventually(timeout: .seconds(60)) { try await finished(.orders) }, "the orders sync finished")
            let saleOrder = try #require(odoo.saleOrders().first { $0.origin == "medusa:\(placed.id)" })
            let product3 = try #require(saleOrder.lines.first { $0.quantity == 3 }?.productId)
            #expect(try await deliveriesRuns().isEmpty)

            // The warehouse validates part of the delivery with a tracking number: Odoo's rule posts, the service runs.
            let first = try await odoo.validateDelivery(saleOrderId: saleOrder.id, quantities: [product3: 3],
                                                        trackingReference: "1ZWEBHOOK0001")
            let backorder = try #require(first.backorderId, "a partial validation leaves a backorder")
            #expect(try await eventually(timeout: .seconds(20)) {
                medusa.fulfilments(orderId: placed.id)?.first?.shippedAt != nil
            }, "the webhook alone brought the shipped fulfilment")
            #expect(await target.answers == [202])
            #expect(try await eventually(timeout: .seconds(20)) {
                let runs = try await deliveriesRuns()
                return !runs.isEmpty && runs.allSatisfy { $0.status == .succeeded }
            })
            let afterFirst = try await deliveriesRuns()
            #expect(afterFirst.count == 1 && afterFirst.allSatisfy { $0.trigger == .webhook }, "\(afterFirst)")
            var fulfilments = try #require(medusa.fulfilments(orderId: placed.id))
            #expect(fulfilments.count == 1)
            #expect(fulfilments.first?.labels.map(\.trackingNumber) == ["1ZWEBHOOK0001"])
            #expect(fulfilments.first.map { $0.items.reduce(Decimal(0)) { $0 + $1.quantity } } == 3)

            // A tracking number written later is a write that is not `state → done`: no webhook, no run, no change.
            try await odoo.setTrackingReference(pickingId: first.pickingId, reference: "1ZLATER0002")
            try await Task.sleep(for: .milliseconds(600))
            #expect(await target.answers == [202], "setting the tracking number sent no webhook")
            #expect(try await deliveriesRuns().count == 1)
            let unchanged = try #require(medusa.fulfilments(orderId: placed.id))
            #expect(unchanged.map(\.id) == fulfilments.map(\.id))
            #expect(unchanged.flatMap { $0.labels.map(\.trackingNumber) } == ["1ZWEBHOOK0001"])

            // The backorder validated: a second webhook, a second fulfilment of the rest.
            let second = try await odoo.validateDelivery(saleOrderId: saleOrder.id)
            #expect(second.pickingId == backorder && second.backorderId == nil)
            #expect(try await eventually(timeout: .seconds(20)) {
                (medusa.fulfilments(orderId: placed.id) ?? []).filter { $0.shippedAt != nil }.count == 2
            }, "the backorder's webhook brought the second fulfilment")
            #expect(await target.answers == [202, 202])
            fulfilments = try #require(medusa.fulfilments(orderId: placed.id))
            #expect(fulfilments.count == 2)
            #expect(fulfilments.map { $0.items.reduce(Decimal(0)) { $0 + $1.quantity } } == [3, 2])
            let items = try #require(medusa.lineQuantities(orderId: placed.id))
            #expect(items.allSatisfy { $0.fulfilled == $0.quantity && $0.shipped == $0.quantity })
            #expect(try await eventually(timeout: .seconds(20)) {
                let runs = try await deliveriesRuns()
                return runs.count == 2 && runs.allSatisfy { $0.status == .succeeded && $0.trigger == .webhook }
            })
        }
    }
}
