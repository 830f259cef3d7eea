import Foundation
import Testing
@testable import SyncCore

/// The deliveries engine over in-memory Odoo and Medusa: each done delivery of a synced order becomes one fulfilment
/// with its shipment, once, whatever is lost on the way.
@Suite struct DeliveriesEngineTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    struct World {
        let odoo = FakeOdooDeliveries()
        let shop = FakeShopFulfilments()
        let store = FakeOrderStore()
        var configuration = DeliveriesConfiguration(since: Date(timeIntervalSince1970: 1_000_000_000), pageSize: 2)

        /// Order `order_1` (S00001, sale.order 101): 2 × desk (variant_a ↔ product 11), 3 × lamp (variant_b ↔ 12).
        init() async {
            await store.bind(variant: "variant_a", to: 11)
            await store.bind(variant: "variant_b", to: 12)
            await store.saveOrderLinks([OrderLink(medusaOrderId: "order_1", medusaDisplayId: 1, odooOrderId: 101,
                                                  odooOrderName: "S00001", state: .sent, currencyCode: "usd",
                                                  medusaTotal: 500, updatedAt: DeliveriesEngineTests.t0)])
            await shop.place("order_1", items: [("ordli_desk", "variant_a", 2), ("ordli_lamp", "variant_b", 3)])
        }

        func run() async throws -> (RunSummary, [ProductOutcome]) {
            let reporter = RecordingReporter()
            let engine = DeliveriesEngine(medusa: shop, odoo: odoo, state: store, configuration: configuration,
                                          now: { DeliveriesEngineTests.t0 })
            let summary = try await engine.run(reporter: reporter)
            return (summary, await reporter.outcomes)
        }

