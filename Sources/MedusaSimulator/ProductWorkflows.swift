import Foundation

// Medusa 2.0's product workflows (create-products, update-products, batch-products, delete-products) with the rules
// checked after zod validation, worded as Medusa words them (contract §2a–2h).
extension CatalogState {
    typealias Members = OrderedJSON.Members

    // MARK: Create

    /// `createProductsWorkflow` for validated create bodies; returns the new product ids in order.
    mutating func createProducts(_ bodies: [Members]) throws(SimulatedAPIError) -> [String] {
        let withoutOptions = bodies.filter { ($0["options"]?.arrayValue ?? []).isEmpty }
            .map { Self.string($0, "title") ?? "" }
        if !withoutOptions.isEmpty {
            throw .invalidData("Product options are not provided for: [\(withoutOptions.joined(separator: ", "))].")
        }
        var created: [String] = []
        var newVariants: [(id: String, body: Members)] = []
        for body in bodies {
            let (productId, variantBodies) = try insertProduct(body)
            created.append(productId)
            newVariants += variantBodies
        }
        for (variantId, body) in newVariants { try attachInventory(toVariant: variantId, body: body) }
        return created
    }

    /// Inserts one product with its options and variants (no inventory yet); returns its id and its new variants.
    private mutating func insertProduct(_ body: Members) throws(SimulatedAPIError)
        -> (String, [(id: String, body: Members)])
    {
        let now = Date()
        let title = Self.string(body, "title") ?? ""
        var handle = Self.string(body, "handle") ?? ""
        if !handle.isEmpty, !Self.isValidHandle(handle) {
            throw .invalidData("Invalid product handle '\(handle)'. It must contain URL safe characters")
        }
        if handle.isEmpty { handle = Self.toHandle(title) }

        let optionBodies = (body["options"]?.arrayValue ?? []).compactMap(\.members)
        let variantBodies = (body["variants"]?.arrayValue ?? []).compactMap(\.members)
        var missingOptions: [String] = []
        for variant in variantBodies {
            for option in optionBodies {
                let value = variant["options"]?[Self.string(option, "title") ?? ""]?.stringValue ?? ""
                if value.isEmpty { missingOptions.append(Self.string(variant, "title") ?? "") }
            }
        }
        if !missingOptions.isEmpty {
            throw .invalidData(
                "Product \"\(title)\" has variants with missing options: [\(missingOptions.joined(separator: ", "))]")
        }

        let productId = ids.next("prod")
        var product = ProductRecord(
            id: productId, title: title, handle: handle, status: Self.string(body, "status") ?? "draft",
            isGiftcard: body["is_giftcard"]?.booleanValue ?? false,
            discountable: body["discountable"]?.booleanValue ?? true, createdAt: now, updatedAt: now)
        applyProductFields(&product, body)
        for option in optionBodies {
            let optionId = try insertOption(productId: productId, title: Self.string(option, "title") ?? "",
                                            values: (option["values"]?.arrayValue ?? []).compactMap(\.stringValue),
                                            existingTitles: product.optionIds.compactMap { options[$0]?.title })
            product.optionIds.append(optionId)
        }
        if product.thumbnail == nil { product.thumbnail = product.images.first?.url }
        try checkHandleIsFree(handle, exceptProduct: nil)
        for categoryId in product.categoryIds { try checkCategoryExists(categoryId) }
        save(product)
        productOrder.append(productId)

        var inserted: [(id: String, body: Members)] = []
        for variantBody in variantBodies {
            let valueIds = try optionValueIds(for: variantBody["options"]?.members,
                                              variantTitle: Self.string(variantBody, "title") ?? "",
                                              options: productOptions(product))
            let variant = newVariant(productId: productId, body: variantBody, optionValueIds: valueIds ?? [])
            try checkVariantCodesAreFree(variant)
            save(variant)
            products[productId]!.variantIds.append(variant.id)
            inserted.append((variant.id, variantBody))
        }
        return (productId, inserted)
    }

    // MARK: Update

    /// `updateProductsWorkflow`: scalar fields change; `options`, `variants`, `images`, `categories`, `tags` and
    /// `sales_channels`, when present, REPLACE the product's lists.
    mutating func updateProduct(id: String, body: Members) throws(SimulatedAPIError) {
        guard var product = liveProduct(id) else { throw .notFound("Product with id \"\(id)\" not found") }
        if let handle = Self.string(body, "handle") {
            if !handle.isEmpty, !Self.isValidHandle(handle) {
                throw .invalidData("Invalid product handle '\(handle)'. It must contain URL safe characters")
            }
            product.handle = handle
        }
        if let status = Self.string(body, "status") { product.status = status }
        if let title = Self.string(body, "title") { product.title = title }
        if let flag = body["is_giftcard"]?.booleanValue { product.isGiftcard = flag }
        if let flag = body["discountable"]?.booleanValue { product.discountable = flag }
        applyProductFields(&product, body)
        product.updatedAt = Date()
        for categoryId in product.categoryIds { try checkCategoryExists(categoryId) }
        save(product)
        if let optionBodies = body["options"]?.arrayValue { try replaceOptions(productId: id, with: optionBodies) }
        if let variantBodies = body["variants"]?.arrayValue { try replaceVariants(productId: id, with: variantBodies) }
        try checkHandleIsFree(products[id]!.handle, exceptProduct: id)
    }

