import Foundation
import Simulators
import SyncCore

/// The orders phases (g, h): a backlog of shop orders placed in the Medusa simulator as a storefront would, sent to
/// Odoo by one orders run, then a poll that finds nothing new.
struct OrdersBacklog {
    var orders = 1_000
    var linesPerOrder = 3
    var customers = 200

    /// Places the backlog on the shop's variants: every fifth customer a guest, currencies alternating usd/eur (15 %
    /// and 21 % tax), a shipping method on each order, a discount on every fourth order's first line.
    func place(in medusa: RunningMedusaSimulator) throws -> Int {
        let variants = medusa.snapshot().products.filter { $0.deletedAt == nil }.flatMap(\.variants).map(\.id)
        guard variants.count >= linesPerOrder else { return 0 }
        let springfield = MedusaAddress(firstName: "Pat", lastName: "Buyer", address1: "12 Main St", city: "Springfield",
                                        province: "il", postalCode: "62701", countryCode: "us")
        for index in 0..<orders {
            let customerIndex = index % customers
            let customer: SimulatedOrderInput.Customer = customerIndex % 5 == 4
                ? .guest(email: "guest\(customerIndex)@example.com")
                : .registered(email: "customer\(customerIndex)@example.com", firstName: "Customer", lastName: "\(customerIndex)")
            let usd = index.isMultiple(of: 2)
            let tax = [MedusaTaxLine(rate: usd ? 15 : 21)]
            let items = (0..<linesPerOrder).map { line in
                SimulatedLineItemInput(
                    variantId: variants[(index * linesPerOrder + line) % variants.count], quantity: Decimal(1 + line),
                    unitPrice: Decimal(10 + (index + line) % 90), taxLines: tax,
                    adjustments: line == 0 && index.isMultiple(of: 4) ? [MedusaAdjustment(code: "SAVE2", amount: 2)] : [])
            }
            _ = try medusa.placeOrder(SimulatedOrderInput(
                customer: customer, currencyCode: usd ? "usd" : "eur", items: items,
                shippingMethods: [SimulatedShippingMethodInput(name: "Standard", amount: Decimal(string: "9.99")!, taxLines: tax)],
                shippingAddress: springfield, billingAddress: springfield))
        }
        return orders
    }
}
