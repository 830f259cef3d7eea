import Foundation
import HTTPTransport
import MedusaClient
import OdooClient
import RunStore
import Simulators
import SyncCore

/// The orders side of a `SyncHarness`: the orders engine over the same clients and store, and orders placed in the
/// Medusa simulator the way a storefront would (on variants the catalogue sync created).
extension SyncHarness {
    func ordersEngine(_ configuration: OrdersConfiguration = .endToEnd, odooKey: String? = nil,
                      transport: (any HTTPTransport)? = nil) -> OrdersEngine {
        let odooClient = OdooClient(
            configuration: OdooConfiguration(url: odoo.baseURL, database: odoo.database,
                                             username: odooKey == nil ? odoo.adminLogin : "nosales",
                                             apiKey: odooKey ?? odoo.adminAPIKey, timeout: .seconds(10),
                                             retryPolicy: retryPolicy),
            transport: transport ?? self.transport, logger: quietLogger)
        return OrdersEngine(medusa: medusaClient, odoo: odooClient, state: state, configuration: configuration)
    }

    /// One orders run to the end.
    @discardableResult
    func runOrders(_ configuration: OrdersConfiguration = .endToEnd, odooKey: String? = nil,
                   transport: (any HTTPTransport)? = nil) async throws -> RecordedRun {
        let recorder = RunRecorder()
        let summary = try await ordersEngine(configuration, odooKey: odooKey, transport: transport).run(reporter: recorder)
        return RecordedRun(summary: summary, outcomes: await recorder.outcomes, phases: await recorder.phases,
                           medusaWrites: [:])
    }

    /// Bound variants of goods (the demo's `FURN_` products, not services): their lines get a delivery in Odoo.
    func goodsVariants() async throws -> [(medusa: String, odoo: Int)] {
        let skus = Dictionary(medusa.snapshot().products.flatMap(\.variants).map { ($0.id, $0.sku ?? "") },
                              uniquingKeysWith: { a, _ in a })
        return try await boundVariants().filter { skus[$0.medusa]?.hasPrefix("FURN_") == true }
    }

    /// Medusa variant ids the catalogue sync bound, with their Odoo `product.product` ids, lowest Odoo id first.
    func boundVariants() async throws -> [(medusa: String, odoo: Int)] {
        try await state.allBindings(VariantBinding.self).sorted { $0.odooVariantId < $1.odooVariantId }
            .map { ($0.medusaVariantId, $0.odooVariantId) }
    }
}

extension OrdersConfiguration {
    /// Every order since the epoch, authorized payments accepted (the simulator's system provider only authorizes).
    static let endToEnd = OrdersConfiguration(paymentRequirement: .authorized, since: Date(timeIntervalSince1970: 0))
}

enum ShopAddresses {
    static let springfield = MedusaAddress(firstName: "Jane", lastName: "Doe", address1: "12 Main St", city: "Springfield",
                                           province: "il", postalCode: "62701", countryCode: "us", phone: "+1 555 0100")
    static let munich = MedusaAddress(firstName: "Max", lastName: "Muster", address1: "Marienplatz 1", city: "München",
                                      province: "BY", postalCode: "80331", countryCode: "de")
}
