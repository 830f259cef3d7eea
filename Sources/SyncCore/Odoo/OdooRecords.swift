import Foundation

// Typed Odoo records, already cleaned of wire quirks by the Odoo client: `false` → nil, many2one → id,
// money → exact Decimal. Only the fields the sync needs. Money fields are Decimal so no binary-float drift reaches Medusa.

public struct OdooTemplate: Sendable, Hashable, Codable {
    public var id: Int
    public var name: String
    public var defaultCode: String?
    public var barcode: String?
    public var description: String?
    public var descriptionSale: String?
    public var listPrice: Decimal
    public var currencyId: Int?
    public var categoryId: Int?
    public var active: Bool
    public var saleOk: Bool
    /// `is_published` exists only with Odoo's website module; nil when the server does not have the field.
    public var isPublished: Bool?
    /// `type`: "consu", "service", "combo" (19) or "product" (17 storable).
    public var type: String?
    public var weight: Decimal?
    public var volume: Decimal?
    public var attributeLineIds: [Int]
    public var variantIds: [Int]
    public var writeDate: OdooDateTime

    public init(
        id: Int, name: String, defaultCode: String? = nil, barcode: String? = nil, description: String? = nil,
        descriptionSale: String? = nil, listPrice: Decimal, currencyId: Int? = nil, categoryId: Int? = nil,
        active: Bool = true, saleOk: Bool = true, isPublished: Bool? = nil, type: String? = "consu",
        weight: Decimal? = nil, volume: Decimal? = nil, attributeLineIds: [Int] = [], variantIds: [Int] = [],
        writeDate: OdooDateTime
    ) {
        self.id = id; self.name = name; self.defaultCode = defaultCode; self.barcode = barcode
        self.description = description; self.descriptionSale = descriptionSale; self.listPrice = listPrice
        self.currencyId = currencyId; self.categoryId = categoryId; self.active = active; self.saleOk = saleOk
        self.isPublished = isPublished; self.type = type; self.weight = weight; self.volume = volume
        self.attributeLineIds = attributeLineIds; self.variantIds = variantIds; self.writeDate = writeDate
    }
}

/// `product.product`.
public struct OdooVariant: Sendable, Hashable, Codable {
    public var id: Int
    public var templateId: Int
    public var defaultCode: String?
    public var barcode: String?
    /// Template list price + the variant's `price_extra`, as Odoo computes it.
    public var lstPrice: Decimal
    public var priceExtra: Decimal
    /// `product_template_attribute_value_ids` (PTAVs).
    public var attributeValueIds: [Int]
    public var active: Bool
    public var weight: Decimal?
    public var writeDate: OdooDateTime

    public init(
        id: Int, templateId: Int, defaultCode: String? = nil, barcode: String? = nil, lstPrice: Decimal,
        priceExtra: Decimal = 0, attributeValueIds: [Int] = [], active: Bool = true, weight: Decimal? = nil,
        writeDate: OdooDateTime
    ) {
        self.id = id; self.templateId = templateId; self.defaultCode = defaultCode; self.barcode = barcode
        self.lstPrice = lstPrice; self.priceExtra = priceExtra; self.attributeValueIds = attributeValueIds
        self.active = active; self.weight = weight; self.writeDate = writeDate
    }
}

/// `product.attribute`. `createVariant` is "always", "dynamic" or "no_variant"; no_variant attributes make no options.
public struct OdooAttribute: Sendable, Hashable, Codable {
    public var id: Int
    public var name: String
    public var createVariant: String
    public var sequence: Int

    public init(id: Int, name: String, createVariant: String = "always", sequence: Int = 0) {
        self.id = id; self.name = name; self.createVariant = createVariant; self.sequence = sequence
    }

    public var createsVariants: Bool { createVariant != "no_variant" }
}

/// `product.template.attribute.line`: which attribute (and which of its values) a template uses.
public struct OdooAttributeLine: Sendable, Hashable, Codable {
    public var id: Int
    public var templateId: Int
    public var attributeId: Int
    public var valueIds: [Int]
    public var sequence: Int

