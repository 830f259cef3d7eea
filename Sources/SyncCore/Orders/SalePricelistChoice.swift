import Foundation

/// Which Odoo pricelist an order in a given currency goes on. The order's currency follows its pricelist in Odoo
/// (ORDERS.md §2), so the pricelist decides the currency. An explicit choice (`ODOO_PRICELIST_<CUR>`, the same one the
/// catalogue prices come from) wins when it is in that currency; otherwise the lowest-id pricelist in the currency
/// (stable from run to run). A currency with none is absent: the order is held (`OrderHold.noPricelist`).
public enum SalePricelistChoice {
    public static func choose(pricelists: [OdooSalePricelist], configured: [String: Int]) -> [String: Int] {
        var result: [String: Int] = [:]
        for pricelist in pricelists.sorted(by: { $0.id < $1.id }) where result[pricelist.currencyCode] == nil {
            result[pricelist.currencyCode] = pricelist.id
        }
        for (code, id) in configured {
            let code = code.lowercased()
            if pricelists.contains(where: { $0.id == id && $0.currencyCode == code }) { result[code] = id }
        }
        return result
    }
}

/// The rounding unit of a currency's amounts, for the totals check: Odoo's `res.currency.rounding` is 0.01 for
/// almost every currency and 1 for those without minor units (ISO 4217 exponent 0).
public enum CurrencyRounding {
    static let wholeUnitCurrencies: Set<String> = [
        "bif", "clp", "djf", "gnf", "isk", "jpy", "kmf", "krw", "pyg", "rwf", "ugx", "uyi", "vnd", "vuv", "xaf",
        "xof", "xpf",
    ]

    public static func unit(currencyCode: String) -> Decimal {
        wholeUnitCurrencies.contains(currencyCode.lowercased()) ? 1 : Decimal(string: "0.01")!
    }
}
