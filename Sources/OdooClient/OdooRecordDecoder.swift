import ExactJSON
import Foundation
import SyncCore

/// Turns Odoo records into the typed SyncCore records, and names the fields each read asks for.
/// Every field listed here exists with the same name and shape on Odoo 17 and 19 (see contracts DIFFS.md).
public enum OdooRecordDecoder {
    // MARK: field lists

    public static let templateFields = [
        "id", "name", "default_code", "barcode", "description", "description_sale", "list_price", "currency_id",
        "categ_id", "active", "sale_ok", "type", "weight", "volume", "attribute_line_ids", "product_variant_ids",
        "write_date",
    ]
    /// Read only where the server has it (website module installed).
    public static let optionalTemplateFields = ["is_published"]
    public static let variantFields = [
        "id", "product_tmpl_id", "default_code", "barcode", "lst_price", "price_extra",
        "product_template_attribute_value_ids", "active", "weight", "write_date",
    ]
    public static let attributeLineFields = ["id", "product_tmpl_id", "attribute_id", "value_ids"]
    public static let templateAttributeValueFields = [
        "id", "name", "product_tmpl_id", "attribute_id", "attribute_line_id", "product_attribute_value_id",
        "price_extra", "ptav_active", "write_date",
    ]
    public static let attributeFields = ["id", "name", "create_variant", "sequence"]
    public static let attributeValueFields = ["id", "name", "attribute_id", "sequence", "default_extra_price", "html_color"]
    public static let categoryFields = ["id", "name", "parent_id", "complete_name"]
    public static let currencyFields = ["id", "name", "rounding", "rate", "active"]
    public static let pricelistFields = ["id", "name", "currency_id", "active", "item_ids"]
    public static let pricelistItemFields = [
        "id", "pricelist_id", "applied_on", "compute_price", "base", "base_pricelist_id", "fixed_price",
        "percent_price", "price_discount", "price_surcharge", "price_round", "price_min_margin", "price_max_margin",
        "min_quantity", "date_start", "date_end", "product_tmpl_id", "product_id", "categ_id", "write_date",
    ]
    public static let locationFields = ["id", "name", "complete_name", "usage", "warehouse_id", "active"]
    public static let stockQuantFields = ["id", "product_id", "location_id", "quantity", "reserved_quantity"]
    public static let quantChangeFields = ["id", "product_id", "write_date"]

    // MARK: decoders

    public static func template(_ record: OdooFieldValues) throws(OdooError) -> OdooTemplate {
        OdooTemplate(
            id: try record.int("id"),
            name: try record.string("name"),
            defaultCode: try record.optionalString("default_code"),
            barcode: try record.optionalString("barcode"),
            description: try record.optionalString("description"),
            descriptionSale: try record.optionalString("description_sale"),
            listPrice: try record.decimal("list_price"),
            currencyId: try record.many2oneId("currency_id"),
            categoryId: try record.many2oneId("categ_id"),
            active: try record.bool("active", default: true),
            saleOk: try record.bool("sale_ok", default: true),
            isPublished: try record.optionalBool("is_published"),
            type: try record.optionalString("type"),
            weight: try record.optionalDecimal("weight"),
            volume: try record.optionalDecimal("volume"),
            attributeLineIds: try record.ids("attribute_line_ids"),
            variantIds: try record.ids("product_variant_ids"),
            writeDate: try record.requiredDateTime("write_date")
        )
    }

    public static func variant(_ record: OdooFieldValues) throws(OdooError) -> OdooVariant {
        guard let templateId = try record.many2oneId("product_tmpl_id") else {
            throw OdooError(kind: .unexpectedData, model: record.model, message: "variant without product_tmpl_id")
        }
        return OdooVariant(
            id: try record.int("id"),
            templateId: templateId,
            defaultCode: try record.optionalString("default_code"),
            barcode: try record.optionalString("barcode"),
            lstPrice: try record.decimal("lst_price"),
            priceExtra: try record.optionalDecimal("price_extra") ?? 0,
            attributeValueIds: try record.ids("product_template_attribute_value_ids"),
            active: try record.bool("active", default: true),
            weight: try record.optionalDecimal("weight"),
            writeDate: try record.requiredDateTime("write_date")
        )
    }

