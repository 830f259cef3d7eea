import ExactJSON
import Foundation
import SyncCore

/// Everything the simulated store holds, for tests to assert on without going through the HTTP API.
public struct MedusaSimulatorSnapshot: Sendable, Hashable {
    /// Live products in creation order.
    public var products: [Product]
    /// Soft-deleted products (their handles and SKUs are free again).
    public var deletedProducts: [Product]
    public var categories: [Category]
    /// Live inventory items, including ones no variant uses any more.
    public var inventoryItems: [InventoryItem]
    public var uploads: [Upload]

    public func product(handle: String) -> Product? { products.first { $0.handle == handle } }
    public func product(id: String) -> Product? { products.first { $0.id == id } }

    public struct Product: Sendable, Hashable {
        public var id: String
        public var handle: String
        public var title: String
        public var description: String?
        public var status: String
        public var externalId: String?
        public var thumbnail: String?
        public var imageURLs: [String]
        public var options: [Option]
        public var variants: [Variant]
        public var salesChannelIds: [String]
        public var categoryIds: [String]
        public var metadata: JSONValue?
        /// As stored: product dimensions are text in Medusa.
        public var weight: String?
        public var deletedAt: Date?
    }

    public struct Option: Sendable, Hashable {
        public var id: String
        public var title: String
        public var values: [String]
    }

    public struct Variant: Sendable, Hashable {
        public var id: String
        public var title: String
        public var sku: String?
        public var barcode: String?
        public var ean: String?
        public var upc: String?
        /// Option title → value.
        public var options: [String: String]
        public var prices: [Price]
        public var manageInventory: Bool
        public var allowBackorder: Bool
        public var inventoryItemIds: [String]
        /// Stock levels of the variant's (first) inventory item.
        public var inventoryLevels: [InventoryLevel]
        public var metadata: JSONValue?
    }

    public struct Price: Sendable, Hashable {
        public var id: String
        public var currencyCode: String
        public var amount: Decimal
    }

    public struct InventoryItem: Sendable, Hashable {
        public var id: String
        public var sku: String?
        public var levels: [InventoryLevel]
    }

    public struct InventoryLevel: Sendable, Hashable {
        public var locationId: String
        public var stockedQuantity: Decimal
        public var incomingQuantity: Decimal
    }

    public struct Category: Sendable, Hashable {
        public var id: String
        public var name: String
        public var handle: String
        public var parentCategoryId: String?
        public var isActive: Bool
        public var isInternal: Bool
        /// Live products linked to the category.
        public var productIds: [String]
    }

    public struct Upload: Sendable, Hashable {
        public var id: String
        public var fileName: String
        public var contentType: String
        public var byteCount: Int
        public var url: String
    }
}

/// Requests the simulator answered, by route (`POST /admin/products/batch`), for benchmarks: reads vs writes and
/// request bytes received. Faults injected before a request reached the store are counted by `FaultInjector`.
public struct MedusaRequestCounts: Sendable, Hashable {
    public struct Route: Sendable, Hashable {
        public var requests: Int = 0
        public var bytesIn: Int = 0
    }

    public var byRoute: [String: Route] = [:]
    /// Stock levels created or updated by successful requests, whichever route wrote them.
    public var levelsWritten = 0

    public var total: Int { byRoute.values.reduce(0) { $0 + $1.requests } }
    /// GET requests.
    public var reads: Int { byRoute.filter { $0.key.hasPrefix("GET ") }.values.reduce(0) { $0 + $1.requests } }
    /// POST and DELETE requests (including logins and uploads).
    public var writes: Int { total - reads }
    public var bytesIn: Int { byRoute.values.reduce(0) { $0 + $1.bytesIn } }

    public func requests(_ route: String) -> Int { byRoute[route]?.requests ?? 0 }

    /// The bucket of requests to a route the simulated version does not have (answered with Express's plain 404).
    public static func unknownRouteKey(method: String, path: String) -> String { "\(method) \(path) (no such route)" }
}

extension JSONValue {
    init(_ value: OrderedJSON) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(JSONValue.init))
        case .object(let members): self = .object(Dictionary(uniqueKeysWithValues: members.pairs.map { ($0, JSONValue($1)) }))
        }
    }
}

extension CatalogState {
    func snapshot(baseURL: String) -> MedusaSimulatorSnapshot {
        let all = productOrder.ids.compactMap { products[$0] }
        return MedusaSimulatorSnapshot(
            products: all.filter { $0.deletedAt == nil }.map(snapshot(product:)),
            deletedProducts: all.filter { $0.deletedAt != nil }.map(snapshot(product:)),
            categories: categoryOrder.ids.compactMap { categories[$0] }.map { category in
                MedusaSimulatorSnapshot.Category(
                    id: category.id, name: category.name, handle: category.handle,
                    parentCategoryId: category.parentCategoryId, isActive: category.isActive,
                    isInternal: category.isInternal,
                    productIds: liveProducts.filter { $0.categoryIds.contains(category.id) }.map(\.id))
            },
            inventoryItems: liveInventoryItems.map { item in
                MedusaSimulatorSnapshot.InventoryItem(id: item.id, sku: item.sku, levels: item.levels.map(snapshot(level:)))
            },
            uploads: uploadOrder.compactMap { uploads[$0] }.map { upload in
                MedusaSimulatorSnapshot.Upload(id: upload.id, fileName: upload.fileName, contentType: upload.contentType,
                                               byteCount: upload.data.count, url: "\(baseURL)/static/\(upload.id)")
            })
    }

    private func snapshot(product: ProductRecord) -> MedusaSimulatorSnapshot.Product {
        let productOptions = productOptions(product)
        let productVariants = product.variantIds.compactMap { variants[$0] }
            .filter { $0.deletedAt == nil || product.deletedAt != nil }
        return MedusaSimulatorSnapshot.Product(
            id: product.id, handle: product.handle, title: product.title, description: product.description,
            status: product.status, externalId: product.externalId, thumbnail: product.thumbnail,
            imageURLs: product.images.map(\.url),
            options: productOptions.map { .init(id: $0.id, title: $0.title, values: $0.values.map(\.value)) },
            variants: productVariants.map { variant in
                var optionMap: [String: String] = [:]
                for option in productOptions {
                    if let value = option.values.first(where: { variant.optionValueIds.contains($0.id) }) {
                        optionMap[option.title] = value.value
                    }
                }
                let itemIds = variant.inventoryLinks.map(\.inventoryItemId)
                return MedusaSimulatorSnapshot.Variant(
                    id: variant.id, title: variant.title, sku: variant.sku, barcode: variant.barcode, ean: variant.ean,
                    upc: variant.upc, options: optionMap,
                    prices: variant.prices.map { .init(id: $0.id, currencyCode: $0.currencyCode, amount: $0.amount) },
                    manageInventory: variant.manageInventory, allowBackorder: variant.allowBackorder,
                    inventoryItemIds: itemIds,
                    inventoryLevels: itemIds.first.flatMap { inventoryItems[$0] }?.levels.map(snapshot(level:)) ?? [],
                    metadata: variant.metadata.map(JSONValue.init))
            },
            salesChannelIds: product.salesChannelIds, categoryIds: product.categoryIds,
            metadata: product.metadata.map(JSONValue.init), weight: product.weight, deletedAt: product.deletedAt)
    }

    private func snapshot(level: InventoryLevelRecord) -> MedusaSimulatorSnapshot.InventoryLevel {
        .init(locationId: level.locationId, stockedQuantity: level.stockedQuantity,
              incomingQuantity: level.incomingQuantity)
    }
}