        func fulfilments() async -> [MedusaFulfilmentState.Fulfilment] { await shop.orders["order_1"]?.fulfilments ?? [] }
    }

    @Test func aFullDeliveryBecomesOneShippedFulfilmentWithTrackingAndASecondRunWritesNothing() async throws {
        let world = await World()
        await world.odoo.validate(id: 7, saleOrderId: 101, delivered: [11: 2, 12: 3], tracking: "1Z999")

        let (summary, outcomes) = try await world.run()
        #expect(summary.error == nil)
        #expect(outcomes.map(\.kind) == [.created])
        #expect(outcomes.first?.subject == .delivery)
        #expect(outcomes.first?.title == "WH/OUT/00007 → #1")
        #expect(outcomes.first?.message == "fulfilled 5 items and shipped with tracking 1Z999")
        let fulfilments = await world.fulfilments()
        #expect(fulfilments.count == 1)
        #expect(Set(fulfilments[0].items) == [MedusaFulfilmentItem(lineItemId: "ordli_desk", quantity: 2),
                                              MedusaFulfilmentItem(lineItemId: "ordli_lamp", quantity: 3)])
        #expect(fulfilments[0].shippedAt != nil && fulfilments[0].trackingNumbers == ["1Z999"])
        let link = await world.store.deliveryLinks[7]
        #expect(link?.state == .shipped && link?.fulfilmentId == fulfilments[0].id && link?.trackingNumber == "1Z999")

        await world.shop.resetRequests()
        let (again, quiet) = try await world.run()
        #expect(again.error == nil && quiet.isEmpty)
        #expect(await world.shop.requests == 0)
        #expect(await world.shop.creates == 1)
    }

    @Test func aPartialDeliveryAndItsBackorderAreTwoFulfilments() async throws {
        let world = await World()
        await world.odoo.validate(id: 7, saleOrderId: 101, delivered: [11: 1, 12: 3])
        let (_, first) = try await world.run()
        #expect(first.map(\.kind) == [.created])
        #expect(first.first?.message == "fulfilled 4 items and shipped (no tracking number in Odoo)")

        await world.odoo.validate(id: 8, saleOrderId: 101, delivered: [11: 1], tracking: "BACK-1")
        let (_, second) = try await world.run()
        #expect(second.map(\.kind) == [.created])
        let fulfilments = await world.fulfilments()
        #expect(fulfilments.count == 2)
        #expect(fulfilments[1].items == [MedusaFulfilmentItem(lineItemId: "ordli_desk", quantity: 1)])
        #expect(await world.shop.orders["order_1"]?.items.map(\.fulfilledQuantity) == [2, 3])
        #expect(await world.shop.shipments.map(\.label?.trackingNumber) == [nil, "BACK-1"])
    }

    @Test func aPickingSeenAgainIsReportedOnceAndALateTrackingNumberIsSaidOnce() async throws {
        let world = await World()
        await world.odoo.validate(id: 7, saleOrderId: 101, delivered: [11: 2, 12: 3])
        _ = try await world.run()
        // The warehouse writes the tracking number after the validation: the picking is written again.
        await world.odoo.write(id: 7, tracking: "LATE-1")
        let (_, second) = try await world.run()
        #expect(second.map(\.kind) == [.skipped])
        #expect(second.first?.message?.contains("LATE-1") == true)
        await world.odoo.write(id: 7)
        let (_, third) = try await world.run()
        #expect(third.isEmpty)
        #expect(await world.shop.creates == 1)
        #expect(await world.shop.shipments.count == 1)
    }

    @Test func aCreateWhoseAnswerIsLostIsAdoptedByTheNextRunNotCreatedAgain() async throws {
        let world = await World()
        await world.odoo.validate(id: 7, saleOrderId: 101, delivered: [11: 2, 12: 3], tracking: "1Z1")
        await world.shop.setLoseNextCreateAnswer()
        let (summary, first) = try await world.run()
        #expect(summary.error == nil)
        #expect(first.map(\.kind) == [.failed])
        #expect(first.first?.failureClass == .retryable)
        #expect(await world.store.pendingDeliveryEntries[7]?.attempts == 1)

        let (_, second) = try await world.run()
        #expect(second.map(\.kind) == [.updated])
        #expect(second.first?.message?.hasPrefix("adopted fulfilment ful_1") == true)
        #expect(await world.shop.creates == 1)
        #expect(await world.fulfilments().count == 1)
        #expect(await world.fulfilments().first?.trackingNumbers == ["1Z1"])
        #expect(await world.store.pendingDeliveryEntries.isEmpty)
    }

    @Test func aFailedShipmentIsRetriedAloneByTheNextRun() async throws {
        let world = await World()
        await world.odoo.validate(id: 7, saleOrderId: 101, delivered: [11: 2, 12: 3], tracking: "1Z2")
        await world.shop.setFailNextShipment(FakeError(failureClass: .retryable, description: "502 Bad Gateway"))
        let (_, first) = try await world.run()
        #expect(first.map(\.kind) == [.failed])
        #expect(await world.store.deliveryLinks[7]?.state == .fulfilled)

        let (_, second) = try await world.run()
        #expect(second.map(\.kind) == [.updated])
        #expect(second.first?.message == "shipped with tracking 1Z2")
        #expect(await world.shop.creates == 1)
        #expect(await world.store.deliveryLinks[7]?.state == .shipped)
    }

    @Test func itemsMedusaAlreadyCountsAsFulfilledAreNotFulfilledAgain() async throws {
        let world = await World()
        try await world.shop.fulfilByHand("order_1", items: [MedusaFulfilmentItem(lineItemId: "ordli_desk", quantity: 2),
                                                             MedusaFulfilmentItem(lineItemId: "ordli_lamp", quantity: 1)])
        await world.odoo.validate(id: 7, saleOrderId: 101, delivered: [11: 1, 12: 1])
        let (_, outcomes) = try await world.run()
        // The desk is fully fulfilled already; the lamp has room: only the lamp is fulfilled.
        #expect(outcomes.map(\.kind) == [.created])
        #expect(await world.fulfilments().last?.items == [MedusaFulfilmentItem(lineItemId: "ordli_lamp", quantity: 1)])

        await world.odoo.validate(id: 8, saleOrderId: 101, delivered: [11: 1])
        let (_, second) = try await world.run()
        #expect(second.map(\.kind) == [.skipped])
        #expect(await world.store.deliveryLinks[8]?.state == .alreadyFulfilled)
        #expect(await world.shop.creates == 1)
    }

    @Test func pickingsOfOrdersTheSyncDidNotCreateAreIgnoredWithoutAMedusaRequest() async throws {
        let world = await World()
        await world.odoo.validate(id: 9, saleOrderId: 555, delivered: [11: 1])
        await world.odoo.validate(id: 10, saleOrderId: 101, delivered: [11: 1], state: .cancel)
        let (summary, outcomes) = try await world.run()
        #expect(summary.error == nil && outcomes.isEmpty)
        #expect(await world.shop.requests == 0)
    }

    @Test func aReturnIsSaidOnceAndNotSynced() async throws {
        let world = await World()
        await world.odoo.validate(id: 7, saleOrderId: 101, delivered: [11: 2, 12: 3])
        _ = try await world.run()
        await world.odoo.validate(id: 12, saleOrderId: 101, delivered: [11: 1], direction: .incoming)
        let (_, outcomes) = try await world.run()
        #expect(outcomes.map(\.kind) == [.skipped])
        #expect(outcomes.first?.message?.contains("returns and refunds are not synced") == true)
        #expect(await world.store.deliveryLinks[12]?.state == .reversed)
        await world.odoo.write(id: 12)
        let (_, again) = try await world.run()
        #expect(again.isEmpty)
        #expect(await world.shop.creates == 1)
    }

    @Test func aCancelledShopOrderGetsNoFulfilment() async throws {
        let world = await World()
        await world.shop.cancel("order_1")
        await world.odoo.validate(id: 7, saleOrderId: 101, delivered: [11: 2])
        let (_, outcomes) = try await world.run()
        #expect(outcomes.map(\.kind) == [.skipped])
        #expect(await world.shop.creates == 0)
    }

    @Test func aConfigurationErrorFailsTheRunAndKeepsTheCursor() async throws {
        let world = await World()
        await world.odoo.validate(id: 7, saleOrderId: 101, delivered: [11: 2])
        await world.odoo.setFailNext(FakeError(failureClass: .configuration, system: "odoo",
                                               description: "AccessError: Inventory/User needed"))
        let (summary, outcomes) = try await world.run()
        #expect(summary.error?.contains("Inventory/User") == true)
        #expect(summary.errorClass == .configuration)
        #expect(outcomes.isEmpty)
        #expect(await world.store.memos[.deliveriesCursor] == nil)
        let (healed, later) = try await world.run()
        #expect(healed.error == nil && later.map(\.kind) == [.created])
    }

    @Test func theCursorPagesThroughEveryPickingAndResumesAfterTheLast() async throws {
        var world = await World()
        world.configuration.pageSize = 1
        await world.shop.place("order_1", items: [("ordli_desk", "variant_a", 5)])
        for id in 1...4 { await world.odoo.validate(id: id, saleOrderId: 101, delivered: [11: 1]) }
        let (_, outcomes) = try await world.run()
        #expect(outcomes.map(\.odooTemplateId) == [1, 2, 3, 4])
        #expect(await world.store.memos[.deliveriesCursor]?.hasSuffix("|4") == true)
        await world.odoo.resetRequests()
        let (_, none) = try await world.run()
        #expect(none.isEmpty)
        #expect(await world.odoo.requests == 1)
    }
}

