import Foundation

// The targeted variant and option endpoints (`/admin/products/:id/variants/**`, `/admin/products/:id/options/**`),
// which change one variant or option without touching the others.
extension CatalogState {
    // MARK: Variants

    /// `POST /admin/products/:id/variants`: `options` may be left out; when given it must name every option and
    /// must not repeat a stored variant's combination. Creates the inventory item like a product create does.
    mutating func createVariant(productId: String, body: Members) throws(SimulatedAPIError) -> String {
        guard let product = liveProduct(productId) else { throw .notFound("Product with id: \(productId) was not found") }
        let title = Self.string(body, "title") ?? ""
        let valueIds = try optionValueIds(for: body["options"]?.members, variantTitle: title,
                                          options: productOptions(product))
        if let valueIds { try checkCombinationIsNew(valueIds, productId: productId, exceptVariant: nil) }
        let variant = newVariant(productId: productId, body: body, optionValueIds: valueIds ?? [])
        try checkVariantCodesAreFree(variant)
        save(variant)
        products[productId]!.variantIds.append(variant.id)
        products[productId]!.updatedAt = Date()
        try attachInventory(toVariant: variant.id, body: body)
        return variant.id
    }

    /// `POST /admin/products/:id/variants/:vid`: only the given fields change; `prices` replaces the prices.
    mutating func updateVariant(productId: String, variantId: String, body: Members) throws(SimulatedAPIError) {
        guard let product = liveProduct(productId) else { throw .notFound("Product with id: \(productId) was not found") }
        guard var variant = liveVariant(variantId), variant.productId == productId else {
            throw .notFound("Variant with id: \(variantId) was not found")
        }
        if let valueIds = try optionValueIds(for: body["options"]?.members, variantTitle: variant.title,
                                             options: productOptions(product)) {
            try checkCombinationIsNew(valueIds, productId: productId, exceptVariant: variantId)
            variant.optionValueIds = valueIds
        }
        applyVariantFields(&variant, body)
        try checkVariantCodesAreFree(variant)
        save(variant)
    }

    mutating func deleteVariant(productId: String, variantId: String) throws(SimulatedAPIError) {
        guard liveProduct(productId) != nil else { throw .notFound("Product with id: \(productId) was not found") }
        guard let variant = liveVariant(variantId), variant.productId == productId else {
            throw .notFound("Variant with id: \(variantId) was not found")
        }
        softDeleteVariant(variantId)
        products[productId]!.variantIds.removeAll { $0 == variantId }
    }

    /// `checkIfVariantWithOptionsAlreadyExists`: compares with the STORED variants only.
    private func checkCombinationIsNew(_ valueIds: [String], productId: String, exceptVariant: String?)
        throws(SimulatedAPIError)
    {
        guard let product = liveProduct(productId), !valueIds.isEmpty else { return }
        if let existing = liveVariants(of: product).first(where: {
            $0.id != exceptVariant && Set(valueIds).isSubset(of: Set($0.optionValueIds))
        }) {
            throw .invalidData("Variant (\(existing.title)) with provided options already exists.")
        }
    }

    /// A variant from a create body; `manage_inventory` defaults to true, `allow_backorder` to false.
    mutating func newVariant(productId: String, body: Members, optionValueIds: [String]) -> VariantRecord {
        let now = Date()
        var variant = VariantRecord(
            id: ids.next("variant"), productId: productId, title: Self.string(body, "title") ?? "",
            manageInventory: body["manage_inventory"]?.booleanValue ?? true,
            allowBackorder: body["allow_backorder"]?.booleanValue ?? false, optionValueIds: optionValueIds,
            prices: [], inventoryLinks: [], createdAt: now, updatedAt: now)
        applyVariantFields(&variant, body)
        return variant
    }

    /// Fields of a variant create or update body; `prices`, when present, replaces the prices (matched by `id`).
    mutating func applyVariantFields(_ variant: inout VariantRecord, _ body: Members) {
        if let title = Self.string(body, "title") { variant.title = title }
        for (key, keyPath) in [("sku", \VariantRecord.sku), ("ean", \.ean), ("upc", \.upc), ("barcode", \.barcode),
                               ("hs_code", \.hsCode), ("mid_code", \.midCode), ("origin_country", \.originCountry),
                               ("material", \.material)] {
            if case .some(let value) = Self.nullableString(body, key) { variant[keyPath: keyPath] = value }
        }
        for (key, keyPath) in [("weight", \VariantRecord.weight), ("length", \.length), ("height", \.height),
                               ("width", \.width), ("variant_rank", \.variantRank)] {
            if case .some(let value) = Self.nullableNumber(body, key) { variant[keyPath: keyPath] = value }
        }
        if let flag = body["manage_inventory"]?.booleanValue { variant.manageInventory = flag }
        if let flag = body["allow_backorder"]?.booleanValue { variant.allowBackorder = flag }
        if let metadata = body["metadata"] { variant.metadata = metadata.isNull ? nil : metadata }
        if let prices = body["prices"]?.arrayValue { variant.prices = replacingPrices(variant.prices, with: prices) }
        variant.updatedAt = Date()
    }

