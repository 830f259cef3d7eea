import Foundation

/// The simulated Medusa database. Each request runs as a transaction (`transaction(_:)`) that is undone when it
/// fails, which gives the all-or-nothing behaviour of Medusa's workflows (a failing step compensates earlier ones).
struct CatalogState: Sendable {
    var store: StoreRecord
    var salesChannels: [SalesChannelRecord]
    var stockLocations: [StockLocationRecord]
    var products = JournaledTable<String, ProductRecord>()
    var productOrder = JournaledOrder()
    var options = JournaledTable<String, OptionRecord>()
    var variants = JournaledTable<String, VariantRecord>()
    var inventoryItems = JournaledTable<String, InventoryItemRecord>()
    var inventoryOrder = JournaledOrder()
    var categories = JournaledTable<String, CategoryRecord>()
    var categoryOrder = JournaledOrder()
    var uploads: [String: UploadRecord] = [:]
    var uploadOrder: [String] = []
    var ids = IdentifierGenerator()
    /// Customers and orders (not journaled: each order write checks everything before it changes anything).
    var orderBook = OrderBook()
    /// Shipping options by id (seeded, never written by the admin API here).
    var shippingOptions: [String: ShippingOptionRecord] = [:]
    /// Unique-index lookups: value → id of the row that last wrote it. Entries may be stale (the row was deleted or
    /// changed since), so every lookup re-checks the row; writes go through `save(_:)` to keep them current.
    private var handleIndex = JournaledTable<String, String>()
    private var variantCodeIndex = JournaledTable<String, String>()
    private var inventorySkuIndex = JournaledTable<String, String>()
    /// Whether deleting a variant leaves its inventory item behind (Medusa 2.0, inferred; see docs/medusa.md).
    let keepsInventoryItemOfDeletedVariant: Bool

    init(configuration: MedusaSimulatorConfiguration) {
        let now = Date()
        store = StoreRecord(id: configuration.storeId, name: configuration.storeName,
                            currencies: configuration.supportedCurrencies.map { $0.lowercased() },
                            defaultSalesChannelId: configuration.defaultSalesChannel.id,
                            defaultLocationId: configuration.defaultStockLocation.id, createdAt: now)
        salesChannels = ([configuration.defaultSalesChannel] + configuration.additionalSalesChannels).map {
            SalesChannelRecord(id: $0.id, name: $0.name, description: nil, isDisabled: false, createdAt: now)
        }
        stockLocations = ([configuration.defaultStockLocation] + configuration.additionalStockLocations).map {
            StockLocationRecord(id: $0.id, name: $0.name, createdAt: now)
        }
        keepsInventoryItemOfDeletedVariant = configuration.keepsInventoryItemOfDeletedVariant
        for option in configuration.shippingOptions {
            shippingOptions[option.id] = ShippingOptionRecord(id: option.id, name: option.name,
                                                              providerId: "manual_manual", locationId: option.locationId)
        }
    }

    // MARK: Transactions

    /// Runs `work`; when it throws, every row it wrote is restored.
    mutating func transaction<T>(_ work: (inout CatalogState) throws(SimulatedAPIError) -> T) throws(SimulatedAPIError) -> T {
        beginJournals()
        do {
            let result = try work(&self)
            commitJournals()
            return result
        } catch {
            rollbackJournals()
            throw error
        }
    }

    private mutating func beginJournals() {
        products.begin(); productOrder.begin(); options.begin(); variants.begin(); inventoryItems.begin()
        inventoryOrder.begin(); categories.begin(); categoryOrder.begin(); handleIndex.begin()
        variantCodeIndex.begin(); inventorySkuIndex.begin()
    }

    private mutating func commitJournals() {
        products.commit(); productOrder.commit(); options.commit(); variants.commit(); inventoryItems.commit()
        inventoryOrder.commit(); categories.commit(); categoryOrder.commit(); handleIndex.commit()
        variantCodeIndex.commit(); inventorySkuIndex.commit()
    }

    private mutating func rollbackJournals() {
        products.rollback(); productOrder.rollback(); options.rollback(); variants.rollback(); inventoryItems.rollback()
        inventoryOrder.rollback(); categories.rollback(); categoryOrder.rollback(); handleIndex.rollback()
        variantCodeIndex.rollback(); inventorySkuIndex.rollback()
    }

    // MARK: Lookups

    func liveProduct(_ id: String) -> ProductRecord? {
        guard let product = products[id], product.deletedAt == nil else { return nil }
        return product
    }

    var liveProducts: [ProductRecord] { productOrder.ids.compactMap(liveProduct) }

    func liveVariant(_ id: String) -> VariantRecord? {
        guard let variant = variants[id], variant.deletedAt == nil else { return nil }
        return variant
    }

    func liveVariants(of product: ProductRecord) -> [VariantRecord] { product.variantIds.compactMap(liveVariant) }

