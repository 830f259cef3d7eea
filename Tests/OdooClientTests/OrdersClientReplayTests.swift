import ExactJSON
import Foundation
import HTTPTransport
import OdooClient
import SyncCore
import Testing

/// The orders side of the client (`OdooSales`) against the recorded answers of real Odoo 19 (JSON-2 and JSON-RPC) and
/// 17 (JSON-RPC): what it asks (model, method, the domain leaves and values that matter) and how it reads the answers,
/// errors included.
@Suite("Orders client against recorded Odoo answers")
struct OrdersClientReplayTests {
    static let full: [OrdersRecording] = [.odoo19JSON2, .odoo17JSONRPC]

    @Test("countries by code and states by country", arguments: full)
    func lookups(recording: OrdersRecording) async throws {
        let transport = RecordedOrderTransport(recording, steps: [
            try recording.step("res.country", "search_read", "lookup_res_country_search_read_by_code") { call in
                #expect(call.domainLeaves == [#"code in ["DE","FR","US"]"#])
            },
            try recording.step("res.country.state", "search_read", "lookup_res_country_state_by_country_and_code") { call in
                #expect(call.domainLeaves == ["country_id in [233]"])
            },
        ])
        let client = recording.client(transport).client
        let countries = try await client.countries(codes: ["de", "FR", "US", "US"])
        #expect(countries == ["FR": 75, "DE": 57, "US": 233])
        let states = try await client.states(countryIds: [233: "us"])
        #expect(states["US"]?["CA"] != nil)
        #expect(transport.remainingSteps == 0)
    }

