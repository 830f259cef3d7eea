import Foundation
import HTTPTransport
import MedusaClient
import SyncCore
import Testing

/// What the orders calls put on the wire and how they read Medusa's answer (canned bodies the simulator never sends).
@Suite("MedusaClient orders on the wire")
struct MedusaClientOrderWireTests {
    static func client(answer: String, recorder: RecordingTransport? = nil) -> MedusaClient {
        let canned = CannedTransport { _ in HTTPResponseData(status: 200, body: Array(answer.utf8)) }
        return MedusaClient(
            configuration: MedusaConfiguration(backendURL: "http://127.0.0.1:9", authentication: .secretKey("sk_test")),
            transport: recorder ?? RecordingTransport(canned))
    }

    @Test("The cursor page: updated_at[$gte] in milliseconds UTC, brackets and + escaped, every needed relation")
    func cursorURL() async throws {
        let recorder = RecordingTransport(CannedTransport { _ in
            HTTPResponseData(status: 200, body: Array(#"{"orders":[],"count":0,"offset":30,"limit":15}"#.utf8))
        })
        let client = Self.client(answer: "", recorder: recorder)
        let since = Date(timeIntervalSince1970: 1_730_797_242.318)
        let page = try await client.orders(updatedSince: since, offset: 30, limit: 15, detail: .full)
        #expect(page.orders.isEmpty && page.count == 0)
        let url = try #require(recorder.requests.first?.url)
        #expect(url.hasPrefix("http://127.0.0.1:9/admin/orders?updated_at%5B%24gte%5D=2024-11-05T09%3A00%3A42.318Z"
            + "&order=updated_at&limit=15&offset=30&fields=%2Bemail,%2Bcurrency_code,%2Bcustomer_id,%2Bcanceled_at,"
            + "%2Bmetadata,%2Btotal,*items,*items.tax_lines,*items.adjustments,*items.detail,*shipping_methods,"))
        #expect(url.contains("*shipping_address,*billing_address"))
        #expect(!url.contains("["), "a raw bracket makes the HTTP client escape the query a second time")
    }

    @Test("Amounts keep their decimal text, quantities come from detail, unknown statuses are kept")
    func decoding() async throws {
        let body = #"""
            {"orders":[{"id":"order_1","display_id":7,"status":"partially_returned","email":"a@b.c","currency_code":"EUR",
              "customer_id":"cus_1","created_at":"2024-11-05T09:14:02.318Z","updated_at":"2024-11-05T10:02:41.907Z",
              "canceled_at":null,"payment_status":"partially_captured","total":59.899999999999999995,
              "items":[{"id":"ordli_1","title":"Mug","variant_id":"variant_1","variant_sku":"MUG","unit_price":19.966666666666666665,
                        "is_tax_inclusive":true,"detail":{"quantity":3},
                        "tax_lines":[{"code":"vat","rate":21,"tax_rate_id":"txr_1"}],
                        "adjustments":[{"code":"X","amount":0.1,"promotion_id":null}]}],
              "shipping_methods":[{"id":"ordsm_1","name":"Post","amount":4.95,"is_tax_inclusive":false,"tax_lines":[],"adjustments":[]}],
              "shipping_address":{"first_name":"A","last_name":"B","country_code":"DE","province":"DE-BY"},
              "billing_address":null}],"count":1,"offset":0,"limit":15}
            """#
        let page = try await Self.client(answer: body).orders(updatedSince: nil, offset: 0, limit: 15, detail: .full)
        let order = try #require(page.orders.first)
        #expect(order.total == Decimal(string: "59.899999999999999995")!)
        #expect(order.status == .other("partially_returned") && order.paymentStatus == .partiallyCaptured)
        #expect(order.currencyCode == "eur")
        #expect(order.items.first?.quantity == 3)
        #expect(order.items.first?.unitPrice == Decimal(string: "19.966666666666666665")!)
        #expect(order.items.first?.adjustments.first?.amount == Decimal(string: "0.1")!)
        #expect(order.shippingMethods.first?.amount == Decimal(string: "4.95")!)
        #expect(order.shippingAddress?.countryCode == "de" && order.billingAddress == nil)
        #expect(abs(order.updatedAt.timeIntervalSince1970 - 1_730_800_961.907) < 0.0005)  // to the millisecond
    }

    @Test("A list row without quantities is refused as undecodable, not read as zero")
    func missingQuantity() async throws {
        let body = #"{"orders":[{"id":"order_1","items":[{"id":"ordli_1","title":"Mug"}]}],"count":1}"#
        let error = try await #require(throws: MedusaError.self) {
            try await Self.client(answer: body).orders(ids: ["order_1"])
        }
        #expect(error.kind == .undecodableResponse && error.failureClass == .permanent)
        #expect(error.message.contains("items.detail"))
    }
}