    public static func attributeLine(_ record: OdooFieldValues) throws(OdooError) -> OdooAttributeLine {
        guard let templateId = try record.many2oneId("product_tmpl_id"),
              let attributeId = try record.many2oneId("attribute_id") else {
            throw OdooError(kind: .unexpectedData, model: record.model, message: "attribute line without template or attribute")
        }
        return OdooAttributeLine(
            id: try record.int("id"), templateId: templateId, attributeId: attributeId,
            valueIds: try record.ids("value_ids"), sequence: try record.optionalInt("sequence") ?? 0
        )
    }

    public static func templateAttributeValue(_ record: OdooFieldValues) throws(OdooError) -> OdooTemplateAttributeValue {
        guard let templateId = try record.many2oneId("product_tmpl_id"),
              let attributeId = try record.many2oneId("attribute_id"),
              let valueId = try record.many2oneId("product_attribute_value_id") else {
            throw OdooError(kind: .unexpectedData, model: record.model,
                            message: "attribute value without template, attribute or value")
        }
        return OdooTemplateAttributeValue(
            id: try record.int("id"), templateId: templateId, attributeId: attributeId,
            attributeLineId: try record.many2oneId("attribute_line_id"), valueId: valueId,
            name: try record.string("name"), priceExtra: try record.optionalDecimal("price_extra") ?? 0,
            active: try record.bool("ptav_active", default: true), writeDate: try record.dateTime("write_date")
        )
    }

    public static func attribute(_ record: OdooFieldValues) throws(OdooError) -> OdooAttribute {
        OdooAttribute(
            id: try record.int("id"), name: try record.string("name"),
            createVariant: try record.optionalString("create_variant") ?? "always",
            sequence: try record.optionalInt("sequence") ?? 0
        )
    }

    public static func attributeValue(_ record: OdooFieldValues) throws(OdooError) -> OdooAttributeValue {
        guard let attributeId = try record.many2oneId("attribute_id") else {
            throw OdooError(kind: .unexpectedData, model: record.model, message: "attribute value without attribute")
        }
        return OdooAttributeValue(
            id: try record.int("id"), attributeId: attributeId, name: try record.string("name"),
            sequence: try record.optionalInt("sequence") ?? 0,
            defaultExtraPrice: try record.optionalDecimal("default_extra_price") ?? 0,
            htmlColor: try record.optionalString("html_color")
        )
    }

    public static func category(_ record: OdooFieldValues) throws(OdooError) -> OdooCategory {
        OdooCategory(
            id: try record.int("id"), name: try record.string("name"), parentId: try record.many2oneId("parent_id"),
            completeName: try record.optionalString("complete_name")
        )
    }

    public static func currency(_ record: OdooFieldValues) throws(OdooError) -> OdooCurrency {
        OdooCurrency(
            id: try record.int("id"), name: try record.string("name"),
            rounding: try record.optionalDecimal("rounding") ?? Decimal(string: "0.01")!,
            rate: try record.optionalDecimal("rate"), active: try record.bool("active", default: true)
        )
    }

    public static func pricelist(_ record: OdooFieldValues) throws(OdooError) -> OdooPricelist {
        guard let currencyId = try record.many2oneId("currency_id") else {
            throw OdooError(kind: .unexpectedData, model: record.model, message: "pricelist without currency")
        }
        return OdooPricelist(
            id: try record.int("id"), name: try record.string("name"), currencyId: currencyId,
            active: try record.bool("active", default: true), itemIds: try record.ids("item_ids")
        )
    }

    public static func pricelistItem(_ record: OdooFieldValues) throws(OdooError) -> OdooPricelistItem {
        guard let pricelistId = try record.many2oneId("pricelist_id") else {
            throw OdooError(kind: .unexpectedData, model: record.model, message: "pricelist item without pricelist")
        }
        let appliedOnText = try record.optionalString("applied_on") ?? OdooPricelistItem.AppliedOn.global.rawValue
        let computeText = try record.optionalString("compute_price") ?? OdooPricelistItem.ComputePrice.fixed.rawValue
        let baseText = try record.optionalString("base") ?? OdooPricelistItem.Base.listPrice.rawValue
        guard let appliedOn = OdooPricelistItem.AppliedOn(rawValue: appliedOnText),
              let computePrice = OdooPricelistItem.ComputePrice(rawValue: computeText),
              let base = OdooPricelistItem.Base(rawValue: baseText) else {
            throw OdooError(kind: .unexpectedData, model: record.model,
                            message: "unknown pricelist rule: applied_on \(appliedOnText), compute_price \(computeText), base \(baseText)")
        }
        return OdooPricelistItem(
            id: try record.int("id"), pricelistId: pricelistId, appliedOn: appliedOn, computePrice: computePrice,
            base: base, basePricelistId: try record.many2oneId("base_pricelist_id"),
            fixedPrice: try record.optionalDecimal("fixed_price") ?? 0,
            percentPrice: try record.optionalDecimal("percent_price") ?? 0,
            priceDiscount: try record.optionalDecimal("price_discount") ?? 0,
            priceSurcharge: try record.optionalDecimal("price_surcharge") ?? 0,
            priceRound: try record.optionalDecimal("price_round") ?? 0,
            priceMinMargin: try record.optionalDecimal("price_min_margin") ?? 0,
            priceMaxMargin: try record.optionalDecimal("price_max_margin") ?? 0,
            minQuantity: try record.optionalDecimal("min_quantity") ?? 0,
            dateStart: try record.dateTime("date_start"), dateEnd: try record.dateTime("date_end"),
            templateId: try record.many2oneId("product_tmpl_id"), variantId: try record.many2oneId("product_id"),
            categoryId: try record.many2oneId("categ_id"), writeDate: try record.dateTime("write_date")
        )
    }