    /// Fields shared by create and update (the lists replace when present).
    private mutating func applyProductFields(_ product: inout ProductRecord, _ body: Members) {
        for (key, keyPath) in [("subtitle", \ProductRecord.subtitle), ("description", \.description),
                               ("external_id", \.externalId), ("thumbnail", \.thumbnail),
                               ("collection_id", \.collectionId), ("type_id", \.typeId), ("hs_code", \.hsCode),
                               ("mid_code", \.midCode), ("origin_country", \.originCountry), ("material", \.material)] {
            if case .some(let value) = Self.nullableString(body, key) { product[keyPath: keyPath] = value }
        }
        // Dimensions are stored in text columns: the number's digits become a string.
        for (key, keyPath) in [("weight", \ProductRecord.weight), ("length", \.length), ("height", \.height),
                               ("width", \.width)] {
            if case .some(let value) = Self.nullableNumber(body, key) { product[keyPath: keyPath] = value?.description }
        }
        if let metadata = body["metadata"] { product.metadata = metadata.isNull ? nil : metadata }
        if let images = body["images"]?.arrayValue {
            product.images = images.enumerated().compactMap { index, image in
                image["url"]?.stringValue.map { ImageRecord(id: ids.next("img"), url: $0, rank: index) }
            }
        }
        if let categoryIds = Self.ids(body, "categories") { product.categoryIds = categoryIds }
        if let tagIds = Self.ids(body, "tags") { product.tagIds = tagIds }
        if let channelIds = Self.ids(body, "sales_channels") { product.salesChannelIds = channelIds }
    }

    /// Options upserted by title (or id); options not listed are deleted and variants lose their values.
    private mutating func replaceOptions(productId: String, with bodies: [OrderedJSON]) throws(SimulatedAPIError) {
        var product = products[productId]!
        let now = Date()
        var kept: [String] = []
        for body in bodies.compactMap(\.members) {
            let title = Self.string(body, "title")
            let givenId = Self.string(body, "id")
            let values = body["values"]?.arrayValue?.compactMap(\.stringValue)
            if let existing = productOptions(product).first(where: { $0.title == title || $0.id == givenId }),
               !kept.contains(existing.id) {
                var option = existing
                if let title { option.title = title }
                if let values { option.values = reconciledValues(option.values, with: values) }
                option.updatedAt = now
                options[option.id] = option
                kept.append(option.id)
            } else {
                let optionId = try insertOption(productId: productId, title: title ?? "", values: values ?? [],
                                                existingTitles: kept.compactMap { options[$0]?.title })
                kept.append(optionId)
            }
        }
        for removed in product.optionIds where !kept.contains(removed) { options[removed] = nil }
        product.optionIds = kept
        products[productId] = product
        dropDanglingOptionValues(productId: productId)
    }

    /// Variants with an `id` are updated, without one created (with NO inventory item), unlisted ones deleted.
    private mutating func replaceVariants(productId: String, with bodies: [OrderedJSON]) throws(SimulatedAPIError) {
        let product = products[productId]!
        let productOptions = productOptions(product)
        let variantBodies = bodies.compactMap(\.members)
        var assigned: [Int: [String]] = [:]
        for (index, body) in variantBodies.enumerated() {
            assigned[index] = try optionValueIds(for: body["options"]?.members,
                                                 variantTitle: Self.string(body, "title") ?? "", options: productOptions)
        }
        let withOptions = variantBodies.indices.filter { assigned[$0] != nil }
        for (position, first) in withOptions.enumerated() {
            for second in withOptions.dropFirst(position + 1)
            where Set(assigned[first]!).isSubset(of: Set(assigned[second]!)) {
                let firstTitle = Self.string(variantBodies[first], "title") ?? variants[Self.string(variantBodies[first], "id") ?? ""]?.title ?? ""
                let secondTitle = Self.string(variantBodies[second], "title") ?? variants[Self.string(variantBodies[second], "id") ?? ""]?.title ?? ""
                throw .invalidData("Variant \"\(firstTitle)\" has same combination of option values as \"\(secondTitle)\".")
            }
        }
        var kept: [String] = []
        for (index, body) in variantBodies.enumerated() {
            if let variantId = Self.string(body, "id") {
                guard var variant = liveVariant(variantId), variant.productId == productId else {
                    throw .notFound("ProductVariant with id \"\(variantId)\" not found")
                }
                applyVariantFields(&variant, body)
                if let valueIds = assigned[index] { variant.optionValueIds = valueIds }
                save(variant)
                kept.append(variantId)
            } else {
                let variant = newVariant(productId: productId, body: body, optionValueIds: assigned[index] ?? [])
                save(variant)
                kept.append(variant.id)
            }
        }
        for removed in product.variantIds where !kept.contains(removed) { softDeleteVariant(removed) }
        products[productId]!.variantIds = kept
        for variantId in kept { try checkVariantCodesAreFree(variants[variantId]!) }
    }

