import Foundation
import Simulators
import SyncCore

/// The Medusa catalogue the demo Odoo data must produce, written out by hand from
/// `shared/fixtures/odoo/catalogue/README.md` and the catalogue files (not computed by the code under test).
///
/// Prices, per docs/sync.md § Prices, for a store with currencies `eur` (default) and `usd`:
/// - **usd** is the company currency: the variant's `lst_price` exactly as the catalogue README lists it.
/// - **eur** has an active pricelist, "Europe EUR" (19: id 5; 17: id 4), whose only rule is item 4: template 9
///   Customizable Desk, fixed 720 → 720 for every desk variant. Every other product has no applicable rule, so Odoo
///   uses the list price converted from USD at EUR's rate 1.2834 (USD rate 1), rounded half-up to 0.01.
/// - The "Retail USD" pricelist does not apply: USD is the company currency and `ODOO_PRICELISTS` is not set.
struct ExpectedProduct: Sendable {
    var templateId: Int
    var handle: String
    var title: String
    var categoryHandle: String
    var imageCount: Int
    /// In Odoo's order: option title, values in the line's order.
    var options: [(title: String, values: [String])]
    var variants: [ShopVariant]

    /// Option title → sorted values, as `ShopProduct.options` holds them.
    var optionMap: [String: [String]] {
        Dictionary(uniqueKeysWithValues: options.map { ($0.title, $0.values.sorted()) })
    }
}

enum ExpectedCatalogue {
    static let defaultOption = [(title: "Default", values: ["Default"])]

    /// A variant as Medusa should hold it. `stock` nil: no inventory management (services, combos), so no level.
    static func variant(_ odooId: Int, _ sku: String?, _ title: String, _ options: [String: String], usd: String, eur: String,
                        stock: Int?, barcode: String? = nil) -> ShopVariant {
        ShopVariant(odooId: odooId, title: title, sku: sku, barcode: barcode, options: options,
                    prices: ["usd": dec(usd), "eur": dec(eur)], manageInventory: stock != nil,
                    stock: stock.map { Decimal($0) })
    }

    /// A template with one variant and no variant attribute: Medusa's `Default` option, variant titled like the product.
    static func single(_ templateId: Int, variant odooId: Int, _ handle: String, _ title: String, sku: String?,
                       usd: String, eur: String, stock: Int?, category: String = "furniture-office", barcode: String? = nil)
        -> ExpectedProduct {
        ExpectedProduct(templateId: templateId, handle: handle, title: title, categoryHandle: category, imageCount: 0,
                        options: defaultOption,
                        variants: [variant(odooId, sku, title, ["Default": "Default"], usd: usd, eur: eur, stock: stock,
                                           barcode: barcode)])
    }

    // MARK: Odoo 19

