/// Where the price in one store currency comes from.
public enum PriceSource: Sendable, Hashable {
    /// The company currency: `lst_price` exactly as Odoo computed it.
    case listPrice
    /// An Odoo pricelist in that currency (configured, or the active one with the lowest id).
    case pricelist(Int)
    /// No pricelist: the list price converted with Odoo's rate.
    case conversion
    /// No way to price it; the reason goes into the product's outcome.
    case unavailable(String)
}

/// Chooses a price source for every currency the Medusa store supports.
public struct PriceSourcePlan: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        /// Lowercase ISO code, as Medusa wants it.
        public var currencyCode: String
        public var currency: OdooCurrency?
        public var source: PriceSource
    }

    public let entries: [Entry]

    /// `configured` maps a currency code (any case) to a pricelist id and wins over the automatic choice; the company
    /// currency uses `lst_price` unless a pricelist is configured for it explicitly.
    public init(storeCurrencies: [String], currencies: CurrencyTable, book: PricelistBook, configured: [String: Int]) {
        let configuredByCode = Dictionary(configured.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        var seen: Set<String> = []
        entries = storeCurrencies.map { $0.lowercased() }.filter { seen.insert($0).inserted }.map { code in
            guard let currency = currencies.currency(code: code) else {
                return Entry(currencyCode: code, currency: nil,
                             source: .unavailable("\(code.uppercased()) is not an active currency in Odoo"))
            }
            if let pricelistId = configuredByCode[code] {
                guard let pricelist = book.pricelists[pricelistId] else {
                    return Entry(currencyCode: code, currency: currency,
                                 source: .unavailable("configured pricelist \(pricelistId) for \(code.uppercased()) not found in Odoo"))
                }
                guard pricelist.currencyId == currency.id else {
                    return Entry(currencyCode: code, currency: currency,
                                 source: .unavailable("configured pricelist \(pricelistId) is not in \(code.uppercased())"))
                }
                return Entry(currencyCode: code, currency: currency, source: .pricelist(pricelistId))
            }
            if currency.id == currencies.company.id {
                return Entry(currencyCode: code, currency: currency, source: .listPrice)
            }
            if let pricelist = book.defaultPricelist(currencyId: currency.id) {
                return Entry(currencyCode: code, currency: currency, source: .pricelist(pricelist.id))
            }
            if currencies.rate(of: currency) != nil {
                return Entry(currencyCode: code, currency: currency, source: .conversion)
            }
            return Entry(currencyCode: code, currency: currency,
                         source: .unavailable("no pricelist and no exchange rate for \(code.uppercased()) in Odoo"))
        }
    }
}
