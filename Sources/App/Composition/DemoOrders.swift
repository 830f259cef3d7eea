import Foundation
import Logging
import RunStore
import ServiceLifecycle
import Simulators
import SyncCore

/// `serve --demo`'s shop activity: once the first catalogue sync has put products in the simulated Medusa, a few
/// realistic orders are placed there as a storefront would (a registered customer in USD with shipping and tax, her
/// second order, a guest in EUR with a price-included tax and a discount code, a customer in EUR at 21 %), and an
/// orders run is queued, so a newcomer sees them arrive as confirmed sale orders in the simulated Odoo. Every order has
/// a shipping method: Medusa fulfils through the order's shipping option (without one its fulfilment endpoint answers
/// 500), and the demo lets each order's delivery be validated (`POST /demo/deliveries`).
struct DemoOrders: Service {
    let medusa: RunningMedusaSimulator
    let store: any RunStore
    let runner: JobRunner
    let logger: Logger

    /// Places the orders once, then stays until shutdown (a service that returns would stop the whole group).
    func run() async throws {
        do {
            try await placeOnce()
        } catch is CancellationError {
            return
        } catch {
            logger.warning("demo: could not place orders", metadata: ["error": "\(error)"])
        }
        try? await gracefulShutdown()
    }

    private func placeOnce() async throws {
        try await cancelWhenGracefulShutdown {
            // Bounded: a demo whose catalogue never syncs places no orders (about an hour of checks).
            for _ in 0..<7200 {
                if try await store.listRuns(status: .succeeded, kind: .catalogue, limit: 1).first != nil { break }
                try await Task.sleep(for: .milliseconds(500))
            }
            let placed = try placeOrders()
            guard !placed.isEmpty else { return }
            logger.info("demo: orders placed in the simulated Medusa", metadata: ["orders": "\(placed.count)"])
            _ = try await runner.submit(job: OrdersRequest(), trigger: .api)
        }
    }

    private func placeOrders() throws -> [String] {
        let variants = medusa.snapshot().products.filter { $0.deletedAt == nil }.flatMap(\.variants)
            .filter { ($0.sku ?? "").hasPrefix("FURN_") }
        guard variants.count >= 3 else { return [] }
        func price(_ variant: MedusaSimulatorSnapshot.Variant, _ currency: String, or fallback: Decimal) -> Decimal {
            variant.prices.first { $0.currencyCode == currency }?.amount ?? fallback
        }
        let jane = SimulatedOrderInput.Customer.registered(email: "jane.doe@example.com", firstName: "Jane", lastName: "Doe",
                                                           phone: "+1 555 0100")
        let springfield = MedusaAddress(firstName: "Jane", lastName: "Doe", address1: "12 Main St", city: "Springfield",
                                        province: "il", postalCode: "62701", countryCode: "us", phone: "+1 555 0100")
        let munich = MedusaAddress(firstName: "Max", lastName: "Muster", address1: "Marienplatz 1", city: "München",
                                   province: "BY", postalCode: "80331", countryCode: "de")
        let paris = MedusaAddress(firstName: "Sofia", lastName: "Rossi", company: "Atelier Rossi", address1: "8 rue de Rivoli",
                                  city: "Paris", postalCode: "75004", countryCode: "fr")
        let usTax = [MedusaTaxLine(code: "US", rate: 15)]
        let orders = [
            SimulatedOrderInput(
                customer: jane, currencyCode: "usd",
                items: [SimulatedLineItemInput(variantId: variants[0].id, quantity: 2, unitPrice: price(variants[0], "usd", or: 750),
                                               taxLines: usTax),
                        SimulatedLineItemInput(variantId: variants[1].id, quantity: 1, unitPrice: price(variants[1], "usd", or: 120),
                                               taxLines: usTax)],
                shippingMethods: [SimulatedShippingMethodInput(name: "Standard Shipping", amount: Decimal(string: "9.99")!,
                                                               taxLines: usTax)],
                shippingAddress: springfield, billingAddress: springfield),
            SimulatedOrderInput(
                customer: .guest(email: "max.muster@example.de"), currencyCode: "eur",
                items: [SimulatedLineItemInput(variantId: variants[2].id, quantity: 1, unitPrice: Decimal(string: "56.40")!,
                                               isTaxInclusive: true, taxLines: [MedusaTaxLine(code: "DE", rate: 20)],
                                               adjustments: [MedusaAdjustment(code: "WELCOME10", amount: 10)])],
                shippingMethods: [SimulatedShippingMethodInput(name: "DHL Paket", amount: Decimal(string: "4.90")!,
                                                               isTaxInclusive: true,
                                                               taxLines: [MedusaTaxLine(code: "DE", rate: 20)])],
                shippingAddress: munich, billingAddress: munich),
            SimulatedOrderInput(
                customer: jane, currencyCode: "usd",
                items: [SimulatedLineItemInput(variantId: variants[1].id, quantity: 3, unitPrice: price(variants[1], "usd", or: 120),
                                               taxLines: usTax)],
                shippingMethods: [SimulatedShippingMethodInput(name: "Standard Shipping", amount: Decimal(string: "9.99")!,
                                                               taxLines: usTax)],
                shippingAddress: springfield, billingAddress: springfield),
            SimulatedOrderInput(
                customer: .registered(email: "sofia@atelier-rossi.fr", firstName: "Sofia", lastName: "Rossi",
                                      companyName: "Atelier Rossi"),
                currencyCode: "eur",
                items: [SimulatedLineItemInput(variantId: variants[0].id, quantity: 1, unitPrice: price(variants[0], "eur", or: 690),
                                               taxLines: [MedusaTaxLine(code: "FR", rate: 21)])],
                shippingMethods: [SimulatedShippingMethodInput(name: "Colissimo", amount: Decimal(string: "6.90")!,
                                                               taxLines: [MedusaTaxLine(code: "FR", rate: 21)])],
                shippingAddress: paris, billingAddress: paris),
        ]
        return try orders.map { try medusa.placeOrder($0).id }
    }
}