    @Test("sale taxes and pricelists are filtered by the user's company", arguments: full)
    func taxesAndPricelists(recording: OrdersRecording) async throws {
        let transport = RecordedOrderTransport(recording, steps: [
            recording.userCompanyStep,
            try recording.step("account.tax", "search_read", "lookup_account_tax_search_read_sale") { call in
                #expect(Set(call.domainLeaves) == [#"type_tax_use = "sale""#, "company_id = 1", #"amount_type = "percent""#])
            },
            try recording.step("product.pricelist", "search_read", "lookup_product_pricelist_search_read_by_currency") { call in
                #expect(call.domainLeaves == ["company_id in [false,1]"])
            },
        ])
        let client = recording.client(transport).client
        let taxes = try await client.saleTaxes()
        #expect(taxes.contains { $0.rate == 15 && !$0.priceIncluded })
        if recording.major == 19 { #expect(taxes.contains { $0.rate == 0 }) }
        let pricelists = try await client.salePricelists()
        #expect(Set(pricelists.map(\.currencyCode)) == ["usd", "eur"])
        #expect(pricelists.first { $0.currencyCode == "eur" }?.companyId == nil)
        #expect(pricelists.first { $0.currencyCode == "usd" }?.companyId == 1)
        #expect(transport.calls.filter { $0.model == "res.users" }.count == 1, "the company is read once per session")
    }

    @Test("contacts: emails OR'ed with =ilike on top-level contacts, then the children", arguments: full)
    func contacts(recording: OrdersRecording) async throws {
        let parentId = recording.major == 19 ? 45 : 43
        let transport = RecordedOrderTransport(recording, steps: [
            try recording.step("res.partner", "search_read", "partner_search_read_by_emails_batch_or_ilike") { call in
                #expect(call.domainLeaves == [
                    "parent_id = false", #"email =ilike "JANE.DOE@EXAMPLE.COM""#, #"email =ilike "camille.martin@example.fr""#,
                ])
                #expect(call.domain?.arrayValue?.first == .string("&"))
            },
            try recording.step("res.partner", "search_read", "partner_read_with_children") { call in
                #expect(call.domainLeaves.first?.hasPrefix("parent_id in [\(parentId),") == true)
            },
        ])
        let client = recording.client(transport).client
        let found = try await client.contacts(emails: ["JANE.DOE@EXAMPLE.COM", "camille.martin@example.fr"], ids: [])
        let customer = try #require(found.first { $0.id == parentId })
        #expect(customer.parentId == nil)
        #expect(customer.values.email == "jane.doe@example.com")
        // The billing child carries the same email: a child, never the customer.
        let children = found.filter { $0.parentId == parentId }
        #expect(Set(children.map(\.values.type)) == [.delivery, .invoice])
        #expect(Set(found.map(\.id)).count == found.count, "no contact twice")
    }

    @Test("contact creates send vals_list and read one id per contact", arguments: full)
    func createContacts(recording: OrdersRecording) async throws {
        let transport = RecordedOrderTransport(recording, steps: [
            try recording.step("res.partner", "create", "partner_create_person") { call in
                let values = try #require(call.valsList)
                #expect(values.count == 1)
                #expect(values[0]["is_company"] == .bool(false) && values[0]["type"] == .string("contact"))
            },
            recording.step("res.partner", "create", result: "[61, 62]") { call in
                #expect(call.valsList?.count == 2)
                #expect(call.valsList?.allSatisfy { $0["parent_id"] == .number(43) } == true)
            },
            try recording.step("res.partner", "write", "partner_write_phone") { call in
                #expect(call.ids == [43])
                #expect((call.named["vals"] ?? call.positional.dropFirst().first)?["phone"] == .string("+1 415-555-0199"))
            },
        ])
        let client = recording.client(transport).client
        let person = OdooContactValues(type: .contact, name: "Jane Doe", email: "jane.doe@example.com", countryId: 233, stateId: 13)
        #expect(try await client.createContacts([(person, nil)]) == [recording.major == 19 ? 45 : 43])
        let delivery = OdooContactValues(type: .delivery, name: "Jane Doe", street: "1 Ferry Building")
        let invoice = OdooContactValues(type: .invoice, name: "Jane Doe (billing)")
        #expect(try await client.createContacts([(delivery, 43), (invoice, 43)]) == [61, 62])
        try await client.updateContact(id: 43, changes: ["phone": .string("+1 415-555-0199")])
    }

    static func order(origin: String, productId: Int) -> SaleOrderValues {
        SaleOrderValues(partnerId: 49, partnerInvoiceId: 49, partnerShippingId: 49, pricelistId: 3, clientOrderRef: "MEDUSA-1",
                        origin: origin, lines: [
                            SaleOrderLineValues(medusaId: "item_1", productId: productId, quantity: 5, priceUnit: 299, taxIds: [1]),
                            SaleOrderLineValues(medusaId: "ship_1", productId: 41, quantity: 1, priceUnit: 15, taxIds: [],
                                                name: "Shipping: Express (Medusa)"),
                        ])
    }

    @Test("a batch of sale orders is one create with the version's tax field", arguments: full)
    func createSaleOrders(recording: OrdersRecording) async throws {
        let transport = RecordedOrderTransport(recording, steps: [
            try recording.step("sale.order", "create", "order_create_batch_vals_list") { call in
                let orders = try #require(call.valsList)
                #expect(orders.count == 3)
                let line = try #require(orders[0]["order_line"]?.arrayValue?.first?.arrayValue?.last)
                let expected = recording.major == 19 ? "tax_ids" : "tax_id", other = recording.major == 19 ? "tax_id" : "tax_ids"
                #expect(line[expected] == .array([.array([.number(6), .number(0), .array([.number(1)])])]))
                #expect(line[other] == nil)
                #expect(orders[0]["origin"] == .string("medusa:order_1"))
            },
        ])
        let client = recording.client(transport).client
        let ids = try await client.createSaleOrders([
            Self.order(origin: "medusa:order_1", productId: 20), Self.order(origin: "medusa:order_2", productId: 20),
            Self.order(origin: "medusa:order_3", productId: 20),
        ])
        #expect(ids == [26, 27, 28])
    }

    @Test("a batch with a deleted product fails as a whole: MissingError is permanent", arguments: full)
    func badBatch(recording: OrdersRecording) async throws {
        let transport = RecordedOrderTransport(recording, steps: [
            try recording.step("sale.order", "create", "order_create_batch_with_bad_product"),
        ])
        let error = await #expect(throws: OdooError.self) {
            _ = try await recording.client(transport).client.createSaleOrders([Self.order(origin: "medusa:o", productId: 999_999)])
        }
        #expect(error?.kind == .missingRecord)
        #expect(error?.failureClass == .permanent)
        #expect(error?.description.contains("product.product(999999,)") == true)
    }

    @Test("an invalid country is a ValidationError: permanent", arguments: full)
    func invalidCountry(recording: OrdersRecording) async throws {
        let transport = RecordedOrderTransport(recording, steps: [try recording.step("res.partner", "create", "partner_create_invalid_country")])
        let error = await #expect(throws: OdooError.self) {
            _ = try await recording.client(transport).client.createContacts([(OdooContactValues(type: .contact, name: "Bad", countryId: 999_999), nil)])
        }
        #expect(error?.failureClass == .permanent)
        #expect(error?.exceptionName == "odoo.exceptions.ValidationError")
    }

    @Test("sale orders by origin or id: name, state, total, delivery status", arguments: full)
    func saleOrders(recording: OrdersRecording) async throws {
        let transport = RecordedOrderTransport(recording, steps: [
            try recording.step("sale.order", "search_read", "order_read_batch_amounts") { call in
                #expect(call.domainLeaves == [#"origin in ["order_01JDEMO00000000000000001002"]"#, "id in [25]"])
                #expect(call.domain?.arrayValue?.first == .string("|"))
                #expect(Set(call.named["fields"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                    == ["id", "name", "origin", "state", "amount_total", "delivery_status"])
            },
            try recording.step("sale.order", "search_read", "order_read_after_confirm"),
        ])
        let client = recording.client(transport).client
        let drafts = try await client.saleOrders(origins: ["order_01JDEMO00000000000000001002"], ids: [25])
        let euro = try #require(drafts.first { $0.id == 26 })
        #expect(euro.name == "S00026" && euro.state == .draft && euro.amountTotal == Decimal(string: "1736.5")!)
        #expect(euro.origin == "order_01JDEMO00000000000000001002" && euro.deliveryStatus == nil)
        let confirmed = try await client.saleOrders(origins: [], ids: [25, 26, 27, 28])
        #expect(confirmed.allSatisfy { $0.state == .sale && $0.deliveryStatus == "pending" && !$0.state.needsConfirmation })
        #expect(confirmed.first { $0.id == 25 }?.amountTotal == Decimal(string: "772.33")!)
    }

    @Test("action_confirm on a list; on a confirmed order it is a permanent UserError", arguments: full)
    func confirm(recording: OrdersRecording) async throws {
        let transport = RecordedOrderTransport(recording, steps: [
            try recording.step("sale.order", "action_confirm", "order_action_confirm_list") { call in
                #expect(call.ids == [26, 27, 28])
            },
            try recording.step("sale.order", "action_confirm", "order_action_confirm_already_confirmed"),
        ])
        let client = recording.client(transport).client
        try await client.confirmSaleOrders(ids: [26, 27, 28, 27])
        let error = await #expect(throws: OdooError.self) { try await client.confirmSaleOrders(ids: [25]) }
        #expect(error?.kind == .userError && error?.failureClass == .permanent)
        #expect(error?.description.contains("not in a state requiring confirmation") == true)
    }

    @Test("cancel: 19 directly, 17 with disable_cancel_warning")
    func cancel() async throws {
        let on19 = RecordedOrderTransport(.odoo19JSON2, steps: [
            try OrdersRecording.odoo19JSON2.step("sale.order", "action_cancel", "cancel_confirmed_undelivered") { call in
                #expect(call.ids == [27] && call.context == nil)
            },
        ])
        try await OrdersRecording.odoo19JSON2.client(on19).client.cancelSaleOrder(id: 27)
        let on17 = RecordedOrderTransport(.odoo17JSONRPC, steps: [
            try OrdersRecording.odoo17JSONRPC.step("sale.order", "action_cancel",
                                                   "cancel_delivered_order_with_context_disable_cancel_warning") { call in
                #expect(call.ids == [25])
                #expect(call.context == ["disable_cancel_warning": .bool(true)])
            },
        ])
        try await OrdersRecording.odoo17JSONRPC.client(on17).client.cancelSaleOrder(id: 25)
    }

    @Test("17's cancel wizard answer cancelled nothing: an error, never a success")
    func cancelWizardIsAnError() async throws {
        let transport = RecordedOrderTransport(.odoo17JSONRPC, steps: [
            try OrdersRecording.odoo17JSONRPC.step("sale.order", "action_cancel", "cancel_confirmed_undelivered"),
        ])
        let error = await #expect(throws: OdooError.self) {
            try await OrdersRecording.odoo17JSONRPC.client(transport).client.cancelSaleOrder(id: 27)
        }
        #expect(error?.failureClass == .permanent)
        #expect(error?.description.contains("sale.order.cancel") == true)
    }

    @Test("AccessError on partner create and sale.order read: configuration, Odoo's message with the groups",
          arguments: OrdersRecording.allCases)
    func accessErrors(recording: OrdersRecording) async throws {
        let transport = RecordedOrderTransport(recording, steps: [
            try recording.step("res.partner", "create", "rights_res_partner_create_access_error"),
            try recording.step("sale.order", "create", "rights_sale_order_create_access_error"),
            try recording.step("sale.order", "search_read", "rights_sale_order_search_read_access_error"),
        ])
        let client = recording.client(transport).client
        let partner = await #expect(throws: OdooError.self) {
            _ = try await client.createContacts([(OdooContactValues(type: .contact, name: "Should Fail"), nil)])
        }
        #expect(partner?.kind == .accessDenied && partner?.failureClass == .configuration)
        let partnerText = partner?.description ?? ""
        #expect(partnerText.contains("create 'Contact' (res.partner)") && partnerText.contains("Sales/Administrator"))
        #expect(partnerText.contains(recording.major == 19 ? "Contact/Creation" : "Extra Rights/Contact Creation"))

        let create = await #expect(throws: OdooError.self) {
            _ = try await client.createSaleOrders([Self.order(origin: "medusa:x", productId: 20)])
        }
        #expect(create?.failureClass == .configuration)
        #expect(create?.description.contains("Sales/User: Own Documents Only") == true)

        let read = await #expect(throws: OdooError.self) { _ = try await client.saleOrders(origins: ["medusa:x"], ids: []) }
        #expect(read?.kind == .accessDenied && read?.failureClass == .configuration)
        #expect(read?.description.contains("access 'Sales Order' (sale.order)") == true)
        #expect(read?.description.contains("Sales/Administrator") == true)
        if recording.isJSON2 { #expect(read?.httpStatus == 403) }
    }

    @Test("the shipping product: exact name, service; created without taxes and not saleable (never published)", arguments: full)
    func serviceProduct(recording: OrdersRecording) async throws {
        let transport = RecordedOrderTransport(recording, steps: [
            recording.step("product.product", "search", result: "[]") { call in
                #expect(Set(call.domainLeaves) == [#"name = "Shipping (Medusa)""#, #"type = "service""#])
            },
            try recording.step("product.product", "create", "setup_product_product_create_shipping_service") { call in
                let values = try #require(call.valsList?.first)
                #expect(values["type"] == .string("service") && values["sale_ok"] == .bool(false))
                #expect(values["taxes_id"] == .array([.array([.number(6), .number(0), .array([])])]))
            },
        ])
        let client = recording.client(transport).client
        #expect(try await client.serviceProduct(named: "Shipping (Medusa)") == nil)
        #expect(try await client.createServiceProduct(named: "Shipping (Medusa)") == (recording.major == 19 ? 13106 : 41))
    }
}

