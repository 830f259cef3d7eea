import ExactJSON
import Foundation
import MedusaSimulator
import SyncCore
import Testing

/// The simulator's orders and customers as Medusa 2.0 serves them (`shared/contracts/medusa/orders.md` §2–§5).
@Suite("Simulator orders and customers")
struct SimulatorOrderTests {
    /// A shop with one product (two variants) and the control ready to place orders on it.
    static func variantIds(_ simulator: RunningMedusaSimulator) async throws -> [String] {
        let product = try await makeClient(simulator).createProduct(shirtInput())
        return product.variants.map(\.id)
    }

    static func order(_ variantId: String, customer: SimulatedOrderInput.Customer = .guest(email: "guest@example.com"),
                      unitPrice: Decimal = 750, quantity: Decimal = 2, isTaxInclusive: Bool = false,
                      rate: Decimal = 10, discount: Decimal? = 15, placedAt: Date? = nil) -> SimulatedOrderInput {
        SimulatedOrderInput(
            customer: customer, currencyCode: "usd",
            items: [SimulatedLineItemInput(variantId: variantId, quantity: quantity, unitPrice: unitPrice,
                                           isTaxInclusive: isTaxInclusive, taxLines: [MedusaTaxLine(code: "tax", rate: rate)],
                                           adjustments: discount.map { [MedusaAdjustment(code: "SPRING10", amount: $0)] } ?? [])],
            shippingMethods: [SimulatedShippingMethodInput(name: "Standard Shipping", amount: 10,
                                                           taxLines: [MedusaTaxLine(code: "tax", rate: 10)])],
            shippingAddress: MedusaAddress(firstName: "Jane", lastName: "Doe", address1: "12 Main St", city: "Springfield",
                                           province: "il", postalCode: "62701", countryCode: "us"),
            placedAt: placedAt)
    }

    @Test("The contract's example: 2 × 750 at 10 %, 15 off, 10 shipping → total 1644.5; detail has no e-mail by default")
    func exampleTotals() async throws {
        try await withSimulator { simulator in
            let variants = try await Self.variantIds(simulator)
            let placed = try simulator.placeOrder(Self.order(variants[0]))
            let raw = RawAdminAPI(simulator: simulator)
            let detail = try await raw.send("GET", "/admin/orders/\(placed.id)")
            #expect(detail.status == 200)
            let order = detail.json["order"]
            #expect(order?["total"] == .number(Decimal(string: "1644.5")!))
            #expect(order?["subtotal"] == .number(1510))
            #expect(order?["tax_total"] == .number(Decimal(string: "149.5")!))
            #expect(order?["discount_total"] == .number(Decimal(string: "16.5")!))
            #expect(order?["original_total"] == .number(1661))
            #expect(order?["email"] == nil)
            #expect(order?["currency_code"] == nil)
            #expect(order?["payment_status"] == .string("authorized"))
            let item = order?["items"]?.arrayValue.first
            #expect(item?["tax_lines"]?.arrayValue.first?["total"] == .number(Decimal(string: "148.5")!))
            #expect(item?["variant_sku"] == .string("SHIRT-S-BLUE"))
            #expect(simulator.order(id: placed.id)?.total == Decimal(string: "1644.5")!)
        }
    }

    @Test("A tax-inclusive line: 100 incl. 21 % → subtotal 82.64462809917356 (unrounded, a JavaScript number)")
    func taxInclusiveLine() async throws {
        try await withSimulator { simulator in
            let variants = try await Self.variantIds(simulator)
            let placed = try simulator.placeOrder(Self.order(variants[0], unitPrice: 100, quantity: 1, isTaxInclusive: true,
                                                             rate: 21, discount: 10))
            let answer = try await RawAdminAPI(simulator: simulator)
                .send("GET", "/admin/orders/\(placed.id)?fields=id,total,*items,*items.adjustments")
            let item = try #require(answer.json["order"]?["items"]?.arrayValue.first)
            #expect(item["subtotal"] == .number(Decimal(string: "82.64462809917356")!))
            #expect(item["discount_subtotal"] == .number(10))
            #expect(item["adjustments"]?.arrayValue.first?["subtotal"] == .number(Decimal(string: "8.264462809917354")!))
            // (82.644… − 10) × 0.21 = 15.255…; total = 82.644… − 10 + 15.255… = 87.9
            #expect(item["total"] == .number(Decimal(string: "87.9")!))
        }
    }