    /// Odoo 19 demo: 37 templates, all active; 28 "Local Delivery" is not `sale_ok`, so the publish rule keeps it out of
    /// the shop (never created; no outcome in a full run). The other 36 are published (the server has no website
    /// `is_published`). Services (1–4, 29, 36) and the combo (34) have no inventory management; everything else has a
    /// level at the default location: the sum of `stock.quant.quantity` over the active internal locations.
    static let odoo19: [ExpectedProduct] = withImages(except: odoo19TemplatesWithoutImage, [
        single(1, variant: 1, "restaurant-expenses", "Restaurant Expenses", sku: nil,
               usd: "14", eur: "17.97", stock: nil, category: "expenses"),                    // 14 × 1.2834 = 17.9676
        single(2, variant: 2, "hotel-accommodation", "Hotel Accommodation", sku: nil,
               usd: "400", eur: "513.36", stock: nil, category: "expenses"),                  // 400 × 1.2834 = 513.36
        single(3, variant: 3, "virtual-interior-design", "Virtual Interior Design", sku: nil,
               usd: "30.75", eur: "39.46", stock: nil, category: "services"),                 // 30.75 × 1.2834 = 39.46455
        single(4, variant: 4, "virtual-home-staging", "Virtual Home Staging", sku: nil,
               usd: "38.25", eur: "49.09", stock: nil, category: "services"),                 // 38.25 × 1.2834 = 49.09005
        single(5, variant: 5, "office-chair", "Office Chair", sku: "FURN_7777",
               usd: "70", eur: "89.84", stock: 0),                                            // 70 × 1.2834 = 89.838
        single(6, variant: 6, "office-lamp", "Office Lamp", sku: "FURN_8888",
               usd: "40", eur: "51.34", stock: 0, barcode: "40164785534112"),                 // 40 × 1.2834 = 51.336
        single(7, variant: 7, "office-design-software", "Office Design Software", sku: "FURN_9999",
               usd: "280", eur: "359.35", stock: 0),                                          // 280 × 1.2834 = 359.352
        single(8, variant: 8, "desk-combination", "Desk Combination", sku: "FURN_7800",
               usd: "450", eur: "577.53", stock: 2855),                                       // 450 × 1.2834 = 577.53
        ExpectedProduct(
            templateId: 9, handle: "customizable-desk", title: "Customizable Desk", categoryHandle: "furniture-office",
            imageCount: 1,
            // attribute_line_ids [2, 1]: the Color line comes first (sequence, attribute_id 3 < 8, id).
            options: [("Color", ["White", "Black"]), ("Legs", ["Steel", "Aluminium", "Custom"])],
            variants: [
                // lst_price = list_price 760 + White 30 (+ Aluminium 50.4); eur: Europe EUR item 4, fixed 720.
                variant(13, "FURN_0096", "White / Steel", ["Color": "White", "Legs": "Steel"], usd: "790", eur: "720",
                        stock: 168, barcode: "DOWN-TEST-1"),                                  // quants 168 + 0 at WH/Stock
                variant(14, "FURN_0098", "White / Aluminium", ["Color": "White", "Legs": "Aluminium"], usd: "840.4", eur: "720",
                        stock: 55, barcode: "PROBE-0001"),
                variant(15, "DESK0005", "White / Custom", ["Color": "White", "Legs": "Custom"], usd: "790", eur: "720",
                        stock: 65, barcode: "WH-BARCODE-0002"),
                // 760 + Black 11
                variant(16, "FURN_0097", "Black / Steel", ["Color": "Black", "Legs": "Steel"], usd: "771", eur: "720", stock: 50),
                variant(18, "DESK0006", "Black / Custom", ["Color": "Black", "Legs": "Custom"], usd: "771", eur: "720", stock: 70),
            ]),
        // The "Options" line of 10 and 18 is no_variant: no option, and its extras (Drawers +250 …) are not in the price.
        single(10, variant: 19, "corner-desk-right-sit", "Corner Desk Right Sit", sku: "E-COM06",
               usd: "147", eur: "188.66", stock: 0),                                          // 147 × 1.2834 = 188.6598
        single(11, variant: 20, "large-cabinet", "Large Cabinet", sku: "E-COM07",
               usd: "320", eur: "410.69", stock: 500),                                        // 320 × 1.2834 = 410.688; on hand, not minus 150 reserved
        single(12, variant: 21, "storage-box", "Storage Box", sku: "E-COM08",
               usd: "15.8", eur: "20.28", stock: 18),                                         // 15.8 × 1.2834 = 20.27772
        ExpectedProduct(
            templateId: 13, handle: "large-desk", title: "Large Desk", categoryHandle: "furniture-office", imageCount: 0,
            options: [("Fabric", ["Wood", "Glass", "Metal"])],
            variants: [
                variant(23, nil, "Wood", ["Fabric": "Wood"], usd: "1799", eur: "2308.84", stock: 0),    // 1799 × 1.2834 = 2308.8366
                variant(24, nil, "Glass", ["Fabric": "Glass"], usd: "1849", eur: "2373.01", stock: 0),  // (1799 + 50) × 1.2834 = 2373.0066
                variant(25, nil, "Metal", ["Fabric": "Metal"], usd: "1799", eur: "2308.84", stock: 0),
            ]),
        single(14, variant: 26, "pedal-bin", "Pedal Bin", sku: "E-COM10",
               usd: "47", eur: "60.32", stock: 22),                                           // 47 × 1.2834 = 60.3198
        single(15, variant: 27, "cabinet-with-doors", "Cabinet with Doors", sku: "E-COM11",
               usd: "140", eur: "179.68", stock: 33),                                         // 140 × 1.2834 = 179.676
        ExpectedProduct(
            templateId: 16, handle: "conference-chair", title: "Conference Chair", categoryHandle: "furniture-office",
            imageCount: 1,
            options: [("Legs", ["Steel", "Aluminium"])],
            variants: [
                variant(29, "E-COM12", "Steel", ["Legs": "Steel"], usd: "33", eur: "42.35", stock: 26),          // 33 × 1.2834 = 42.3522
                variant(30, "E-COM13", "Aluminium", ["Legs": "Aluminium"], usd: "39.4", eur: "50.57", stock: 30), // (33 + 6.4) × 1.2834 = 50.56596
            ]),
        single(17, variant: 31, "office-chair-black", "Office Chair Black", sku: "FURN_0269",
               usd: "120.5", eur: "154.65", stock: 10),                                       // 120.5 × 1.2834 = 154.6497
        single(18, variant: 32, "corner-desk-left-sit", "Corner Desk Left Sit", sku: "FURN_1118",
               usd: "85", eur: "109.09", stock: 2),                                           // 85 × 1.2834 = 109.089
        single(19, variant: 33, "drawer-black", "Drawer Black", sku: "FURN_8900",
               usd: "25", eur: "32.09", stock: 0),                                            // 25 × 1.2834 = 32.085 → half-up 32.09
        single(20, variant: 34, "flipover", "Flipover", sku: "FURN_9001",
               usd: "1950", eur: "2502.63", stock: 0, barcode: "40164785512001"),             // 1950 × 1.2834 = 2502.63
        single(21, variant: 35, "desk-stand-with-screen", "Desk Stand with Screen", sku: "FURN_7888",
               usd: "2100", eur: "2695.14", stock: 0),                                        // 2100 × 1.2834 = 2695.14
        single(22, variant: 36, "individual-workplace", "Individual Workplace", sku: "FURN_0789",
               usd: "885", eur: "1135.81", stock: 16),                                        // 885 × 1.2834 = 1135.809
        ExpectedProduct(
            templateId: 23, handle: "acoustic-bloc-screens", title: "Acoustic Bloc Screens", categoryHandle: "furniture-office",
            imageCount: 0,
            // The "Customization" line is no_variant: no option, and its Custom +25 is not in the price.
            options: [("Color", ["White", "Black"])],
            variants: [
                variant(37, "FURN_6666", "White", ["Color": "White"], usd: "295", eur: "378.60", stock: 0),  // 295 × 1.2834 = 378.603
                variant(38, "FURN_6667", "Black", ["Color": "Black"], usd: "295", eur: "378.60", stock: 16), // 16 on hand, all reserved
            ]),
        single(24, variant: 39, "drawer", "Drawer", sku: "FURN_8855",
               usd: "110.5", eur: "141.82", stock: 80),                                       // 110.5 × 1.2834 = 141.8157
        single(25, variant: 40, "four-person-desk", "Four Person Desk", sku: "FURN_8220",
               usd: "2350", eur: "3015.99", stock: 0),                                        // 2350 × 1.2834 = 3015.99
        single(26, variant: 41, "large-meeting-table", "Large Meeting Table", sku: "FURN_6741",
               usd: "4000", eur: "5133.6", stock: 0),                                         // 4000 × 1.2834 = 5133.6
        ExpectedProduct(
            templateId: 27, handle: "two-seat-sofa", title: "Two-Seat Sofa", categoryHandle: "furniture-office", imageCount: 0,
            options: [("Fabric", ["Linen", "Velvet", "Leather"])],
            variants: [
                variant(43, nil, "Linen", ["Fabric": "Linen"], usd: "1500", eur: "1925.1", stock: 0),   // 1500 × 1.2834 = 1925.1
                variant(44, nil, "Velvet", ["Fabric": "Velvet"], usd: "1500", eur: "1925.1", stock: 0),
                variant(45, nil, "Leather", ["Fabric": "Leather"], usd: "1500", eur: "1925.1", stock: 0),
            ]),
        single(29, variant: 47, "furniture-assembly", "Furniture Assembly", sku: nil,
               usd: "2000", eur: "2566.8", stock: nil, category: "home-construction"),        // 2000 × 1.2834 = 2566.8
        single(30, variant: 48, "outdoor-dining-table", "Outdoor dining table", sku: nil,
               usd: "589", eur: "755.92", stock: 0, category: "furniture-outdoor"),           // 589 × 1.2834 = 755.9226
        single(31, variant: 49, "desk-organizer", "Desk Organizer", sku: "FURN_0001",
               usd: "5.1", eur: "6.55", stock: 0, barcode: "2300001000008"),                  // 5.1 × 1.2834 = 6.54534
        single(32, variant: 50, "desk-pad", "Desk Pad", sku: "FURN_0002",
               usd: "1.98", eur: "2.54", stock: 0),                                           // 1.98 × 1.2834 = 2.541132
        single(33, variant: 51, "monitor-stand", "Monitor Stand", sku: "FURN_0006",
               usd: "3.19", eur: "4.09", stock: 0),                                           // 3.19 × 1.2834 = 4.094046
        single(34, variant: 52, "office-combo", "Office Combo", sku: nil,
               usd: "160", eur: "205.34", stock: nil),                                        // combo: no inventory; 160 × 1.2834 = 205.344
        single(35, variant: 53, "cable-management-box", "Cable Management Box", sku: "FURN_5555",
               usd: "100", eur: "128.34", stock: 90),                                         // 50 + 40 on WH/Stock/Shelf 2
        single(36, variant: 54, "deposit", "Deposit", sku: nil,
               usd: "150", eur: "192.51", stock: nil, category: "services"),                  // 150 × 1.2834 = 192.51
        single(37, variant: 55, "chair-floor-protection", "Chair floor protection", sku: nil,
               usd: "12", eur: "15.4", stock: 0),                                             // 12 × 1.2834 = 15.4008
    ])

