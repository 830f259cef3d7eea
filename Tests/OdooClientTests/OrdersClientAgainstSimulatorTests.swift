import ExactJSON
import Foundation
import OdooClient
import OdooSimulator
import SyncCore
import Testing

/// The orders side of the client (`OdooSales`) against the simulator of every version and protocol, the way the
/// orders sync will use it: look up, make the contacts, create a batch of orders, read them back, confirm, cancel,
/// and be refused without the rights.
@Suite("Orders client against the simulator")
struct OrdersClientAgainstSimulatorTests {
    static func line(_ id: String, product: Int, quantity: Decimal, price: String, discount: Decimal? = nil, taxes: [Int],
                     name: String? = nil) -> SaleOrderLineValues {
        SaleOrderLineValues(medusaId: id, productId: product, quantity: quantity, priceUnit: Decimal(string: price)!,
                            discount: discount, taxIds: taxes, name: name)
    }

    @Test("pricelists and taxes read at once ask for the user's company once", arguments: ServerMode.allCases)
    func companyReadOnce(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            _ = try await client.connect()
            let before = harness.simulator.requestCount(model: "res.users", method: "read")
            async let pricelists = client.salePricelists()
            async let taxes = client.saleTaxes()
            let (foundPricelists, foundTaxes) = try await (pricelists, taxes)
            #expect(!foundPricelists.isEmpty && !foundTaxes.isEmpty)
            #expect(harness.simulator.requestCount(model: "res.users", method: "read") - before <= 1)
            _ = try await client.saleTaxes()
            #expect(harness.simulator.requestCount(model: "res.users", method: "read") - before <= 1)
        }
    }

    @Test("lookups, contacts, a batch of orders, confirm, cancel", arguments: ServerMode.allCases)
    func wholeFlow(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            _ = try await client.connect()

            let countries = try await client.countries(codes: ["us", "DE", "FR", "GB", "XX"])
            #expect(countries == ["US": 233, "DE": 57, "FR": 75, "GB": 231])
            let states = try await client.states(countryIds: [233: "US", 57: "DE", 75: "FR"])
            #expect(states["US"]?["CA"] == 13 && states["US"]?["NY"] != nil)
            #expect(states["DE"]?["DE-BY"] != nil && states["DE"]?["BY"] == nil)
            #expect(states["FR"] == nil)

            let taxes = try await client.saleTaxes()
            let excluded15 = try #require(taxes.first { $0.rate == 15 && !$0.priceIncluded })
            let included20 = try #require(taxes.first { $0.rate == 20 && $0.priceIncluded })
            #expect(!taxes.contains { $0.id == 8 }, "another company's tax is not offered")
            #expect(!taxes.contains { $0.id == 2 }, "a purchase tax is not a sale tax")
            let pricelists = try await client.salePricelists()
            let usd = try #require(pricelists.first { $0.currencyCode == "usd" })
            #expect(pricelists.contains { $0.currencyCode == "eur" })

            #expect(try await client.serviceProduct(named: "Shipping (Medusa)") == nil)
            let shipping = try await client.createServiceProduct(named: "Shipping (Medusa)")
            #expect(try await client.serviceProduct(named: "Shipping (Medusa)") == shipping)
            let goods = try #require(try await client.search(
                model: "product.product", domain: .condition("type", "in", .array([.string("consu"), .string("product")])),
                limit: 1, order: "id asc").first)

            let person = OdooContactValues(type: .contact, name: "Jane Doe", email: "jane.doe@example.com", city: "San Francisco",
                                           countryId: 233, stateId: 13)
            let parentId = try #require(try await client.createContacts([(person, nil)]).first)
            let children = try await client.createContacts([
                (OdooContactValues(type: .delivery, name: "Jane Doe", street: "1 Ferry Building", countryId: 233), parentId),
                (OdooContactValues(type: .invoice, name: "Jane Doe (billing)", email: "jane.doe@example.com"), parentId),
            ])
            #expect(children.count == 2)
            let found = try await client.contacts(emails: ["JANE.DOE@EXAMPLE.COM", "nobody@example.com"], ids: [])
            #expect(found.filter { $0.parentId == nil }.map(\.id) == [parentId])
            #expect(Set(found.filter { $0.parentId == parentId }.map(\.id)) == Set(children))
            try await client.updateContact(id: parentId, changes: ["phone": .string("+1 415-555-0199")])
            let stored = harness.simulator.contacts()
            #expect(stored.first { $0.id == parentId }?.phone == "+1 415-555-0199")
            #expect(stored.first { $0.id == children[1] }?.displayName == "Jane Doe, Jane Doe (billing)")

            let first = SaleOrderValues(
                partnerId: parentId, partnerInvoiceId: children[1], partnerShippingId: children[0], pricelistId: usd.id,
                clientOrderRef: "MEDUSA-1001", origin: "medusa:order_1", lines: [
                    Self.line("item_1", product: goods, quantity: 1, price: "700", discount: 10, taxes: [excluded15.id]),
                    Self.line("item_2", product: goods, quantity: 2, price: "15.80", taxes: [excluded15.id]),
                    Self.line("ship_1", product: shipping, quantity: 1, price: "9.99", taxes: [excluded15.id], name: "Shipping: Standard"),
                ])
            let second = SaleOrderValues(
                partnerId: parentId, partnerInvoiceId: parentId, partnerShippingId: parentId, pricelistId: usd.id,
                clientOrderRef: "MEDUSA-1002", origin: "medusa:order_2",
                lines: [Self.line("item_3", product: goods, quantity: 1, price: "56.40", taxes: [included20.id])])
            let ids = try await client.createSaleOrders([first, second])
            #expect(ids.count == 2)
            let created = harness.simulator.saleOrders()
            #expect(created.map(\.amountTotal) == [Decimal(string: "772.33")!, Decimal(string: "56.4")!])
            #expect(created.map(\.amountTax) == [Decimal(string: "100.74")!, Decimal(string: "9.4")!])
            #expect(created[0].lines.last?.name == "Shipping: Standard" && created[0].lines[0].discount == 10)
            #expect(created[0].partnerShippingId == children[0] && created[0].partnerInvoiceId == children[1])

            let read = try await client.saleOrders(origins: ["medusa:order_1", "medusa:order_2", "medusa:unknown"], ids: [])
            #expect(Set(read.map(\.id)) == Set(ids))
            #expect(read.allSatisfy { $0.state == .draft && $0.name.hasPrefix("S000") && $0.deliveryStatus == nil })

            try await client.confirmSaleOrders(ids: ids)
            let confirmed = try await client.saleOrders(origins: [], ids: ids)
            #expect(confirmed.allSatisfy { $0.state == .sale && $0.deliveryStatus == "pending" })
            let again = await #expect(throws: OdooError.self) { try await client.confirmSaleOrders(ids: [ids[0]]) }
            #expect(again?.kind == .userError && again?.failureClass == .permanent)

            try await client.cancelSaleOrder(id: ids[1])
            let cancelled = try #require(try await client.saleOrders(origins: ["medusa:order_2"], ids: []).first)
            #expect(cancelled.state == .cancel && cancelled.deliveryStatus == nil)
            let picking = try #require(harness.simulator.saleOrders().first { $0.id == ids[1] }?.pickingIds.first)
            #expect(harness.simulator.pickingState(id: picking) == "cancel")

            var bad = second
            bad.origin = "medusa:order_bad"
            bad.lines[0].productId = 999_999
            var good = first
            good.origin = "medusa:order_3"
            let failed = await #expect(throws: OdooError.self) { _ = try await client.createSaleOrders([good, bad]) }
            #expect(failed?.kind == .missingRecord && failed?.failureClass == .permanent)
            #expect(harness.simulator.saleOrders().count == 2, "a failed batch creates nothing")
            // ...but its ids and names were taken, as PostgreSQL sequences are.
            let after = try await client.createSaleOrders([good])
            #expect(after.first == ids[1] + 3)
            #expect(harness.simulator.saleOrders().last?.name == "S00005")
        }
    }

    @Test("a key without sales rights is a configuration error naming the groups", arguments: ServerMode.allCases)
    func withoutRights(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let user = try #require(harness.simulator.users.first { $0.role == .withoutSales })
            let client = harness.client(apiKey: user.apiKey, username: user.login)
            #expect(try await client.countries(codes: ["US"]) == ["US": 233], "reading still works")
            let create = await #expect(throws: OdooError.self) {
                _ = try await client.createContacts([(OdooContactValues(type: .contact, name: "Should Fail"), nil)])
            }
            #expect(create?.failureClass == .configuration)
            #expect(create?.description.contains("You are not allowed to create 'Contact' (res.partner) records") == true)
            #expect(create?.description.contains("Sales/Administrator") == true)
            let read = await #expect(throws: OdooError.self) { _ = try await client.saleOrders(origins: ["medusa:x"], ids: []) }
            #expect(read?.kind == .accessDenied)
            #expect(read?.description.contains("Sales/User: Own Documents Only") == true)
        }
    }

    @Test("17 and 18 answer a plain action_cancel with the wizard; the simulator cancels nothing then")
    func cancelWizardOn17() async throws {
        try await SimulatorHarness.with(.odoo17JSONRPC) { harness in
            let client = harness.client()
            let partner = harness.simulator.createContact(name: "Wizard Customer")
            let ids = try await client.createSaleOrders([SaleOrderValues(
                partnerId: partner, partnerInvoiceId: partner, partnerShippingId: partner, pricelistId: 1,
                clientOrderRef: "MEDUSA-9", origin: "medusa:order_9",
                lines: [Self.line("i", product: 17, quantity: 1, price: "10", taxes: [])])])
            try await client.confirmSaleOrders(ids: ids)
            let answer = try await client.call(model: "sale.order", method: "action_cancel", ids: ids)
            #expect(answer["res_model"] == .string("sale.order.cancel"))
            #expect(harness.simulator.saleOrders().first?.state == "sale")
            try await client.cancelSaleOrder(id: ids[0])
            #expect(harness.simulator.saleOrders().first?.state == "cancel")
        }
    }
}

