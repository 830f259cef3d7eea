import Foundation

/// Everything read once at the start of a run: who the servers are, currencies, pricelists, categories, locations.
struct RunSetup: Sendable {
    var store: MedusaStoreInfo
    var currencies: CurrencyTable
    var categories: CategoryTree
    var book: PricelistBook
    var priceSources: PriceSourcePlan
    var salesChannelIds: [String]
    var medusaLocationId: String?
    var odooLocationIds: [Int]
    var now: Date

    static func load(odoo: any OdooCatalogue, medusa: any MedusaShop, configuration: SyncConfiguration,
                     dryRun: Bool, now: Date) async throws -> RunSetup {
        // Independent reads go out together (the company currency alone is a chain of three reads).
        let readsLocations = configuration.syncStock && !dryRun && configuration.odooLocationIds == nil
        async let storeRead = medusa.store()
        async let companyRead = odoo.companyCurrency()
        async let currenciesRead = odoo.currencies()
        async let categoriesRead = odoo.categories()
        async let pricebookRead = { () async throws -> ([OdooPricelist], [OdooPricelistItem]) in
            let pricelists = try await odoo.pricelists()
            let items = pricelists.isEmpty ? [] : try await odoo.pricelistItems(pricelistIds: pricelists.map(\.id))
            return (pricelists, items)
        }()
        async let locationsRead: [OdooLocation] = readsLocations ? odoo.internalLocations() : []
        let (store, company, currencyList, categoryList, (pricelists, items), internalLocations) =
            try await (storeRead, companyRead, currenciesRead, categoriesRead, pricebookRead, locationsRead)

        let categories = CategoryTree(categoryList)
        let currencies = CurrencyTable(company: company, currencies: currencyList)
        let book = PricelistBook(pricelists: pricelists, items: items, categories: categories)
        let sources = PriceSourcePlan(storeCurrencies: store.supportedCurrencies, currencies: currencies, book: book,
                                      configured: configuration.pricelistByCurrency)
        let channel = configuration.salesChannelId ?? store.defaultSalesChannelId

        var medusaLocation: String?
        var odooLocations: [Int] = []
        if configuration.syncStock, !dryRun {
            medusaLocation = configuration.medusaLocationId ?? store.defaultLocationId
            guard medusaLocation != nil else {
                throw SyncFailure("stock sync is on but the Medusa store has no default stock location and none is configured",
                                  failureClass: .configuration)
            }
            if let configured = configuration.odooLocationIds {
                odooLocations = configured
            } else {
                odooLocations = internalLocations.filter { $0.active && $0.usage == "internal" }.map(\.id)
            }
        }
        return RunSetup(store: store, currencies: currencies, categories: categories, book: book, priceSources: sources,
                        salesChannelIds: channel.map { [$0] } ?? [], medusaLocationId: medusaLocation,
                        odooLocationIds: odooLocations, now: now)
    }
}
