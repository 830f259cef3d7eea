import Foundation
@testable import SyncCore

struct FakeError: ClassifiedError, Equatable {
    var failureClass: FailureClass
    var system = "medusa"
    var description: String
}

/// An in-memory Medusa 2.0 admin API with the rules the contract describes: unique handle/sku, options required on
/// create, every variant naming every option with a known value, no duplicate option combinations, variant create and
/// update answering with the product, inventory items only for variants created with `manage_inventory`.
actor FakeMedusa: MedusaShop {
    var storeInfo = MedusaStoreInfo(id: "store_1", supportedCurrencies: ["usd", "eur"], defaultCurrency: "usd",
                                    defaultSalesChannelId: "sc_default", defaultLocationId: "sloc_default")
    private(set) var products: [String: MedusaProduct] = [:]
    private(set) var order: [String] = []
    private(set) var categoryRecords: [String: MedusaCategory] = [:]
    private(set) var levels: [String: Decimal] = [:]
    /// Every write call, by name.
    private(set) var writes: [String] = []
    private(set) var uploads: [String] = []
    private(set) var storeReads = 0
    /// `listProducts` calls (the adoption scan and the full run's reconcile).
    private(set) var listCalls = 0
    /// Creates/updates touching a product with one of these handles fail with a 400-like permanent error.
    var rejectedHandles: Set<String> = []
    /// Updates of these product ids fail with a retryable error, this many times.
    var flakyProducts: [String: Int] = [:]
    /// Creates of products with these handles fail with a retryable error (a 500), this many times.
    var failingCreates: [String: Int] = [:]
    /// Creates of categories with these handles fail with a retryable error (a 500), this many times.
    var failingCategoryCreates: [String: Int] = [:]
    /// After this many products were created, every create fails with a configuration error (a revoked key), and the
    /// external ids of the refused products are kept.
    var createsAllowed: Int?
    private(set) var refusedExternalIds: [String] = []
    /// Stock writes to these inventory items fail with a permanent error.
    var brokenItems: Set<String> = []
    /// Like the real client: creates go out in requests of this many; a failing request throws `ProductBatchFailure`
    /// carrying what the earlier requests applied.
    var batchRequestSize: Int?
    /// Uploads fail with a permanent error while set.
    var uploadsRejected = false
    /// Whether the server has the global levels batch (Medusa 2.3+), and what the capability probe says about it.
    var levelsBatch: MedusaCapabilities.Support = .absent
    var probedLevelsBatch: MedusaCapabilities.Support = .absent
    /// The levels batch fails with a retryable error (a 503) this many times.
    var unavailableLevelsBatches = 0
    private var counter = 0

    // MARK: test helpers

    func seed(_ product: MedusaProduct) { products[product.id] = product; order.append(product.id) }
    /// Someone edits a product in Medusa's admin (not a write of the sync's).
    func editByHand(_ id: String, _ edit: (inout MedusaProduct) -> Void) {
        guard var product = products[id] else { return }
        edit(&product)
        products[id] = product
    }
    /// Someone deletes a product in Medusa's admin.
    func deleteByHand(_ id: String) { products[id] = nil; order.removeAll { $0 == id } }
    func reject(handle: String) { rejectedHandles.insert(handle) }
    func makeFlaky(_ productId: String, times: Int) { flakyProducts[productId] = times }
    func failCreates(handle: String, times: Int) { failingCreates[handle] = times }
    func failCategoryCreates(handle: String, times: Int) { failingCategoryCreates[handle] = times }
    func accept(handle: String) { rejectedHandles.remove(handle) }
    func allowCreates(_ count: Int?) { createsAllowed = count }
    func breakStock(of item: String) { brokenItems.insert(item) }
    /// The server has the levels batch (`has`) and the probe reports `probed`.
    func offerLevelsBatch(_ has: MedusaCapabilities.Support, probed: MedusaCapabilities.Support) {
        levelsBatch = has; probedLevelsBatch = probed
    }
    func makeLevelsBatchUnavailable(times: Int) { unavailableLevelsBatches = times }
    func repairStock(of item: String) { brokenItems.remove(item) }
    func rejectUploads(_ rejected: Bool) { uploadsRejected = rejected }
    func splitBatches(every size: Int) { batchRequestSize = size }
    func clearWrites() { writes = [] }
    func setStore(_ info: MedusaStoreInfo) { storeInfo = info }
    func level(_ item: String, _ location: String) -> Decimal? { levels["\(item)@\(location)"] }
    var all: [MedusaProduct] { order.compactMap { products[$0] } }
    func product(withExternalId id: String) -> [MedusaProduct] { all.filter { $0.externalId == id } }

    // MARK: reads

    func store() -> MedusaStoreInfo {
        storeReads += 1
        return storeInfo
    }
    func product(id: String) -> MedusaProduct? { products[id] }
    func product(handle: String) -> MedusaProduct? { all.first { $0.handle == handle } }

    func listProducts(offset: Int, limit: Int) -> (products: [MedusaProduct], count: Int) {
        listCalls += 1
        let list = all
        return (Array(list.dropFirst(offset).prefix(limit)), list.count)
    }

    // MARK: products

    func batchProducts(create: [ProductInput], update: [ProductUpdate], delete: [String]) throws -> ProductBatchResult {
        guard let size = batchRequestSize, create.count > size else { return try batchRequest(create: create, update: update, delete: delete) }
        var applied = ProductBatchResult()
        for start in stride(from: 0, to: create.count, by: size) {
            let chunk = Array(create[start..<min(start + size, create.count)])
            do {
                applied.created += try batchRequest(create: chunk, update: [], delete: []).created
            } catch let error as FakeError {
                throw ProductBatchFailure(applied: applied, notAppliedCreateHandles: create[start...].map(\.handle),
                                          notAppliedUpdateIds: [], notAppliedDeleteIds: [], underlying: error)
            }
        }
        return applied
    }

    private func batchRequest(create: [ProductInput], update: [ProductUpdate], delete: [String]) throws -> ProductBatchResult {
        writes.append("batchProducts")
        var handles = Set(all.map(\.handle))
        for input in create {
            try validate(input)
            guard handles.insert(input.handle).inserted else { throw invalid("Product with handle: \(input.handle), already exists.") }
        }
        let created = create.map(insert)
        var updated: [MedusaProduct] = []
        for change in update { updated.append(try applyUpdate(change)) }
        for id in delete { products[id] = nil; order.removeAll { $0 == id } }
        return ProductBatchResult(created: created, updated: updated, deletedIds: delete)
    }

    func createProduct(_ input: ProductInput) throws -> MedusaProduct {
        writes.append("createProduct")
        try validate(input)
        guard product(handle: input.handle) == nil else { throw invalid("Product with handle: \(input.handle), already exists.") }
        return insert(input)
    }

    func updateProduct(_ update: ProductUpdate) throws -> MedusaProduct {
        writes.append("updateProduct")
        return try applyUpdate(update)
    }

    func deleteProduct(id: String) throws {
        writes.append("deleteProduct")
        guard products[id] != nil else { throw FakeError(failureClass: .missingRemotely, description: "Product \(id) not found") }
        products[id] = nil
        order.removeAll { $0 == id }
    }

    // MARK: options

    func createOption(productId: String, option: OptionInput) throws -> MedusaProduct {
        writes.append("createOption")
        var product = try existing(productId)
        guard !product.options.contains(where: { $0.title == option.title }) else { throw invalid("option \(option.title) exists") }
        product.options.append(MedusaOption(id: next("opt"), title: option.title, values: option.values))
        return store(product)
    }

    func updateOption(productId: String, optionId: String, option: OptionInput) throws -> MedusaProduct {
        writes.append("updateOption")
        var product = try existing(productId)
        guard let index = product.options.firstIndex(where: { $0.id == optionId }) else { throw missing("option \(optionId)") }
        let old = product.options[index]
        product.options[index] = MedusaOption(id: optionId, title: option.title, values: option.values)
        // Medusa drops the link of a variant to a value that no longer exists.
        for v in product.variants.indices {
            if let value = product.variants[v].options[old.title], !option.values.contains(value) {
                product.variants[v].options[old.title] = nil
            }
        }
        return store(product)
    }

    func deleteOption(productId: String, optionId: String) throws {
        writes.append("deleteOption")
        var product = try existing(productId)
        guard let option = product.options.first(where: { $0.id == optionId }) else { throw missing("option \(optionId)") }
        product.options.removeAll { $0.id == optionId }
        for v in product.variants.indices { product.variants[v].options[option.title] = nil }
        _ = store(product)
    }

    // MARK: variants

    func createVariant(productId: String, variant: VariantInput) throws -> MedusaProduct {
        writes.append("createVariant")
        var product = try existing(productId)
        try checkOptions(variant.options, of: product, title: variant.title)
        if product.variants.contains(where: { $0.options == variant.options }) {
            throw invalid("Variant (\(variant.title)) with provided options already exists.")
        }
        try checkSku(variant.sku, except: nil)
        product.variants.append(makeVariant(variant))
        return store(product)
    }

    func updateVariant(productId: String, update: VariantUpdate) throws -> MedusaProduct {
        writes.append("updateVariant")
        try failIfFlaky(productId)
        var product = try existing(productId)
        guard let index = product.variants.firstIndex(where: { $0.id == update.id }) else { throw missing("variant \(update.id)") }
        var variant = product.variants[index]
        if let title = update.title { variant.title = title }
        if let sku = update.sku { try checkSku(sku, except: variant.id); variant.sku = sku }
        if let barcode = update.barcode { variant.barcode = barcode }
        if let weight = update.weight { variant.weight = weight }
        if let options = update.options {
            for (title, value) in options {
                guard let option = product.options.first(where: { $0.title == title }), option.values.contains(value) else {
                    throw invalid("Option value \(value) does not exist for option \(title)")
                }
            }
            variant.options = options
        }
        if let prices = update.prices { variant.prices = prices.map { MedusaPrice(id: $0.id ?? next("price"), currencyCode: $0.currencyCode, amount: $0.amount) } }
        if let manage = update.manageInventory { variant.manageInventory = manage }
        if let metadata = update.metadata { variant.metadata = metadata }
        product.variants[index] = variant
        return store(product)
    }

    func deleteVariant(productId: String, variantId: String) throws {
        writes.append("deleteVariant")
        var product = try existing(productId)
        guard product.variants.contains(where: { $0.id == variantId }) else { throw missing("variant \(variantId)") }
        product.variants.removeAll { $0.id == variantId }
        _ = store(product)
    }

    // MARK: categories, stock, uploads

    func categories() -> [MedusaCategory] { categoryRecords.values.sorted { $0.id < $1.id } }

    func createCategory(_ input: CategoryInput) throws -> MedusaCategory {
        writes.append("createCategory")
        if let left = failingCategoryCreates[input.handle], left > 0 {
            failingCategoryCreates[input.handle] = left - 1
            throw FakeError(failureClass: .retryable, description: "500 Internal Server Error")
        }
        guard !categoryRecords.values.contains(where: { $0.handle == input.handle }) else {
            throw invalid("Product category with handle: \(input.handle), already exists.")
        }
        let category = MedusaCategory(id: next("pcat"), name: input.name, handle: input.handle, parentCategoryId: input.parentCategoryId,
                                      isActive: input.isActive, metadata: input.metadata)
        categoryRecords[category.id] = category
        return category
    }

    func updateCategory(id: String, _ input: CategoryInput) throws -> MedusaCategory {
        writes.append("updateCategory")
        guard categoryRecords[id] != nil else { throw missing("category \(id)") }
        let category = MedusaCategory(id: id, name: input.name, handle: input.handle, parentCategoryId: input.parentCategoryId,
                                      isActive: input.isActive, metadata: input.metadata)
        categoryRecords[id] = category
        return category
    }

    func probeCapabilities() -> MedusaCapabilities {
        MedusaCapabilities(stockLevelsBatch: probedLevelsBatch, externalIdFilter: false)
    }

    /// One workflow, as Medusa runs it: a bad level fails the whole request and nothing of it is applied.
    func batchStockLevels(create: [StockLevelWrite], update: [StockLevelWrite]) throws {
        writes.append("batchStockLevels")
        guard levelsBatch == .available else {
            throw MedusaRouteMissing(method: "POST", path: "/admin/inventory-items/location-levels/batch")
        }
        if unavailableLevelsBatches > 0 {
            unavailableLevelsBatches -= 1
            throw FakeError(failureClass: .retryable, description: "Service Unavailable")
        }
        let all = create + update
        if let broken = all.first(where: { brokenItems.contains($0.inventoryItemId) }) {
            throw invalid("Stock locations with ids: \(broken.locationId) was not found")
        }
        for level in all { levels["\(level.inventoryItemId)@\(level.locationId)"] = level.stockedQuantity }
    }

    func setStockLevel(inventoryItemId: String, locationId: String, stockedQuantity: Decimal) throws {
        writes.append("setStockLevel")
        guard stockedQuantity >= 0 else { throw invalid("stocked_quantity must be >= 0") }
        if brokenItems.contains(inventoryItemId) { throw invalid("Stock locations with ids: sloc_default was not found") }
        levels["\(inventoryItemId)@\(locationId)"] = stockedQuantity
    }

    func upload(fileName: String, contentType: String, data: [UInt8]) throws -> String {
        writes.append("upload")
        if uploadsRejected { throw invalid("No files were uploaded") }
        uploads.append(fileName)
        return "https://medusa.test/static/\(uploads.count)-\(fileName)"
    }

    // MARK: rules

    private func validate(_ input: ProductInput) throws {
        if let allowed = createsAllowed, products.count >= allowed {
            refusedExternalIds.append(input.externalId ?? "")
            throw FakeError(failureClass: .configuration, description: "401 Unauthorized")
        }
        if rejectedHandles.contains(input.handle) { throw invalid("Invalid request: product \(input.handle) rejected") }
        if let left = failingCreates[input.handle], left > 0 {
            failingCreates[input.handle] = left - 1
            throw FakeError(failureClass: .retryable, description: "500 Internal Server Error")
        }
        guard ProductHandle.isValid(input.handle) else { throw invalid("Invalid product handle '\(input.handle)'.") }
        guard !input.options.isEmpty else { throw invalid("Product options are not provided for: [\(input.title)].") }
        let probe = MedusaProduct(id: "", handle: input.handle, title: input.title,
                                  options: input.options.map { MedusaOption(id: "", title: $0.title, values: $0.values) })
        var seenSkus: Set<String> = []
        for variant in input.variants {
            try checkOptions(variant.options, of: probe, title: variant.title)
            try checkSku(variant.sku, except: nil)
            if let sku = variant.sku, !seenSkus.insert(sku).inserted { throw invalid("Product variant with sku: \(sku), already exists.") }
        }
    }

    private func checkOptions(_ options: [String: String], of product: MedusaProduct, title: String) throws {
        guard options.count == product.options.count else {
            throw invalid("Product has \(product.options.count) but there were \(options.count) provided option values for the variant: \(title).")
        }
        for (key, value) in options {
            guard let option = product.options.first(where: { $0.title == key }), option.values.contains(value) else {
                throw invalid("Option value \(value) does not exist for option \(key)")
            }
        }
    }

    private func checkSku(_ sku: String?, except variantId: String?) throws {
        guard let sku else { return }
        if all.flatMap(\.variants).contains(where: { $0.sku == sku && $0.id != variantId }) {
            throw invalid("Product variant with sku: \(sku), already exists.")
        }
    }

    private func insert(_ input: ProductInput) -> MedusaProduct {
        let product = MedusaProduct(
            id: next("prod"), handle: input.handle, title: input.title, description: input.description, status: input.status,
            externalId: input.externalId, metadata: input.metadata, thumbnail: input.thumbnail, imageURLs: input.imageURLs,
            options: input.options.map { MedusaOption(id: next("opt"), title: $0.title, values: $0.values) },
            variants: input.variants.map(makeVariant), salesChannelIds: input.salesChannelIds, categoryIds: input.categoryIds,
            weight: input.weight)
        order.append(product.id)
        return store(product)
    }

    private func makeVariant(_ input: VariantInput) -> MedusaVariant {
        MedusaVariant(id: next("variant"), title: input.title, sku: input.sku, barcode: input.barcode, options: input.options,
                      prices: input.prices.map { MedusaPrice(id: next("price"), currencyCode: $0.currencyCode, amount: $0.amount) },
                      manageInventory: input.manageInventory, metadata: input.metadata,
                      inventoryItemId: input.manageInventory ? next("iitem") : nil, weight: input.weight)
    }

    private func applyUpdate(_ update: ProductUpdate) throws -> MedusaProduct {
        try failIfFlaky(update.id)
        var product = try existing(update.id)
        if rejectedHandles.contains(product.handle) { throw invalid("Invalid request: product \(product.handle) rejected") }
        if let title = update.title { product.title = title }
        if let handle = update.handle { product.handle = handle }
        if let description = update.description { product.description = description }
        if let status = update.status { product.status = status }
        if let externalId = update.externalId { product.externalId = externalId }
        if let metadata = update.metadata { product.metadata = metadata }
        if let thumbnail = update.thumbnail { product.thumbnail = thumbnail }
        if let images = update.imageURLs { product.imageURLs = images }
        if let channels = update.salesChannelIds { product.salesChannelIds = channels }
        if let categories = update.categoryIds { product.categoryIds = categories }
        if let weight = update.weight { product.weight = weight }
        return store(product)
    }

    private func failIfFlaky(_ productId: String) throws {
        if let left = flakyProducts[productId], left > 0 {
            flakyProducts[productId] = left - 1
            throw FakeError(failureClass: .retryable, description: "503 Service Unavailable")
        }
    }

    private func existing(_ id: String) throws -> MedusaProduct {
        guard let product = products[id] else { throw missing("Product with id \"\(id)\"") }
        return product
    }

    @discardableResult private func store(_ product: MedusaProduct) -> MedusaProduct {
        products[product.id] = product
        return product
    }

    private func next(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)_\(counter)"
    }

    private func invalid(_ message: String) -> FakeError { FakeError(failureClass: .permanent, description: message) }
    private func missing(_ what: String) -> FakeError { FakeError(failureClass: .missingRemotely, description: "\(what) not found") }
}
