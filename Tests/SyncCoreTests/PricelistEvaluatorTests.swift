import Foundation
import Testing
@testable import SyncCore

/// One pricelist (id 10) evaluated for one variant (id 100, template 10, category "All / Saleable / Office Furniture
/// / Chairs", lst_price 200 USD).
struct PriceCase: Sendable, CustomTestStringConvertible {
    var name: String
    var currency: Int = 1
    var items: [OdooPricelistItem]
    var now = "2026-06-01 12:00:00"
    var expected: Result<String, PricingError>

    var testDescription: String { name }
}

@Suite("Pricelist evaluator")
struct PricelistEvaluatorTests {
    static let usd = OdooCurrency(id: 1, name: "USD", rounding: dec("0.01"), rate: 1)
    static let eur = OdooCurrency(id: 2, name: "EUR", rounding: dec("0.01"), rate: dec("1.2834"))
    static let jpy = OdooCurrency(id: 3, name: "JPY", rounding: 1, rate: 150)
    static let chf = OdooCurrency(id: 4, name: "CHF", rounding: dec("0.05"), rate: nil)
    static let tree = CategoryTree([
        OdooCategory(id: 1, name: "All"),
        OdooCategory(id: 2, name: "Saleable", parentId: 1),
        OdooCategory(id: 3, name: "Office Furniture", parentId: 2),
        OdooCategory(id: 4, name: "Chairs", parentId: 3),
        OdooCategory(id: 9, name: "Services", parentId: 1),
    ])
    static let variant = PricedVariant(variantId: 100, templateId: 10, categoryId: 4, listPrice: 200)

    static func item(_ id: Int, _ appliedOn: OdooPricelistItem.AppliedOn = .global, _ compute: OdooPricelistItem.ComputePrice = .fixed,
                     pricelist: Int = 10, fixed: String = "0", percent: String = "0", discount: String = "0",
                     surcharge: String = "0", round: String = "0", minMargin: String = "0", maxMargin: String = "0",
                     minQuantity: String = "0", start: String? = nil, end: String? = nil, template: Int? = nil,
                     variant: Int? = nil, category: Int? = nil, base: OdooPricelistItem.Base = .listPrice,
                     basePricelist: Int? = nil) -> OdooPricelistItem {
        OdooPricelistItem(id: id, pricelistId: pricelist, appliedOn: appliedOn, computePrice: compute, base: base,
                          basePricelistId: basePricelist, fixedPrice: dec(fixed), percentPrice: dec(percent),
                          priceDiscount: dec(discount), priceSurcharge: dec(surcharge), priceRound: dec(round),
                          priceMinMargin: dec(minMargin), priceMaxMargin: dec(maxMargin), minQuantity: dec(minQuantity),
                          dateStart: start.map(odooDate), dateEnd: end.map(odooDate), templateId: template,
                          variantId: variant, categoryId: category)
    }

