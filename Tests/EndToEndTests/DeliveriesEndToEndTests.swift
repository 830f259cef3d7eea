import Foundation
import MedusaClient
import OdooClient
import RunStore
import Simulators
import SyncCore
import Testing

/// Odoo deliveries back to the shop through both simulators and the real clients: a validated delivery becomes one
/// Medusa fulfilment of exactly the delivered items with its shipment (tracking when Odoo's delivery module gives
/// one); partial deliveries and their backorders; a picking written again; a second run that writes nothing. On Odoo
/// 19 (JSON-2) and 17 (JSON-RPC), against Medusa 2.0 and the current mode.
@Suite(.serialized) struct DeliveriesEndToEndTests {
    static let systems: [(HarnessCatalogue, MedusaServerVersion)] = [(.odoo19, .current), (.odoo17, .v2_0)]

    /// Catalogue, then one order of 2 + 1 goods sent to Odoo and confirmed (its picking is ready to validate).
    static func orderInOdoo(_ harness: SyncHarness) async throws -> (medusaOrder: String, saleOrder: Int, products: [Int]) {
        try await harness.run(.full)
        let variants = try await harness.goodsVariants()
        let placed = try harness.medusa.placeOrder(SimulatedOrderInput(
            customer: .registered(email: "jane@example.com", firstName: "Jane", lastName: "Doe"), currencyCode: "usd",
            items: [SimulatedLineItemInput(variantId: variants[0].medusa, quantity: 2, unitPrice: dec("100")),
                    SimulatedLineItemInput(variantId: variants[1].medusa, quantity: 1, unitPrice: dec("15.80"))],
            shippingMethods: [SimulatedShippingMethodInput(name: "Standard", amount: dec("10"))],
            shippingAddress: ShopAddresses.springfield, billingAddress: ShopAddresses.springfield))
        let sent = try await harness.runOrders()
        #expect(sent.counts.created == 1, "\(sent.outcomes.map { ($0.kind, $0.message) })")
        let saleOrder = try #require(harness.odoo.saleOrders().first { $0.origin == "medusa:\(placed.id)" })
        return (placed.id, saleOrder.id, [variants[0].odoo, variants[1].odoo])
    }

