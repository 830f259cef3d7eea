import Foundation
import HTTPTransport
import HTTPTypes
import Logging
import SyncCore
import Synchronization

/// The Medusa v2 Admin API as the sync engine needs it (`MedusaShop`).
///
/// Offers targeted operations only and never deletes by omission: a product update never carries `variants` or
/// `options` (Medusa would replace those lists); variants and options change through their own endpoints.
/// Every call goes through the shared `RetryPolicy` and fails with a classified `MedusaError`.
public final class MedusaClient: MedusaShop {
    public let configuration: MedusaConfiguration
    let api: AdminAPI
    /// Whether the server updates orders (`MedusaCapabilities.orderUpdate`): set by the probe or `useCapabilities`,
    /// else found by the first `recordOdooOrder` (one read, nothing written).
    let orderUpdateSupport = Mutex<Bool?>(nil)
    /// The read that finds it out, shared by the write-backs that ask at once (two order batches in flight).
    let orderUpdateProbe = Mutex<Task<Bool, any Error>?>(nil)

    /// Relations every product read asks for beyond Medusa's defaults: categories and inventory item ids are not in
    /// the defaults; the rest is listed so the read does not depend on the server's default field set.
    static let productFields = [
        "+categories.id", "+variants.inventory_items.inventory_item_id", "*variants.prices", "*variants.options",
        "*options", "*options.values", "*images", "*sales_channels",
    ].joined(separator: ",")

    /// What the engine needs of the products a batch created: enough to bind them (ids, handle, the variants' sku and
    /// metadata to match them, their inventory items for stock). Replaces Medusa's default field set, so a page of
    /// creates does not come back as every product in full (prices, options, images…): about a tenth of the bytes to
    /// render, send and decode.
    static let createdProductFields = [
        "id", "handle", "external_id", "metadata", "variants.id", "variants.sku", "variants.metadata",
        "variants.manage_inventory", "variants.inventory_items.inventory_item_id",
    ].joined(separator: ",")

    /// Safety bound for listing loops (pages of 100): a catalogue larger than this is not paged to the end.
    static let maximumPages = 10_000

    public init(configuration: MedusaConfiguration, transport: any HTTPTransport,
                logger: Logger = Logger(label: "medusa-client")) {
        self.configuration = configuration
        api = AdminAPI(configuration: configuration, transport: transport, logger: logger)
    }

    // MARK: - Store

    /// The store's currencies (default first) and the sales channel and stock location the sync uses: the configured
    /// ones when set (checked to exist, else a configuration error), otherwise the store's defaults.
    public func store() async throws -> MedusaStoreInfo {
        let envelope = try await api.send(AdminRequest(method: .get, path: "/admin/stores"),
                                          decoding: StoreListEnvelope.self)
        guard let store = envelope.stores.first else {
            throw MedusaError(kind: .response, status: 200, message: "Medusa returned no store",
                              method: "GET", path: "/admin/stores", failureClass: .configuration)
        }
        let currencies = store.supported_currencies ?? []
        let defaultCurrency = currencies.first { $0.is_default?.value == true }?.currency_code.lowercased()
        var codes = currencies.map { $0.currency_code.lowercased() }
        if let defaultCurrency, let index = codes.firstIndex(of: defaultCurrency) {
            codes.remove(at: index)
            codes.insert(defaultCurrency, at: 0)
        }
        var salesChannelId = store.default_sales_channel_id
        if let configured = configuration.salesChannelId {
            guard try await salesChannels(ids: [configured]).contains(where: { $0.id == configured }) else {
                throw MedusaConfigurationError("MEDUSA_SALES_CHANNEL_ID \(configured) is not a sales channel of this store")
            }
            salesChannelId = configured
        }
        var locationId = store.default_location_id
        if let configured = configuration.stockLocationId {
            guard try await stockLocations(ids: [configured]).contains(where: { $0.id == configured }) else {
                throw MedusaConfigurationError("MEDUSA_STOCK_LOCATION_ID \(configured) is not a stock location of this store")
            }
            locationId = configured
        }
        return MedusaStoreInfo(id: store.id, supportedCurrencies: codes, defaultCurrency: defaultCurrency,
                               defaultSalesChannelId: salesChannelId, defaultLocationId: locationId)
    }

