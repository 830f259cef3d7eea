import Foundation

/// What planning needs from Odoo and the catalogue's bindings, read once per run that has orders to send: the
/// variant bindings (Medusa variant → `product.product`), pricelists, sale taxes, the countries and states of the
/// orders' addresses, and the shipping product (found or created once, then remembered).
struct OrderContextReader {
    let odoo: any OdooSales
    let state: any SyncStateStore
    let configuration: OrdersConfiguration

    struct Context {
        var sale: SaleOrderContext
        var regions: OdooRegions
    }

    func read(for orders: [MedusaOrder]) async throws -> Context {
        let codes = Set(orders.flatMap { [$0.shippingAddress?.countryCode, $0.billingAddress?.countryCode] }
            .compactMap { $0?.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty }).sorted()
        async let variantsRead = state.allBindings(VariantBinding.self)
        async let pricelistsRead = odoo.salePricelists()
        async let taxesRead = odoo.saleTaxes()
        async let countriesRead = codes.isEmpty ? [:] : odoo.countries(codes: codes)
        let (variants, pricelists, taxes, countries) = try await (variantsRead, pricelistsRead, taxesRead, countriesRead)
        let states = countries.isEmpty ? [:]
            : try await odoo.states(countryIds: Dictionary(countries.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a }))
        let needsShipping = orders.contains { !$0.shippingMethods.isEmpty }
        let sale = SaleOrderContext(
            productByVariant: Dictionary(variants.map { ($0.medusaVariantId, $0.odooVariantId) }, uniquingKeysWith: { a, _ in a }),
            pricelistByCurrency: SalePricelistChoice.choose(pricelists: pricelists,
                                                            configured: configuration.pricelistByCurrency),
            taxes: TaxBook(taxes: taxes, explicit: configuration.taxMap),
            shippingProductId: needsShipping ? try await shippingProduct() : configuration.shippingProductId)
        return Context(sale: sale, regions: OdooRegions(countries: countries, states: states))
    }

    /// `ODOO_SHIPPING_PRODUCT_ID`, or the service product named `shippingProductName`: remembered, else found by name,
    /// else created (once: the id is remembered right after).
    private func shippingProduct() async throws -> Int {
        if let configured = configuration.shippingProductId { return configured }
        if let remembered = try await state.memo(.shippingProductId).flatMap(Int.init) { return remembered }
        let id: Int
        if let found = try await odoo.serviceProduct(named: configuration.shippingProductName) {
            id = found
        } else {
            id = try await odoo.createServiceProduct(named: configuration.shippingProductName)
        }
        try await state.saveMemo(.shippingProductId, value: String(id))
        return id
    }
}
