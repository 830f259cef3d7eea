import Foundation
import Testing
@testable import SyncCore

/// The real pricelist rules of the Odoo 19 demo database: Retail USD (variant DESK0005 fixed 699; Expenses −10 % from
/// 5 units; everything −5 % during 2026) and Europe EUR (Customizable Desk fixed 720).
@Suite("Demo catalogue prices")
struct DemoPricingTests {
    static func prices(_ templateId: Int, configured: [String: Int] = [:], now: Date = midsummer2026) throws -> [Int: [String: Decimal]] {
        let template = Demo.templates.first { $0.id == templateId }!
        var context = Demo.context()
        context.pricer = Demo.pricer(configured: configured, now: now)
        let desired = try ProductMapper.map(Demo.snapshot(template), context: context)
        return Dictionary(uniqueKeysWithValues: desired.variants.map { variant in
            (variant.odooVariantId, Dictionary(uniqueKeysWithValues: variant.prices.map { ($0.currencyCode, $0.amount) }))
        })
    }

    @Test("Customizable Desk: USD is lst_price, EUR is the Europe pricelist's fixed 720")
    func desk() throws {
        let prices = try Self.prices(9)
        #expect(prices.keys.sorted() == [13, 14, 15, 16, 18])
        #expect([13, 14, 15, 16, 18].map { prices[$0]!["usd"]! } == [790, dec("840.4"), 790, 771, 771])
        #expect([13, 14, 15, 16, 18].allSatisfy { prices[$0]!["eur"] == 720 })
    }

    @Test("Retail USD in 2026: DESK0005 fixed 699 (variant rule first), the rest −5 %")
    func retail2026() throws {
        let prices = try Self.prices(9, configured: ["usd": 4])
        #expect([13, 14, 15, 16, 18].map { prices[$0]!["usd"]! } == [dec("750.5"), dec("798.38"), 699, dec("732.45"), dec("732.45")])
    }

    @Test("Retail USD in 2027: the dated rule has ended, the variant rule has not")
    func retail2027() throws {
        let prices = try Self.prices(9, configured: ["usd": 4], now: odooDate("2027-01-01 00:00:00").date)
        #expect([13, 14, 15, 16, 18].map { prices[$0]!["usd"]! } == [790, dec("840.4"), 699, 771, 771])
    }

    @Test("Expenses −10 % needs 5 units, so a shop price gets only the global −5 %")
    func expenses() throws {
        #expect(try Self.prices(1, configured: ["usd": 4])[1]!["usd"] == dec("13.3"))
    }

    @Test("Office Chair in EUR: no EUR rule matches, so 70 × 1.2834 rounded to cents")
    func officeChairEuro() throws {
        #expect(try Self.prices(5)[5]!["eur"] == dec("89.84"))
    }
}
