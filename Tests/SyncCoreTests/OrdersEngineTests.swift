import Foundation
import Testing
@testable import SyncCore

/// The orders engine over in-memory Medusa and Odoo: which orders go, once, with which contacts; what waits and heals.
@Suite struct OrdersEngineTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    struct World {
        let shop = FakeShopOrders()
        let odoo = FakeOdooSales()
        let store = FakeOrderStore()
        var configuration = OrdersConfiguration(since: OrdersEngineTests.t0.addingTimeInterval(-3600))

        init() async {
            await odoo.addProducts([11, 12])
            await store.bind(variant: "variant_a", to: 11)
            await store.bind(variant: "variant_b", to: 12)
        }

        func run() async throws -> (RunSummary, [ProductOutcome]) {
            let reporter = RecordingReporter()
            let engine = OrdersEngine(medusa: shop, odoo: odoo, state: store, configuration: configuration,
                                      now: { OrdersEngineTests.t0.addingTimeInterval(60) })
            let summary = try await engine.run(reporter: reporter)
            return (summary, await reporter.outcomes)
        }
    }

    static func order(_ id: String, display: Int, customer: String = "cus_jane", email: String = "jane@example.com",
                      currency: String = "usd", payment: MedusaPaymentStatus = .captured, variant: String = "variant_a",
                      updated: TimeInterval = 0, tax: Decimal = 15, shipping: Bool = true,
                      adjustments: [MedusaAdjustment] = [], total: Decimal? = nil) -> MedusaOrder {
        let address = MedusaAddress(firstName: "Jane", lastName: "Doe", address1: "12 Main St", city: "Springfield",
                                    province: "il", postalCode: "62701", countryCode: "us")
        let item = MedusaLineItem(id: "ordli_\(id)", title: "Desk", variantId: variant, quantity: 2, unitPrice: 100,
                                  taxLines: [MedusaTaxLine(rate: tax)], adjustments: adjustments)
        let methods = shipping ? [MedusaShippingMethod(id: "ordsm_\(id)", name: "Standard", amount: 10,
                                                       taxLines: [MedusaTaxLine(rate: tax)])] : []
        let discount = adjustments.reduce(Decimal(0)) { $0 + $1.amount }
        let computed = (200 - discount + (shipping ? 10 : 0)) * (1 + tax / 100)
        return MedusaOrder(id: id, displayId: display, email: email, currencyCode: currency, customerId: customer,
                           createdAt: t0, updatedAt: t0.addingTimeInterval(updated), paymentStatus: payment,
                           items: [item], shippingMethods: methods, shippingAddress: address, billingAddress: address,
                           total: total ?? computed)
    }

    static let jane = MedusaCustomer(id: "cus_jane", email: "Jane@Example.com", firstName: "Jane", lastName: "Doe")
    static let guest = MedusaCustomer(id: "cus_guest", email: "guest@example.com", hasAccount: false)

    @Test func sendsOrdersOnceWithOneContactPerCustomerAndASecondRunWritesNothing() async throws {
        let world = await World()
        await world.shop.place(Self.order("order_1", display: 1, updated: 1), customer: Self.jane)
        await world.shop.place(Self.order("order_2", display: 2, currency: "eur", updated: 2,
                                          adjustments: [MedusaAdjustment(code: "TEN", amount: 20)]))
        await world.shop.place(Self.order("order_3", display: 3, customer: "cus_guest", email: "guest@example.com",
                                          updated: 3, shipping: false), customer: Self.guest)

        let (summary, outcomes) = try await world.run()
        #expect(summary.error == nil)
        #expect(outcomes.map(\.kind) == [.created, .created, .created])
        #expect(outcomes.allSatisfy { $0.subject == .order && $0.message?.contains("confirmed") == true })
        let orders = await world.odoo.orders.values.sorted { $0.id < $1.id }
        #expect(orders.count == 3)
        #expect(orders.allSatisfy { $0.state == .sale })
        #expect(Set(orders.map(\.values.origin)) == ["medusa:order_1", "medusa:order_2", "medusa:order_3"])
        #expect(orders.first { $0.values.origin == "medusa:order_2" }?.values.pricelistId == 2)
        #expect(orders.first { $0.values.origin == "medusa:order_2" }?.values.lines.first?.discount == 10)
        // Jane's two orders share one contact; the guest has its own; each has one delivery + one invoice child.
        let contacts = await world.odoo.contacts
        #expect(contacts.filter { $0.parentId == nil }.count == 2)
        #expect(contacts.filter { $0.parentId != nil }.count == 4)
        #expect(orders.map(\.values.lines.count) == [2, 2, 1])  // item + shipping; the third has no shipping

        let writesBefore = await world.odoo.writes
        await world.shop.resetRequests()
        let (again, quiet) = try await world.run()
        #expect(again.error == nil && quiet.isEmpty)
        #expect(await world.odoo.writes == writesBefore)
        #expect(await world.shop.requests == 1)
        #expect(await world.odoo.requests > 0)  // (first run's reads) — the quiet run adds none:
        let odooRequests = await world.odoo.requests
        _ = try await world.run()
        #expect(await world.odoo.requests == odooRequests)
    }

    @Test func aPollReadsInFullOnlyTheOrdersItWillSend() async throws {
        let world = await World()
        await world.shop.place(Self.order("order_1", display: 1), customer: Self.jane)
        _ = try await world.run()
        await world.shop.update("order_1") { $0.updatedAt = Self.t0.addingTimeInterval(60) }  // seen again, already sent
        await world.shop.place(Self.order("order_2", display: 2, payment: .authorized, updated: 61), customer: Self.jane)
        await world.shop.place(Self.order("order_3", display: 3, updated: 62), customer: Self.jane)
        await world.shop.resetRequests()
        let (summary, outcomes) = try await world.run()
        #expect(summary.error == nil)
        #expect(outcomes.compactMap(\.medusaProductId).sorted() == ["order_2", "order_3"])  // waiting, created
        #expect(await world.shop.readInFull == ["order_3"])
        #expect(await world.shop.summaryPages == 1)
        #expect(await world.shop.requests == 3)  // the summaries, order_3 in full, the customer
    }

    /// Countries then states, and customers then the contacts by e-mail, are two chains of reads that do not depend
    /// on each other: one round trip of a backlog is saved by running them together.
    @Test func theContactSearchIsInFlightWhileTheStatesAreRead() async throws {
        let world = await World()
        await world.odoo.setHoldStatesForContactSearch()
        await world.shop.place(Self.order("order_1", display: 1), customer: Self.jane)
        let (summary, outcomes) = try await world.run()
        #expect(summary.error == nil && outcomes.map(\.kind) == [.created])
        #expect(await world.odoo.statesWaitedInVain == false)
    }

    @Test func anOrderWaitingForPaymentIsSentOnceCapturedThoughItsUpdatedAtDidNotMove() async throws {
        let world = await World()
        await world.shop.place(Self.order("order_1", display: 1, payment: .authorized), customer: Self.jane)
        let (_, first) = try await world.run()
        #expect(first.map(\.kind) == [.skipped])
        #expect(first.first?.message?.contains("waiting for payment: authorized") == true)
        let (_, second) = try await world.run()
        #expect(second.isEmpty)  // still waiting: not reported again
        await world.shop.update("order_1") { $0.paymentStatus = .captured }  // updated_at unchanged, as in Medusa 2.0
        let (_, third) = try await world.run()
        #expect(third.map(\.kind) == [.created])
        #expect(await world.store.pending.isEmpty)
    }

    @Test func anUnmappedLineIsHeldThenHealedOnceTheCatalogueBindsTheVariant() async throws {
        let world = await World()
        await world.shop.place(Self.order("order_1", display: 1, variant: "variant_new"), customer: Self.jane)
        let (_, first) = try await world.run()
        #expect(first.map(\.kind) == [.skipped])
        #expect(first.first?.message?.contains("variant variant_new is not bound") == true)
        #expect(await world.odoo.orders.isEmpty)
        await world.odoo.addProducts([13])
        await world.store.bind(variant: "variant_new", to: 13)
        let (_, second) = try await world.run()
        #expect(second.map(\.kind) == [.created])
        #expect(await world.odoo.orders.count == 1)
    }

    @Test func anOrderCreatedWhoseAnswerWasLostIsAdoptedNotCreatedAgain() async throws {
        let world = await World()
        await world.shop.place(Self.order("order_1", display: 1), customer: Self.jane)
        await world.odoo.setLoseNextCreateAnswer()
        let (failed, _) = try await world.run()
        #expect(failed.errorClass == .retryable)
        #expect(await world.odoo.orders.count == 1)  // created, but the sync never heard back
        let (summary, outcomes) = try await world.run()
        #expect(summary.error == nil)
        #expect(outcomes.map(\.kind) == [.updated])
        #expect(outcomes.first?.message?.contains("not created again") == true)
        #expect(await world.odoo.orders.count == 1)
        #expect(await world.odoo.orders.values.first?.state == .sale)
    }

    @Test func contactsCreatedWhoseAnswerWasLostAreFoundByEmailNotCreatedAgain() async throws {
        let world = await World()
        await world.shop.place(Self.order("order_1", display: 1), customer: Self.jane)
        await world.odoo.setLoseNextContactAnswer()
        let (failed, _) = try await world.run()
        #expect(failed.errorClass == .retryable)
        #expect(await world.odoo.contacts.count == 1)  // Jane exists in Odoo, no link was written
        let (summary, outcomes) = try await world.run()
        #expect(summary.error == nil && outcomes.map(\.kind) == [.created])
        let contacts = await world.odoo.contacts
        #expect(contacts.filter { $0.parentId == nil }.count == 1)
        #expect(await world.odoo.orders.values.first?.values.partnerId == contacts.first { $0.parentId == nil }?.id)
    }

    @Test func aLostBindingAdoptsTheOrderFoundByItsReference() async throws {
        let world = await World()
        await world.shop.place(Self.order("order_1", display: 1), customer: Self.jane)
        _ = try await world.run()
        await world.store.forgetLinks()
        await world.store.saveMemo(.ordersCursor, value: nil)
        let (_, outcomes) = try await world.run()
        #expect(outcomes.map(\.kind) == [.updated])
        #expect(await world.odoo.orders.count == 1)
    }

    @Test func oneBadOrderInABatchIsIsolatedAndTheOthersAreCreated() async throws {
        var world = await World()
        world.configuration.createBatchSize = 4
        for index in 1...4 {
            await world.shop.place(Self.order("order_\(index)", display: index, updated: Double(index)), customer: Self.jane)
        }
        await world.store.bind(variant: "variant_gone", to: 666)  // bound, but the product no longer exists in Odoo
        await world.shop.place(Self.order("order_5", display: 5, variant: "variant_gone", updated: 0.5), customer: Self.jane)
        world.configuration.createBatchSize = 5
        let (summary, outcomes) = try await world.run()
        #expect(summary.counts.created == 4 && summary.counts.failed == 1)
        #expect(outcomes.first { $0.kind == .failed }?.medusaProductId == "order_5")
        #expect(await world.odoo.orders.count == 4)
        #expect(await world.store.pending["order_5"] != nil)  // tried again by the next run
    }

    @Test func aCancelledOrderIsCancelledInOdooUnlessAlreadyDelivered() async throws {
        let world = await World()
        await world.shop.place(Self.order("order_1", display: 1, updated: 1), customer: Self.jane)
        await world.shop.place(Self.order("order_2", display: 2, updated: 2), customer: Self.jane)
        _ = try await world.run()
        let delivered = await world.store.links["order_2"]!.odooOrderId
        await world.odoo.setDelivery(orderId: delivered, status: "full")
        for id in ["order_1", "order_2"] {
            await world.shop.update(id) { $0.status = .canceled; $0.updatedAt = OrdersEngineTests.t0.addingTimeInterval(30) }
        }
        let (_, outcomes) = try await world.run()
        #expect(outcomes.first { $0.medusaProductId == "order_1" }?.kind == .updated)
        #expect(outcomes.first { $0.medusaProductId == "order_2" }?.kind == .skipped)
        #expect(outcomes.first { $0.medusaProductId == "order_2" }?.message?.contains("already delivered") == true)
        #expect(await world.odoo.orders[delivered]?.state == .sale)
        #expect(await world.store.links["order_1"]?.state == .canceled)
        #expect(await world.store.links["order_2"]?.state == .cancelRefused)
        let (_, again) = try await world.run()
        #expect(again.isEmpty)
    }

    @Test func aTaxRateOdooDoesNotHaveHoldsTheOrderNamingTheRate() async throws {
        let world = await World()
        await world.shop.place(Self.order("order_1", display: 1, tax: 7), customer: Self.jane)
        let (_, outcomes) = try await world.run()
        #expect(outcomes.map(\.kind) == [.skipped])
        #expect(outcomes.first?.message?.contains("no Odoo sale tax of 7%") == true)
        #expect(await world.odoo.orders.isEmpty)
    }

    @Test func anOdooKeyWithoutRightsFailsTheRunAsAConfigurationError() async throws {
        let world = await World()
        await world.shop.place(Self.order("order_1", display: 1), customer: Self.jane)
        await world.odoo.setRefuseWrites("You are not allowed to create 'Contact' (res.partner) records.")
        let (summary, _) = try await world.run()
        #expect(summary.errorClass == .configuration)
        #expect(summary.error?.contains("res.partner") == true)
    }

    @Test func aHeldOrderIsReportedWhenItStartsWaitingNotOnEveryPoll() async throws {
        let world = await World()
        await world.shop.place(Self.order("order_1", display: 1, tax: 7), customer: Self.jane)
        #expect(try await world.run().1.map(\.kind) == [.skipped])
        #expect(try await world.run().1.isEmpty)
        #expect(await world.store.pending["order_1"]?.reason.contains("7%") == true)
    }

    @Test func theFirstPollStartsAtSinceNotAtTheBeginningOfTheShop() async throws {
        var world = await World()
        world.configuration.since = Self.t0
        for index in 0..<250 {  // the shop's history, long before orders sync was turned on
            await world.shop.place(Self.order("old_\(index)", display: index + 10, updated: -86_400 - Double(index)))
        }
        await world.shop.place(Self.order("order_1", display: 1, updated: 5), customer: Self.jane)
        let (_, outcomes) = try await world.run()
        #expect(outcomes.map(\.medusaProductId) == ["order_1"])
        // One page of summaries (from `since`, not the shop's history), order_1 read in full, one page of customers.
        #expect(await world.shop.summaryPages == 1)
        #expect(await world.shop.requests == 3)
    }

    @Test func ordersCreatedBeforeARetryableFailureAreStillReported() async throws {
        var world = await World()
        world.configuration.createBatchSize = 1
        await world.shop.place(Self.order("order_1", display: 1, updated: 1), customer: Self.jane)
        await world.shop.place(Self.order("order_2", display: 2, updated: 2), customer: Self.jane)
        await world.odoo.failSecondCreate()
        let (summary, outcomes) = try await world.run()
        #expect(summary.errorClass == .retryable)
        #expect(summary.counts.created == 1 && outcomes.map(\.kind) == [.created])
    }

    /// Each failed create costs an Odoo order number: after `maxFailedAttempts` the order waits for a change in Medusa.
    @Test func anOrderThatKeepsFailingStopsBeingTriedUntilItChangesInMedusa() async throws {
        var world = await World()
        world.configuration.maxFailedAttempts = 2
        await world.store.bind(variant: "variant_gone", to: 666)  // bound, but the product no longer exists in Odoo
        await world.shop.place(Self.order("order_1", display: 1, variant: "variant_gone"), customer: Self.jane)
        #expect(try await world.run().1.map(\.kind) == [.failed])
        #expect(try await world.run().1.map(\.kind) == [.failed])
        #expect(await world.store.pending["order_1"]?.reason.hasPrefix("failed 2 times, not tried again") == true)
        let requests = await world.odoo.requests
        #expect(try await world.run().1.isEmpty)
        #expect(await world.odoo.requests == requests)  // not read again, nothing sent to Odoo
        // Fixed in Medusa (the line now on a product Odoo has): the poll sees the change and the order goes.
        await world.shop.update("order_1") { order in
            order.items[0].variantId = "variant_a"
            order.updatedAt = OrdersEngineTests.t0.addingTimeInterval(120)
        }
        #expect(try await world.run().1.map(\.kind) == [.created])
        #expect(await world.store.pending["order_1"] == nil)
    }

    @Test func ordersPlacedBeforeSinceAreNeverSent() async throws {
        var world = await World()
        world.configuration.since = Self.t0.addingTimeInterval(1)
        await world.shop.place(Self.order("order_1", display: 1), customer: Self.jane)
        let (summary, outcomes) = try await world.run()
        #expect(summary.error == nil && outcomes.isEmpty)
        #expect(await world.odoo.requests == 0)
    }
}

extension FakeOdooSales {
    func failSecondCreate() { failCreateAfter = 1 }
    func setLoseNextContactAnswer() { loseNextContactAnswer = true }
    func setLoseNextCreateAnswer() { loseNextCreateAnswer = true }
    func setRefuseWrites(_ message: String) { refuseWrites = message }
}
