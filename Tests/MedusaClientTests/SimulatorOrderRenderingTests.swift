import Foundation
@testable import MedusaClient
import SyncCore
import Testing

@testable import MedusaSimulator

/// The simulator builds only the order members a `fields` selection keeps; what it answers must be exactly what
/// building everything and then projecting answers.
@Suite("Medusa simulator: pruned order rendering")
struct SimulatorOrderRenderingTests {
    static let selections: [String?] = [
        nil, MedusaClient.orderFields, "id,updated_at", "+total,*items", "*items.variant,*items.variant.product",
        "*payment_collections,*payment_collections.payments", "*fulfillments,*fulfillments.items", "+customer.*",
        "customer,items", "subtotal,tax_total,shipping_total,original_item_tax_total,*shipping_methods",
        "*items,-items.variant", "+summary,+discount_total,*billing_address,*shipping_address",
    ]

    @Test("same answer as rendering everything, for list rows and details", arguments: selections)
    func prunedEqualsFull(_ fields: String?) async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let variants = try await client.createProduct(shirtInput()).variants.map(\.id)
            let registered = try simulator.placeOrder(SimulatedOrderInput(
                customer: .registered(email: "jane@example.com", firstName: "Jane", lastName: "Doe"),
                items: [SimulatedLineItemInput(variantId: variants[0], quantity: 2, unitPrice: 10,
                                               taxLines: [MedusaTaxLine(code: "vat", rate: 21)],
                                               adjustments: [MedusaAdjustment(code: "TEN", amount: 1)]),
                        SimulatedLineItemInput(variantId: variants[1], quantity: 1, unitPrice: 12, isTaxInclusive: true,
                                               taxLines: [MedusaTaxLine(code: "vat", rate: 21)])],
                shippingMethods: [SimulatedShippingMethodInput(name: "Standard", amount: 5,
                                                               taxLines: [MedusaTaxLine(code: "vat", rate: 21)])],
                shippingAddress: MedusaAddress(firstName: "Jane", address1: "1 Main St", countryCode: "us")))
            try simulator.capturePayment(orderId: registered.id)
            let lines = try #require(simulator.lineQuantities(orderId: registered.id))
            _ = try await client.createFulfilment(orderId: registered.id,
                                                  items: [MedusaFulfilmentItem(lineItemId: lines[0].lineItemId, quantity: 1)],
                                                  locationId: nil)
            let guest = try simulator.placeOrder(SimulatedOrderInput(
                customer: .guest(email: "guest@example.com"),
                items: [SimulatedLineItemInput(variantId: variants[0], quantity: 3, unitPrice: 7)]))

            let listSelection = FieldSelection(query: fields, defaults: FieldSelection.orderListDefaults,
                                               relations: FieldSelection.orderRelations)
            let detailSelection = FieldSelection(query: fields, defaults: FieldSelection.orderDetailDefaults,
                                                 relations: FieldSelection.orderRelations)
            simulator.core.state.withLock { state in
                for id in [registered.id, guest.id] {
                    let order = state.orderBook.orders[id]!
                    for (selection, isListRow) in [(listSelection, true), (detailSelection, false)] {
                        let pruned = state.json(order: order, fields: selection, isListRow: isListRow)
                        let full = state.json(order: order, fields: selection, isListRow: isListRow, pruned: false)
                        #expect(pruned == full, "\(fields ?? "defaults"), list row: \(isListRow)")
                        #expect(pruned.serialized() == full.serialized())
                    }
                }
            }
        }
    }
}
