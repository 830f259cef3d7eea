import Foundation
import MedusaClient
import MedusaSimulator
import SyncCore
import Testing

/// `MedusaClient` as the orders sync's `MedusaOrderSource`, against the simulator over loopback.
@Suite("MedusaClient reads orders and customers")
struct MedusaClientOrderTests {
    static let address = MedusaAddress(firstName: "Jane", lastName: "Doe", address1: "12 Main St", city: "Springfield",
                                       province: "il", postalCode: "62701", countryCode: "US", phone: "+1 555 0100")

    static func input(_ variantId: String, customer: SimulatedOrderInput.Customer, placedAt: Date? = nil)
        -> SimulatedOrderInput {
        SimulatedOrderInput(
            customer: customer, currencyCode: "EUR",
            items: [SimulatedLineItemInput(variantId: variantId, quantity: 2, unitPrice: 100, isTaxInclusive: true,
                                           taxLines: [MedusaTaxLine(code: "vat", rate: 21, taxRateId: "txr_21")],
                                           adjustments: [MedusaAdjustment(code: "TEN", amount: 10, promotionId: "promo_1")])],
            shippingMethods: [SimulatedShippingMethodInput(name: "Express", amount: Decimal(string: "4.95")!,
                                                           isTaxInclusive: true,
                                                           taxLines: [MedusaTaxLine(code: "vat", rate: 21)])],
            shippingAddress: address, billingAddress: address, placedAt: placedAt)
    }