    /// Templates without an image in the Odoo 19 export (catalogue notes); every other template has one image, which
    /// becomes the product's only image and its thumbnail. No variant has an image of its own.
    static let odoo19TemplatesWithoutImage: Set<Int> = [1, 2, 3, 4, 28, 29]

    static func withImages(except without: Set<Int>, _ products: [ExpectedProduct]) -> [ExpectedProduct] {
        products.map { product in
            var product = product
            product.imageCount = without.contains(product.templateId) ? 0 : 1
            return product
        }
    }

    /// Odoo 19's categories as Medusa product categories: handle → (name, parent handle).
    static let odoo19Categories: [String: ShopCategory] = [
        "expenses": ShopCategory(name: "Expenses", parentHandle: nil, isActive: true, isInternal: false),
        "services": ShopCategory(name: "Services", parentHandle: nil, isActive: true, isInternal: false),
        "furniture": ShopCategory(name: "Furniture", parentHandle: nil, isActive: true, isInternal: false),
        "furniture-office": ShopCategory(name: "Office", parentHandle: "furniture", isActive: true, isInternal: false),
        "furniture-outdoor": ShopCategory(name: "Outdoor", parentHandle: "furniture", isActive: true, isInternal: false),
        "home-construction": ShopCategory(name: "Home Construction", parentHandle: nil, isActive: true, isInternal: false),
    ]