    @Test("List: strict query, default limit 15, no totals and no quantities unless asked, drafts never listed")
    func listShape() async throws {
        try await withSimulator { simulator in
            let variants = try await Self.variantIds(simulator)
            for _ in 0..<17 { try simulator.placeOrder(Self.order(variants[0])) }
            var draft = Self.order(variants[1])
            draft.isDraft = true
            try simulator.placeOrder(draft)
            let raw = RawAdminAPI(simulator: simulator)

            let list = try await raw.send("GET", "/admin/orders")
            #expect(list.json["count"] == .number(17))
            #expect(list.json["limit"] == .number(15))
            #expect(list.json["orders"]?.arrayValue.count == 15)
            let row = try #require(list.json["orders"]?.arrayValue.first)
            #expect(row["total"] == nil && row["email"] == nil && row["metadata"] == nil && row["customer_id"] == nil)
            #expect(row["payment_status"] == .string("authorized"))
            #expect(row["fulfillment_status"] == .string("not_fulfilled"))
            #expect(row["items"]?.arrayValue.first?["quantity"] == nil, "quantities live on items.detail")

            let asked = try await raw.send("GET", "/admin/orders?limit=1&fields=%2Bemail,%2Btotal,*items.detail")
            let full = try #require(asked.json["orders"]?.arrayValue.first)
            #expect(full["email"] == .string("guest@example.com"))
            #expect(full["total"] == .number(Decimal(string: "1644.5")!))
            #expect(full["items"]?.arrayValue.first?["detail"]?["quantity"] == .number(2))

            // A `fields` list that replaces the defaults still gets the items the list workflow always adds (§2b),
            // and the computed payment status; nothing else.
            let summary = try await raw.send("GET", "/admin/orders?limit=1&fields=id,display_id,status,updated_at")
            let row2 = try #require(summary.json["orders"]?.arrayValue.first)
            #expect(row2["items"]?.arrayValue.count == 1 && row2["items"]?.arrayValue.first?["tax_lines"] == nil)
            #expect(row2["payment_status"] == .string("authorized"))
            #expect(row2["summary"] == nil && row2["total"] == nil && row2["created_at"] == nil)

            let unknown = try await raw.send("GET", "/admin/orders?customer_id=cus_1&email=x")
            #expect(unknown.status == 400)
            #expect(unknown.message == "Invalid request: Unrecognized fields: 'customer_id, email'")
            let badLimit = try await raw.send("GET", "/admin/orders?limit=abc")
            #expect(badLimit.message == "Invalid request: Expected type: 'number' for field 'limit', got: 'nan'")
            let channel = try await raw.send("GET", "/admin/orders?sales_channel_id=sc_1")
            #expect(channel.message == "Invalid request: Expected type: 'array' for field 'sales_channel_id', got: 'string'")
            #expect(simulator.requestCounts.requests("GET /admin/orders") == 6)
        }
    }

    @Test("updated_at[$gte] with order=updated_at: ascending, ties by id, bounds inclusive; id[] and id[$in][] filter")
    func cursorFilter() async throws {
        try await withSimulator { simulator in
            let variants = try await Self.variantIds(simulator)
            let base = Date(timeIntervalSince1970: 1_733_000_000.250)
            let placed = try (0..<4).map { index in
                try simulator.placeOrder(Self.order(variants[0], placedAt: base.addingTimeInterval(Double(index))))
            }
            let raw = RawAdminAPI(simulator: simulator)
            let since = try await raw.send("GET", "/admin/orders?updated_at[$gte]=2024-11-30T20:53:22.250Z&order=-updated_at")
            #expect(since.json["orders"]?.arrayValue.compactMap { $0["id"]?.stringValue } == [placed[3].id, placed[2].id])
            let ascending = try await raw.send("GET", "/admin/orders?updated_at[$gt]=2024-11-30T20:53:21.250Z&order=updated_at")
            #expect(ascending.json["orders"]?.arrayValue.compactMap { $0["id"]?.stringValue } == [placed[2].id, placed[3].id])
            let byIds = try await raw.send("GET", "/admin/orders?id[]=\(placed[0].id)&id[]=\(placed[1].id)")
            #expect(byIds.json["count"] == .number(2))
            let byIn = try await raw.send("GET", "/admin/orders?id[$in][]=\(placed[3].id)")
            #expect(byIn.json["orders"]?.arrayValue.compactMap { $0["id"]?.stringValue } == [placed[3].id])
            let missing = try await raw.send("GET", "/admin/orders/order_nope")
            #expect(missing.status == 404 && missing.message == "Order id not found: order_nope")
        }
    }