    /// Sales channels (all, or those with the given ids), e.g. to validate a configured id.
    public func salesChannels(ids: [String] = []) async throws -> [MedusaSalesChannel] {
        try await listAll(path: "/admin/sales-channels", filters: ids.map { ("id[]", $0) },
                          decoding: SalesChannelListEnvelope.self) { ($0.sales_channels, $0.count) }
    }

    /// Stock locations (all, or those with the given ids).
    public func stockLocations(ids: [String] = []) async throws -> [MedusaStockLocation] {
        try await listAll(path: "/admin/stock-locations", filters: ids.map { ("id[]", $0) },
                          decoding: StockLocationListEnvelope.self) { ($0.stock_locations, $0.count) }
    }

    // MARK: - Product reads

    public func product(id: String) async throws -> MedusaProduct? {
        let request = AdminRequest(method: .get, path: "/admin/products/\(AdminAPI.segment(id))",
                                   query: [("fields", Self.productFields)])
        do {
            return try await api.send(request, decoding: ProductEnvelope.self).product.model
        } catch let error as MedusaError where error.failureClass == .missingRemotely {
            return nil
        }
    }

    public func product(handle: String) async throws -> MedusaProduct? {
        let request = AdminRequest(method: .get, path: "/admin/products",
                                   query: [("handle", handle), ("limit", "2"), ("fields", Self.productFields)])
        let envelope = try await api.send(request, decoding: ProductListEnvelope.self)
        return envelope.products.map(\.model).first { $0.handle == handle }
    }

    /// Ordered by id (ULIDs, so creation order) for stable paging.
    public func listProducts(offset: Int, limit: Int) async throws -> (products: [MedusaProduct], count: Int) {
        let request = AdminRequest(method: .get, path: "/admin/products", query: [
            ("offset", String(max(0, offset))), ("limit", String(max(1, limit))), ("order", "id"),
            ("fields", Self.productFields),
        ])
        let envelope = try await api.send(request, decoding: ProductListEnvelope.self)
        return (envelope.products.map(\.model), envelope.count ?? envelope.products.count)
    }

    // MARK: - Product writes

    /// Splits into as many `/admin/products/batch` requests as the count and 2 MB limits need. When one of them
    /// fails, throws `ProductBatchFailure` with what the earlier requests applied. Without updates, the products
    /// returned carry only `createdProductFields`.
    public func batchProducts(create: [ProductInput], update: [ProductUpdate], delete: [String]) async throws
        -> ProductBatchResult
    {
        let limits = configuration.batchLimits
        let splitter = ProductBatchSplitter(maxItems: limits.maxItemsPerBatchRequest, maxBytes: limits.maxBatchBodyBytes)
        let chunks: [ProductBatchSplitter.Chunk]
        do {
            chunks = try splitter.split(create: create, update: update, delete: delete)
        } catch {
            throw ProductBatchFailure(applied: ProductBatchResult(), notAppliedCreateHandles: create.map(\.handle),
                                      notAppliedUpdateIds: update.map(\.id), notAppliedDeleteIds: delete,
                                      underlying: error)
        }
        var result = ProductBatchResult()
        for (index, chunk) in chunks.enumerated() {
            let fields = update.isEmpty ? Self.createdProductFields : Self.productFields
            let request = AdminRequest(method: .post, path: "/admin/products/batch",
                                       query: [("fields", fields)], body: .json(chunk.body))
            do {
                let envelope = try await api.send(request, decoding: ProductBatchEnvelope.self)
                result.created += (envelope.created ?? []).map(\.model)
                result.updated += (envelope.updated ?? []).map(\.model)
                result.deletedIds += envelope.deleted?.ids ?? []
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                let remaining = chunks[index...].flatMap(\.entries)
                func labels(_ section: ProductBatchSplitter.Section) -> [String] {
                    remaining.filter { $0.section == section }.map(\.label)
                }
                throw ProductBatchFailure(
                    applied: result, notAppliedCreateHandles: labels(.create), notAppliedUpdateIds: labels(.update),
                    notAppliedDeleteIds: labels(.delete), underlying: Self.classified(error))
            }
        }
        return result
    }

    public func createProduct(_ input: ProductInput) async throws -> MedusaProduct {
        let path = "/admin/products"
        let body = try api.encode(AdminPayloads.productCreate(input), limit: configuration.batchLimits.maxBodyBytes,
                                  method: "POST", path: path, subject: "product '\(input.handle)'")
        return try await productRequest(.post, path, body: body)
    }

