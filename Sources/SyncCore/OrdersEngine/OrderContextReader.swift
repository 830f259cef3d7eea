import Foundation

/// What planning needs from Odoo and the catalogue's bindings, read once per run that has orders to send: the
/// variant bindings (Medusa variant → `product.product`), pricelists, sale taxes, the countries and states of the
/// orders' addresses, and the shipping product (found or created once, then remembered). What does not depend on the
/// orders (`readShared`) is read while the orders are still being read from Medusa.
struct OrderContextReader {
    let odoo: any OdooSales
    let state: any SyncStateStore
    let configuration: OrdersConfiguration

    struct Context {
        var sale: SaleOrderContext
        var regions: OdooRegions
    }

    /// What does not depend on which orders are sent: read while the orders themselves are still being read.
    struct Shared: Sendable {
        var pricelists: [OdooSalePricelist]
        var taxes: [OdooSaleTax]
        /// Configured, remembered or found by name; nil when none exists yet (created only if an order needs it).
        var shippingProductId: Int?
    }

    func readShared() async throws -> Shared {
        async let pricelists = odoo.salePricelists()
        async let taxes = odoo.saleTaxes()
        async let shipping = existingShippingProduct()
        return try await Shared(pricelists: pricelists, taxes: taxes, shippingProductId: shipping)
    }

    func read(for orders: [MedusaOrder], shared: Shared) async throws -> Context {
        let codes = Set(orders.flatMap { [$0.shippingAddress?.countryCode, $0.billingAddress?.countryCode] }
            .compactMap { $0?.trimmedBlanks(.whitespaces).uppercased() }.filter { !$0.isEmpty }).sorted()
        let needsShipping = orders.contains { !$0.shippingMethods.isEmpty }
        async let variantsRead = state.allBindings(VariantBinding.self)
        async let shippingRead = needsShipping ? shippingProduct(found: shared.shippingProductId)
            : configuration.shippingProductId
        async let countriesRead = codes.isEmpty ? [:] : odoo.countries(codes: codes)
        let (variants, countries) = try await (variantsRead, countriesRead)
        let states = countries.isEmpty ? [:]
            : try await odoo.states(countryIds: Dictionary(countries.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a }))
        let sale = SaleOrderContext(
            productByVariant: Dictionary(variants.map { ($0.medusaVariantId, $0.odooVariantId) }, uniquingKeysWith: { a, _ in a }),
            pricelistByCurrency: SalePricelistChoice.choose(pricelists: shared.pricelists,
                                                            configured: configuration.pricelistByCurrency),
            taxes: TaxBook(taxes: shared.taxes, explicit: configuration.taxMap),
            shippingProductId: try await shippingRead)
        return Context(sale: sale, regions: OdooRegions(countries: countries, states: states))
    }

    /// `ODOO_SHIPPING_PRODUCT_ID`, or the service product named `shippingProductName`, remembered or found by name;
    /// nil when there is none yet. Only reads.
    private func existingShippingProduct() async throws -> Int? {
        if let configured = configuration.shippingProductId { return configured }
        if let remembered = try await state.memo(.shippingProductId).flatMap(Int.init) { return remembered }
        guard let found = try await odoo.serviceProduct(named: configuration.shippingProductName) else { return nil }
        try await state.saveMemo(.shippingProductId, value: String(found))
        return found
    }

    /// The shipping product an order with shipping needs: the one `existingShippingProduct` found, else created
    /// (once: the id is remembered right after).
    private func shippingProduct(found: Int?) async throws -> Int {
        if let found { return found }
        let id = try await odoo.createServiceProduct(named: configuration.shippingProductName)
        try await state.saveMemo(.shippingProductId, value: String(id))
        return id
    }
}