    @Test("Capture does not move updated_at; cancel does, and is refused once captured or twice")
    func captureAndCancel() async throws {
        try await withSimulator { simulator in
            let variants = try await Self.variantIds(simulator)
            let first = try simulator.placeOrder(Self.order(variants[0], placedAt: Date(timeIntervalSince1970: 1_700_000_000)))
            let second = try simulator.placeOrder(Self.order(variants[0], placedAt: Date(timeIntervalSince1970: 1_700_000_000)))
            try simulator.capturePayment(orderId: first.id)
            let captured = try #require(simulator.order(id: first.id))
            #expect(captured.paymentStatus == .captured)
            #expect(captured.updatedAt == Date(timeIntervalSince1970: 1_700_000_000))

            let raw = RawAdminAPI(simulator: simulator)
            let refused = try await raw.send("POST", "/admin/orders/\(first.id)/cancel", json: "{}")
            #expect(refused.status == 400 && refused.type == "not_allowed")
            #expect(refused.message == "Order with payment capture(s) cannot be canceled")

            let canceled = try await raw.send("POST", "/admin/orders/\(second.id)/cancel", json: "{}")
            #expect(canceled.status == 200)
            #expect(canceled.json["order"]?["status"] == .string("canceled"))
            #expect(canceled.json["order"]?["payment_status"] == nil, "mutation answers carry no computed status")
            let state = try #require(simulator.order(id: second.id))
            #expect(state.canceledAt != nil && state.updatedAt > Date(timeIntervalSince1970: 1_700_000_000))
            #expect(state.paymentStatus == .authorized)
            let again = try await raw.send("POST", "/admin/orders/\(second.id)/cancel", json: "{}")
            #expect(again.status == 400 && again.message == "Order with id \(second.id) has been canceled.")
            #expect(throws: SimulatedOrderError.self) { try simulator.cancelOrder(orderId: second.id) }
        }
    }

    @Test("POST /admin/orders/{id}: 2.0's stub answers 500; current merges metadata and moves updated_at",
          arguments: MedusaServerVersion.allCases)
    func orderUpdate(version: MedusaServerVersion) async throws {
        try await withSimulator(.init(version: version)) { simulator in
            let variants = try await Self.variantIds(simulator)
            var input = Self.order(variants[0], placedAt: Date(timeIntervalSince1970: 1_700_000_000))
            input.metadata = .object(["cart": .string("c1")])
            let placed = try simulator.placeOrder(input)
            let raw = RawAdminAPI(simulator: simulator)
            let answer = try await raw.send("POST", "/admin/orders/\(placed.id)", json: #"{"metadata":{"odoo_order_id":31}}"#)
            switch version {
            case .v2_0:
                #expect(answer.status == 500)
                #expect(answer.text == #"{"code":"unknown_error","type":"unknown_error","message":"An unknown error occurred."}"#)
                #expect(simulator.order(id: placed.id)?.metadata == .object(["cart": .string("c1")]))
            case .current:
                #expect(answer.status == 200)
                let state = try #require(simulator.order(id: placed.id))
                #expect(state.metadata == .object(["cart": .string("c1"), "odoo_order_id": .number(31)]))
                #expect(state.updatedAt > Date(timeIntervalSince1970: 1_700_000_000))
                let strict = try await raw.send("POST", "/admin/orders/\(placed.id)", json: #"{"status":"completed"}"#)
                #expect(strict.status == 400 && strict.message == "Invalid request: Unrecognized fields: 'status'")
            }
        }
    }

    @Test("Customers: guests are has_account false, fields allow-list, id[] filter, default limit 50, 404 wording")
    func customers() async throws {
        try await withSimulator { simulator in
            let variants = try await Self.variantIds(simulator)
            let guest = try simulator.placeOrder(Self.order(variants[0]))
            let again = try simulator.placeOrder(Self.order(variants[0]))
            #expect(guest.customerId == again.customerId, "a guest e-mail is found, not created twice")
            let registered = try simulator.placeOrder(Self.order(variants[0], customer: .registered(
                email: "guest@example.com", firstName: "Jane", lastName: "Doe")))
            #expect(registered.customerId != guest.customerId, "(email, has_account) is the unique pair")

            let raw = RawAdminAPI(simulator: simulator)
            let list = try await raw.send("GET", "/admin/customers?id[]=\(guest.customerId)")
            #expect(list.json["limit"] == .number(50) && list.json["count"] == .number(1))
            let row = try #require(list.json["customers"]?.arrayValue.first)
            #expect(row["has_account"] == .bool(false) && row["first_name"] == .null)
            #expect(row["addresses"] == nil)
            let refused = try await raw.send("GET", "/admin/customers?fields=%2Borders")
            #expect(refused.status == 400 && refused.message == "Requested fields [orders] are not valid")
            let withAddresses = try await raw.send("GET", "/admin/customers/\(registered.customerId)?fields=*addresses")
            #expect(withAddresses.json["customer"]?["addresses"] == .array([]))
            let missing = try await raw.send("GET", "/admin/customers/cus_nope")
            #expect(missing.status == 404 && missing.message == "Customer with id: cus_nope not found")
            let unknownKey = try await raw.send("GET", "/admin/customers/\(guest.customerId)?limit=1")
            #expect(unknownKey.message == "Invalid request: Unrecognized fields: 'limit'")
        }
    }

    @Test("Placing an order on an unknown variant is refused")
    func unknownVariant() async throws {
        try await withSimulator { simulator in
            #expect(throws: SimulatedOrderError.self) { try simulator.placeOrder(Self.order("variant_nope")) }
            #expect(simulator.orders().isEmpty)
        }
    }
}
