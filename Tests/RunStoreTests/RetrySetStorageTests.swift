import Foundation
import SyncCore
import Testing

@testable import RunStore

/// The retry set on both stores.
@Suite("Retry set storage")
struct RetrySetStorageTests {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)

    static func item(_ kind: RetryItem.Kind, _ id: Int, firstFailed: Date, next: Date?, attempts: Int = 1) -> RetryItem {
        RetryItem(kind: kind, odooId: id, title: "Item \(id)", attempts: attempts, lastError: "500 Internal Server Error",
                  errorClass: next == nil ? .permanent : .retryable, system: "medusa", firstFailedAt: firstFailed,
                  lastFailedAt: firstFailed.addingTimeInterval(5), nextAttemptAt: next,
                  odooWriteDate: OdooDateTime("2026-06-01 08:00:00"))
    }

    static let cases: [StoreCase] = [StoreCase("items round-trip every field, are replaced by kind and id, listed oldest failure first, and removed") { (h: StoreHandle) async throws in
        let store = h.store
        let desk = Self.item(.product, 9, firstFailed: Self.t0.addingTimeInterval(60), next: Self.t0.addingTimeInterval(120))
        let chair = Self.item(.product, 5, firstFailed: Self.t0, next: nil)
        let category = Self.item(.category, 9, firstFailed: Self.t0.addingTimeInterval(30), next: Self.t0)
        try await store.saveRetryItems([desk, chair, category])
        #expect(try await store.allRetryItems() == [chair, category, desk])
        #expect(try await store.retryItems(kind: .product, odooIds: [9, 5, 77]) == [9: desk, 5: chair])
        #expect(try await store.retryItems(kind: .category, odooIds: [9]) == [9: category])

        var again = desk
        again.attempts = 2
        again.nextAttemptAt = nil
        again.title = nil
        try await store.saveRetryItems([again])
        #expect(try await store.retryItems(kind: .product, odooIds: [9])[9] == again)

        try await store.removeRetryItems(kind: .product, odooIds: [9, 5])
        #expect(try await store.allRetryItems() == [category])
    }]

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
