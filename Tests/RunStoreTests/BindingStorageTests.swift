import Foundation
import GRDB
import SyncCore
import Testing

@testable import RunStore

/// Bindings are typed in the engine but stored in the columns they always had, so a database written before the
/// typed bindings reads back unchanged, with no migration.
@Suite("Binding storage")
struct BindingStorageTests {
    /// One row of each kind as the engine wrote them before bindings were typed: (kind, odooId, medusaId, hash,
    /// parentMedusaId, extra).
    static let storedRows: [(String, Int, String, String?, String?, String?)] = [
        ("product", 9, "prod_9", "86a026e4d567232e5c9b5567b3510400f8f885fd1b6244757d80ad831088f195", nil, nil),
        ("product", 10, "prod_10", "archived:draft", nil, nil),
        ("product", 11, "prod_11", "archived:delete", nil, nil),
        ("variant", 13, "variant_13", nil, "prod_9", "iitem_13"),
        ("variant", 14, "variant_14", "no-inventory", "prod_9", nil),
        ("variant", 15, "variant_15", nil, "prod_9", nil),
        ("category", 3, "pcat_3", "c0ffee", nil, "desks"),
        ("image", 9, "https://m/odoo-template-9-0123456789ab.png", "0123456789abcdef", nil, "0123456789abcdef"),
        ("image", -13, "https://m/odoo-variant-13-fedcba987654.png", "fedcba9876543210", nil, "fedcba9876543210"),
        ("stock", 13, "iitem_13", "12", "prod_9", "sloc_1"),
        ("stock", 14, "iitem_14", "0.5", "prod_9", "sloc_1"),
        ("stock", 16, "iitem_16", "0", "prod_9", "sloc_1"),
    ]

    @Test("rows written before typed bindings read back as each kind's payload")
    func readsOldRows() async throws {
        let store = try SQLiteRunStore()
        try await insert(Self.storedRows, into: store)
        let products = try await store.bindings(ProductBinding.self, odooIds: [9, 10, 11])
        #expect(products[9]?.state == .written(hash: "86a026e4d567232e5c9b5567b3510400f8f885fd1b6244757d80ad831088f195"))
        #expect(products[10]?.state == .archived(.draft))
        #expect(products[11]?.state == .archived(.delete))
        let variants = try await store.bindings(VariantBinding.self, odooIds: [13, 14, 15])
        #expect(variants[13] == VariantBinding(odooVariantId: 13, medusaVariantId: "variant_13", productId: "prod_9",
                                               inventory: .item(id: "iitem_13")))
        #expect(variants[14]?.inventory == .notManaged)
        #expect(variants[15]?.inventory == .unknown)
        #expect(try await store.allBindings(CategoryBinding.self)
                == [CategoryBinding(odooCategoryId: 3, medusaCategoryId: "pcat_3", hash: "c0ffee", handle: "desks")])
        let images = try await store.allBindings(ImageBinding.self)
        #expect(Set(images.map(\.owner)) == [.template(9), .variant(13)])
        #expect(images.first { $0.owner == .variant(13) }?.checksum == "fedcba9876543210")
        let stock = try await store.bindings(StockBinding.self, odooIds: [13, 14, 16])
        #expect(stock[13] == StockBinding(odooVariantId: 13, inventoryItemId: "iitem_13", quantity: 12, productId: "prod_9",
                                          locationId: "sloc_1"))
        #expect(stock[14]?.quantity == Decimal(string: "0.5"))
        #expect(stock[16]?.quantity == 0)
    }

    @Test("saving what was read writes every column back as it was")
    func writesSameColumns() async throws {
        let store = try SQLiteRunStore()
        try await insert(Self.storedRows, into: store)
        var read: [Binding] = []
        for kind in Binding.Kind.allCases { read += try await store.allBindings(kind: kind) }
        try await store.wipeBindingsAndCursors()
        try await store.saveBindings(read)
        let rows = try await rows(in: store)
        #expect(rows == Self.storedRows.map(Row.init).sorted())
    }

    private func insert(_ rows: [(String, Int, String, String?, String?, String?)], into store: SQLiteRunStore) async throws {
        try await store.writer.write { db in
            for row in rows {
                try db.execute(
                    sql: """
                        INSERT INTO binding (kind, odooId, medusaId, hash, parentMedusaId, extra, updatedAtMs)
                        VALUES (?, ?, ?, ?, ?, ?, 0)
                        """,
                    arguments: [row.0, row.1, row.2, row.3, row.4, row.5])
            }
        }
    }

    private func rows(in store: SQLiteRunStore) async throws -> [Row] {
        try await store.writer.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT * FROM binding").map {
                Row(($0["kind"], $0["odooId"], $0["medusaId"], $0["hash"], $0["parentMedusaId"], $0["extra"]))
            }
        }.sorted()
    }

    /// A binding row's columns, comparable.
    struct Row: Hashable, Comparable, CustomStringConvertible {
        var kind: String, odooId: Int, medusaId: String, hash: String?, parentMedusaId: String?, extra: String?

        init(_ row: (String, Int, String, String?, String?, String?)) {
            (kind, odooId, medusaId, hash, parentMedusaId, extra) = row
        }

        static func < (a: Row, b: Row) -> Bool { (a.kind, a.odooId) < (b.kind, b.odooId) }
        var description: String { "\(kind) \(odooId) \(medusaId) \(hash ?? "-") \(parentMedusaId ?? "-") \(extra ?? "-")" }
    }
}
