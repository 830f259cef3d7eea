import Foundation
@testable import SyncCore

/// A hand-written subset of the real Odoo 19 demo catalogue (`shared/fixtures/odoo/catalogue/odoo19-demo.json`,
/// read 2026-11-25), with the values that file holds (including its non-pristine edits: desk list price 760,
/// White +30, Black +11).
enum Demo {
    static let written = odooDate("2026-11-25 11:33:05")

    static let usd = OdooCurrency(id: 1, name: "USD", rounding: dec("0.01"), rate: 1)
    static let eur = OdooCurrency(id: 125, name: "EUR", rounding: dec("0.01"), rate: dec("1.2834"))

    static let categories = [
        OdooCategory(id: 2, name: "Expenses", completeName: "Expenses"),
        OdooCategory(id: 3, name: "Services", completeName: "Services"),
        OdooCategory(id: 4, name: "Furniture", completeName: "Furniture"),
        OdooCategory(id: 5, name: "Office", parentId: 4, completeName: "Furniture / Office"),
        OdooCategory(id: 6, name: "Outdoor", parentId: 4, completeName: "Furniture / Outdoor"),
    ]

    static let attributes = [
        OdooAttribute(id: 3, name: "Color", createVariant: "always", sequence: 30),
        OdooAttribute(id: 7, name: "Fabric", createVariant: "always", sequence: 80),
        OdooAttribute(id: 8, name: "Legs", createVariant: "always", sequence: 90),
        OdooAttribute(id: 9, name: "Options", createVariant: "no_variant", sequence: 110),
        OdooAttribute(id: 10, name: "Customization", createVariant: "no_variant", sequence: 120),
    ]

    static let restaurantExpenses = OdooTemplate(
        id: 1, name: "Restaurant Expenses", descriptionSale: "port check", listPrice: 14, currencyId: 1, categoryId: 2,
        type: "service", variantIds: [1], writeDate: odooDate("2026-11-25 11:43:47"))
    static let officeChair = OdooTemplate(
        id: 5, name: "Office Chair", defaultCode: "FURN_7777", descriptionSale: "Comfortable yellow chair for daily work",
        listPrice: 70, currencyId: 1, categoryId: 5, weight: dec("0.01"), variantIds: [5], writeDate: written)
    static let customizableDesk = OdooTemplate(
        id: 9, name: "Customizable Desk", descriptionSale: "160x80cm, with large legs", listPrice: 760, currencyId: 1,
        categoryId: 5, attributeLineIds: [2, 1], variantIds: [15, 18, 13, 16, 14], writeDate: odooDate("2026-11-25 11:35:39"))
    static let cornerDesk = OdooTemplate(
        id: 10, name: "Corner Desk Right Sit", defaultCode: "E-COM06", descriptionSale: "Right-aligned desk with storage",
        listPrice: 147, currencyId: 1, categoryId: 5, weight: dec("0.01"), attributeLineIds: [3], variantIds: [19], writeDate: written)
    static let conferenceChair = OdooTemplate(
        id: 16, name: "Conference Chair", listPrice: 33, currencyId: 1, categoryId: 5, attributeLineIds: [5],
        variantIds: [29, 30], writeDate: written)
    static let acousticScreens = OdooTemplate(
        id: 23, name: "Acoustic Bloc Screens", descriptionSale: "Noise-reducing panels for open spaces", listPrice: 295,
        currencyId: 1, categoryId: 5, weight: dec("0.01"), attributeLineIds: [7, 8], variantIds: [37, 38], writeDate: written)
    static let localDelivery = OdooTemplate(
        id: 28, name: "Local Delivery", defaultCode: "Delivery_010", listPrice: 10, currencyId: 1, categoryId: 3,
        saleOk: false, type: "service", variantIds: [46], writeDate: written)

    static let templates = [restaurantExpenses, officeChair, customizableDesk, cornerDesk, conferenceChair, acousticScreens, localDelivery]

    static let lines = [
        OdooAttributeLine(id: 1, templateId: 9, attributeId: 8, valueIds: [88, 89, 91]),
        OdooAttributeLine(id: 2, templateId: 9, attributeId: 3, valueIds: [50, 51]),
        OdooAttributeLine(id: 3, templateId: 10, attributeId: 9, valueIds: [92, 93, 94, 95]),
        OdooAttributeLine(id: 5, templateId: 16, attributeId: 8, valueIds: [88, 89]),
        OdooAttributeLine(id: 7, templateId: 23, attributeId: 3, valueIds: [50, 51]),
        OdooAttributeLine(id: 8, templateId: 23, attributeId: 10, valueIds: [96]),
    ]

