import Foundation

/// What the sync engine does to Medusa. Implemented by `MedusaClient`; every call may throw a `ClassifiedError`
/// (`missingRemotely` for a 404 on a known id). Reads return products with options, variants (with prices and
/// inventory item ids), images, sales channel ids and category ids.
public protocol MedusaShop: Sendable {
    func store() async throws -> MedusaStoreInfo

    func product(id: String) async throws -> MedusaProduct?
    /// Exact handle match (Medusa's `handle` filter), nil when no live product has it.
    func product(handle: String) async throws -> MedusaProduct?
    /// A page of all live products, for adoption scans (Medusa 2.0.0 ignores `?external_id=`).
    func listProducts(offset: Int, limit: Int) async throws -> (products: [MedusaProduct], count: Int)
    /// Live products whose `external_id` is exactly `externalId` (`?external_id=`, checked again on the answer, so a
    /// server that ignores the filter yields none rather than wrong ones). Used only where the probe found the filter.
    func products(externalId: String) async throws -> [MedusaProduct]

    /// Finds out what the server offers beyond Medusa 2.0.0 (a couple of cheap reads; see `MedusaCapabilities`).
    func probeCapabilities() async throws -> MedusaCapabilities

    /// `POST /admin/products/batch`; the client splits by count and bytes (≤ 2 MB per request). Products created by a
    /// batch without updates come back with what binding them needs only: id, handle, external id, metadata, and
    /// their variants' id, sku, metadata, `manage_inventory` and inventory item.
    func batchProducts(create: [ProductInput], update: [ProductUpdate], delete: [String]) async throws -> ProductBatchResult
    func createProduct(_ input: ProductInput) async throws -> MedusaProduct
    func updateProduct(_ update: ProductUpdate) async throws -> MedusaProduct
    func deleteProduct(id: String) async throws

    func createOption(productId: String, option: OptionInput) async throws -> MedusaProduct
    func updateOption(productId: String, optionId: String, option: OptionInput) async throws -> MedusaProduct
    func deleteOption(productId: String, optionId: String) async throws

    func createVariant(productId: String, variant: VariantInput) async throws -> MedusaProduct
    func updateVariant(productId: String, update: VariantUpdate) async throws -> MedusaProduct
    func deleteVariant(productId: String, variantId: String) async throws

    func categories() async throws -> [MedusaCategory]
    func createCategory(_ input: CategoryInput) async throws -> MedusaCategory
    func updateCategory(id: String, _ input: CategoryInput) async throws -> MedusaCategory

    /// Sets the absolute stocked quantity of an inventory item at a location, creating the level if missing.
    func setStockLevel(inventoryItemId: String, locationId: String, stockedQuantity: Decimal) async throws
    /// Like `setStockLevel`, for a level the sync has never written (a new variant's inventory item has none): creates
    /// it first and updates only when it exists after all, so a new level costs one request, not a 404 and a create.
    func createStockLevel(inventoryItemId: String, locationId: String, stockedQuantity: Decimal) async throws
    /// Sets many levels in as few requests as the server allows (`POST /admin/inventory-items/location-levels/batch`,
    /// Medusa 2.3.0+): `create` for levels the sync never wrote, `update` for the others. One bad entry fails its whole
    /// request (Medusa runs the batch as one workflow), so the caller falls back to per-level writes for that batch.
    /// - Throws: `MedusaRouteMissing` when the server has no such route.
    func batchStockLevels(create: [StockLevelWrite], update: [StockLevelWrite]) async throws
    /// Uploads one file (`POST /admin/uploads`, multipart field `files`) and returns its public URL.
    func upload(fileName: String, contentType: String, data: [UInt8]) async throws -> String
}

extension MedusaShop {
    /// Default for shops that only know Medusa 2.0.0's routes.
    public func probeCapabilities() async throws -> MedusaCapabilities { .medusa2_0 }

    public func products(externalId: String) async throws -> [MedusaProduct] { [] }

    public func batchStockLevels(create: [StockLevelWrite], update: [StockLevelWrite]) async throws {
        throw MedusaRouteMissing(method: "POST", path: "/admin/inventory-items/location-levels/batch")
    }

    /// Default: the update-first `setStockLevel` (the same end state, one request more when the level is missing).
    public func createStockLevel(inventoryItemId: String, locationId: String, stockedQuantity: Decimal) async throws {
        try await setStockLevel(inventoryItemId: inventoryItemId, locationId: locationId, stockedQuantity: stockedQuantity)
    }
}
