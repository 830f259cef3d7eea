import ExactJSON
import Foundation
import Testing
@testable import SyncCore

private func d(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

@Suite("Orders: Medusa order → Odoo sale.order create values, or held")
struct OrderSaleOrderPlannerTests {
    static let taxes = [OdooSaleTax(id: 1, rate: 10, priceIncluded: false), OdooSaleTax(id: 2, rate: 10, priceIncluded: true),
                        OdooSaleTax(id: 3, rate: 20, priceIncluded: true), OdooSaleTax(id: 4, rate: 0, priceIncluded: false),
                        OdooSaleTax(id: 7, rate: 10, priceIncluded: false)]
    static func context(explicit: [Decimal: Int] = [:], shipping: Int? = 900) -> SaleOrderContext {
        SaleOrderContext(productByVariant: ["variant_desk": 101, "variant_mug": 102],
                         pricelistByCurrency: ["USD": 3, "eur": 5], taxes: TaxBook(taxes: taxes, explicit: explicit),
                         shippingProductId: shipping)
    }
    static let contacts = OrderContacts(partnerId: 45, invoiceId: 47, shippingId: 46)
    static let standard = MedusaShippingMethod(id: "ordsm_1", name: "Standard Shipping", amount: 10,
                                               taxLines: [MedusaTaxLine(rate: 10)])

    static func ready(_ lines: [SaleOrderLineValues], pricelist: Int = 3, warnings: [OrderWarning] = []) -> SaleOrderPlan {
        .ready(SaleOrderValues(partnerId: 45, partnerInvoiceId: 47, partnerShippingId: 46, pricelistId: pricelist,
                               clientOrderRef: "MEDUSA-1042", origin: "medusa:order_01", lines: lines), warnings: warnings)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var order: MedusaOrder
        var context: SaleOrderContext = OrderSaleOrderPlannerTests.context()
        var expected: SaleOrderPlan
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "usd: the price Medusa charged, a 15 discount on 1500 is 1 %, shipping on the shipping product",
             order: OrderExamples.order(shipping: [standard]),
             expected: ready([
                SaleOrderLineValues(medusaId: "ordli_desk", productId: 101, quantity: 2, priceUnit: 750, discount: 1, taxIds: [1]),
                SaleOrderLineValues(medusaId: "ordsm_1", productId: 900, quantity: 1, priceUnit: 10, taxIds: [1],
                                    name: "Shipping: Standard Shipping (Medusa)"),
             ])),
        Case(name: "eur: the eur pricelist; a 20 % tax-included price keeps its included tax",
             order: OrderExamples.order(currency: "EUR", items: [OrderExamples.desk(
                variant: "variant_mug", quantity: 1, price: d("56.40"), included: true, rates: [20], discounts: [])]),
             expected: ready([SaleOrderLineValues(medusaId: "ordli_desk", productId: 102, quantity: 1,
                                                  priceUnit: d("56.40"), taxIds: [3])], pricelist: 5)),
        Case(name: "a discount on a tax-included line is a percent of its net subtotal, as Medusa charges it",
             // 56.40 incl. 20 % is 47 net; Medusa takes the 10 off the net: (47 − 10) × 1.2 = 44.40 = 56.40 × (1 − 10/47).
             order: OrderExamples.order(currency: "EUR", items: [OrderExamples.desk(
                variant: "variant_mug", quantity: 1, price: d("56.40"), included: true, rates: [20], discounts: [10])]),
             expected: ready([SaleOrderLineValues(medusaId: "ordli_desk", productId: 102, quantity: 1,
                                                  priceUnit: d("56.40"), discount: d("21.28"), taxIds: [3])],
                             pricelist: 5,
                             warnings: [.discountRounded(lineId: "ordli_desk", exact: Decimal(10) / 47 * 100,
                                                         sent: d("21.28"))])),
        Case(name: "10 % included and 10 % excluded map to different Odoo taxes",
             order: OrderExamples.order(items: [
                OrderExamples.desk(id: "a", quantity: 1, price: 110, included: true, discounts: []),
                OrderExamples.desk(id: "b", quantity: 1, price: 100, included: false, discounts: [])]),
             expected: ready([SaleOrderLineValues(medusaId: "a", productId: 101, quantity: 1, priceUnit: 110, taxIds: [2]),
                              SaleOrderLineValues(medusaId: "b", productId: 101, quantity: 1, priceUnit: 100, taxIds: [1])])),
        Case(name: "a rate with no Odoo tax: held, naming the rate and the flag",
             order: OrderExamples.order(items: [OrderExamples.desk(rates: [d("7.7")])]),
             expected: .held([.unmappedTax(rate: d("7.7"), priceIncluded: false, lineId: "ordli_desk")])),
        Case(name: "20 % exists only price-included: a price-excluded 20 % is held",
             order: OrderExamples.order(items: [OrderExamples.desk(rates: [20])]),
             expected: .held([.unmappedTax(rate: 20, priceIncluded: false, lineId: "ordli_desk")])),
        Case(name: "the explicit map gives the rate its tax",
             order: OrderExamples.order(items: [OrderExamples.desk(rates: [d("7.7")], discounts: [])]),
             context: context(explicit: [d("7.7"): 12]),
             expected: ready([SaleOrderLineValues(medusaId: "ordli_desk", productId: 101, quantity: 2, priceUnit: 750, taxIds: [12])])),
        Case(name: "the explicit map overrides a matching Odoo tax",
             order: OrderExamples.order(items: [OrderExamples.desk(discounts: [])]),
             context: context(explicit: [10: 8]),
             expected: ready([SaleOrderLineValues(medusaId: "ordli_desk", productId: 101, quantity: 2, priceUnit: 750, taxIds: [8])])),
        Case(name: "a line with no tax gets an explicit empty tax list",
             order: OrderExamples.order(items: [OrderExamples.desk(rates: [], discounts: [])]),
             expected: ready([SaleOrderLineValues(medusaId: "ordli_desk", productId: 101, quantity: 2, priceUnit: 750, taxIds: [])])),
        Case(name: "a 0 % rate with no Odoo 0 % tax of that flag is dropped, not held",
             order: OrderExamples.order(items: [OrderExamples.desk(included: true, rates: [0], discounts: [])]),
             expected: ready([SaleOrderLineValues(medusaId: "ordli_desk", productId: 101, quantity: 2, priceUnit: 750, taxIds: [])])),
        Case(name: "a 0 % rate with an Odoo 0 % tax uses it",
             order: OrderExamples.order(items: [OrderExamples.desk(rates: [0], discounts: [])]),
             expected: ready([SaleOrderLineValues(medusaId: "ordli_desk", productId: 101, quantity: 2, priceUnit: 750, taxIds: [4])])),
        Case(name: "an unmapped variant: held, naming the line and the variant",
             order: OrderExamples.order(items: [OrderExamples.desk(), OrderExamples.desk(id: "ordli_hand", variant: "variant_hand")]),
             expected: .held([.unmappedLine(itemId: "ordli_hand", variantId: "variant_hand", title: "Steel")])),
        Case(name: "every problem is named at once",
             order: OrderExamples.order(currency: "gbp", items: [
                OrderExamples.desk(id: "ordli_custom", variant: nil),
                OrderExamples.desk(id: "ordli_desk", rates: [5])], shipping: [standard]),
             context: context(shipping: nil),
             expected: .held([.unmappedLine(itemId: "ordli_custom", variantId: nil, title: "Steel"),
                              .unmappedTax(rate: 5, priceIncluded: false, lineId: "ordli_desk"),
                              .noShippingProduct, .noPricelist(currency: "gbp")])),
        Case(name: "no shipping method: no shipping product needed",
             order: OrderExamples.order(items: [OrderExamples.desk(discounts: [])]), context: context(shipping: nil),
             expected: ready([SaleOrderLineValues(medusaId: "ordli_desk", productId: 101, quantity: 2, priceUnit: 750, taxIds: [1])])),
        Case(name: "10 off 3 × 10 is 33.333…%: sent as 33.33 with a warning",
             order: OrderExamples.order(items: [OrderExamples.desk(quantity: 3, price: 10, discounts: [4, 6])]),
             expected: ready([SaleOrderLineValues(medusaId: "ordli_desk", productId: 101, quantity: 3, priceUnit: 10,
                                                  discount: d("33.33"), taxIds: [1])],
                             warnings: [.discountRounded(lineId: "ordli_desk", exact: Decimal(10) / 30 * 100, sent: d("33.33"))])),
        Case(name: "a shipping discount is a discount on the shipping line",
             order: OrderExamples.order(items: [OrderExamples.desk(discounts: [])], shipping: [
                MedusaShippingMethod(id: "ordsm_1", name: "Express", amount: 20, taxLines: [MedusaTaxLine(rate: 10)],
                                     adjustments: [MedusaAdjustment(amount: 5)])]),
             expected: ready([
                SaleOrderLineValues(medusaId: "ordli_desk", productId: 101, quantity: 2, priceUnit: 750, taxIds: [1]),
                SaleOrderLineValues(medusaId: "ordsm_1", productId: 900, quantity: 1, priceUnit: 20, discount: 25,
                                    taxIds: [1], name: "Shipping: Express (Medusa)")])),
    ]

    @Test("plan", arguments: cases)
    func plan(_ example: Case) throws {
        let plan = try SaleOrderPlanner.plan(example.order, contacts: Self.contacts, context: example.context)
        #expect(plan == example.expected)
    }

    @Test("input against Medusa's own rules is a permanent error", arguments: [
        (OrderExamples.desk(quantity: 0), OrderPlanningError.invalidQuantity(lineId: "ordli_desk", quantity: 0)),
        (OrderExamples.desk(quantity: 1, price: 10, discounts: [11]),
         OrderPlanningError.invalidDiscount(lineId: "ordli_desk", discount: 11, lineAmount: 10)),
        (OrderExamples.desk(quantity: 1, price: 0, discounts: [1]),
         OrderPlanningError.invalidDiscount(lineId: "ordli_desk", discount: 1, lineAmount: 0)),
    ])
    func invalid(_ item: MedusaLineItem, _ expected: OrderPlanningError) {
        #expect(throws: expected) {
            try SaleOrderPlanner.plan(OrderExamples.order(items: [item]), contacts: Self.contacts, context: Self.context())
        }
        #expect(expected.failureClass == .permanent)
    }

    struct HoldCase: Sendable, CustomTestStringConvertible {
        var hold: OrderHold
        var failureClass: FailureClass
        var fragment: String
        var testDescription: String { hold.description }
    }

    @Test("holds say how to handle them", arguments: [
        HoldCase(hold: .unmappedTax(rate: 5, priceIncluded: true, lineId: "l"), failureClass: .configuration, fragment: "5% price-included"),
        HoldCase(hold: .noPricelist(currency: "gbp"), failureClass: .configuration, fragment: "GBP"),
        HoldCase(hold: .noShippingProduct, failureClass: .configuration, fragment: "ODOO_SHIPPING_PRODUCT_ID"),
        HoldCase(hold: .unmappedLine(itemId: "ordli_x", variantId: "variant_x", title: "Mug"), failureClass: .permanent, fragment: "variant_x"),
        HoldCase(hold: .unknownCountry(code: "ZZ"), failureClass: .permanent, fragment: "ZZ"),
    ])
    func holdText(_ example: HoldCase) {
        #expect(example.hold.failureClass == example.failureClass)
        #expect(example.hold.description.contains(example.fragment))
    }

    /// The encoded values have the shape of the recorded create (`order_create_one_with_lines.json`), with the tax
    /// field of the version.
    @Test("create values: x2many commands, tax_id on 17 and tax_ids on 19, empty tax list kept", arguments: [
        OdooLineTaxField.taxId, .taxIds,
    ])
    func encoding(_ field: OdooLineTaxField) {
        let values = SaleOrderValues(partnerId: 45, partnerInvoiceId: 47, partnerShippingId: 46, pricelistId: 3,
                                     clientOrderRef: "MEDUSA-1001", origin: "medusa:order_1", lines: [
            SaleOrderLineValues(medusaId: "a", productId: 15, quantity: 1, priceUnit: 700, discount: 10, taxIds: [1]),
            SaleOrderLineValues(medusaId: "b", productId: 21, quantity: 2, priceUnit: d("15.8"), taxIds: []),
        ]).createValues(taxField: field)
        let expected: [String: JSONValue] = [
            "partner_id": .number(45), "partner_invoice_id": .number(47), "partner_shipping_id": .number(46),
            "pricelist_id": .number(3), "client_order_ref": .string("MEDUSA-1001"), "origin": .string("medusa:order_1"),
            "order_line": .array([
                .array([.number(0), .number(0), .object([
                    "product_id": .number(15), "product_uom_qty": .number(1), "price_unit": .number(700),
                    "discount": .number(10), field.rawValue: .array([.array([.number(6), .number(0), .array([.number(1)])])]),
                ])]),
                .array([.number(0), .number(0), .object([
                    "product_id": .number(21), "product_uom_qty": .number(2), "price_unit": .number(d("15.8")),
                    field.rawValue: .array([.array([.number(6), .number(0), .array([])])]),
                ])]),
            ]),
        ]
        #expect(values == expected)
    }
}
