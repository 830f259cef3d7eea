import Foundation
import HTTPTransport
import RunStore
import Simulators
import SyncCore
import Testing

/// Shop orders into Odoo through both simulators and the real clients, on Odoo 19 (JSON-2) and 17 (JSON-RPC):
/// customers and guests, two currencies, a discount, shipping, taxes; idempotence; cancellation; a held line healed by
/// the catalogue; a create whose answer was lost; a key without sales rights.
@Suite(.serialized) struct OrdersEndToEndTests {
    static let catalogues: [HarnessCatalogue] = [.odoo19, .odoo17]

    /// A registered customer's USD order (2 lines, 15 % tax, 10.00 shipping) and a guest's EUR order (20 % price-included
    /// tax, a 10.00 discount): what Medusa charged is what Odoo holds, line by line and in total.
    @Test(arguments: catalogues) func ordersArriveInOdooAsConfirmedSaleOrdersOnce(_ catalogue: HarnessCatalogue) async throws {
        try await withHarness(catalogue) { harness in
            try await harness.run(.full)
            let variants = try await harness.goodsVariants()
            let usd = try harness.medusa.placeOrder(SimulatedOrderInput(
                customer: .registered(email: "jane@example.com", firstName: "Jane", lastName: "Doe"), currencyCode: "usd",
                items: [SimulatedLineItemInput(variantId: variants[0].medusa, quantity: 2, unitPrice: dec("100"),
                                               taxLines: [MedusaTaxLine(rate: 15)]),
                        SimulatedLineItemInput(variantId: variants[1].medusa, quantity: 1, unitPrice: dec("15.80"),
                                               taxLines: [MedusaTaxLine(rate: 15)])],
                shippingMethods: [SimulatedShippingMethodInput(name: "Standard", amount: dec("10"),
                                                               taxLines: [MedusaTaxLine(rate: 15)])],
                shippingAddress: ShopAddresses.springfield, billingAddress: ShopAddresses.springfield))
            let eur = try harness.medusa.placeOrder(SimulatedOrderInput(
                customer: .guest(email: "max@example.de"), currencyCode: "eur",
                items: [SimulatedLineItemInput(variantId: variants[2].medusa, quantity: 1, unitPrice: dec("56.40"),
                                               isTaxInclusive: true, taxLines: [MedusaTaxLine(rate: 20)],
                                               adjustments: [MedusaAdjustment(code: "TEN", amount: dec("10"))])],
                shippingAddress: ShopAddresses.munich, billingAddress: ShopAddresses.munich))
            // A second order of Jane's: her contact is reused, not created again.
            _ = try harness.medusa.placeOrder(SimulatedOrderInput(
                customer: .registered(email: "jane@example.com", firstName: "Jane", lastName: "Doe"), currencyCode: "usd",
                items: [SimulatedLineItemInput(variantId: variants[0].medusa, quantity: 1, unitPrice: dec("100"),
                                               taxLines: [MedusaTaxLine(rate: 15)])],
                shippingAddress: ShopAddresses.springfield, billingAddress: ShopAddresses.springfield))

            let first = try await harness.runOrders()
            #expect(first.summary.error == nil, "\(first.summary.error ?? "")")
            #expect(first.counts.created == 3)
            #expect(first.outcomes.allSatisfy { $0.subject == .order })
            #expect(!first.outcomes.contains { $0.message?.contains("differs") == true },
                    "\(first.outcomes.compactMap(\.message))")

            let orders = harness.odoo.saleOrders()
            #expect(orders.count == 3)
            #expect(orders.allSatisfy { $0.state == "sale" && $0.pickingIds.count == 1 },
                    "\(orders.map { ($0.name, $0.state, $0.pickingIds) })")
            let usdOrder = try #require(orders.first { $0.origin == "medusa:\(usd.id)" })
            #expect(usdOrder.clientOrderRef == "MEDUSA-\(usd.displayId)")
            #expect(usdOrder.lines.map(\.priceUnit) == [dec("100"), dec("15.80"), dec("10")])
            #expect(usdOrder.lines.allSatisfy { $0.taxIds == [1] })  // the 15 % sale tax
            #expect(usdOrder.lines.last?.name == "Shipping: Standard (Medusa)")
            #expect(usdOrder.amountTotal == dec("259.67"))  // (200 + 15.80 + 10) × 1.15
            let eurOrder = try #require(orders.first { $0.origin == "medusa:\(eur.id)" })
            #expect(eurOrder.lines.count == 1)
            #expect(eurOrder.lines[0].taxIds == [4])  // 20 % included
            #expect(eurOrder.lines[0].discount == dec("21.28"))  // 10 off the 47 net, as Medusa charges it
            #expect(eurOrder.amountTotal == dec("44.40"))
            #expect(harness.medusa.order(id: usd.id)?.total.rounded(toIncrement: dec("0.01")) == usdOrder.amountTotal)