    public init(id: Int, templateId: Int, attributeId: Int, valueIds: [Int], sequence: Int = 0) {
        self.id = id; self.templateId = templateId; self.attributeId = attributeId; self.valueIds = valueIds
        self.sequence = sequence
    }
}

/// `product.template.attribute.value` (PTAV): one value on one template, carrying the `price_extra`.
public struct OdooTemplateAttributeValue: Sendable, Hashable, Codable {
    public var id: Int
    public var templateId: Int
    public var attributeId: Int
    public var attributeLineId: Int?
    /// `product_attribute_value_id`.
    public var valueId: Int
    public var name: String
    public var priceExtra: Decimal
    /// `ptav_active`.
    public var active: Bool
    public var writeDate: OdooDateTime?

    public init(
        id: Int, templateId: Int, attributeId: Int, attributeLineId: Int? = nil, valueId: Int, name: String,
        priceExtra: Decimal = 0, active: Bool = true, writeDate: OdooDateTime? = nil
    ) {
        self.id = id; self.templateId = templateId; self.attributeId = attributeId
        self.attributeLineId = attributeLineId; self.valueId = valueId; self.name = name
        self.priceExtra = priceExtra; self.active = active; self.writeDate = writeDate
    }
}

public struct OdooCategory: Sendable, Hashable, Codable {
    public var id: Int
    public var name: String
    public var parentId: Int?
    /// "All / Saleable / Office Furniture".
    public var completeName: String?

    public init(id: Int, name: String, parentId: Int? = nil, completeName: String? = nil) {
        self.id = id; self.name = name; self.parentId = parentId; self.completeName = completeName
    }
}

public struct OdooCurrency: Sendable, Hashable, Codable {
    public var id: Int
    /// ISO code, e.g. "USD".
    public var name: String
    /// Smallest unit, e.g. 0.01.
    public var rounding: Decimal
    /// Units of this currency per unit of the company currency, when known.
    public var rate: Decimal?
    public var active: Bool

    public init(id: Int, name: String, rounding: Decimal = Decimal(string: "0.01")!, rate: Decimal? = nil, active: Bool = true) {
        self.id = id; self.name = name; self.rounding = rounding; self.rate = rate; self.active = active
    }
}

public struct OdooPricelist: Sendable, Hashable, Codable {
    public var id: Int
    public var name: String
    public var currencyId: Int
    public var active: Bool
    public var itemIds: [Int]

    public init(id: Int, name: String, currencyId: Int, active: Bool = true, itemIds: [Int] = []) {
        self.id = id; self.name = name; self.currencyId = currencyId; self.active = active; self.itemIds = itemIds
    }
}

/// `product.pricelist.item`. Odoo's price methods are private, so the rule is evaluated here (see `PricelistEvaluator`).
public struct OdooPricelistItem: Sendable, Hashable, Codable {
    public enum AppliedOn: String, Sendable, Codable {
        case variant = "0_product_variant"
        case template = "1_product"
        case category = "2_product_category"
        case global = "3_global"
    }

    public enum ComputePrice: String, Sendable, Codable {
        case fixed, percentage, formula
    }

    /// What a percentage/formula rule starts from: "list_price", "standard_price" or "pricelist".
    public enum Base: String, Sendable, Codable {
        case listPrice = "list_price"
        case standardPrice = "standard_price"
        case pricelist
    }

    public var id: Int
    public var pricelistId: Int
    public var appliedOn: AppliedOn
    public var computePrice: ComputePrice
    public var base: Base
    public var basePricelistId: Int?
    public var fixedPrice: Decimal
    public var percentPrice: Decimal
    public var priceDiscount: Decimal
    public var priceSurcharge: Decimal
    public var priceRound: Decimal
    public var priceMinMargin: Decimal
    public var priceMaxMargin: Decimal
    public var minQuantity: Decimal
    public var dateStart: OdooDateTime?
    public var dateEnd: OdooDateTime?
    public var templateId: Int?
    public var variantId: Int?
    public var categoryId: Int?
    public var writeDate: OdooDateTime?