    @Test(arguments: systems) func aFullDeliveryWithTrackingBecomesOneShippedFulfilmentAndASecondRunWritesNothing(
        _ catalogue: HarnessCatalogue, _ version: MedusaServerVersion
    ) async throws {
        try await withHarness(catalogue, odooConfiguration: OdooSimulatorConfiguration(deliveryModuleInstalled: true),
                              medusaConfiguration: MedusaSimulatorConfiguration(version: version)) { harness in
            let order = try await Self.orderInOdoo(harness)
            let done = try await harness.odoo.validateDelivery(saleOrderId: order.saleOrder, trackingReference: "1Z999AA10123456784")
            #expect(done.backorderId == nil)

            let run = try await harness.runDeliveries()
            #expect(run.summary.error == nil, "\(run.summary.error ?? "")")
            #expect(run.outcomes.map(\.kind) == [.created], "\(run.outcomes.map { ($0.kind, $0.message) })")
            #expect(run.outcomes.first?.subject == .delivery && run.outcomes.first?.odooTemplateId == done.pickingId)
            #expect(run.outcomes.first?.message == "fulfilled 3 items and shipped with tracking 1Z999AA10123456784")
            let fulfilments = try #require(harness.medusa.fulfilments(orderId: order.medusaOrder))
            #expect(fulfilments.count == 1)
            let items = try #require(harness.medusa.lineQuantities(orderId: order.medusaOrder))
            #expect(Set(fulfilments[0].items.map { "\($0.lineItemId)×\($0.quantity)" })
                    == Set(items.map { "\($0.lineItemId)×\($0.quantity)" }))
            #expect(items.allSatisfy { $0.fulfilled == $0.quantity && $0.shipped == $0.quantity })
            #expect(fulfilments[0].shippedAt != nil)
            #expect(fulfilments[0].labels.map(\.trackingNumber) == ["1Z999AA10123456784"])

            let writesBefore = harness.medusa.requestCounts.writesByRoute.values.reduce(0, +)
            let again = try await harness.runDeliveries()
            #expect(again.summary.error == nil && again.outcomes.isEmpty, "\(again.outcomes.map { ($0.kind, $0.message) })")
            #expect(harness.medusa.requestCounts.writesByRoute.values.reduce(0, +) == writesBefore)
            #expect(harness.medusa.fulfilments(orderId: order.medusaOrder)?.count == 1)
        }
    }

    @Test(arguments: systems) func aPartialDeliveryAndItsBackorderAreTwoFulfilmentsWithoutTracking(
        _ catalogue: HarnessCatalogue, _ version: MedusaServerVersion
    ) async throws {
        // No delivery module: Odoo has no tracking fields at all.
        try await withHarness(catalogue, medusaConfiguration: MedusaSimulatorConfiguration(version: version)) { harness in
            let order = try await Self.orderInOdoo(harness)
            let first = try await harness.odoo.validateDelivery(saleOrderId: order.saleOrder,
                                                                quantities: [order.products[0]: 1, order.products[1]: 1])
            let backorder = try #require(first.backorderId, "a partial validation leaves a backorder")

            let run = try await harness.runDeliveries()
            #expect(run.outcomes.map(\.kind) == [.created], "\(run.outcomes.map { ($0.kind, $0.message) })")
            #expect(run.outcomes.first?.message == "fulfilled 2 items and shipped (no tracking number in Odoo)")
            let second = try await harness.odoo.validateDelivery(saleOrderId: order.saleOrder)
            #expect(second.pickingId == backorder && second.backorderId == nil)
            let rest = try await harness.runDeliveries()
            #expect(rest.outcomes.map(\.kind) == [.created], "\(rest.outcomes.map { ($0.kind, $0.message) })")
            #expect(rest.outcomes.first?.odooTemplateId == backorder)

            let fulfilments = try #require(harness.medusa.fulfilments(orderId: order.medusaOrder))
            #expect(fulfilments.map { $0.items.reduce(Decimal(0)) { $0 + $1.quantity } } == [2, 1])
            #expect(fulfilments.allSatisfy { $0.shippedAt != nil && $0.labels.isEmpty })
            let items = try #require(harness.medusa.lineQuantities(orderId: order.medusaOrder))
            let fulfilled = Dictionary(fulfilments.flatMap(\.items).map { ($0.lineItemId, $0.quantity) }, uniquingKeysWith: +)
            #expect(items.allSatisfy { fulfilled[$0.lineItemId] == $0.quantity && $0.fulfilled == $0.quantity },
                    "every item fulfilled exactly once")
            #expect(try await harness.runDeliveries().outcomes.isEmpty)
        }
    }

    @Test func aPickingWrittenAgainInOdooIsReportedOnce() async throws {
        try await withHarness(.odoo19, odooConfiguration: OdooSimulatorConfiguration(deliveryModuleInstalled: true)) { harness in
            let order = try await Self.orderInOdoo(harness)
            let done = try await harness.odoo.validateDelivery(saleOrderId: order.saleOrder)
            #expect(try await harness.runDeliveries().outcomes.map(\.kind) == [.created])
            // The warehouse adds the tracking number an hour later: the done picking is written again.
            try await harness.odoo.setTrackingReference(pickingId: done.pickingId, reference: "LATE-42")
            let late = try await harness.runDeliveries()
            #expect(late.outcomes.map(\.kind) == [.skipped])
            #expect(late.outcomes.first?.message?.contains("LATE-42") == true)
            #expect(try await harness.runDeliveries().outcomes.isEmpty)
            #expect(harness.medusa.fulfilments(orderId: order.medusaOrder)?.count == 1)
        }
    }

    /// Medusa applies the fulfilment create and its answer is lost (a 500 after the effect): the picking fails, retryable
    /// on Medusa's side, and is not sent again blindly; the next run finds the fulfilment no picking claims with exactly
    /// the delivered items, adopts it and ships it. Medusa holds exactly one fulfilment.
    @Test func aFulfilmentWhoseAnswerWasLostIsAdoptedByTheNextRunNotCreatedAgain() async throws {
        try await withHarness(.odoo19, odooConfiguration: OdooSimulatorConfiguration(deliveryModuleInstalled: true)) { harness in
            let order = try await Self.orderInOdoo(harness)
            let done = try await harness.odoo.validateDelivery(saleOrderId: order.saleOrder, trackingReference: "1ZLOST0001")
            harness.medusa.faults.update {
                $0.scriptedRoutes = [ScriptedRouteFault(method: "POST", pathSuffix: "/fulfillments", fault: .lostAnswer)]
            }

            let lost = try await harness.runDeliveries()
            #expect(harness.medusa.faults.injectedCounts[.lostAnswer] == 1)
            #expect(lost.summary.error == nil, "\(lost.summary.error ?? "")")
            let failure = try #require(lost.outcomes.first, "the picking is reported failed")
            #expect(lost.outcomes.map(\.kind) == [.failed], "\(lost.outcomes.map { ($0.kind, $0.message) })")
            #expect(failure.odooTemplateId == done.pickingId && failure.subject == .delivery)
            #expect(failure.system == "medusa" && failure.failureClass == .retryable, "\(failure)")
            #expect(failure.message?.hasPrefix("fulfilment not confirmed by Medusa") == true, "\(failure.message ?? "")")
            let created = try #require(harness.medusa.fulfilments(orderId: order.medusaOrder))
            #expect(created.count == 1 && created.first?.shippedAt == nil, "applied, not shipped")

            let adopted = try await harness.runDeliveries()
            #expect(adopted.summary.error == nil, "\(adopted.summary.error ?? "")")
            #expect(adopted.outcomes.map(\.kind) == [.updated], "\(adopted.outcomes.map { ($0.kind, $0.message) })")
            #expect(adopted.outcomes.first?.odooTemplateId == done.pickingId)
            #expect(adopted.outcomes.first?.message?.hasPrefix("adopted fulfilment \(created[0].id)") == true,
                    "\(adopted.outcomes.first?.message ?? "")")
            let fulfilments = try #require(harness.medusa.fulfilments(orderId: order.medusaOrder))
            #expect(fulfilments.count == 1 && fulfilments[0].id == created[0].id)
            #expect(fulfilments[0].shippedAt != nil)
            #expect(fulfilments[0].labels.map(\.trackingNumber) == ["1ZLOST0001"])
            let items = try #require(harness.medusa.lineQuantities(orderId: order.medusaOrder))
            #expect(items.allSatisfy { $0.fulfilled == $0.quantity && $0.shipped == $0.quantity })

            #expect(try await harness.runDeliveries().outcomes.isEmpty)
            #expect(harness.medusa.fulfilments(orderId: order.medusaOrder)?.count == 1)
        }
    }
}

extension SyncHarness {
    /// One deliveries run to the end, over the same clients and store as the other kinds.
    @discardableResult
    func runDeliveries(_ configuration: DeliveriesConfiguration = DeliveriesConfiguration(since: Date(timeIntervalSince1970: 0)))
        async throws -> RecordedRun
    {
        let recorder = RunRecorder()
        let engine = DeliveriesEngine(medusa: medusaClient, odoo: odooClient, state: state, configuration: configuration)
        let summary = try await engine.run(reporter: recorder)
        return RecordedRun(summary: summary, outcomes: await recorder.outcomes, phases: await recorder.phases, medusaWrites: [:])
    }
}
