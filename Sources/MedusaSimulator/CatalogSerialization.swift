import Foundation

// Records rendered as Medusa 2.0 renders them: every relation present here, then trimmed by `FieldSelection`
// to the fields a request asked for (or Medusa's defaults).
extension CatalogState {
    func json(product: ProductRecord) -> OrderedJSON {
        let variantsJSON = product.variantIds.compactMap { variants[$0] }
            .filter { $0.deletedAt == nil || product.deletedAt != nil }
            .map { json(variant: $0) }
        return .object([
            ("id", .string(product.id)), ("title", .string(product.title)),
            ("subtitle", .optionalString(product.subtitle)), ("status", .string(product.status)),
            ("external_id", .optionalString(product.externalId)), ("description", .optionalString(product.description)),
            ("handle", .string(product.handle)), ("is_giftcard", .bool(product.isGiftcard)),
            ("discountable", .bool(product.discountable)), ("thumbnail", .optionalString(product.thumbnail)),
            ("collection_id", .optionalString(product.collectionId)), ("type_id", .optionalString(product.typeId)),
            ("weight", .optionalString(product.weight)), ("length", .optionalString(product.length)),
            ("height", .optionalString(product.height)), ("width", .optionalString(product.width)),
            ("hs_code", .optionalString(product.hsCode)), ("origin_country", .optionalString(product.originCountry)),
            ("mid_code", .optionalString(product.midCode)), ("material", .optionalString(product.material)),
            ("created_at", .date(product.createdAt)), ("updated_at", .date(product.updatedAt)),
            ("deleted_at", .date(product.deletedAt)), ("metadata", product.metadata ?? .null),
            ("type", .null), ("collection", .null),
            ("options", .array(productOptions(product).map(json(option:)))),
            ("tags", .array(product.tagIds.map { .object([("id", .string($0)), ("value", .string($0))]) })),
            ("images", .array(product.images.map { image in
                .object([("id", .string(image.id)), ("url", .string(image.url)), ("rank", .number(Decimal(image.rank))),
                         ("metadata", .null), ("product_id", .string(product.id))])
            })),
            ("variants", .array(variantsJSON)),
            ("sales_channels", .array(product.salesChannelIds.map { id in
                salesChannels.first { $0.id == id }.map(json(salesChannel:)) ?? .object([("id", .string(id))])
            })),
            ("categories", .array(product.categoryIds.compactMap { categories[$0] }.map(json(category:)))),
        ])
    }

    func json(option: OptionRecord) -> OrderedJSON {
        .object([
            ("id", .string(option.id)), ("title", .string(option.title)), ("metadata", .null),
            ("product_id", .string(option.productId)), ("created_at", .date(option.createdAt)),
            ("updated_at", .date(option.updatedAt)), ("deleted_at", .null),
            ("values", .array(option.values.map { json(optionValue: $0, optionId: option.id) })),
        ])
    }

    func json(optionValue value: OptionValueRecord, optionId: String) -> OrderedJSON {
        .object([("id", .string(value.id)), ("value", .string(value.value)), ("metadata", .null),
                 ("option_id", .string(optionId))])
    }

    func json(variant: VariantRecord) -> OrderedJSON {
        let ownOptions = products[variant.productId].map(productOptions) ?? []
        let optionValues: [OrderedJSON] = variant.optionValueIds.compactMap { valueId in
            guard let option = ownOptions.first(where: { $0.values.contains { $0.id == valueId } }),
                  let value = option.values.first(where: { $0.id == valueId })
            else { return nil }
            return json(optionValue: value, optionId: option.id)
        }
        return .object([
            ("id", .string(variant.id)), ("product_id", .string(variant.productId)), ("title", .string(variant.title)),
            ("sku", .optionalString(variant.sku)), ("barcode", .optionalString(variant.barcode)),
            ("ean", .optionalString(variant.ean)), ("upc", .optionalString(variant.upc)),
            ("allow_backorder", .bool(variant.allowBackorder)), ("manage_inventory", .bool(variant.manageInventory)),
            ("hs_code", .optionalString(variant.hsCode)), ("origin_country", .optionalString(variant.originCountry)),
            ("mid_code", .optionalString(variant.midCode)), ("material", .optionalString(variant.material)),
            ("weight", .optionalNumber(variant.weight)), ("length", .optionalNumber(variant.length)),
            ("height", .optionalNumber(variant.height)), ("width", .optionalNumber(variant.width)),
            ("metadata", variant.metadata ?? .null), ("variant_rank", .optionalNumber(variant.variantRank ?? 0)),
            ("created_at", .date(variant.createdAt)), ("updated_at", .date(variant.updatedAt)),
            ("deleted_at", .date(variant.deletedAt)),
            ("prices", .array(variant.prices.map { json(price: $0, variantId: variant.id) })),
            ("options", .array(optionValues)),
            ("inventory_items", .array(variant.inventoryLinks.map { link in
                .object([("id", .string("pvitem_" + link.inventoryItemId.dropFirst("iitem_".count))),
                         ("variant_id", .string(variant.id)), ("inventory_item_id", .string(link.inventoryItemId)),
                         ("required_quantity", .number(link.requiredQuantity))])
            })),
        ])
    }

