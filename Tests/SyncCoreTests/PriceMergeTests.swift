import Foundation
import Testing
@testable import SyncCore

/// Medusa replaces a variant's price list with the one sent: the sync sends its base prices and every other price back
/// as it is, so nothing a merchant set by hand is lost.
@Suite("Price merge: the sync owns base prices only")
struct PriceMergeTests {
    static let region = ["region_id": "reg_eu"]

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var desired: [MedusaPrice]
        var current: [MedusaPrice]
        /// nil: nothing to write.
        var expected: [MedusaPrice]?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unchanged base prices: nothing to write",
             desired: [MedusaPrice(currencyCode: "usd", amount: 10)],
             current: [MedusaPrice(id: "p1", currencyCode: "usd", amount: 10)],
             expected: nil),
        Case(name: "a changed base price keeps its id; other currencies stay",
             desired: [MedusaPrice(currencyCode: "usd", amount: 11)],
             current: [MedusaPrice(id: "p1", currencyCode: "usd", amount: 10), MedusaPrice(id: "p2", currencyCode: "gbp", amount: 7)],
             expected: [MedusaPrice(id: "p1", currencyCode: "usd", amount: 11), MedusaPrice(id: "p2", currencyCode: "gbp", amount: 7)]),
        Case(name: "a region price in the same currency is kept with its rules, whatever its position",
             desired: [MedusaPrice(currencyCode: "eur", amount: 20)],
             current: [MedusaPrice(id: "r1", currencyCode: "eur", amount: 15, rules: region),
                       MedusaPrice(id: "p1", currencyCode: "eur", amount: 19)],
             expected: [MedusaPrice(id: "p1", currencyCode: "eur", amount: 20),
                        MedusaPrice(id: "r1", currencyCode: "eur", amount: 15, rules: region)]),
        Case(name: "a region price alone is not the base price: the base price is created beside it",
             desired: [MedusaPrice(currencyCode: "eur", amount: 20)],
             current: [MedusaPrice(id: "r1", currencyCode: "eur", amount: 20, rules: region)],
             expected: [MedusaPrice(currencyCode: "eur", amount: 20),
                        MedusaPrice(id: "r1", currencyCode: "eur", amount: 20, rules: region)]),
        Case(name: "a quantity tier is kept; only the base price moves",
             desired: [MedusaPrice(currencyCode: "usd", amount: 9)],
             current: [MedusaPrice(id: "t1", currencyCode: "usd", amount: 8, minQuantity: 10),
                       MedusaPrice(id: "p1", currencyCode: "USD", amount: 10)],
             expected: [MedusaPrice(id: "p1", currencyCode: "usd", amount: 9),
                        MedusaPrice(id: "t1", currencyCode: "usd", amount: 8, minQuantity: 10)]),
        Case(name: "only a region price changed by hand: the sync leaves it",
             desired: [MedusaPrice(currencyCode: "eur", amount: 20)],
             current: [MedusaPrice(id: "p1", currencyCode: "eur", amount: 20), MedusaPrice(id: "r1", currencyCode: "eur", amount: 1, rules: region)],
             expected: nil),
    ]

    @Test("merge", arguments: cases)
    func merge(_ example: Case) {
        var recorded: [String] = []
        let merged = OptionVariantDiff.mergedPrices(example.desired, current: example.current) { path, _, _ in recorded.append(path) }
        #expect(merged == example.expected)
        #expect(recorded.isEmpty == (example.expected == nil))
    }
}