    static let cases: [PriceCase] = [
        PriceCase(name: "no rule: list price", items: [], expected: .success("200")),
        PriceCase(name: "fixed on the variant", items: [item(1, .variant, fixed: "150", template: 10, variant: 100)], expected: .success("150")),
        PriceCase(name: "fixed on another variant does not apply", items: [item(1, .variant, fixed: "150", variant: 101)], expected: .success("200")),
        PriceCase(name: "fixed on the template", items: [item(1, .template, fixed: "180", template: 10)], expected: .success("180")),
        PriceCase(name: "fixed on another template does not apply", items: [item(1, .template, fixed: "180", template: 11)], expected: .success("200")),
        PriceCase(name: "percentage, global", items: [item(1, .global, .percentage, percent: "10")], expected: .success("180")),
        PriceCase(name: "negative percentage is a mark-up", items: [item(1, .global, .percentage, percent: "-10")], expected: .success("220")),
        PriceCase(name: "formula discount", items: [item(1, .global, .formula, discount: "10")], expected: .success("180")),
        PriceCase(name: "formula: discount, round to 5, surcharge -0.01",
                  items: [item(1, .global, .formula, discount: "12", surcharge: "-0.01", round: "5")], expected: .success("174.99")),
        PriceCase(name: "formula rounding is half-up", items: [item(1, .global, .formula, discount: "1.25", round: "10")], expected: .success("200")),
        PriceCase(name: "formula min margin over the base price",
                  items: [item(1, .global, .formula, discount: "50", minMargin: "20")], expected: .success("220")),
        PriceCase(name: "formula max margin over the base price",
                  items: [item(1, .global, .formula, discount: "-50", maxMargin: "30")], expected: .success("230")),
        PriceCase(name: "category rule on the product's category",
                  items: [item(1, .category, .percentage, percent: "20", category: 4)], expected: .success("160")),
        PriceCase(name: "category rule on an ancestor category",
                  items: [item(1, .category, .percentage, percent: "20", category: 2)], expected: .success("160")),
        PriceCase(name: "category rule on an unrelated category",
                  items: [item(1, .category, .percentage, percent: "20", category: 9)], expected: .success("200")),
        PriceCase(name: "min_quantity above 1 is for bulk buyers only",
                  items: [item(1, .global, fixed: "100", minQuantity: "5")], expected: .success("200")),
        PriceCase(name: "min_quantity 1 applies", items: [item(1, .global, fixed: "100", minQuantity: "1")], expected: .success("100")),
        PriceCase(name: "not started yet", items: [item(1, fixed: "100", start: "2026-07-01 00:00:00")], expected: .success("200")),
        PriceCase(name: "already ended", items: [item(1, fixed: "100", end: "2026-05-31 23:59:59")], expected: .success("200")),
        PriceCase(name: "within its dates", items: [item(1, fixed: "100", start: "2026-01-01 00:00:00", end: "2026-12-31 23:59:59")],
                  expected: .success("100")),
        PriceCase(name: "variant rule beats a global rule with a higher id",
                  items: [item(9, .global, fixed: "100"), item(2, .variant, fixed: "150", variant: 100)], expected: .success("150")),
        PriceCase(name: "template rule beats a category rule",
                  items: [item(9, .category, fixed: "100", category: 4), item(2, .template, fixed: "150", template: 10)],
                  expected: .success("150")),
        PriceCase(name: "same level: the higher id wins", items: [item(1, fixed: "100"), item(2, fixed: "120")], expected: .success("120")),
        PriceCase(name: "same level: the higher min_quantity wins first",
                  items: [item(1, fixed: "110", minQuantity: "1"), item(2, fixed: "120")], expected: .success("110")),
        PriceCase(name: "deeper category wins over a parent category with a higher id",
                  items: [item(5, .category, .percentage, percent: "20", category: 2), item(4, .category, .percentage, percent: "10", category: 3)],
                  expected: .success("180")),
        PriceCase(name: "EUR pricelist without rule converts the list price", currency: 2, items: [], expected: .success("256.68")),
        PriceCase(name: "EUR percentage applies to the converted price", currency: 2,
                  items: [item(1, .global, .percentage, percent: "10")], expected: .success("231.012")),
        PriceCase(name: "EUR fixed price is already in EUR", currency: 2, items: [item(1, fixed: "99")], expected: .success("99")),
        PriceCase(name: "JPY converts with its rate", currency: 3, items: [], expected: .success("30000")),
        PriceCase(name: "based on another pricelist (USD fixed 150 → EUR −10 %)", currency: 2,
                  items: [item(1, .global, .percentage, pricelist: 10, percent: "10", base: .pricelist, basePricelist: 11),
                          item(2, .variant, pricelist: 11, fixed: "150", variant: 100)],
                  expected: .success("173.259")),
        PriceCase(name: "pricelist base without a pricelist falls back to the list price",
                  items: [item(1, .global, .percentage, percent: "10", base: .pricelist)], expected: .success("180")),
        PriceCase(name: "pricelists basing on each other", items: [
            item(1, .global, .formula, pricelist: 10, base: .pricelist, basePricelist: 11),
            item(2, .global, .formula, pricelist: 11, base: .pricelist, basePricelist: 10),
        ], expected: .failure(.recursionTooDeep(pricelistId: 11))),
        PriceCase(name: "cost-based rules are not reproduced",
                  items: [item(7, .global, .formula, discount: "-30", base: .standardPrice)], expected: .failure(.costBasedRule(itemId: 7))),
        PriceCase(name: "no rate for the pricelist currency", currency: 4, items: [], expected: .failure(.missingRate("CHF"))),
    ]