    func productOptions(_ product: ProductRecord) -> [OptionRecord] { product.optionIds.compactMap { options[$0] } }

    var liveInventoryItems: [InventoryItemRecord] {
        inventoryOrder.ids.compactMap { inventoryItems[$0] }.filter { $0.deletedAt == nil }
    }

    // MARK: Writes that keep the unique indexes current

    mutating func save(_ product: ProductRecord) {
        products[product.id] = product
        handleIndex[product.handle] = product.id
    }

    mutating func save(_ variant: VariantRecord) {
        variants[variant.id] = variant
        for (column, keyPath) in Self.variantCodeColumns {
            if let value = variant[keyPath: keyPath] { variantCodeIndex[column + "\u{0}" + value] = variant.id }
        }
    }

    mutating func save(_ item: InventoryItemRecord) {
        if inventoryItems[item.id] == nil { inventoryOrder.append(item.id) }
        inventoryItems[item.id] = item
        if let sku = item.sku { inventorySkuIndex[sku] = item.id }
    }

    // MARK: Unique indexes (all `WHERE deleted_at IS NULL`)

    private static var variantCodeColumns: [(String, KeyPath<VariantRecord, String?>)] {
        [("sku", \.sku), ("ean", \.ean), ("upc", \.upc), ("barcode", \.barcode)]
    }

    func checkHandleIsFree(_ handle: String, exceptProduct productId: String?) throws(SimulatedAPIError) {
        if let holder = handleIndex[handle], holder != productId, liveProduct(holder)?.handle == handle {
            throw .alreadyExists("Product", [("handle", handle)])
        }
    }

    /// Checks the variant's sku, ean, upc and barcode against the other live variants.
    func checkVariantCodesAreFree(_ variant: VariantRecord) throws(SimulatedAPIError) {
        for (column, keyPath) in Self.variantCodeColumns {
            guard let value = variant[keyPath: keyPath] else { continue }
            if let holder = variantCodeIndex[column + "\u{0}" + value], holder != variant.id,
               let other = liveVariant(holder), other[keyPath: keyPath] == value {
                throw .alreadyExists("Product variant", [(column, value)])
            }
        }
    }

    func checkInventorySkuIsFree(_ sku: String) throws(SimulatedAPIError) {
        if let holder = inventorySkuIndex[sku], let item = inventoryItems[holder], item.deletedAt == nil, item.sku == sku {
            throw .alreadyExists("Inventory item", [("sku", sku)])
        }
    }

    func checkCategoryHandleIsFree(_ handle: String, exceptCategory categoryId: String?) throws(SimulatedAPIError) {
        if categories.values.contains(where: { $0.handle == handle && $0.id != categoryId }) {
            throw .alreadyExists("Product category", [("handle", handle)])
        }
    }

    // MARK: Handles

    /// `^[a-z0-9]+(?:-[a-z0-9]+)*$` (`packages/core/utils/src/common/validate-handle.ts`).
    static func isValidHandle(_ handle: String) -> Bool {
        guard !handle.isEmpty, !handle.hasPrefix("-"), !handle.hasSuffix("-"), !handle.contains("--") else { return false }
        return handle.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Medusa's `toHandle`: kebab-case, accents dropped, anything outside `[a-z0-9-]` removed (so a title with no
    /// ASCII letters or digits gives an empty handle).
    static func toHandle(_ title: String) -> String {
        let folded = title.folding(options: [.diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var words: [String] = []
        var current = ""
        var previousWasLowercase = false
        for scalar in folded.unicodeScalars {
            let isUpper = ("A"..."Z").contains(scalar)
            let isLower = ("a"..."z").contains(scalar)
            let isDigit = ("0"..."9").contains(scalar)
            if isUpper || isLower || isDigit {
                if isUpper, previousWasLowercase, !current.isEmpty { words.append(current); current = "" }
                current.unicodeScalars.append(scalar)
                previousWasLowercase = isLower || isDigit
            } else {
                if !current.isEmpty { words.append(current); current = "" }
                previousWasLowercase = false
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.lowercased() }.joined(separator: "-")
    }

    // MARK: Body helpers

    static func string(_ body: OrderedJSON.Members, _ key: String) -> String? { body[key]?.stringValue }

    /// `.none` when absent, `.some(nil)` when explicitly null.
    static func nullableString(_ body: OrderedJSON.Members, _ key: String) -> String?? {
        guard let value = body[key] else { return .none }
        return .some(value.stringValue)
    }

    static func nullableNumber(_ body: OrderedJSON.Members, _ key: String) -> Decimal?? {
        guard let value = body[key] else { return .none }
        return .some(value.decimalValue)
    }

    static func ids(_ body: OrderedJSON.Members, _ key: String) -> [String]? {
        body[key]?.arrayValue?.compactMap { $0["id"]?.stringValue }
    }
}
