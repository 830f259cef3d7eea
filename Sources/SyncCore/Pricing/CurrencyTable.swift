import Foundation

/// Odoo's currencies with their rates, for converting list prices the way `res.currency._convert(round=False)` does.
public struct CurrencyTable: Sendable, Hashable {
    public let company: OdooCurrency
    private let byId: [Int: OdooCurrency]
    private let byCode: [String: OdooCurrency]

    public init(company: OdooCurrency, currencies: [OdooCurrency]) {
        self.company = company
        var byId = [company.id: company]
        for currency in currencies where byId[currency.id] == nil { byId[currency.id] = currency }
        self.byId = byId
        var byCode: [String: OdooCurrency] = [:]
        for currency in byId.values.sorted(by: { $0.id < $1.id }) where byCode[currency.name.lowercased()] == nil {
            byCode[currency.name.lowercased()] = currency
        }
        self.byCode = byCode
    }

    public func currency(id: Int) -> OdooCurrency? { byId[id] }

    /// Case-insensitive ISO code lookup ("eur" finds "EUR").
    public func currency(code: String) -> OdooCurrency? { byCode[code.lowercased()] }

    /// Units of `currency` per company-currency unit; the company currency is 1 by definition.
    public func rate(of currency: OdooCurrency) -> Decimal? {
        if currency.id == company.id { return 1 }
        guard let rate = currency.rate, rate > 0 else { return nil }
        return rate
    }

    /// `amount × rate(to) / rate(from)`, unrounded; nil when a rate is unknown.
    public func convert(_ amount: Decimal, from: OdooCurrency, to: OdooCurrency) -> Decimal? {
        if from.id == to.id { return amount }
        guard let fromRate = rate(of: from), let toRate = rate(of: to) else { return nil }
        return amount * toRate / fromRate
    }
}