    static let ptavs = [
        OdooTemplateAttributeValue(id: 1, templateId: 9, attributeId: 8, attributeLineId: 1, valueId: 88, name: "Steel"),
        OdooTemplateAttributeValue(id: 2, templateId: 9, attributeId: 8, attributeLineId: 1, valueId: 89, name: "Aluminium", priceExtra: dec("50.4")),
        OdooTemplateAttributeValue(id: 3, templateId: 9, attributeId: 8, attributeLineId: 1, valueId: 91, name: "Custom"),
        OdooTemplateAttributeValue(id: 4, templateId: 9, attributeId: 3, attributeLineId: 2, valueId: 50, name: "White", priceExtra: 30),
        OdooTemplateAttributeValue(id: 5, templateId: 9, attributeId: 3, attributeLineId: 2, valueId: 51, name: "Black", priceExtra: 11),
        OdooTemplateAttributeValue(id: 6, templateId: 10, attributeId: 9, attributeLineId: 3, valueId: 92, name: "Drawers", priceExtra: 250),
        OdooTemplateAttributeValue(id: 7, templateId: 10, attributeId: 9, attributeLineId: 3, valueId: 93, name: "File cabinets", priceExtra: 300),
        OdooTemplateAttributeValue(id: 8, templateId: 10, attributeId: 9, attributeLineId: 3, valueId: 94, name: "Under-desk pedestals", priceExtra: 75),
        OdooTemplateAttributeValue(id: 9, templateId: 10, attributeId: 9, attributeLineId: 3, valueId: 95, name: "Overhead shelves", priceExtra: 225),
        OdooTemplateAttributeValue(id: 13, templateId: 16, attributeId: 8, attributeLineId: 5, valueId: 88, name: "Steel"),
        OdooTemplateAttributeValue(id: 14, templateId: 16, attributeId: 8, attributeLineId: 5, valueId: 89, name: "Aluminium", priceExtra: dec("6.4")),
        OdooTemplateAttributeValue(id: 19, templateId: 23, attributeId: 3, attributeLineId: 7, valueId: 50, name: "White"),
        OdooTemplateAttributeValue(id: 20, templateId: 23, attributeId: 3, attributeLineId: 7, valueId: 51, name: "Black"),
        OdooTemplateAttributeValue(id: 21, templateId: 23, attributeId: 10, attributeLineId: 8, valueId: 96, name: "Custom", priceExtra: 25),
    ]

    static let variants = [
        OdooVariant(id: 1, templateId: 1, lstPrice: 14, writeDate: written),
        OdooVariant(id: 5, templateId: 5, defaultCode: "FURN_7777", lstPrice: 70, weight: dec("0.01"), writeDate: written),
        OdooVariant(id: 13, templateId: 9, defaultCode: "FURN_0096", barcode: "DOWN-TEST-1", lstPrice: 790, priceExtra: 30,
                    attributeValueIds: [4, 1], weight: dec("0.01"), writeDate: odooDate("2026-11-25 11:44:44")),
        OdooVariant(id: 14, templateId: 9, defaultCode: "FURN_0098", barcode: "PROBE-0001", lstPrice: dec("840.4"),
                    priceExtra: dec("80.4"), attributeValueIds: [4, 2], weight: dec("0.01"), writeDate: odooDate("2026-11-25 11:43:04")),
        OdooVariant(id: 15, templateId: 9, defaultCode: "DESK0005", barcode: "WH-BARCODE-0002", lstPrice: 790, priceExtra: 30,
                    attributeValueIds: [4, 3], weight: dec("0.01"), writeDate: odooDate("2026-11-25 11:35:39")),
        OdooVariant(id: 16, templateId: 9, defaultCode: "FURN_0097", lstPrice: 771, priceExtra: 11, attributeValueIds: [5, 1],
                    weight: dec("0.01"), writeDate: odooDate("2026-11-25 11:35:39")),
        OdooVariant(id: 18, templateId: 9, defaultCode: "DESK0006", lstPrice: 771, priceExtra: 11, attributeValueIds: [5, 3],
                    weight: dec("0.01"), writeDate: odooDate("2026-11-25 11:35:39")),
        OdooVariant(id: 19, templateId: 10, defaultCode: "E-COM06", lstPrice: 147, weight: dec("0.01"), writeDate: written),
        OdooVariant(id: 29, templateId: 16, defaultCode: "E-COM12", lstPrice: 33, attributeValueIds: [13], writeDate: written),
        OdooVariant(id: 30, templateId: 16, defaultCode: "E-COM13", lstPrice: dec("39.4"), priceExtra: dec("6.4"),
                    attributeValueIds: [14], writeDate: written),
        OdooVariant(id: 37, templateId: 23, defaultCode: "FURN_6666", lstPrice: 295, attributeValueIds: [19], writeDate: written),
        OdooVariant(id: 38, templateId: 23, defaultCode: "FURN_6667", lstPrice: 295, attributeValueIds: [20], writeDate: written),
        OdooVariant(id: 46, templateId: 28, defaultCode: "Delivery_010", lstPrice: 10, writeDate: written),
    ]