@Suite("Simulated sale order values")
struct SimulatedSaleOrderValueTests {
    @Test("the other version's line tax field is an invalid field, and nothing is created", arguments: [ServerMode.odoo17JSONRPC, .odoo19JSON2])
    func wrongTaxField(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            let partner = harness.simulator.createContact(name: "Tax Field")
            let wrong = mode.major >= 19 ? "tax_id" : "tax_ids"
            let line: JSONValue = .array([.number(0), .number(0), .object([
                "product_id": .number(20), "product_uom_qty": .number(1), "price_unit": .number(10),
                wrong: .array([.array([.number(6), .number(0), .array([.number(1)])])]),
            ])])
            let values: JSONValue = .array([.object(["partner_id": .number(Decimal(partner)), "order_line": .array([line])])])
            let error = await #expect(throws: OdooError.self) {
                _ = mode.major >= 19 ? try await client.call(model: "sale.order", method: "create", kwargs: ["vals_list": values])
                    : try await client.call(model: "sale.order", method: "create", args: [values])
            }
            #expect(error?.exceptionName == "builtins.ValueError" && error?.failureClass == .permanent)
            #expect(error?.description.contains("Invalid field '\(wrong)'") == true)
            #expect(harness.simulator.saleOrders().isEmpty)
        }
    }

    @Test("an unknown selection value is Odoo's ValueError")
    func wrongSelection() async throws {
        try await SimulatorHarness.with(.odoo19JSON2) { harness in
            let client = harness.client()
            let error = await #expect(throws: OdooError.self) {
                _ = try await client.createContacts([(OdooContactValues(type: .contact, name: "X"), nil)]) // valid
                _ = try await client.call(model: "res.partner", method: "create",
                                          kwargs: ["vals_list": .array([.object(["name": .string("Y"), "type": .string("bogus")])])])
            }
            #expect(error?.exceptionName == "builtins.ValueError")
            #expect(harness.simulator.contacts().contains { $0.name == "X" } && !harness.simulator.contacts().contains { $0.name == "Y" })
        }
    }
}
