import Foundation
import SyncCore

/// The request bodies the client sends, shaped exactly as Medusa 2.0's strict validators accept them
/// (see shared/contracts/medusa/admin-request-schemas.json): no unknown keys, prices in major units with lowercase
/// currency codes, and never `variants`/`options` on a product update (Medusa would replace those lists).
enum AdminPayloads {
    static func productCreate(_ input: ProductInput) -> WireJSON {
        var body = WireObject()
        body.set("title", input.title)
        body.set("handle", input.handle)
        body.set("description", input.description)
        body.set("status", input.status.rawValue)
        body.set("external_id", input.externalId)
        body.set("metadata", metadata: input.metadata)
        body.set("thumbnail", input.thumbnail ?? input.imageURLs.first)
        if !input.imageURLs.isEmpty { body.set("images", references(input.imageURLs, key: "url")) }
        body.set("options", .array(input.options.map(option)))
        body.set("variants", .array(input.variants.map(variantCreate)))
        if !input.salesChannelIds.isEmpty { body.set("sales_channels", references(input.salesChannelIds, key: "id")) }
        if !input.categoryIds.isEmpty { body.set("categories", references(input.categoryIds, key: "id")) }
        body.set("weight", input.weight)
        return body.json
    }

    /// Body of `POST /admin/products/:id`, or (with `includeId`) an `update` entry of `/admin/products/batch`.
    static func productUpdate(_ update: ProductUpdate, includeId: Bool) -> WireJSON {
        var body = WireObject()
        if includeId { body.set("id", update.id) }
        body.set("title", update.title)
        body.set("handle", update.handle)
        body.set("description", nullable: update.description)
        body.set("status", update.status?.rawValue)
        body.set("external_id", update.externalId)
        body.set("metadata", metadata: update.metadata)
        body.set("thumbnail", nullable: update.thumbnail)
        if let urls = update.imageURLs { body.set("images", references(urls, key: "url")) }
        if let ids = update.salesChannelIds { body.set("sales_channels", references(ids, key: "id")) }
        if let ids = update.categoryIds { body.set("categories", references(ids, key: "id")) }
        body.set("weight", nullable: update.weight)
        return body.json
    }

    static func option(_ option: OptionInput) -> WireJSON {
        .object([("title", .string(option.title)), ("values", .array(option.values.map(WireJSON.string)))])
    }

    static func variantCreate(_ variant: VariantInput) -> WireJSON {
        var body = WireObject()
        body.set("title", variant.title)
        body.set("sku", variant.sku)
        body.set("barcode", variant.barcode)
        body.set("options", optionValues(variant.options))
        body.set("prices", .array(variant.prices.map { price($0, includeId: false) }))
        body.set("manage_inventory", variant.manageInventory)
        body.set("allow_backorder", variant.allowBackorder)
        body.set("variant_rank", variant.variantRank)
        body.set("weight", variant.weight)
        body.set("metadata", metadata: variant.metadata)
        return body.json
    }

    static func variantUpdate(_ update: VariantUpdate) -> WireJSON {
        var body = WireObject()
        body.set("title", update.title)
        body.set("sku", nullable: update.sku)
        body.set("barcode", nullable: update.barcode)
        if let options = update.options { body.set("options", optionValues(options)) }
        if let prices = update.prices { body.set("prices", .array(prices.map { price($0, includeId: true) })) }
        body.set("manage_inventory", update.manageInventory)
        body.set("weight", nullable: update.weight)
        body.set("metadata", metadata: update.metadata)
        return body.json
    }

    static func price(_ price: MedusaPrice, includeId: Bool) -> WireJSON {
        var body = WireObject()
        if includeId { body.set("id", price.id) }
        body.set("currency_code", price.currencyCode.lowercased())
        body.set("amount", price.amount)
        body.set("min_quantity", price.minQuantity)
        body.set("max_quantity", price.maxQuantity)
        if !price.rules.isEmpty {
            body.set("rules", .object(price.rules.sorted { $0.key < $1.key }.map { ($0.key, WireJSON.string($0.value)) }))
        }
        return body.json
    }

    /// `parent_category_id` is sent as `null` on update when absent, because the input is the category's full state.
    static func category(_ input: CategoryInput, isUpdate: Bool) -> WireJSON {
        var body = WireObject()
        body.set("name", input.name)
        body.set("handle", input.handle)
        body.set("description", input.description)
        if let parent = input.parentCategoryId { body.set("parent_category_id", parent) }
        else if isUpdate { body.set("parent_category_id", .null) }
        body.set("is_active", input.isActive)
        body.set("is_internal", input.isInternal)
        body.set("rank", input.rank.map { max(0, $0) })
        body.set("metadata", metadata: input.metadata)
        return body.json
    }

    static func stockLevelUpdate(stockedQuantity: Decimal) -> WireJSON {
        .object([("stocked_quantity", .decimal(stockedQuantity))])
    }

    static func stockLevelCreate(locationId: String, stockedQuantity: Decimal) -> WireJSON {
        .object([("location_id", .string(locationId)), ("stocked_quantity", .decimal(stockedQuantity))])
    }

    /// Body of `POST /admin/inventory-items/location-levels/batch` (Medusa 2.3.0+): top level strict, so only the
    /// lists that have entries are sent.
    static func stockLevelsBatch(create: [StockLevelWrite], update: [StockLevelWrite]) -> WireJSON {
        func level(_ write: StockLevelWrite) -> WireJSON {
            .object([("inventory_item_id", .string(write.inventoryItemId)), ("location_id", .string(write.locationId)),
                     ("stocked_quantity", .decimal(max(0, write.stockedQuantity)))])
        }
        var members: [(String, WireJSON)] = []
        if !create.isEmpty { members.append(("create", .array(create.map(level)))) }
        if !update.isEmpty { members.append(("update", .array(update.map(level)))) }
        return .object(members)
    }

    /// Option title → value, sorted by title so equal inputs give equal bytes.
    private static func optionValues(_ options: [String: String]) -> WireJSON {
        .object(options.keys.sorted().map { ($0, .string(options[$0]!)) })
    }

    private static func references(_ values: [String], key: String) -> WireJSON {
        .array(values.map { .object([(key, .string($0))]) })
    }
}