    static let pricelists = [
        OdooPricelist(id: 1, name: "Default", currencyId: 1),
        OdooPricelist(id: 2, name: "Default", currencyId: 1),
        OdooPricelist(id: 3, name: "Default", currencyId: 1),
        OdooPricelist(id: 4, name: "Retail USD", currencyId: 1, itemIds: [1, 2, 3]),
        OdooPricelist(id: 5, name: "Europe EUR", currencyId: 125, itemIds: [4]),
    ]

    static let pricelistItems = [
        OdooPricelistItem(id: 1, pricelistId: 4, appliedOn: .variant, computePrice: .fixed, fixedPrice: 699, templateId: 9, variantId: 15),
        OdooPricelistItem(id: 2, pricelistId: 4, appliedOn: .category, computePrice: .percentage, percentPrice: 10, minQuantity: 5,
                          categoryId: 2),
        OdooPricelistItem(id: 3, pricelistId: 4, appliedOn: .global, computePrice: .formula, priceDiscount: 5,
                          dateStart: odooDate("2026-01-01 00:00:00"), dateEnd: odooDate("2026-12-31 23:59:59")),
        OdooPricelistItem(id: 4, pricelistId: 5, appliedOn: .template, computePrice: .fixed, fixedPrice: 720, templateId: 9),
    ]

    static let locations = [
        OdooLocation(id: 5, name: "Stock", completeName: "WH/Stock", warehouseId: 1),
        OdooLocation(id: 6, name: "Input", completeName: "WH/Input", warehouseId: 1, active: false),
    ]

    static let stock = [
        OdooStockLevel(variantId: 13, quantity: 168),
        OdooStockLevel(variantId: 14, quantity: 55),
        OdooStockLevel(variantId: 15, quantity: 65),
        OdooStockLevel(variantId: 16, quantity: 50),
        OdooStockLevel(variantId: 18, quantity: 70),
        OdooStockLevel(variantId: 38, quantity: 16),
    ]

    static func snapshot(_ template: OdooTemplate) -> ProductSnapshot {
        ProductSnapshot(
            template: template,
            variants: variants.filter { $0.templateId == template.id },
            attributeLines: lines.filter { $0.templateId == template.id },
            attributeValues: ptavs.filter { $0.templateId == template.id },
            attributes: Dictionary(uniqueKeysWithValues: attributes.map { ($0.id, $0) })
        )
    }

    static var categoryTree: CategoryTree { CategoryTree(categories) }
    static var currencyTable: CurrencyTable { CurrencyTable(company: usd, currencies: [usd, eur]) }
    static var book: PricelistBook { PricelistBook(pricelists: pricelists, items: pricelistItems, categories: categoryTree) }

    static func evaluator(now: Date = midsummer2026) -> PricelistEvaluator {
        PricelistEvaluator(book: book, currencies: currencyTable, categories: categoryTree, now: now)
    }

    static func pricer(currencies: [String] = ["usd", "eur"], configured: [String: Int] = [:], now: Date = midsummer2026) -> VariantPricer {
        VariantPricer(plan: PriceSourcePlan(storeCurrencies: currencies, currencies: currencyTable, book: book, configured: configured),
                      evaluator: evaluator(now: now))
    }

    static func context(configured: [String: Int] = [:], categoryIds: [Int: String]? = nil, manageInventory: Bool = true,
                        syncImages: Bool = false) -> MappingContext {
        MappingContext(pricer: pricer(configured: configured), salesChannelIds: ["sc_default"], manageInventory: manageInventory,
                       categoryIds: categoryIds, syncImages: syncImages)
    }
}