    func json(price: PriceRecord, variantId: String) -> OrderedJSON {
        .object([
            ("id", .string(price.id)), ("currency_code", .string(price.currencyCode)), ("amount", .number(price.amount)),
            ("min_quantity", .optionalNumber(price.minQuantity)), ("max_quantity", .optionalNumber(price.maxQuantity)),
            ("variant_id", .string(variantId)), ("created_at", .date(price.createdAt)),
            ("updated_at", .date(price.updatedAt)), ("deleted_at", .null),
            ("rules", .object(price.rules.map { ($0.0, OrderedJSON.string($0.1)) })),
        ])
    }

    func json(salesChannel channel: SalesChannelRecord) -> OrderedJSON {
        .object([("id", .string(channel.id)), ("name", .string(channel.name)),
                 ("description", .optionalString(channel.description)), ("is_disabled", .bool(channel.isDisabled)),
                 ("metadata", .null), ("created_at", .date(channel.createdAt)), ("updated_at", .date(channel.createdAt)),
                 ("deleted_at", .null)])
    }

    func json(stockLocation location: StockLocationRecord) -> OrderedJSON {
        .object([("id", .string(location.id)), ("name", .string(location.name)), ("address_id", .null),
                 ("metadata", .null), ("created_at", .date(location.createdAt)),
                 ("updated_at", .date(location.createdAt)), ("deleted_at", .null)])
    }

    func json(category: CategoryRecord) -> OrderedJSON {
        .object([
            ("id", .string(category.id)), ("name", .string(category.name)),
            ("description", .string(category.description)), ("handle", .string(category.handle)),
            ("is_active", .bool(category.isActive)), ("is_internal", .bool(category.isInternal)),
            ("rank", .number(category.rank)), ("parent_category_id", .optionalString(category.parentCategoryId)),
            ("metadata", category.metadata ?? .null), ("created_at", .date(category.createdAt)),
            ("updated_at", .date(category.updatedAt)), ("deleted_at", .null),
            ("parent_category", category.parentCategoryId.flatMap { categories[$0] }.map { parent in
                OrderedJSON.object([("id", .string(parent.id)), ("name", .string(parent.name)),
                                    ("handle", .string(parent.handle))])
            } ?? .null),
            ("category_children", .array(categoryOrder.ids.compactMap { categories[$0] }
                .filter { $0.parentCategoryId == category.id }
                .map { .object([("id", .string($0.id)), ("name", .string($0.name)), ("handle", .string($0.handle))]) })),
        ])
    }

    /// An inventory level as Medusa renders it.
    static func json(level: InventoryLevelRecord, itemId: String) -> OrderedJSON {
        .object([
            ("id", .string(level.id)), ("inventory_item_id", .string(itemId)),
            ("location_id", .string(level.locationId)), ("stocked_quantity", .number(level.stockedQuantity)),
            ("reserved_quantity", .number(level.reservedQuantity)),
            ("incoming_quantity", .number(level.incomingQuantity)),
            ("available_quantity", .number(level.stockedQuantity - level.reservedQuantity)), ("metadata", .null),
            ("created_at", .date(level.createdAt)), ("updated_at", .date(level.updatedAt)), ("deleted_at", .null),
        ])
    }

    /// A level of the batch route's answer, by its (item, location) pair.
    func json(level pair: LevelKey) -> OrderedJSON {
        guard let level = inventoryItems[pair.inventoryItemId]?.levels.first(where: { $0.locationId == pair.locationId })
        else { return .null }
        return Self.json(level: level, itemId: pair.inventoryItemId)
    }

    func json(inventoryItem item: InventoryItemRecord) -> OrderedJSON {
        let levels = item.levels.map { Self.json(level: $0, itemId: item.id) }
        return .object([
            ("id", .string(item.id)), ("sku", .optionalString(item.sku)), ("title", .optionalString(item.title)),
            ("description", .optionalString(item.description)), ("requires_shipping", .bool(item.requiresShipping)),
            ("metadata", .null),
            ("stocked_quantity", .number(item.levels.reduce(0) { $0 + $1.stockedQuantity })),
            ("reserved_quantity", .number(item.levels.reduce(0) { $0 + $1.reservedQuantity })),
            ("created_at", .date(item.createdAt)), ("updated_at", .date(item.updatedAt)),
            ("deleted_at", .date(item.deletedAt)), ("location_levels", .array(levels)),
        ])
    }

    func json(store: StoreRecord) -> OrderedJSON {
        .object([
            ("id", .string(store.id)), ("name", .string(store.name)),
            ("supported_currencies", .array(store.currencies.enumerated().map { index, code in
                .object([("id", .string("stocur_\(store.id.dropFirst("store_".count))\(index)")),
                         ("currency_code", .string(code)), ("is_default", .bool(index == 0)),
                         ("store_id", .string(store.id)),
                         ("currency", .object([("code", .string(code)), ("name", .string(code.uppercased()))]))])
            })),
            ("default_sales_channel_id", .string(store.defaultSalesChannelId)), ("default_region_id", .null),
            ("default_location_id", .string(store.defaultLocationId)), ("metadata", .null),
            ("created_at", .date(store.createdAt)), ("updated_at", .date(store.createdAt)),
        ])
    }
}