    public func updateProduct(_ update: ProductUpdate) async throws -> MedusaProduct {
        let path = "/admin/products/\(AdminAPI.segment(update.id))"
        let body = try api.encode(AdminPayloads.productUpdate(update, includeId: false),
                                  limit: configuration.batchLimits.maxBodyBytes, method: "POST", path: path,
                                  subject: "the update of product \(update.id)")
        return try await productRequest(.post, path, body: body)
    }

    public func deleteProduct(id: String) async throws {
        _ = try await api.send(AdminRequest(method: .delete, path: "/admin/products/\(AdminAPI.segment(id))"))
    }

    // MARK: - Options

    public func createOption(productId: String, option: OptionInput) async throws -> MedusaProduct {
        let path = "/admin/products/\(AdminAPI.segment(productId))/options"
        let body = try api.encode(AdminPayloads.option(option), limit: configuration.batchLimits.maxBodyBytes,
                                  method: "POST", path: path, subject: "option '\(option.title)'")
        return try await productRequest(.post, path, body: body)
    }

    public func updateOption(productId: String, optionId: String, option: OptionInput) async throws -> MedusaProduct {
        let path = "/admin/products/\(AdminAPI.segment(productId))/options/\(AdminAPI.segment(optionId))"
        let body = try api.encode(AdminPayloads.option(option), limit: configuration.batchLimits.maxBodyBytes,
                                  method: "POST", path: path, subject: "option '\(option.title)'")
        return try await productRequest(.post, path, body: body)
    }

    public func deleteOption(productId: String, optionId: String) async throws {
        let path = "/admin/products/\(AdminAPI.segment(productId))/options/\(AdminAPI.segment(optionId))"
        _ = try await api.send(AdminRequest(method: .delete, path: path))
    }

    // MARK: - Variants

    /// Medusa answers with the product; the new variant is found there by its sku.
    public func createVariant(productId: String, variant: VariantInput) async throws -> MedusaProduct {
        let path = "/admin/products/\(AdminAPI.segment(productId))/variants"
        let body = try api.encode(AdminPayloads.variantCreate(variant), limit: configuration.batchLimits.maxBodyBytes,
                                  method: "POST", path: path, subject: "variant '\(variant.sku ?? variant.title)'")
        return try await productRequest(.post, path, body: body)
    }

    public func updateVariant(productId: String, update: VariantUpdate) async throws -> MedusaProduct {
        let path = "/admin/products/\(AdminAPI.segment(productId))/variants/\(AdminAPI.segment(update.id))"
        let body = try api.encode(AdminPayloads.variantUpdate(update), limit: configuration.batchLimits.maxBodyBytes,
                                  method: "POST", path: path, subject: "the update of variant \(update.id)")
        return try await productRequest(.post, path, body: body)
    }

    public func deleteVariant(productId: String, variantId: String) async throws {
        let path = "/admin/products/\(AdminAPI.segment(productId))/variants/\(AdminAPI.segment(variantId))"
        _ = try await api.send(AdminRequest(method: .delete, path: path))
    }

    // MARK: - Categories

    public func categories() async throws -> [MedusaCategory] {
        try await listAll(path: "/admin/product-categories", filters: [], decoding: CategoryListEnvelope.self) {
            ($0.product_categories.map(\.model), $0.count)
        }
    }

    public func createCategory(_ input: CategoryInput) async throws -> MedusaCategory {
        let path = "/admin/product-categories"
        let body = try api.encode(AdminPayloads.category(input, isUpdate: false),
                                  limit: configuration.batchLimits.maxBodyBytes, method: "POST", path: path,
                                  subject: "category '\(input.handle)'")
        return try await api.send(AdminRequest(method: .post, path: path, body: .json(body)),
                                  decoding: CategoryEnvelope.self).product_category.model
    }

    public func updateCategory(id: String, _ input: CategoryInput) async throws -> MedusaCategory {
        let path = "/admin/product-categories/\(AdminAPI.segment(id))"
        let body = try api.encode(AdminPayloads.category(input, isUpdate: true),
                                  limit: configuration.batchLimits.maxBodyBytes, method: "POST", path: path,
                                  subject: "category '\(input.handle)'")
        return try await api.send(AdminRequest(method: .post, path: path, body: .json(body)),
                                  decoding: CategoryEnvelope.self).product_category.model
    }

    // MARK: - Inventory

