import Foundation
import OdooClient
import OdooSimulator
import SyncCore
import Testing

/// Every variant of both demo catalogues, read through the client from the simulator, has the `lst_price` and on-hand
/// quantity the catalogue README lists (fixtures/odoo/catalogue/README.md) — the price rule Odoo applies and the sync
/// must reproduce: template `list_price` + the PTAV extras of variant-creating attributes.
@Suite("Demo catalogue prices")
struct DemoCatalogueLstPriceTests {
    /// (variant id, lst_price, qty_available) from the README.
    static let odoo19: [(Int, String, Int)] = [
        (1, "14", 0), (2, "400", 0), (3, "30.75", 0), (4, "38.25", 0), (5, "70", 0), (6, "40", 0), (7, "280", 0),
        (8, "450", 2855), (13, "790", 168), (14, "840.4", 55), (15, "790", 65), (16, "771", 50), (18, "771", 70),
        (19, "147", 0), (20, "320", 500), (21, "15.8", 18), (23, "1799", 0), (24, "1849", 0), (25, "1799", 0),
        (26, "47", 22), (27, "140", 33), (29, "33", 26), (30, "39.4", 30), (31, "120.5", 10), (32, "85", 2), (33, "25", 0),
        (34, "1950", 0), (35, "2100", 0), (36, "885", 16), (37, "295", 0), (38, "295", 16), (39, "110.5", 80),
        (40, "2350", 0), (41, "4000", 0), (43, "1500", 0), (44, "1500", 0), (45, "1500", 0), (46, "10", 0), (47, "2000", 0),
        (48, "589", 0), (49, "5.1", 0), (50, "1.98", 0), (51, "3.19", 0), (52, "160", 0), (53, "100", 90), (54, "150", 0),
        (55, "12", 0),
    ]
    static let odoo17: [(Int, String, Int)] = [
        (1, "14", 0), (2, "400", 0), (3, "30.75", 0), (4, "38.25", 0), (5, "70", 0), (6, "40", 0), (7, "280", 0),
        (8, "450", 60), (12, "790", 45), (13, "790", 50), (14, "810.4", 55), (16, "147", 0), (17, "320", 700),
        (18, "15.8", 18), (19, "1799", 0), (20, "47", 22), (21, "140", 33), (23, "33", 26), (24, "39.4", 30),
        (25, "120.5", 10), (26, "85", 2), (27, "25", 0), (28, "1950", 0), (29, "2100", 0), (30, "885", 16), (31, "295", 16),
        (32, "110.5", 80), (33, "2350", 0), (34, "4000", 0), (35, "1500", 0), (36, "100", 90), (37, "760", 65),
        (38, "760", 70), (39, "150", 0), (40, "12", 0),
    ]

    @Test("every variant has the README's lst_price and stock", arguments: [ServerMode.odoo17JSONRPC, .odoo19JSON2])
    func everyVariantPrice(mode: ServerMode) async throws {
        let expected = mode.major == 19 ? Self.odoo19 : Self.odoo17
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            let variants = try await client.variants(after: nil, limit: 500, includeArchived: true)
            #expect(variants.map(\.id).sorted() == expected.map(\.0))
            let levels = try await client.stockLevels(variantIds: variants.map(\.id), locationIds: [])
            for (id, price, quantity) in expected {
                let variant = try #require(variants.first { $0.id == id })
                #expect(variant.lstPrice == Decimal(string: price)!, "variant \(id)")
                #expect(levels.first { $0.variantId == id }?.quantity == Decimal(quantity), "stock of variant \(id)")
            }
        }
    }
}
