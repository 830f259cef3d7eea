import ExactJSON
import Foundation
@testable import MedusaClient
import SyncCore
import Testing

@testable import MedusaSimulator

/// The order and customer readers build only the members they read (`OrderResponses.readMembers`). A member left out
/// of that list would silently read as absent; these tests decode the same bodies with the whole tree and compare,
/// on orders where every field the readers know is set.
@Suite("Medusa client: order bodies read through the member filter")
struct OrderDecodingTests {
    @Test("a page of full orders, of summaries and of customers decodes as from the whole tree")
    func filteredEqualsWhole() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let variants = try await client.createProduct(shirtInput()).variants.map(\.id)
            let address = MedusaAddress(firstName: "Jane", lastName: "Doe", company: "Doe & Co", address1: "1 Main St",
                                        address2: "Suite 4", city: "Springfield", province: "us-il", postalCode: "62701",
                                        countryCode: "us", phone: "+1 555 0100")
            let billing = MedusaAddress(firstName: "Acc", lastName: "Ounts", company: "Doe & Co", address1: "2 Side St",
                                        address2: "Floor 2", city: "Chicago", province: "us-il", postalCode: "60601",
                                        countryCode: "us", phone: "+1 555 0199")
            let registered = try simulator.placeOrder(SimulatedOrderInput(
                customer: .registered(email: "jane@example.com", firstName: "Jane", lastName: "Doe",
                                      phone: "+1 555 0100", companyName: "Doe & Co"),
                email: "orders@example.com", currencyCode: "usd",
                items: [SimulatedLineItemInput(variantId: variants[0], quantity: 2, unitPrice: 10,
                                               taxLines: [MedusaTaxLine(code: "vat", rate: 21, taxRateId: "txr_1")],
                                               adjustments: [MedusaAdjustment(code: "TEN", amount: 1,
                                                                              promotionId: "promo_1")]),
                        SimulatedLineItemInput(variantId: variants[1], quantity: 1, unitPrice: 12, isTaxInclusive: true,
                                               taxLines: [MedusaTaxLine(code: "vat", rate: 21, taxRateId: "txr_1")])],
                shippingMethods: [SimulatedShippingMethodInput(name: "Standard", amount: 5, isTaxInclusive: true,
                                                               taxLines: [MedusaTaxLine(code: "vat", rate: 21,
                                                                                        taxRateId: "txr_1")],
                                                               adjustments: [MedusaAdjustment(code: "SHIP", amount: 2,
                                                                                              promotionId: "promo_2")])],
                shippingAddress: address, billingAddress: billing))
            try simulator.capturePayment(orderId: registered.id)
            let guest = try simulator.placeOrder(SimulatedOrderInput(
                customer: .guest(email: "guest@example.com"),
                items: [SimulatedLineItemInput(variantId: variants[0], quantity: 3, unitPrice: 7)]))
            try simulator.cancelOrder(orderId: guest.id)

            let (orderBody, summaryBody, customerBody) = simulator.core.state.withLock { state in
                let orders = [registered.id, guest.id].compactMap { state.orderBook.orders[$0] }
                func page(_ fields: String) -> [UInt8] {
                    let selection = FieldSelection(query: fields, defaults: FieldSelection.orderListDefaults,
                                                   relations: FieldSelection.orderRelations)
                    return OrderedJSON.object([
                        ("orders", .array(orders.map { state.json(order: $0, fields: selection, isListRow: true) })),
                        ("count", .number(Decimal(orders.count))), ("offset", .number(0)), ("limit", .number(50)),
                    ]).serialized()
                }
                let customers = OrderedJSON.object([
                    ("customers", .array(state.orderBook.allCustomers.map { state.json(customer: $0) })),
                    ("count", .number(Decimal(state.orderBook.allCustomers.count))),
                ]).serialized()
                return (page(MedusaClient.orderFields), page(MedusaClient.orderSummaryFields), customers)
            }

            let whole = try JSONText.parse(orderBody)
            let rows = try #require(whole["orders"].flatMap { if case .array(let rows) = $0 { rows } else { nil } })
            let expected = try rows.map { try OrderResponses.order($0) }
            let decoded = try OrderResponses.orderList(orderBody)
            #expect(decoded.orders == expected)
            #expect(decoded.count == 2)

            // Every field the readers know is set in these orders, so a member missing from the filter shows.
            let full = try #require(expected.first { $0.id == registered.id })
            #expect(unset(full) == ["canceledAt"])
            #expect(unset(try #require(full.shippingAddress)) == [])
            #expect(unset(try #require(full.billingAddress)) == [])
            #expect(full.items.allSatisfy { unset($0) == [] && $0.taxLines.allSatisfy { unset($0) == [] } })
            #expect(full.items[0].adjustments.allSatisfy { unset($0) == [] } && !full.items[0].adjustments.isEmpty)
            #expect(full.shippingMethods.allSatisfy { unset($0) == [] && !$0.adjustments.isEmpty && !$0.taxLines.isEmpty })
            #expect(full.shippingMethods.allSatisfy { $0.isTaxInclusive } && full.items[1].isTaxInclusive)
            #expect(full.total != 0 && full.displayId != 0 && full.paymentStatus == .captured)
            #expect(expected.first { $0.id == guest.id }?.canceledAt != nil)

            let summaryRows = try JSONText.parse(summaryBody)["orders"]
            guard case .array(let summaries)? = summaryRows else { Issue.record("no summary rows"); return }
            #expect(try OrderResponses.orderSummaryList(summaryBody).orders == summaries.map { try OrderResponses.orderSummary($0) })

            guard case .array(let customerRows)? = try JSONText.parse(customerBody)["customers"] else {
                Issue.record("no customer rows")
                return
            }
            let customers = try customerRows.map { try OrderResponses.customer($0) }
            #expect(try OrderResponses.customerList(customerBody).customers == customers)
            let jane = try #require(customers.first { $0.email == "jane@example.com" })
            #expect(unset(jane) == [] && jane.hasAccount)
            #expect(customers.contains { !$0.hasAccount })
        }
    }

    /// Labels of the optional members that are nil.
    private func unset(_ value: Any) -> [String] {
        Mirror(reflecting: value).children.compactMap { child in
            let inner = Mirror(reflecting: child.value)
            return inner.displayStyle == .optional && inner.children.isEmpty ? child.label : nil
        }
    }
}
