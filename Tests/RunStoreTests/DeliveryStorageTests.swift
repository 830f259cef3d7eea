import Foundation
import SyncCore
import Testing

@testable import RunStore

/// Deliveries' state on both stores (`cases`, run once per store).
@Suite("Delivery state storage")
struct DeliveryStorageTests {

    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)

    static func link(_ pickingId: Int, order: Int, state: DeliveryLink.State = .shipped, fulfilmentId: String? = nil,
                     trackingNumber: String? = nil, message: String? = nil, at offset: TimeInterval = 0) -> DeliveryLink {
        DeliveryLink(pickingId: pickingId, pickingName: "WH/OUT/\(pickingId)", odooOrderId: order,
                     medusaOrderId: "order_\(order)", fulfilmentId: fulfilmentId, state: state,
                     trackingNumber: trackingNumber, message: message, updatedAt: t0.addingTimeInterval(offset))
    }

    static func orderLink(_ odooOrderId: Int, medusa: String) -> OrderLink {
        OrderLink(medusaOrderId: medusa, medusaDisplayId: odooOrderId, odooOrderId: odooOrderId,
                  odooOrderName: "S\(odooOrderId)", state: .sent, currencyCode: "eur", medusaTotal: Decimal(string: "840.40")!,
                  odooTotal: Decimal(string: "840.4"), message: "totals differ", updatedAt: t0.addingTimeInterval(1.5))
    }

    static let cases: [StoreCase] = [
        StoreCase("links round-trip every state and every optional field, present or nil; unknown pickings are absent") { (h: StoreHandle) async throws in
            let store = h.store
            let links = [
                Self.link(1, order: 10, state: .fulfilled, fulfilmentId: "ful_1", at: 0.5),
                Self.link(2, order: 10, state: .shipped, fulfilmentId: "ful_2", trackingNumber: "1Z999AA10123456784",
                          message: "tracking number added in Odoo after the shipment", at: 60),
                Self.link(3, order: 11, state: .alreadyFulfilled, fulfilmentId: nil, trackingNumber: nil, message: nil),
                Self.link(4, order: 12, state: .reversed, fulfilmentId: "ful_4", trackingNumber: "", message: "returned in Odoo"),
            ]
            try await store.saveDeliveryLinks(links)
            let read = try await store.deliveryLinks(pickingIds: [1, 2, 3, 4, 99])
            #expect(read == Dictionary(uniqueKeysWithValues: links.map { ($0.pickingId, $0) }))
            #expect(try await store.deliveryLinks(pickingIds: []).isEmpty)
            #expect(try await store.deliveryLinks(medusaOrderIds: []).isEmpty)
            // The state is kept as its raw value, the date as milliseconds.
            let raw = try await h.texts("SELECT state, CAST(updatedAtMs AS TEXT) FROM deliveryLink WHERE pickingId = 3")
            #expect(raw == [["already_fulfilled", "1780000000000"]])
        },
        StoreCase("saving a link again replaces every field, including a changed order and fields going back to nil") { (h: StoreHandle) async throws in
            let store = h.store
            try await store.saveDeliveryLinks([Self.link(7, order: 20, state: .fulfilled, fulfilmentId: "ful_7",
                                                         message: "shipment failed: 500")])
            var shipped = Self.link(7, order: 21, state: .shipped, fulfilmentId: "ful_7b", trackingNumber: "TRACK-7", at: 30)
            shipped.pickingName = "WH/OUT/00007"
            try await store.saveDeliveryLinks([shipped])
            #expect(try await store.deliveryLinks(pickingIds: [7]) == [7: shipped])
            #expect(try await store.deliveryLinks(medusaOrderIds: ["order_20"]).isEmpty)
            #expect(try await store.deliveryLinks(medusaOrderIds: ["order_21"]) == [shipped])

            let cleared = Self.link(7, order: 21, state: .alreadyFulfilled, at: 45)
            try await store.saveDeliveryLinks([cleared])
            #expect(try await store.deliveryLinks(pickingIds: [7])[7] == cleared)
            #expect(try await h.texts("SELECT CAST(count(*) AS TEXT) FROM deliveryLink") == [["1"]])
        },
        StoreCase("a shop order's links are listed by picking, for several orders at once") { (h: StoreHandle) async throws in
            let store = h.store
            let backorder = Self.link(31, order: 30, fulfilmentId: "ful_31")
            let first = Self.link(30, order: 30, fulfilmentId: "ful_30")
            let other = Self.link(5, order: 40, fulfilmentId: "ful_5")
            try await store.saveDeliveryLinks([backorder, other, first, Self.link(6, order: 50)])
            #expect(try await store.deliveryLinks(medusaOrderIds: ["order_30"]) == [first, backorder])
            #expect(try await store.deliveryLinks(medusaOrderIds: ["order_40", "order_30", "order_30", "order_x"])
                    == [first, backorder, other])
        },
        StoreCase("lookups by picking, shop order and Odoo order take more than 500 ids") { (h: StoreHandle) async throws in
            let store = h.store
            // 1,200 pickings of 600 orders, two each.
            let links = (1...1_200).map { Self.link($0, order: 1_000 + ($0 + 1) / 2, fulfilmentId: "ful_\($0)") }
            try await store.saveDeliveryLinks(links)
            let byPicking = try await store.deliveryLinks(pickingIds: Array(1...1_300))
            #expect(byPicking.count == 1_200)
            #expect(byPicking[1_200] == links[1_199])
            let byOrder = try await store.deliveryLinks(medusaOrderIds: (1_001...1_600).map { "order_\($0)" } + ["order_none"])
            #expect(byOrder.count == 1_200)
            #expect(Set(byOrder) == Set(links))

            try await store.saveOrderLinks((1...1_100).map { Self.orderLink(5_000 + $0, medusa: "order_m\($0)") })
            let orders = try await store.orderLinks(odooOrderIds: Array(5_001...6_200))
            #expect(orders.count == 1_100)
            #expect(orders[5_001] == Self.orderLink(5_001, medusa: "order_m1"))
            #expect(orders[6_100]?.medusaOrderId == "order_m1100")
            #expect(orders[6_101] == nil)
            #expect(try await store.orderLinks(odooOrderIds: []).isEmpty)
        },
        StoreCase("pending deliveries are added, get new reasons and attempts keeping when first seen, and are removed") { (h: StoreHandle) async throws in
            let store = h.store
            #expect(try await store.pendingDeliveries().isEmpty)
            let late = PendingDelivery(pickingId: 9, reason: "order not synced yet", firstSeenAt: Self.t0.addingTimeInterval(60))
            let early = PendingDelivery(pickingId: 12, reason: "Medusa 503", firstSeenAt: Self.t0, attempts: 2)
            try await store.savePendingDeliveries([late, early])
            #expect(try await store.pendingDeliveries() == [early, late])

            let retried = PendingDelivery(pickingId: 9, reason: "Medusa 500", firstSeenAt: Self.t0.addingTimeInterval(600),
                                          attempts: 3)
            try await store.savePendingDeliveries([retried])
            let afterRetry = try await store.pendingDeliveries()
            #expect(afterRetry == [early, PendingDelivery(pickingId: 9, reason: "Medusa 500",
                                                          firstSeenAt: Self.t0.addingTimeInterval(60), attempts: 3)])

            try await store.removePendingDeliveries(pickingIds: [9, 404])
            #expect(try await store.pendingDeliveries() == [early])
            try await store.removePendingDeliveries(pickingIds: [])

            try await store.savePendingDeliveries((100..<1_300).map {
                PendingDelivery(pickingId: $0, reason: "r", firstSeenAt: Self.t0.addingTimeInterval(Double($0)))
            })
            #expect(try await store.pendingDeliveries().count == 1_201)
            try await store.removePendingDeliveries(pickingIds: Array(100..<1_300))
            #expect(try await store.pendingDeliveries() == [early])
        },
    ]

    @Test("SQLite store", arguments: cases)
    func sqlite(_ storeCase: StoreCase) async throws {
        try await StoreKind.sqlite.withStores(storeCase.body)
    }

    // Skipped (and reported as skipped) when TEST_DATABASE_URL is unset; scripts/with-test-postgres.sh sets it.
    @Test("PostgreSQL store", .enabled(if: TestDatabase.isConfigured, TestDatabase.skipReason), arguments: cases)
    func postgresql(_ storeCase: StoreCase) async throws {
        try await StoreKind.postgresql.withStores(storeCase.body)
    }
}