extension FakeShopFulfilments {
    func setLoseNextCreateAnswer() { loseNextCreateAnswer = true }
    func setFailNextShipment(_ error: any Error & Sendable) { failNextShipment = error }
}

extension FakeOdooDeliveries {
    func setFailNext(_ error: any Error & Sendable) { failNext = error }
}

/// The pure allocation of delivered quantities to line items.
@Suite struct FulfilmentAllocationTests {
    static let items = [
        MedusaFulfilmentState.Item(id: "a1", variantId: "va", quantity: 2, fulfilledQuantity: 1),
        MedusaFulfilmentState.Item(id: "b", variantId: "vb", quantity: 1, fulfilledQuantity: 0),
        MedusaFulfilmentState.Item(id: "a2", variantId: "va", quantity: 3, fulfilledQuantity: 0),
    ]
    static let variants = [1: "va", 2: "vb"]

    @Test(arguments: [
        // delivered, capacity, expected items, expected unmatched
        ([1: Decimal(2)], FulfilmentAllocation.Capacity.ordered, [("a1", Decimal(2))], [Int: Decimal]()),
        ([1: 2], .unfulfilled, [("a1", 1), ("a2", 1)], [:]),
        ([1: 6], .unfulfilled, [("a1", 1), ("a2", 3)], [1: 2]),
        ([2: 1, 3: 4], .ordered, [("b", 1)], [3: 4]),
        ([1: 0, 2: 0], .ordered, [], [:]),
    ] as [([Int: Decimal], FulfilmentAllocation.Capacity, [(String, Decimal)], [Int: Decimal])])
    func allocates(delivered: [Int: Decimal], capacity: FulfilmentAllocation.Capacity, items: [(String, Decimal)],
                   unmatched: [Int: Decimal]) {
        let result = FulfilmentAllocation.allocate(delivered: delivered, variantByProduct: Self.variants,
                                                   items: Self.items, capacity: capacity)
        #expect(result.items == items.map { MedusaFulfilmentItem(lineItemId: $0.0, quantity: $0.1) })
        #expect(result.unmatched == unmatched)
    }

    @Test func deliveredSumsMovesPerProductAndSkipsCancelledOnes() {
        let moves = [OdooDeliveryMove(id: 1, pickingId: 7, productId: 1, quantity: 2, state: "done"),
                     OdooDeliveryMove(id: 2, pickingId: 7, productId: 1, quantity: 1, state: "done"),
                     OdooDeliveryMove(id: 3, pickingId: 7, productId: 2, quantity: 5, state: "cancel"),
                     OdooDeliveryMove(id: 4, pickingId: 7, productId: 3, quantity: 0, state: "done")]
        #expect(FulfilmentAllocation.delivered(moves) == [1: 3])
    }

    @Test func sameItemsIgnoresOrderAndSplitLines() {
        let fulfilment = MedusaFulfilmentState.Fulfilment(id: "f", items: [.init(lineItemId: "a", quantity: 1),
                                                                         .init(lineItemId: "b", quantity: 2)])
        #expect(FulfilmentAllocation.sameItems(fulfilment, [.init(lineItemId: "b", quantity: 2), .init(lineItemId: "a", quantity: 1)]))
        #expect(!FulfilmentAllocation.sameItems(fulfilment, [.init(lineItemId: "a", quantity: 1)]))
    }
}