/// Creating and confirming change data: a timeout may hide a success, so they are tried once and the failure is left
/// retryable for the next run (which searches by origin first); reads keep the configured retries.
@Suite("Orders writes are not retried")
struct OrdersWriteRetryTests {
    @Test("a 503 on create is one request and a retryable error; a read is retried")
    func createNotRetried() async throws {
        let transport = ScriptedTransport { request, _ in
            if let session = ScriptedTransport.jsonRPCSession(request) { return session }
            return ScriptedTransport.body(503, "<html>busy</html>", contentType: "text/html")
        }
        let sleeps = SleepRecorder()
        let client = OdooClient(configuration: OdooConfiguration(
            url: "http://odoo.test", database: "odoo17", username: "admin", apiKey: "key", apiProtocol: .jsonrpc,
            retryPolicy: RetryPolicy(maxAttempts: 3)), transport: transport, sleep: sleeps.sleep)
        let error = await #expect(throws: OdooError.self) {
            _ = try await client.createSaleOrders([OrdersClientReplayTests.order(origin: "medusa:o", productId: 20)])
        }
        #expect(error?.failureClass == .retryable)
        let creates = transport.requests.filter { SentOdooCall($0)?.method == "create" }
        #expect(creates.count == 1)
        #expect(sleeps.delays.isEmpty)
        _ = await #expect(throws: OdooError.self) { _ = try await client.saleOrders(origins: ["medusa:o"], ids: []) }
        #expect(transport.requests.filter { SentOdooCall($0)?.method == "search_read" }.count == 3)
    }
}