    // MARK: Batch and delete

    /// `batchProductsWorkflow`: creates, updates and deletes in one all-or-nothing step.
    mutating func batchProducts(create: [Members], update: [Members], delete: [String]) throws(SimulatedAPIError)
        -> (created: [String], updated: [String], deleted: [String])
    {
        let created = create.isEmpty ? [] : try createProducts(create)
        var updated: [String] = []
        for body in update {
            guard let id = Self.string(body, "id") else {
                throw .invalidData("Product ID is required when doing a batch update of products")
            }
            var fields = body
            fields["id"] = nil
            try updateProduct(id: id, body: fields)
            updated.append(id)
        }
        for id in delete where liveProduct(id) != nil { softDeleteProduct(id) }
        return (created, updated, delete)
    }

    mutating func deleteProduct(id: String) throws(SimulatedAPIError) {
        guard liveProduct(id) != nil else { throw .notFound("Product with id \"\(id)\" not found") }
        softDeleteProduct(id)
    }

    /// Soft delete (handle and SKUs become reusable); inventory items used only by its variants go too.
    private mutating func softDeleteProduct(_ id: String) {
        let now = Date()
        guard var product = products[id] else { return }
        let itemIds = Set(liveVariants(of: product).flatMap { $0.inventoryLinks.map(\.inventoryItemId) })
        for variantId in product.variantIds { variants[variantId]?.deletedAt = now }
        product.deletedAt = now
        products[id] = product
        let stillUsed = Set(variants.values.filter { $0.deletedAt == nil }.flatMap { $0.inventoryLinks.map(\.inventoryItemId) })
        for itemId in itemIds.subtracting(stillUsed) { inventoryItems[itemId]?.deletedAt = now }
    }

    /// Soft-deletes a variant; its inventory item survives unless the simulator is told otherwise.
    mutating func softDeleteVariant(_ id: String) {
        let now = Date()
        guard var variant = variants[id], variant.deletedAt == nil else { return }
        variant.deletedAt = now
        variants[id] = variant
        guard !keepsInventoryItemOfDeletedVariant else { return }
        let stillUsed = Set(variants.values.filter { $0.deletedAt == nil }.flatMap { $0.inventoryLinks.map(\.inventoryItemId) })
        for link in variant.inventoryLinks where !stillUsed.contains(link.inventoryItemId) {
            inventoryItems[link.inventoryItemId]?.deletedAt = now
        }
    }

    // MARK: Shared pieces

    /// `assignOptionsToVariants`: the option value ids named by `given` (title → value), or nil when none given.
    func optionValueIds(for given: Members?, variantTitle: String, options productOptions: [OptionRecord])
        throws(SimulatedAPIError) -> [String]?
    {
        guard let given, !given.isEmpty else { return nil }
        if productOptions.count != given.keys.count {
            throw .invalidData("Product has \(productOptions.count) but there were \(given.keys.count) provided option "
                + "values for the variant: \(variantTitle).")
        }
        var valueIds: [String] = []
        for (key, value) in given.pairs {
            let text = value.stringValue ?? value.javascriptText
            guard let option = productOptions.first(where: { $0.title == key }),
                  let optionValue = option.values.first(where: { $0.value == text })
            else { throw .invalidData("Option value \(text) does not exist for option \(key)") }
            valueIds.append(optionValue.id)
        }
        return valueIds
    }

    /// Inserts an option (title unique per product) with its values (unique per option).
    mutating func insertOption(productId: String, title: String, values: [String], existingTitles: [String])
        throws(SimulatedAPIError) -> String
    {
        if existingTitles.contains(title) {
            throw .alreadyExists("Product option", [("product_id", productId), ("title", title)])
        }
        let optionId = ids.next("opt")
        var seen: Set<String> = []
        for value in values where !seen.insert(value).inserted {
            throw .alreadyExists("Product option value", [("option_id", optionId), ("value", value)])
        }
        let now = Date()
        options[optionId] = OptionRecord(
            id: optionId, productId: productId, title: title,
            values: values.map { OptionValueRecord(id: ids.next("optval"), value: $0) }, createdAt: now, updatedAt: now)
        return optionId
    }

    /// New option values keep the ids of values that stay.
    mutating func reconciledValues(_ existing: [OptionValueRecord], with values: [String]) -> [OptionValueRecord] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }.map { value in
            existing.first { $0.value == value } ?? OptionValueRecord(id: ids.next("optval"), value: value)
        }
    }

    /// Removes from the product's variants the values of options or values that no longer exist.
    mutating func dropDanglingOptionValues(productId: String) {
        guard let product = products[productId] else { return }
        let valid = Set(productOptions(product).flatMap { $0.values.map(\.id) })
        for variantId in product.variantIds {
            variants[variantId]?.optionValueIds.removeAll { !valid.contains($0) }
        }
    }

    func checkCategoryExists(_ id: String) throws(SimulatedAPIError) {
        guard categories[id] != nil else { throw .notFound("ProductCategory with id: \(id) was not found") }
    }
}