    private mutating func replacingPrices(_ existing: [PriceRecord], with bodies: [OrderedJSON]) -> [PriceRecord] {
        let now = Date()
        return bodies.compactMap(\.members).map { body in
            var price = Self.string(body, "id").flatMap { id in existing.first { $0.id == id } }
                ?? PriceRecord(id: ids.next("price"), currencyCode: "", amount: 0, rules: [], createdAt: now, updatedAt: now)
            if let code = Self.string(body, "currency_code") { price.currencyCode = code }
            if let amount = body["amount"]?.decimalValue { price.amount = amount }
            if case .some(let value) = Self.nullableNumber(body, "min_quantity") { price.minQuantity = value }
            if case .some(let value) = Self.nullableNumber(body, "max_quantity") { price.maxQuantity = value }
            if let rules = body["rules"]?.members {
                price.rules = rules.pairs.compactMap { key, value in value.stringValue.map { (key, $0) } }
            }
            price.updatedAt = now
            return price
        }
    }

    /// The inventory step of `createProductVariantsWorkflow`: a managed variant without `inventory_items` gets one
    /// new item (sku = variant sku, title = variant title), linked with `required_quantity` 1 and no stock level.
    mutating func attachInventory(toVariant variantId: String, body: Members) throws(SimulatedAPIError) {
        guard var variant = variants[variantId], variant.manageInventory else { return }
        let now = Date()
        if let links = body["inventory_items"]?.arrayValue, !links.isEmpty {
            for link in links.compactMap(\.members) {
                let itemId = Self.string(link, "inventory_item_id") ?? ""
                guard inventoryItems[itemId]?.deletedAt == nil, inventoryItems[itemId] != nil else {
                    throw .notFound("Inventory item with id: \(itemId) was not found")
                }
                variant.inventoryLinks.append(InventoryLinkRecord(
                    inventoryItemId: itemId, requiredQuantity: link["required_quantity"]?.decimalValue ?? 1))
            }
        } else {
            if let sku = variant.sku { try checkInventorySkuIsFree(sku) }
            let item = InventoryItemRecord(
                id: ids.next("iitem"), sku: variant.sku, title: variant.title, description: variant.title,
                requiresShipping: true, levels: [], createdAt: now, updatedAt: now)
            save(item)
            variant.inventoryLinks.append(InventoryLinkRecord(inventoryItemId: item.id, requiredQuantity: 1))
        }
        variants[variantId] = variant
    }

    // MARK: Options

    mutating func createOption(productId: String, body: Members) throws(SimulatedAPIError) {
        guard let product = liveProduct(productId) else { throw .notFound("Product with id: \(productId) was not found") }
        let optionId = try insertOption(
            productId: productId, title: Self.string(body, "title") ?? "",
            values: (body["values"]?.arrayValue ?? []).compactMap(\.stringValue),
            existingTitles: productOptions(product).map(\.title))
        products[productId]!.optionIds.append(optionId)
    }

    /// `values`, when given, replaces the option's values; variants lose values that disappear.
    mutating func updateOption(productId: String, optionId: String, body: Members) throws(SimulatedAPIError) {
        guard let product = liveProduct(productId) else { throw .notFound("Product with id: \(productId) was not found") }
        guard var option = options[optionId], option.productId == productId else {
            throw .notFound("Product option with id: \(optionId) was not found")
        }
        if let title = Self.string(body, "title"), title != option.title {
            if productOptions(product).contains(where: { $0.title == title }) {
                throw .alreadyExists("Product option", [("product_id", productId), ("title", title)])
            }
            option.title = title
        }
        if let values = body["values"]?.arrayValue?.compactMap(\.stringValue) {
            option.values = reconciledValues(option.values, with: values)
        }
        option.updatedAt = Date()
        options[optionId] = option
        dropDanglingOptionValues(productId: productId)
    }

    mutating func deleteOption(productId: String, optionId: String) throws(SimulatedAPIError) {
        guard liveProduct(productId) != nil else { throw .notFound("Product with id: \(productId) was not found") }
        guard let option = options[optionId], option.productId == productId else {
            throw .notFound("Product option with id: \(optionId) was not found")
        }
        options[optionId] = nil
        products[productId]!.optionIds.removeAll { $0 == optionId }
        dropDanglingOptionValues(productId: productId)
    }
}