    /// The 28 "Local Delivery" template: active but not `sale_ok`.
    static let odoo19NotInShop = 28

    // MARK: Odoo 17

    /// Odoo 17 demo: 30 templates, all active and `sale_ok` → 30 products. Template id → usd (`lst_price` from the README)
    /// and eur (Europe EUR, id 4: fixed 720 on the desk; else × 1.2834, half-up) of its single variant.
    static let odoo17SingleVariantPrices: [Int: (usd: String, eur: String)] = [
        1: ("14", "17.97"), 2: ("400", "513.36"), 3: ("30.75", "39.46"), 4: ("38.25", "49.09"), 5: ("70", "89.84"),
        6: ("40", "51.34"), 7: ("280", "359.35"), 8: ("450", "577.53"), 10: ("147", "188.66"), 11: ("320", "410.69"),
        12: ("15.8", "20.28"), 13: ("1799", "2308.84"), 14: ("47", "60.32"), 15: ("140", "179.68"), 17: ("120.5", "154.65"),
        18: ("85", "109.09"), 19: ("25", "32.09"), 20: ("1950", "2502.63"), 21: ("2100", "2695.14"), 22: ("885", "1135.81"),
        23: ("295", "378.6"), 24: ("110.5", "141.82"), 25: ("2350", "3015.99"), 26: ("4000", "5133.6"), 27: ("1500", "1925.1"),
        28: ("100", "128.34"), 29: ("150", "192.51"), 30: ("12", "15.4"),
    ]

    /// Odoo 17's Customizable Desk: attribute_line_ids [1, 2] → Legs first. Legs Steel +30, Aluminium +50.4.
    static let odoo17Desk = ExpectedProduct(
        templateId: 9, handle: "customizable-desk", title: "Customizable Desk", categoryHandle: "all-saleable-office-furniture",
        imageCount: 1,
        options: [("Legs", ["Steel", "Aluminium", "Custom"]), ("Color", ["White", "Black"])],
        variants: [
            variant(12, "FURN_0096", "Steel / White", ["Legs": "Steel", "Color": "White"], usd: "790", eur: "720", stock: 45),
            variant(13, "FURN_0097", "Steel / Black", ["Legs": "Steel", "Color": "Black"], usd: "790", eur: "720", stock: 50),
            variant(14, "FURN_0098", "Aluminium / White", ["Legs": "Aluminium", "Color": "White"], usd: "810.4", eur: "720",
                    stock: 55),
            variant(37, "DESK0005", "Custom / White", ["Legs": "Custom", "Color": "White"], usd: "760", eur: "720", stock: 65,
                    barcode: "WH-BARCODE-0002"),
            variant(38, "DESK0006", "Custom / Black", ["Legs": "Custom", "Color": "Black"], usd: "760", eur: "720", stock: 70),
        ])

    static let odoo17ConferenceChair = ExpectedProduct(
        templateId: 16, handle: "conference-chair", title: "Conference Chair", categoryHandle: "all-saleable-office-furniture",
        imageCount: 1,
        options: [("Legs", ["Steel", "Aluminium"])],
        variants: [
            variant(23, "E-COM12", "Steel", ["Legs": "Steel"], usd: "33", eur: "42.35", stock: 26),
            variant(24, "E-COM13", "Aluminium", ["Legs": "Aluminium"], usd: "39.4", eur: "50.57", stock: 30),
        ])
}
