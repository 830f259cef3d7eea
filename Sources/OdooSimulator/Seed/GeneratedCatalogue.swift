import Foundation
import SyncCore

/// A variant-creating attribute of a generated catalogue; every template gets all its values.
public struct GeneratedOdooAttribute: Sendable {
    public var name: String
    public var values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}

/// Options of a generated benchmark catalogue: N templates × V variants, priced, stocked, with a second currency and a
/// pricelist in it.
public struct GeneratedCatalogueOptions: Sendable {
    public var templates: Int
    /// Variants per template (1 = no attributes). V > 1 uses one variant-creating attribute with V values, or two
    /// attributes when V factors into a × b (e.g. 9 = 3 × 3). Ignored when `attributes` is set.
    public var variantsPerTemplate: Int
    /// Explicit attributes; the variants of each template are all combinations of their values.
    public var attributes: [GeneratedOdooAttribute]?
    public var majorVersion: Int
    public var database: String
    /// `list_price` of template i is `basePrice + i mod 100`.
    public var basePrice: Decimal
    /// `price_extra` of the k-th value of an attribute is `k × priceExtraStep` (the first value adds nothing).
    public var priceExtraStep: Decimal
    /// On-hand quantity of each variant in WH/Stock (variant i gets `stockPerVariant + i mod 7`).
    public var stockPerVariant: Decimal
    public var secondCurrency: String
    /// Units of the second currency per unit of the company currency (USD).
    public var secondCurrencyRate: Decimal
    /// Templates created per second (one "transaction": they share one `write_date`, microseconds included, as Odoo
    /// writes a batch). Keeps the generated catalogue honest about same-second cursors.
    public var templatesPerSecond: Int
    /// `write_date` of the first batch.
    public var firstWriteDate: Date

    public init(
        templates: Int, variantsPerTemplate: Int = 1, attributes: [GeneratedOdooAttribute]? = nil, majorVersion: Int = 19, database: String? = nil,
        basePrice: Decimal = 10, priceExtraStep: Decimal = Decimal(string: "2.5")!, stockPerVariant: Decimal = 10,
        secondCurrency: String = "EUR", secondCurrencyRate: Decimal = Decimal(string: "0.9187")!, templatesPerSecond: Int = 100,
        firstWriteDate: Date = Date(timeIntervalSince1970: 1_767_225_600)
    ) {
        self.templates = max(0, templates); self.attributes = attributes
        self.variantsPerTemplate = attributes.map { $0.reduce(1) { $0 * max(1, $1.values.count) } } ?? max(1, variantsPerTemplate)
        self.majorVersion = majorVersion; self.database = database ?? "odoo\(majorVersion)"; self.basePrice = basePrice
        self.priceExtraStep = priceExtraStep; self.stockPerVariant = stockPerVariant; self.secondCurrency = secondCurrency
        self.secondCurrencyRate = secondCurrencyRate; self.templatesPerSecond = max(1, templatesPerSecond)
        self.firstWriteDate = firstWriteDate
    }
}

extension OdooCatalogueSeed {
    /// A generated catalogue, built row by row without JSON (10,000 templates × 3 variants in well under a second).
    public static func generated(_ options: GeneratedCatalogueOptions) -> OdooCatalogueSeed {
        var builder = GeneratedCatalogueBuilder(options: options)
        return builder.build()
    }
}

private struct GeneratedCatalogueBuilder {
    let options: GeneratedCatalogueOptions
    var data: SimDatabase

    init(options: GeneratedCatalogueOptions) {
        self.options = options
        data = SimDatabase(version: options.majorVersion)
    }

    /// The attributes to create: the explicit ones, or one or two derived from the variant count ([V] or [a, b]).
    var resolvedAttributes: [GeneratedOdooAttribute] {
        if let attributes = options.attributes { return attributes.filter { !$0.values.isEmpty } }
        let count = options.variantsPerTemplate
        guard count > 1 else { return [] }
        var sizes = [count]
        for a in stride(from: Int(Double(count).squareRoot()), through: 2, by: -1) where count % a == 0 && a < count {
            sizes = [count / a, a]
            break
        }
        return sizes.enumerated().map { index, size in
            index == 0 ? GeneratedOdooAttribute(name: "Size", values: Self.valueNames(Self.sizes, prefix: "Size", count: size))
                : GeneratedOdooAttribute(name: "Color", values: Self.valueNames(Self.colors, prefix: "Color", count: size))
        }
    }