    /// Updates the level (`POST …/location-levels/:location_id`); when Medusa says the item is not stocked there
    /// (404, or 400), creates it (`POST …/location-levels`). Medusa refuses negative stock, so a negative quantity
    /// (possible in Odoo) is written as 0, the closest state a shop can hold.
    public func setStockLevel(inventoryItemId: String, locationId: String, stockedQuantity: Decimal) async throws {
        let quantity = max(0, stockedQuantity)
        let item = AdminAPI.segment(inventoryItemId)
        let updatePath = "/admin/inventory-items/\(item)/location-levels/\(AdminAPI.segment(locationId))"
        let update = AdminRequest(method: .post, path: updatePath,
                                  body: .json(AdminPayloads.stockLevelUpdate(stockedQuantity: quantity).serialized()))
        do {
            _ = try await api.send(update)
            return
        } catch let error as MedusaError where error.failureClass == .missingRemotely || error.status == 400 {
            let create = AdminRequest(
                method: .post, path: "/admin/inventory-items/\(item)/location-levels",
                body: .json(AdminPayloads.stockLevelCreate(locationId: locationId, stockedQuantity: quantity).serialized()))
            do {
                _ = try await api.send(create)
            } catch let createError as MedusaError
                where createError.status == 400 && createError.message.contains("already exists") {
                // Created concurrently between the two calls: the update now finds it.
                _ = try await api.send(update)
            }
        }
    }

    /// Creates the level first (`POST …/location-levels`), for levels the sync has never written; when Medusa says it
    /// exists already (400 "already exists"), updates it instead.
    public func createStockLevel(inventoryItemId: String, locationId: String, stockedQuantity: Decimal) async throws {
        let quantity = max(0, stockedQuantity)
        let create = AdminRequest(
            method: .post, path: "/admin/inventory-items/\(AdminAPI.segment(inventoryItemId))/location-levels",
            body: .json(AdminPayloads.stockLevelCreate(locationId: locationId, stockedQuantity: quantity).serialized()))
        do {
            _ = try await api.send(create)
        } catch let error as MedusaError where error.status == 400 && error.message.contains("already exists") {
            try await setStockLevel(inventoryItemId: inventoryItemId, locationId: locationId, stockedQuantity: quantity)
        }
    }

    // MARK: - Uploads

    public func upload(fileName: String, contentType: String, data: [UInt8]) async throws -> String {
        var form = MultipartFormData()
        form.addFile(field: "files", fileName: fileName, contentType: contentType, data: data)
        let envelope = try await api.send(AdminRequest(method: .post, path: "/admin/uploads", body: .multipart(form)),
                                          decoding: UploadEnvelope.self)
        guard let file = envelope.files.first else {
            throw MedusaError(kind: .undecodableResponse, status: 200, message: "the upload response lists no file",
                              method: "POST", path: "/admin/uploads", failureClass: .permanent)
        }
        return file.url
    }

    // MARK: - Helpers

    /// A product-returning write: Medusa re-reads the product with the `fields` of the query.
    private func productRequest(_ method: HTTPRequest.Method, _ path: String, body: [UInt8]) async throws -> MedusaProduct {
        let request = AdminRequest(method: method, path: path, query: [("fields", Self.productFields)],
                                   body: .json(body))
        return try await api.send(request, decoding: ProductEnvelope.self).product.model
    }

    /// Pages through a list route (100 per page) until `count` items were read or a page comes back short.
    private func listAll<Envelope: Decodable, Item>(
        path: String, filters: [(String, String)], decoding: Envelope.Type,
        items: (Envelope) -> (items: [Item], count: Int?)
    ) async throws -> [Item] {
        let pageSize = 100
        var collected: [Item] = []
        for page in 0..<Self.maximumPages {
            let query = filters + [("limit", String(pageSize)), ("offset", String(page * pageSize))]
            let envelope = try await api.send(AdminRequest(method: .get, path: path, query: query), decoding: Envelope.self)
            let (pageItems, count) = items(envelope)
            collected += pageItems
            if pageItems.count < pageSize || collected.count >= (count ?? Int.max) { break }
        }
        return collected
    }

    private static func classified(_ error: any Error) -> any ClassifiedError {
        if let classified = error as? any ClassifiedError { return classified }
        return MedusaError(kind: .transport, message: String(describing: type(of: error)), method: "POST",
                           path: "/admin/products/batch", failureClass: failureClass(of: error))
    }
}
