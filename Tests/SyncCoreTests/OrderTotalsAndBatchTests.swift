import Foundation
import Testing
@testable import SyncCore

private func d(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

@Suite("Orders: totals check, references, batch halving")
struct OrderTotalsAndBatchTests {
    struct TotalsCase: Sendable, CustomTestStringConvertible {
        var name: String
        var odoo: Decimal
        var medusa: Decimal
        var rounding: Decimal = d("0.01")
        var expected: OrderWarning?
        var testDescription: String { name }
    }

    @Test("totals", arguments: [
        TotalsCase(name: "equal", odoo: d("772.33"), medusa: d("772.33"), expected: nil),
        TotalsCase(name: "Medusa unrounded, Odoo float noise", odoo: d("1644.4999999999998"),
                   medusa: d("1644.499999999999999995"), expected: nil),
        TotalsCase(name: "one cent apart: within rounding", odoo: d("772.34"), medusa: d("772.33"), expected: nil),
        TotalsCase(name: "two cents apart: a warning with both figures", odoo: d("772.35"), medusa: d("772.33"),
                   expected: .totalsDiffer(odoo: d("772.35"), medusa: d("772.33"), currency: "usd")),
        TotalsCase(name: "Medusa higher", odoo: d("671.59"), medusa: d("772.33"),
                   expected: .totalsDiffer(odoo: d("671.59"), medusa: d("772.33"), currency: "usd")),
        TotalsCase(name: "a currency without cents: 1 unit is within", odoo: 1001, medusa: d("1000.4"), rounding: 1,
                   expected: nil),
        TotalsCase(name: "a currency without cents: 2 units is not", odoo: 1002, medusa: d("999.6"), rounding: 1,
                   expected: .totalsDiffer(odoo: 1002, medusa: 1000, currency: "usd")),
    ])
    func totals(_ example: TotalsCase) {
        let warning = TotalsCheck.check(odooTotal: example.odoo, medusaTotal: example.medusa, rounding: example.rounding,
                                        currency: "usd")
        #expect(warning == example.expected)
        if let warning { #expect(warning.description.contains("\(example.medusa.rounded(toIncrement: example.rounding))")) }
    }

    @Test("the origin reference is stable and reads back")
    func references() {
        #expect(OrderReference.origin(orderId: "order_01JB") == "medusa:order_01JB")
        #expect(OrderReference.clientOrderRef(displayId: 1042) == "MEDUSA-1042")
        #expect(OrderReference.orderId(fromOrigin: "medusa:order_01JB") == "order_01JB")
        #expect(OrderReference.orderId(fromOrigin: "S00025") == nil)
        #expect(OrderReference.orderId(fromOrigin: "medusa:") == nil)
        let adopted = OrderReference.adopted(orderIds: ["order_a", "order_b"], foundOrigins: [
            (31, "medusa:order_a"), (25, "medusa:order_a"), (40, "medusa:order_z"), (41, "manual"),
        ])
        #expect(adopted == ["order_a": 25])
    }

    struct BatchCase: Sendable, CustomTestStringConvertible {
        var batch: [Int]
        var expected: String
        var testDescription: String { "\(batch)" }
    }

    static func describe(_ split: BatchSplit<Int>) -> String {
        switch split {
        case .retry(let parts): "retry \(parts)"
        case .isolated(let one): "isolated \(one)"
        case .nothing: "nothing"
        }
    }

    @Test("halving a failed batch", arguments: [
        BatchCase(batch: [], expected: "nothing"),
        BatchCase(batch: [7], expected: "isolated 7"),
        BatchCase(batch: [1, 2], expected: "retry [[1], [2]]"),
        BatchCase(batch: [1, 2, 3], expected: "retry [[1, 2], [3]]"),
        BatchCase(batch: [1, 2, 3, 4], expected: "retry [[1, 2], [3, 4]]"),
    ])
    func halving(_ example: BatchCase) {
        #expect(Self.describe(BatchSplit.afterFailure(of: example.batch)) == example.expected)
    }

    /// Driving the split to the end with one bad element: every good element is created, the bad one is isolated,
    /// in no more than 2·⌈log2 n⌉ extra attempts.
    @Test("isolating one bad order in a batch of 10", arguments: Array(0..<10))
    func isolate(bad: Int) {
        var queue: [[Int]] = [Array(0..<10)]
        var created: [Int] = []
        var isolated: [Int] = []
        var attempts = 0
        while !queue.isEmpty {
            let batch = queue.removeFirst()
            attempts += 1
            if !batch.contains(bad) { created += batch; continue }
            switch BatchSplit.afterFailure(of: batch) {
            case .retry(let parts): queue = parts + queue
            case .isolated(let one): isolated.append(one)
            case .nothing: break
            }
        }
        #expect(isolated == [bad])
        #expect(created.sorted() == (0..<10).filter { $0 != bad })
        #expect(attempts <= 1 + 2 * 4)
    }
}