    @Test(arguments: cases)
    func evaluate(_ test: PriceCase) throws {
        let pricelists = [OdooPricelist(id: 10, name: "Under test", currencyId: test.currency),
                          OdooPricelist(id: 11, name: "Base", currencyId: 1)]
        let evaluator = PricelistEvaluator(
            book: PricelistBook(pricelists: pricelists, items: test.items, categories: Self.tree),
            currencies: CurrencyTable(company: Self.usd, currencies: [Self.usd, Self.eur, Self.jpy, Self.chf]),
            categories: Self.tree, now: odooDate(test.now).date)
        let result = Result { () throws(PricingError) in try evaluator.price(of: Self.variant, in: 10) }
        switch (result, test.expected) {
        case (.success(let price), .success(let expected)): #expect(price == dec(expected))
        case (.failure(let error), .failure(let expected)): #expect(error == expected)
        default: Issue.record("got \(result), expected \(test.expected)")
        }
    }

    @Test("a store currency's price source", arguments: [
        ("usd", [String: Int](), PriceSource.listPrice),
        ("usd", ["USD": 4], .pricelist(4)),
        ("eur", [:], .pricelist(5)),
        ("eur", ["eur": 4], .unavailable("configured pricelist 4 is not in EUR")),
        ("eur", ["eur": 77], .unavailable("configured pricelist 77 for EUR not found in Odoo")),
        ("jpy", [:], .conversion),
        ("chf", [:], .unavailable("no pricelist and no exchange rate for CHF in Odoo")),
        ("gbp", [:], .unavailable("GBP is not an active currency in Odoo")),
    ])
    func priceSource(code: String, configured: [String: Int], expected: PriceSource) {
        let currencies = CurrencyTable(company: Demo.usd, currencies: [Demo.usd, Demo.eur, Self.jpy, Self.chf])
        let plan = PriceSourcePlan(storeCurrencies: [code], currencies: currencies, book: Demo.book, configured: configured)
        #expect(plan.entries.map(\.source) == [expected])
        #expect(plan.entries.map(\.currencyCode) == [code])
    }

    @Test("prices are rounded with each currency's rounding; unpriceable currencies become warnings")
    func variantPricer() {
        let currencies = CurrencyTable(company: Demo.usd, currencies: [Demo.usd, Demo.eur, Self.jpy, Self.chf])
        let plan = PriceSourcePlan(storeCurrencies: ["USD", "eur", "jpy", "chf"], currencies: currencies,
                                   book: PricelistBook(pricelists: [], items: [], categories: Self.tree), configured: [:])
        let pricer = VariantPricer(plan: plan, evaluator: PricelistEvaluator(
            book: PricelistBook(pricelists: [], items: [], categories: Self.tree), currencies: currencies, categories: Self.tree,
            now: midsummer2026))
        let (prices, warnings) = pricer.prices(for: PricedVariant(variantId: 1, templateId: 1, categoryId: nil, listPrice: dec("70.005")))
        #expect(prices == [MedusaPrice(currencyCode: "usd", amount: dec("70.01")),
                           MedusaPrice(currencyCode: "eur", amount: dec("89.84")),
                           MedusaPrice(currencyCode: "jpy", amount: 10501)])
        #expect(warnings == ["no CHF price: no pricelist and no exchange rate for CHF in Odoo"])
    }
}