    @Test("A page carries everything planning needs, in one request, with exact amounts")
    func pageDetail() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let variant = try #require(try await client.createProduct(shirtInput()).variants.first)
            let placed = try simulator.placeOrder(Self.input(variant.id, customer: .registered(
                email: "jane@example.com", firstName: "Jane", lastName: "Doe")))
            let before = simulator.requestCounts.requests("GET /admin/orders")
            let page = try await client.orders(updatedSince: nil, offset: 0, limit: 50, detail: .full)
            #expect(simulator.requestCounts.requests("GET /admin/orders") == before + 1)
            #expect(page.count == 1)
            let order = try #require(page.orders.first)
            #expect(order.id == placed.id && order.displayId == placed.displayId)
            #expect(order.email == "jane@example.com" && order.currencyCode == "eur" && order.customerId == placed.customerId)
            #expect(order.status == .pending && order.paymentStatus == .authorized && order.canceledAt == nil)
            let item = try #require(order.items.first)
            #expect(item.quantity == 2 && item.unitPrice == 100 && item.isTaxInclusive)
            #expect(item.variantId == variant.id && item.variantSku == "SHIRT-S-BLUE" && item.title == "S / Blue")
            #expect(item.taxLines == [MedusaTaxLine(code: "vat", rate: 21, taxRateId: "txr_21")])
            #expect(item.adjustments == [MedusaAdjustment(code: "TEN", amount: 10, promotionId: "promo_1")])
            #expect(order.shippingMethods.map(\.name) == ["Express"])
            #expect(order.shippingMethods.first?.amount == Decimal(string: "4.95")!)
            #expect(order.shippingAddress?.countryCode == "us" && order.billingAddress?.personName == "Jane Doe")
            #expect(order.total == simulator.order(id: placed.id)!.total.roundedLikeJavaScript)
        }
    }

    @Test("The updated_at cursor pages ascending and includes its bound; a capture is seen only by id")
    func cursorPaging() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let variant = try #require(try await client.createProduct(shirtInput()).variants.first)
            let base = Date(timeIntervalSince1970: 1_733_000_000.125)
            let placed = try (0..<5).map { index in
                try simulator.placeOrder(Self.input(variant.id, customer: .guest(email: "g\(index)@example.com"),
                                                    placedAt: base.addingTimeInterval(Double(index))))
            }
            var seen: [String] = []
            var offset = 0
            while true {
                let page = try await client.orders(updatedSince: base.addingTimeInterval(1), offset: offset, limit: 2, detail: .full)
                #expect(page.count == 4)
                seen += page.orders.map(\.id)
                offset += page.orders.count
                if page.orders.isEmpty || offset >= page.count { break }
            }
            #expect(seen == placed.dropFirst().map(\.id))

            try simulator.capturePayment(orderId: placed[4].id)
            let after = try await client.orders(updatedSince: base.addingTimeInterval(4), offset: 0, limit: 10, detail: .full)
            #expect(after.orders.map(\.id) == [placed[4].id], "the bound is inclusive and the capture moved nothing")
            let reread = try await client.orders(ids: [placed[4].id, "order_unknown", placed[0].id])
            #expect(Set(reread.map(\.id)) == [placed[4].id, placed[0].id])
            #expect(reread.first { $0.id == placed[4].id }?.paymentStatus == .captured)
        }
    }

    @Test("orders(ids:) chunks by 100 ids a request; a cancelled order reads as cancelled")
    func ordersByIdChunks() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let variant = try #require(try await client.createProduct(shirtInput()).variants.first)
            let placed = try (0..<3).map { _ in
                try simulator.placeOrder(Self.input(variant.id, customer: .guest(email: "g@example.com")))
            }
            try simulator.cancelOrder(orderId: placed[1].id)
            let before = simulator.requestCounts.requests("GET /admin/orders")
            let ids = placed.map(\.id) + (0..<150).map { "order_missing_\($0)" }
            let found = try await client.orders(ids: ids)
            #expect(simulator.requestCounts.requests("GET /admin/orders") == before + 2)
            #expect(Set(found.map(\.id)) == Set(placed.map(\.id)))
            let canceled = try #require(found.first { $0.id == placed[1].id })
            #expect(canceled.isCanceled && canceled.status == .canceled && canceled.canceledAt != nil)
            #expect(try await client.orders(ids: []).isEmpty)
        }
    }

    @Test("customers(ids:): a registered customer with names and a guest with only the e-mail")
    func customersById() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let variant = try #require(try await client.createProduct(shirtInput()).variants.first)
            let registered = try simulator.placeOrder(Self.input(variant.id, customer: .registered(
                email: "jane@example.com", firstName: "Jane", lastName: "Doe", phone: "+1 555", companyName: "Acme")))
            let guest = try simulator.placeOrder(Self.input(variant.id, customer: .guest(email: "walk-in@example.com")))
            let customers = try await client.customers(ids: [registered.customerId, guest.customerId, "cus_unknown"])
            #expect(customers.count == 2)
            let jane = try #require(customers.first { $0.id == registered.customerId })
            #expect(jane == MedusaCustomer(id: registered.customerId, email: "jane@example.com", firstName: "Jane",
                                           lastName: "Doe", companyName: "Acme", phone: "+1 555", hasAccount: true))
            let walkIn = try #require(customers.first { $0.id == guest.customerId })
            #expect(walkIn == MedusaCustomer(id: guest.customerId, email: "walk-in@example.com", hasAccount: false))
            let guestOrder = try #require(try await client.orders(ids: [guest.id]).first)
            #expect(guestOrder.customerId == guest.customerId && guestOrder.shippingAddress?.personName == "Jane Doe")
        }
    }

    @Test("recordOdooOrder merges metadata on current; on 2.0 it throws MedusaRouteMissing and sends nothing",
          arguments: MedusaServerVersion.allCases)
    func recordOdooOrder(version: MedusaServerVersion) async throws {
        try await withSimulator(.init(version: version)) { simulator in
            let client = makeClient(simulator)
            let variant = try #require(try await client.createProduct(shirtInput()).variants.first)
            var input = Self.input(variant.id, customer: .guest(email: "g@example.com"))
            input.metadata = .object(["cart_id": .string("cart_1")])
            let placed = try simulator.placeOrder(input)
            switch version {
            case .current:
                try await client.recordOdooOrder(orderId: placed.id, odooOrderName: "S00031", odooOrderId: 31)
                #expect(simulator.order(id: placed.id)?.metadata == .object([
                    "cart_id": .string("cart_1"), "odoo_order_name": .string("S00031"), "odoo_order_id": .number(31),
                ]))
                #expect(simulator.requestCounts.requests("POST /admin/orders/{id}") == 1)
            case .v2_0:
                await #expect(throws: MedusaRouteMissing.self) {
                    try await client.recordOdooOrder(orderId: placed.id, odooOrderName: "S00031", odooOrderId: 31)
                }
                // Known from the probe this time: no plugins read either.
                _ = try await client.probeCapabilities()
                let reads = simulator.requestCounts.total
                await #expect(throws: MedusaRouteMissing.self) {
                    try await client.recordOdooOrder(orderId: placed.id, odooOrderName: "S00031", odooOrderId: 31)
                }
                #expect(simulator.requestCounts.total == reads)
                #expect(simulator.requestCounts.requests("POST /admin/orders/{id}") == 0)
                #expect(simulator.order(id: placed.id)?.metadata == .object(["cart_id": .string("cart_1")]))
            }
        }
    }

    @Test("write-backs that ask at once share one read of whether the server takes them", arguments: MedusaServerVersion.allCases)
    func concurrentWriteBacksProbeOnce(version: MedusaServerVersion) async throws {
        try await withSimulator(.init(version: version)) { simulator in
            let client = makeClient(simulator)
            let variant = try #require(try await client.createProduct(shirtInput()).variants.first)
            let orders = try (0..<6).map { index in
                try simulator.placeOrder(Self.input(variant.id, customer: .guest(email: "g\(index)@example.com")))
            }
            let missing = await withTaskGroup(of: Bool.self) { group in
                for (index, order) in orders.enumerated() {
                    group.addTask {
                        do {
                            try await client.recordOdooOrder(orderId: order.id, odooOrderName: "S\(index)", odooOrderId: index)
                            return false
                        } catch { return error is MedusaRouteMissing }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            let probe = version == .v2_0 ? "GET /admin/plugins (no such route)" : "GET /admin/plugins"
            #expect(simulator.requestCounts.requests(probe) == 1)
            #expect(missing.allSatisfy { $0 == (version == .v2_0) })
            #expect(simulator.requestCounts.requests("POST /admin/orders/{id}") == (version == .v2_0 ? 0 : 6))
        }
    }
}

extension Decimal {
    /// What Medusa's `BigNumber.toJSON()` prints: the nearest double's shortest digits.
    var roundedLikeJavaScript: Decimal {
        Decimal(string: "\(Double(description)!)")!
    }
}