    public static func location(_ record: OdooFieldValues) throws(OdooError) -> OdooLocation {
        OdooLocation(
            id: try record.int("id"), name: try record.string("name"),
            completeName: try record.optionalString("complete_name"),
            usage: try record.optionalString("usage") ?? "internal",
            warehouseId: try record.many2oneId("warehouse_id"), active: try record.bool("active", default: true)
        )
    }

    /// One `stock.quant` line: where, what, how much.
    public struct StockQuant: Sendable, Hashable {
        public var id: Int
        public var variantId: Int
        public var locationId: Int
        public var quantity: Decimal
        public var reservedQuantity: Decimal
    }

    public static func quantChange(_ record: OdooFieldValues) throws(OdooError) -> OdooQuantChange {
        guard let variantId = try record.many2oneId("product_id") else {
            throw OdooError(kind: .unexpectedData, model: record.model, message: "quant without product")
        }
        return OdooQuantChange(id: try record.int("id"), variantId: variantId, writeDate: try record.requiredDateTime("write_date"))
    }

    public static func stockQuant(_ record: OdooFieldValues) throws(OdooError) -> StockQuant {
        guard let variantId = try record.many2oneId("product_id"), let locationId = try record.many2oneId("location_id")
        else {
            throw OdooError(kind: .unexpectedData, model: record.model, message: "quant without product or location")
        }
        return StockQuant(
            id: try record.int("id"), variantId: variantId, locationId: locationId,
            quantity: try record.decimal("quantity"),
            reservedQuantity: try record.optionalDecimal("reserved_quantity") ?? 0
        )
    }

    /// Sums quants per variant; every requested variant gets a level (zero when it has no quant), in request order.
    public static func stockLevels(variantIds: [Int], quants: [StockQuant]) -> [OdooStockLevel] {
        var totals: [Int: (quantity: Decimal, reserved: Decimal)] = [:]
        for quant in quants {
            let current = totals[quant.variantId] ?? (0, 0)
            totals[quant.variantId] = (current.quantity + quant.quantity, current.reserved + quant.reservedQuantity)
        }
        var seen = Set<Int>()
        return variantIds.compactMap { id in
            guard seen.insert(id).inserted else { return nil }
            let total = totals[id] ?? (0, 0)
            return OdooStockLevel(variantId: id, quantity: total.quantity, reservedQuantity: total.reserved)
        }
    }

    /// An image field decoded from base64; nil when the record has no image.
    public static func image(_ record: OdooFieldValues, field: String, owner: (Int) -> OdooImage.Owner) throws(OdooError) -> OdooImage? {
        guard let bytes = try record.base64(field), !bytes.isEmpty else { return nil }
        return OdooImage(owner: owner(try record.int("id")), data: bytes)
    }

    /// Server version from `common.version` (`server_version`, `server_version_info`) or `GET /json/version`
    /// (`version`, `version_info`).
    public static func serverVersion(_ result: JSONValue) throws(OdooError) -> (version: String, major: Int) {
        let record = try OdooFieldValues(model: "version", json: result)
        var version = try record.optionalString("server_version")
        if version == nil { version = try record.optionalString("version") }
        let infoField = record.has("server_version_info") ? "server_version_info" : "version_info"
        guard let version, case .array(let info)? = record[infoField], case .number(let first)? = info.first,
              let major = OdooFieldValues.exactInt(first) else {
            throw OdooError(kind: .unexpectedData, message: "version answer without a version number")
        }
        return (version, major)
    }
}