    public init(
        id: Int, pricelistId: Int, appliedOn: AppliedOn = .global, computePrice: ComputePrice = .fixed,
        base: Base = .listPrice, basePricelistId: Int? = nil, fixedPrice: Decimal = 0, percentPrice: Decimal = 0,
        priceDiscount: Decimal = 0, priceSurcharge: Decimal = 0, priceRound: Decimal = 0, priceMinMargin: Decimal = 0,
        priceMaxMargin: Decimal = 0, minQuantity: Decimal = 0, dateStart: OdooDateTime? = nil,
        dateEnd: OdooDateTime? = nil, templateId: Int? = nil, variantId: Int? = nil, categoryId: Int? = nil,
        writeDate: OdooDateTime? = nil
    ) {
        self.id = id; self.pricelistId = pricelistId; self.appliedOn = appliedOn; self.computePrice = computePrice
        self.base = base; self.basePricelistId = basePricelistId; self.fixedPrice = fixedPrice
        self.percentPrice = percentPrice; self.priceDiscount = priceDiscount; self.priceSurcharge = priceSurcharge
        self.priceRound = priceRound; self.priceMinMargin = priceMinMargin; self.priceMaxMargin = priceMaxMargin
        self.minQuantity = minQuantity; self.dateStart = dateStart; self.dateEnd = dateEnd
        self.templateId = templateId; self.variantId = variantId; self.categoryId = categoryId
        self.writeDate = writeDate
    }
}

/// One `stock.quant` as the stock stream sees it: which variant's stock moved, and when. Stock moves bump no product
/// `write_date`, but they write the quant, so the quants changed since the stream's cursor name the variants whose
/// stock an incremental run must read again.
public struct OdooQuantChange: Sendable, Hashable, Codable {
    public var id: Int
    public var variantId: Int
    public var writeDate: OdooDateTime

    public init(id: Int, variantId: Int, writeDate: OdooDateTime) {
        self.id = id; self.variantId = variantId; self.writeDate = writeDate
    }
}

/// On-hand stock of one variant, summed over the configured locations.
public struct OdooStockLevel: Sendable, Hashable, Codable {
    public var variantId: Int
    public var quantity: Decimal
    public var reservedQuantity: Decimal

    public init(variantId: Int, quantity: Decimal, reservedQuantity: Decimal = 0) {
        self.variantId = variantId; self.quantity = quantity; self.reservedQuantity = reservedQuantity
    }

    public var available: Decimal { quantity - reservedQuantity }
}

public struct OdooLocation: Sendable, Hashable, Codable {
    public var id: Int
    public var name: String
    public var completeName: String?
    /// "internal", "view", "customer", …
    public var usage: String
    public var warehouseId: Int?
    public var active: Bool

    public init(id: Int, name: String, completeName: String? = nil, usage: String = "internal", warehouseId: Int? = nil, active: Bool = true) {
        self.id = id; self.name = name; self.completeName = completeName; self.usage = usage
        self.warehouseId = warehouseId; self.active = active
    }
}

/// A product image as stored in Odoo (`image_1920`, base64 in the API), decoded to bytes.
public struct OdooImage: Sendable, Hashable {
    public enum Owner: Sendable, Hashable { case template(Int), variant(Int) }
    public var owner: Owner
    public var data: [UInt8]

    public init(owner: Owner, data: [UInt8]) {
        self.owner = owner; self.data = data
    }
}

/// What the server said about itself, once per run.
public struct OdooServerInfo: Sendable, Hashable, Codable {
    public enum APIProtocol: String, Sendable, Codable { case json2, jsonrpc }
    public var serverVersion: String
    /// Major version, e.g. 17 or 19.
    public var majorVersion: Int
    public var apiProtocol: APIProtocol
    public var uid: Int?

    public init(serverVersion: String, majorVersion: Int, apiProtocol: APIProtocol, uid: Int? = nil) {
        self.serverVersion = serverVersion; self.majorVersion = majorVersion; self.apiProtocol = apiProtocol
        self.uid = uid
    }
}