            let contacts = harness.odoo.contacts()
            let jane = contacts.filter { $0.email?.lowercased() == "jane@example.com" && $0.parentId == nil }
            #expect(jane.count == 1)
            #expect(contacts.contains { $0.parentId == jane.first?.id && $0.type == "delivery" && $0.stateId == 17 })
            let max = try #require(contacts.first { $0.email == "max@example.de" && $0.parentId == nil })
            #expect(max.name == "Max Muster" && max.countryId == 57)
            #expect(contacts.contains { $0.parentId == max.id && $0.type == "invoice" && $0.stateId != nil })  // DE-BY

            // The next poll: one Medusa request, nothing written to Odoo.
            let odooBefore = harness.odoo.totalRequestCount
            let medusaBefore = harness.medusa.requestCounts.total
            let again = try await harness.runOrders()
            #expect(again.summary.error == nil && again.outcomes.isEmpty)
            #expect(harness.medusa.requestCounts.total - medusaBefore == 1)
            #expect(harness.odoo.totalRequestCount == odooBefore)
            #expect(harness.odoo.saleOrders().count == 3 && harness.odoo.contacts().count == contacts.count)

            // The shipping product the sync created in Odoo is not saleable, so the catalogue never publishes it.
            try await harness.run(.full)
            #expect(!harness.medusa.snapshot().products.contains { $0.title == "Shipping (Medusa)" })
        }
    }

    @Test(arguments: catalogues) func aCancelledOrderIsCancelledInOdoo(_ catalogue: HarnessCatalogue) async throws {
        try await withHarness(catalogue) { harness in
            try await harness.run(.full)
            let variant = try await harness.goodsVariants()[0].medusa
            let placed = try harness.medusa.placeOrder(SimulatedOrderInput(
                customer: .registered(email: "jane@example.com", firstName: "Jane", lastName: "Doe"), currencyCode: "usd",
                items: [SimulatedLineItemInput(variantId: variant, quantity: 1, unitPrice: dec("100"))],
                shippingAddress: ShopAddresses.springfield))
            try await harness.runOrders()
            try harness.medusa.cancelOrder(orderId: placed.id)
            let run = try await harness.runOrders()
            #expect(run.outcomes.map(\.kind) == [.updated])
            #expect(run.outcomes.first?.message == "cancelled in Odoo")
            let order = try #require(harness.odoo.saleOrders().first)
            #expect(order.state == "cancel")
            #expect(order.pickingIds.allSatisfy { harness.odoo.pickingState(id: $0) == "cancel" })
            #expect(try await harness.runOrders().outcomes.isEmpty)
        }
    }

    @Test func aDeliveredOrderCancelledInTheShopIsLeftAsItIsInOdoo() async throws {
        try await withHarness(.odoo19) { harness in
            try await harness.run(.full)
            let variant = try await harness.goodsVariants()[0].medusa
            let placed = try harness.medusa.placeOrder(SimulatedOrderInput(
                customer: .guest(email: "g@example.com"), currencyCode: "usd",
                items: [SimulatedLineItemInput(variantId: variant, quantity: 1, unitPrice: dec("100"))]))
            try await harness.runOrders()
            let saleOrder = try #require(harness.odoo.saleOrders().first)
            harness.odoo.deliverSaleOrder(id: saleOrder.id)
            try harness.medusa.cancelOrder(orderId: placed.id)
            let run = try await harness.runOrders()
            #expect(run.outcomes.map(\.kind) == [.skipped])
            #expect(run.outcomes.first?.message?.contains("already delivered") == true)
            #expect(harness.odoo.saleOrders().first?.state == "sale")
        }
    }

    @Test(arguments: catalogues) func aLineWithoutAnOdooProductIsHeldThenSentOnceTheCatalogueBindsIt(
        _ catalogue: HarnessCatalogue
    ) async throws {
        try await withHarness(catalogue) { harness in
            try await harness.run(.full)
            let (variant, odooId) = try await harness.goodsVariants()[0]
            // The catalogue has not caught up: neither the variant nor its product is bound (the next full run adopts them).
            let binding = try #require(try await harness.state.bindings(VariantBinding.self, odooIds: [odooId])[odooId])
            let product = try #require(try await harness.state.allBindings(ProductBinding.self).first { $0.productId == binding.productId })
            try await harness.state.deleteBindings(kind: .product, odooIds: [product.templateId])
            try await harness.state.deleteBindings(kind: .variant, odooIds: [odooId])
            _ = try harness.medusa.placeOrder(SimulatedOrderInput(
                customer: .guest(email: "g@example.com"), currencyCode: "usd",
                items: [SimulatedLineItemInput(variantId: variant, quantity: 1, unitPrice: dec("100"))]))
            let held = try await harness.runOrders()
            #expect(held.outcomes.map(\.kind) == [.skipped])
            #expect(held.outcomes.first?.message?.contains("variant \(variant) is not bound to an Odoo product") == true)
            #expect(harness.odoo.saleOrders().isEmpty)

            try await harness.run(.full)  // binds the variant again
            let healed = try await harness.runOrders()
            #expect(healed.outcomes.map(\.kind) == [.created])
            #expect(harness.odoo.saleOrders().first?.lines.first?.productId == odooId)
        }
    }

    /// The create reaches Odoo but its answer is lost: the client must not send it again, the run fails, and the next
    /// run finds the order by its reference and binds it — one order in Odoo, not two.
    @Test(arguments: catalogues) func aCreateWhoseAnswerWasLostIsAdoptedNeverDuplicated(
        _ catalogue: HarnessCatalogue
    ) async throws {
        let rule: ScriptedTransport.Rule = catalogue == .odoo19
            ? .init(method: .post, path: "/json/2/sale.order/create", timing: .afterApplying, remaining: 1)
            : .init(method: .post, path: "/jsonrpc", timing: .afterApplying, remaining: 1,
                    bodyContains: #""sale.order","create""#)
        let scripted = ScriptedTransport(rules: [rule])
        try await withHarness(catalogue) { harness in
            try await harness.run(.full)
            let variant = try await harness.goodsVariants()[0].medusa
            _ = try harness.medusa.placeOrder(SimulatedOrderInput(
                customer: .guest(email: "g@example.com"), currencyCode: "usd",
                items: [SimulatedLineItemInput(variantId: variant, quantity: 1, unitPrice: dec("100"))]))
            let lost = try await harness.runOrders(transport: scripted)
            #expect(lost.summary.errorClass == .retryable)
            #expect(scripted.firedRules.count == 1)
            #expect(harness.odoo.saleOrders().count == 1)
            #expect(harness.odoo.requestCount(model: "sale.order", method: "create") == 1)  // not retried by the client

            let adopted = try await harness.runOrders(transport: scripted)
            #expect(adopted.outcomes.map(\.kind) == [.updated])
            #expect(adopted.outcomes.first?.message?.contains("not created again") == true)
            #expect(harness.odoo.saleOrders().count == 1)
            #expect(harness.odoo.saleOrders().first?.state == "sale")
        }
    }

    /// Newer Medusa takes the Odoo order's name into the order's metadata; 2.0.0 (a 500 stub) is not asked.
    @Test(arguments: MedusaServerVersion.allCases) func theOdooNameIsWrittenBackWhereMedusaAllowsIt(
        _ version: MedusaServerVersion
    ) async throws {
        try await withHarness(.odoo19, medusaConfiguration: MedusaSimulatorConfiguration(version: version)) { harness in
            try await harness.run(.full)
            let variant = try await harness.goodsVariants()[0].medusa
            let placed = try harness.medusa.placeOrder(SimulatedOrderInput(
                customer: .guest(email: "g@example.com"), currencyCode: "usd",
                items: [SimulatedLineItemInput(variantId: variant, quantity: 1, unitPrice: dec("100"))]))
            let run = try await harness.runOrders()
            #expect(run.counts.created == 1 && run.summary.error == nil)
            let name = try #require(harness.odoo.saleOrders().first?.name)
            let metadata = harness.medusa.order(id: placed.id)?.metadata
            if version == .v2_0 {
                #expect(metadata == nil || metadata == .null)
                #expect(harness.medusa.requestCounts.byRoute["POST /admin/orders/{id}"] == nil)
            } else {
                #expect(metadata?["odoo_order_name"] == .string(name))
            }
        }
    }

    @Test(arguments: catalogues) func aKeyWithoutSalesRightsIsAConfigurationErrorNamingTheGroups(
        _ catalogue: HarnessCatalogue
    ) async throws {
        try await withHarness(catalogue) { harness in
            try await harness.run(.full)
            let variant = try await harness.goodsVariants()[0].medusa
            _ = try harness.medusa.placeOrder(SimulatedOrderInput(
                customer: .guest(email: "g@example.com"), currencyCode: "usd",
                items: [SimulatedLineItemInput(variantId: variant, quantity: 1, unitPrice: dec("100"))]))
            let run = try await harness.runOrders(odooKey: OdooSimulatedUser.defaultWithoutSales.apiKey)
            #expect(run.summary.errorClass == .configuration)
            let error = run.summary.error ?? ""
            #expect(error.contains("res.partner") || error.contains("sale.order"), "\(error)")
            #expect(error.contains("Sales/Administrator"), "\(error)")
            #expect(harness.odoo.saleOrders().isEmpty)
        }
    }
}