    mutating func build() -> OdooCatalogueSeed {
        let firstStamp = SimTimestamp(options.firstWriteDate)
        let setupStamp = firstStamp.adding(seconds: -60)
        insert("res.currency", id: 1, ["name": .text("USD"), "symbol": .text("$"), "rounding": .decimal(Decimal(string: "0.01")!),
                                       "decimal_places": .int(2), "rate": .decimal(1), "active": .bool(true)], stamp: setupStamp)
        insert("res.currency", id: 2, ["name": .text(options.secondCurrency), "symbol": .text(options.secondCurrency),
                                       "rounding": .decimal(Decimal(string: "0.01")!), "decimal_places": .int(2),
                                       "rate": .decimal(options.secondCurrencyRate), "active": .bool(true)], stamp: setupStamp)
        insert("product.category", id: 1, ["name": .text("All"), "complete_name": .text("All")], stamp: setupStamp)
        insert("product.category", id: 2, ["name": .text("Generated"), "complete_name": .text("All / Generated"),
                                           "parent_id": .many2one(1)], stamp: setupStamp)
        insert("stock.location", id: 5, ["name": .text("Stock"), "complete_name": .text("WH/Stock"), "usage": .text("internal"),
                                         "warehouse_id": .many2one(1), "active": .bool(true)], stamp: setupStamp)
        insert("stock.location", id: 14, ["name": .text("Inventory adjustment"),
                                          "complete_name": .text("Virtual Locations/Inventory adjustment"),
                                          "usage": .text("inventory"), "active": .bool(true)], stamp: setupStamp)
        data.foreignNames["stock.warehouse"] = [1: "YourCompany"]
        data.foreignNames["uom.uom"] = [1: "Units"]
        insert("product.pricelist", id: 1, ["name": .text("Public Pricelist"), "currency_id": .many2one(1), "active": .bool(true),
                                            "item_ids": .ids([])], stamp: setupStamp)
        insert("product.pricelist", id: 2, ["name": .text("\(options.secondCurrency) Pricelist"), "currency_id": .many2one(2),
                                            "active": .bool(true), "item_ids": .ids([1])], stamp: setupStamp)
        insert("product.pricelist.item", id: 1, [
            "pricelist_id": .many2one(2), "applied_on": .text("3_global"), "compute_price": .text("formula"),
            "base": .text("list_price"), "min_quantity": .decimal(0),
        ], stamp: setupStamp)

        // Attributes and their values.
        var valueIdsByAttribute: [[Int]] = []
        var nextValueId = 1
        for (attributeIndex, attribute) in resolvedAttributes.enumerated() {
            let attributeId = attributeIndex + 1
            var valueIds: [Int] = []
            for (valueIndex, name) in attribute.values.enumerated() {
                insert("product.attribute.value", id: nextValueId, [
                    "name": .text(name), "attribute_id": .many2one(attributeId), "sequence": .int(valueIndex),
                    "default_extra_price": .decimal(Decimal(valueIndex) * options.priceExtraStep),
                ], stamp: setupStamp)
                valueIds.append(nextValueId)
                nextValueId += 1
            }
            insert("product.attribute", id: attributeId, [
                "name": .text(attribute.name), "create_variant": .text("always"),
                "display_type": .text("radio"), "sequence": .int(attributeIndex + 1), "value_ids": .ids(valueIds),
            ], stamp: setupStamp)
            valueIdsByAttribute.append(valueIds)
        }

        let variantCount = options.templates * options.variantsPerTemplate
        for model in ["product.template"] { data.tables[model]?.reserveCapacity(options.templates) }
        for model in ["product.product", "stock.quant", "product.template.attribute.value"] {
            data.tables[model]?.reserveCapacity(variantCount)
        }

        var nextVariantId = 1, nextLineId = 1, nextPTAVId = 1, nextQuantId = 1
        let transactionMicroseconds = Int64(123_456)
        for index in 0..<options.templates {
            let templateId = index + 1
            let batch = Int64(index / options.templatesPerSecond)
            let stamp = firstStamp.adding(seconds: batch, microseconds: transactionMicroseconds)
            // Lines and PTAVs.
            var lineIds: [Int] = []
            var ptavsByAttribute: [[Int]] = []
            for (attributeIndex, valueIds) in valueIdsByAttribute.enumerated() {
                let lineId = nextLineId
                nextLineId += 1
                var ptavIds: [Int] = []
                for (valueIndex, valueId) in valueIds.enumerated() {
                    let name = data.tables["product.attribute.value"]?.value(id: valueId, "name") ?? .empty
                    insert("product.template.attribute.value", id: nextPTAVId, [
                        "name": name, "product_tmpl_id": .many2one(templateId), "attribute_id": .many2one(attributeIndex + 1),
                        "product_attribute_value_id": .many2one(valueId), "attribute_line_id": .many2one(lineId),
                        "price_extra": .decimal(Decimal(valueIndex) * options.priceExtraStep), "ptav_active": .bool(true),
                    ], stamp: stamp)
                    ptavIds.append(nextPTAVId)
                    nextPTAVId += 1
                }
                insert("product.template.attribute.line", id: lineId, [
                    "product_tmpl_id": .many2one(templateId), "attribute_id": .many2one(attributeIndex + 1),
                    "value_ids": .ids(valueIds), "product_template_value_ids": .ids(ptavIds), "active": .bool(true),
                ], stamp: stamp)
                lineIds.append(lineId)
                ptavsByAttribute.append(ptavIds)
            }
            // Variants: the cartesian product of the PTAVs.
            var combinations: [[Int]] = [[]]
            for ptavIds in ptavsByAttribute { combinations = combinations.flatMap { prefix in ptavIds.map { prefix + [$0] } } }
            var variantIds: [Int] = []
            for (combinationIndex, combination) in combinations.enumerated() {
                let variantId = nextVariantId
                nextVariantId += 1
                let code = options.variantsPerTemplate == 1 ? "GEN-\(templateId)" : "GEN-\(templateId)-\(combinationIndex + 1)"
                insert("product.product", id: variantId, [
                    "product_tmpl_id": .many2one(templateId), "active": .bool(true), "default_code": .text(code),
                    "barcode": .text(String(format: "2%011d", variantId)), "product_template_attribute_value_ids": .ids(combination),
                    "combination_indices": .text(combination.map(String.init).joined(separator: ",")), "weight": .decimal(1),
                ], stamp: stamp)
                insert("stock.quant", id: nextQuantId, [
                    "product_id": .many2one(variantId), "location_id": .many2one(5),
                    "quantity": .decimal(options.stockPerVariant + Decimal(variantId % 7)), "reserved_quantity": .decimal(0),
                    "available_quantity": .decimal(options.stockPerVariant + Decimal(variantId % 7)),
                ], stamp: stamp)
                nextQuantId += 1
                variantIds.append(variantId)
            }
            var template: [String: SimValue] = [
                "name": .text("Generated Product \(templateId)"), "active": .bool(true), "sale_ok": .bool(true),
                "purchase_ok": .bool(true), "type": .text("consu"), "list_price": .decimal(options.basePrice + Decimal(index % 100)),
                "standard_price": .decimal(options.basePrice / 2), "currency_id": .many2one(1), "categ_id": .many2one(2),
                "description_sale": .text("Generated for benchmarks"), "weight": .decimal(1), "volume": .decimal(0),
                "uom_id": .many2one(1), "attribute_line_ids": .ids(lineIds), "product_variant_ids": .ids(variantIds),
            ]
            if options.variantsPerTemplate == 1 { template["default_code"] = .text("GEN-\(templateId)") }
            if options.majorVersion >= 18 { template["is_storable"] = .bool(true) }
            insert("product.template", id: templateId, template, stamp: stamp)
        }
        data.rebuildIndexes()
        return OdooCatalogueSeed(
            serverVersion: options.majorVersion >= 19 ? "19.0+e-20251227" : "\(options.majorVersion).0-20240709",
            majorVersion: options.majorVersion, database: options.database, companyCurrencyCode: "USD", companyId: 1,
            companyName: "My Company (San Francisco)", otherCompanyIds: [], data: data)
    }

    private mutating func insert(_ model: String, id: Int, _ values: [String: SimValue], stamp: SimTimestamp) {
        guard var table = data.tables[model] else { return }
        data.tables[model] = nil // keep the table uniquely referenced while mutating
        var row = table.blankRow(id: id)
        for (name, value) in values {
            if let index = table.schema.storedIndex(name) { row[index] = value }
        }
        if let index = table.schema.storedIndex("write_date") { row[index] = .timestamp(stamp) }
        if let index = table.schema.storedIndex("create_date") { row[index] = .timestamp(stamp) }
        table.put(id: id, row: row)
        data.tables[model] = table
    }

    static let sizes = ["S", "M", "L", "XL", "XXL", "3XL", "4XL", "5XL"]
    static let colors = ["White", "Black", "Red", "Blue", "Green", "Yellow", "Grey", "Brown"]

    private static func valueNames(_ names: [String], prefix: String, count: Int) -> [String] {
        (0..<count).map { $0 < names.count ? names[$0] : "\(prefix) \($0 + 1)" }
    }
}
