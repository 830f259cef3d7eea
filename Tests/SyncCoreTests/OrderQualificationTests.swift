import Foundation
import Testing
@testable import SyncCore

/// Example orders shared by the order planning tests.
enum OrderExamples {
    static let created = Date(timeIntervalSince1970: 1_730_797_642) // 2024-11-05T09:07:22Z

    static func order(id: String = "order_01", displayId: Int = 1042, email: String? = "jane@example.com",
                      currency: String = "usd", customerId: String? = "cus_01", status: MedusaOrderStatus = .pending,
                      canceledAt: Date? = nil, payment: MedusaPaymentStatus = .captured, createdAt: Date = created,
                      items: [MedusaLineItem] = [desk()], shipping: [MedusaShippingMethod] = [],
                      shippingAddress: MedusaAddress? = nil, billingAddress: MedusaAddress? = nil,
                      total: Decimal = 1644.5) -> MedusaOrder {
        MedusaOrder(id: id, displayId: displayId, email: email, currencyCode: currency, customerId: customerId,
                    createdAt: createdAt, updatedAt: createdAt, status: status, canceledAt: canceledAt,
                    paymentStatus: payment, items: items, shippingMethods: shipping,
                    shippingAddress: shippingAddress, billingAddress: billingAddress, total: total)
    }

    /// orders.md §3a: 2 × a 750 desk, 10 % tax, a 15 promotion on the line.
    static func desk(id: String = "ordli_desk", variant: String? = "variant_desk", quantity: Decimal = 2,
                     price: Decimal = 750, included: Bool = false, rates: [Decimal] = [10],
                     discounts: [Decimal] = [15]) -> MedusaLineItem {
        MedusaLineItem(id: id, title: "Steel", variantId: variant, quantity: quantity, unitPrice: price,
                       isTaxInclusive: included, taxLines: rates.map { MedusaTaxLine(code: "tax", rate: $0) },
                       adjustments: discounts.map { MedusaAdjustment(code: "SPRING10", amount: $0) })
    }
}

@Suite("Orders: which orders are sent now")
struct OrderQualificationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var order: MedusaOrder
        var requirement: PaymentRequirement = .captured
        var since: Date? = nil
        var bound = false
        var expected: OrderQualification
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "captured, default requirement: send", order: OrderExamples.order(payment: .captured), expected: .send),
        Case(name: "authorized only, captured required: wait and re-check",
             order: OrderExamples.order(payment: .authorized), expected: .waitForPayment(.authorized)),
        Case(name: "not paid: wait", order: OrderExamples.order(payment: .notPaid), expected: .waitForPayment(.notPaid)),
        Case(name: "partially captured does not meet captured", order: OrderExamples.order(payment: .partiallyCaptured),
             expected: .waitForPayment(.partiallyCaptured)),
        Case(name: "authorized meets authorized", order: OrderExamples.order(payment: .authorized),
             requirement: .authorized, expected: .send),
        Case(name: "awaiting does not meet authorized", order: OrderExamples.order(payment: .awaiting),
             requirement: .authorized, expected: .waitForPayment(.awaiting)),
        Case(name: "any: an unpaid order is sent", order: OrderExamples.order(payment: .notPaid),
             requirement: .any, expected: .send),
        Case(name: "cancelled before it reached Odoo: nothing, not remembered",
             order: OrderExamples.order(status: .canceled, canceledAt: OrderExamples.created, payment: .authorized),
             expected: .canceledBeforeSent),
        Case(name: "cancelled even with requirement any", order: OrderExamples.order(status: .canceled, payment: .captured),
             requirement: .any, expected: .canceledBeforeSent),
        Case(name: "cancelled and bound: cancel in Odoo",
             order: OrderExamples.order(status: .canceled, canceledAt: OrderExamples.created), bound: true,
             expected: .cancelInOdoo),
        Case(name: "bound and live: already sent", order: OrderExamples.order(), bound: true, expected: .alreadySent),
        Case(name: "created before since: never sent", order: OrderExamples.order(),
             since: OrderExamples.created.addingTimeInterval(1), expected: .beforeSince),
        Case(name: "created exactly at since: sent", order: OrderExamples.order(), since: OrderExamples.created,
             expected: .send),
        Case(name: "fully refunded: not sendable", order: OrderExamples.order(payment: .refunded),
             expected: .notSendable(reason: "payment refunded")),
        Case(name: "partially refunded after capture: sent", order: OrderExamples.order(payment: .partiallyRefunded),
             expected: .send),
    ]

    @Test("decide", arguments: cases)
    func decide(_ example: Case) {
        let decision = OrderQualification.decide(example.order, requirement: example.requirement, since: example.since,
                                                 alreadyBound: example.bound)
        #expect(decision == example.expected)
    }
}

@Suite("Orders: orders waiting for payment are remembered and re-checked")
struct PendingOrdersTests {
    @Test("remembered ids not in this poll are read again by id")
    func recheck() {
        #expect(PendingOrders.toRecheck(remembered: ["b", "a", "c"], polled: ["c"]) == ["a", "b"])
        #expect(PendingOrders.toRecheck(remembered: [], polled: ["c"]).isEmpty)
    }
}
