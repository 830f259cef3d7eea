import ExactJSON
import Foundation

// Medusa v2 Admin API values as the sync sees them. Amounts are major units (19.99) as Decimal; currency codes lowercase.

public enum ProductStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case draft, proposed, published, rejected
}

public struct MedusaStoreInfo: Sendable, Hashable, Codable {
    public var id: String
    /// Lowercase ISO codes the store supports, default first.
    public var supportedCurrencies: [String]
    public var defaultCurrency: String?
    public var defaultSalesChannelId: String?
    public var defaultLocationId: String?

    public init(id: String, supportedCurrencies: [String], defaultCurrency: String? = nil,
                defaultSalesChannelId: String? = nil, defaultLocationId: String? = nil) {
        self.id = id; self.supportedCurrencies = supportedCurrencies; self.defaultCurrency = defaultCurrency
        self.defaultSalesChannelId = defaultSalesChannelId; self.defaultLocationId = defaultLocationId
    }
}

public struct MedusaPrice: Sendable, Hashable, Codable {
    public var id: String?
    public var currencyCode: String
    public var amount: Decimal
    /// Price rules such as `region_id`: a price with rules applies only where they match. The sync writes base prices
    /// and keeps every other price as Medusa has it.
    public var rules: [String: String]
    /// Quantity tiers (a price from 10 units on); a tier is not a base price either.
    public var minQuantity: Decimal?
    public var maxQuantity: Decimal?

    public init(id: String? = nil, currencyCode: String, amount: Decimal, rules: [String: String] = [:],
                minQuantity: Decimal? = nil, maxQuantity: Decimal? = nil) {
        self.id = id; self.currencyCode = currencyCode; self.amount = amount; self.rules = rules
        self.minQuantity = minQuantity; self.maxQuantity = maxQuantity
    }

    /// The price for every buyer and quantity in its currency (no rules, no tier): the one the sync owns.
    public var isBasePrice: Bool { rules.isEmpty && minQuantity == nil && maxQuantity == nil }
}

public struct MedusaOption: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var values: [String]

    public init(id: String, title: String, values: [String]) {
        self.id = id; self.title = title; self.values = values
    }
}

public struct MedusaVariant: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var sku: String?
    public var barcode: String?
    /// Option title → value.
    public var options: [String: String]
    public var prices: [MedusaPrice]
    public var manageInventory: Bool
    public var metadata: [String: JSONValue]?
    /// Present when the read asked for `variants.inventory_items.inventory_item_id`.
    public var inventoryItemId: String?
    public var weight: Decimal?

    public init(id: String, title: String, sku: String? = nil, barcode: String? = nil, options: [String: String] = [:],
                prices: [MedusaPrice] = [], manageInventory: Bool = true, metadata: [String: JSONValue]? = nil,
                inventoryItemId: String? = nil, weight: Decimal? = nil) {
        self.id = id; self.title = title; self.sku = sku; self.barcode = barcode; self.options = options
        self.prices = prices; self.manageInventory = manageInventory; self.metadata = metadata
        self.inventoryItemId = inventoryItemId; self.weight = weight
    }
}

public struct MedusaProduct: Sendable, Hashable, Codable {
    public var id: String
    public var handle: String
    public var title: String
    public var description: String?
    public var status: ProductStatus
    public var externalId: String?
    public var metadata: [String: JSONValue]?
    public var thumbnail: String?
    public var imageURLs: [String]
    public var options: [MedusaOption]
    public var variants: [MedusaVariant]
    public var salesChannelIds: [String]
    /// Present when the read asked for `categories.id`.
    public var categoryIds: [String]
    public var weight: Decimal?

    public init(id: String, handle: String, title: String, description: String? = nil, status: ProductStatus = .draft,
                externalId: String? = nil, metadata: [String: JSONValue]? = nil, thumbnail: String? = nil,
                imageURLs: [String] = [], options: [MedusaOption] = [], variants: [MedusaVariant] = [],
                salesChannelIds: [String] = [], categoryIds: [String] = [], weight: Decimal? = nil) {
        self.id = id; self.handle = handle; self.title = title; self.description = description; self.status = status
        self.externalId = externalId; self.metadata = metadata; self.thumbnail = thumbnail; self.imageURLs = imageURLs
        self.options = options; self.variants = variants; self.salesChannelIds = salesChannelIds
        self.categoryIds = categoryIds; self.weight = weight
    }
}

public struct MedusaCategory: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var handle: String
    public var parentCategoryId: String?
    public var isActive: Bool
    public var metadata: [String: JSONValue]?

    public init(id: String, name: String, handle: String, parentCategoryId: String? = nil, isActive: Bool = true,
                metadata: [String: JSONValue]? = nil) {
        self.id = id; self.name = name; self.handle = handle; self.parentCategoryId = parentCategoryId
        self.isActive = isActive; self.metadata = metadata
    }
}

// MARK: - Write payloads (what the client serialises; nil fields are not sent)

public struct OptionInput: Sendable, Hashable, Codable {
    public var title: String
    public var values: [String]

    public init(title: String, values: [String]) { self.title = title; self.values = values }
}

public struct VariantInput: Sendable, Hashable, Codable {
    public var title: String
    public var sku: String?
    public var barcode: String?
    public var options: [String: String]
    public var prices: [MedusaPrice]
    public var manageInventory: Bool
    public var allowBackorder: Bool?
    public var variantRank: Int?
    public var weight: Decimal?
    public var metadata: [String: JSONValue]?

    public init(title: String, sku: String? = nil, barcode: String? = nil, options: [String: String],
                prices: [MedusaPrice], manageInventory: Bool, allowBackorder: Bool? = nil, variantRank: Int? = nil,
                weight: Decimal? = nil, metadata: [String: JSONValue]? = nil) {
        self.title = title; self.sku = sku; self.barcode = barcode; self.options = options; self.prices = prices
        self.manageInventory = manageInventory; self.allowBackorder = allowBackorder; self.variantRank = variantRank
        self.weight = weight; self.metadata = metadata
    }
}

/// `POST /admin/products` (or a `create` entry of `/admin/products/batch`).
public struct ProductInput: Sendable, Hashable, Codable {
    public var title: String
    public var handle: String
    public var description: String?
    public var status: ProductStatus
    public var externalId: String?
    public var metadata: [String: JSONValue]?
    public var thumbnail: String?
    public var imageURLs: [String]
    public var options: [OptionInput]
    public var variants: [VariantInput]
    public var salesChannelIds: [String]
    public var categoryIds: [String]
    public var weight: Decimal?

    public init(title: String, handle: String, description: String? = nil, status: ProductStatus,
                externalId: String? = nil, metadata: [String: JSONValue]? = nil, thumbnail: String? = nil,
                imageURLs: [String] = [], options: [OptionInput], variants: [VariantInput],
                salesChannelIds: [String] = [], categoryIds: [String] = [], weight: Decimal? = nil) {
        self.title = title; self.handle = handle; self.description = description; self.status = status
        self.externalId = externalId; self.metadata = metadata; self.thumbnail = thumbnail; self.imageURLs = imageURLs
        self.options = options; self.variants = variants; self.salesChannelIds = salesChannelIds
        self.categoryIds = categoryIds; self.weight = weight
    }
}

/// A product-level update. Only non-nil fields are sent. The list fields (images, categories, sales channels)
/// REPLACE Medusa's lists, so the planner sets them only with the complete intended list. Variants and options are
/// never sent here: they change through the variant/option endpoints so nothing is deleted by omission.
public struct ProductUpdate: Sendable, Hashable, Codable {
    public var id: String
    public var title: String?
    public var handle: String?
    public var description: String??
    public var status: ProductStatus?
    public var externalId: String?
    public var metadata: [String: JSONValue]?
    public var thumbnail: String??
    public var imageURLs: [String]?
    public var salesChannelIds: [String]?
    public var categoryIds: [String]?
    public var weight: Decimal??

    public init(id: String, title: String? = nil, handle: String? = nil, description: String?? = nil,
                status: ProductStatus? = nil, externalId: String? = nil, metadata: [String: JSONValue]? = nil,
                thumbnail: String?? = nil, imageURLs: [String]? = nil, salesChannelIds: [String]? = nil,
                categoryIds: [String]? = nil, weight: Decimal?? = nil) {
        self.id = id; self.title = title; self.handle = handle; self.description = description; self.status = status
        self.externalId = externalId; self.metadata = metadata; self.thumbnail = thumbnail; self.imageURLs = imageURLs
        self.salesChannelIds = salesChannelIds; self.categoryIds = categoryIds; self.weight = weight
    }

    /// True when nothing would be sent besides the id.
    public var isEmpty: Bool {
        title == nil && handle == nil && description == nil && status == nil && externalId == nil && metadata == nil
            && thumbnail == nil && imageURLs == nil && salesChannelIds == nil && categoryIds == nil && weight == nil
    }
}

/// `POST /admin/products/:id/variants/:vid`. Only non-nil fields are sent; `prices` replaces the variant's prices.
public struct VariantUpdate: Sendable, Hashable, Codable {
    public var id: String
    public var title: String?
    public var sku: String??
    public var barcode: String??
    public var options: [String: String]?
    public var prices: [MedusaPrice]?
    public var manageInventory: Bool?
    public var weight: Decimal??
    public var metadata: [String: JSONValue]?

    public init(id: String, title: String? = nil, sku: String?? = nil, barcode: String?? = nil,
                options: [String: String]? = nil, prices: [MedusaPrice]? = nil, manageInventory: Bool? = nil,
                weight: Decimal?? = nil, metadata: [String: JSONValue]? = nil) {
        self.id = id; self.title = title; self.sku = sku; self.barcode = barcode; self.options = options
        self.prices = prices; self.manageInventory = manageInventory; self.weight = weight; self.metadata = metadata
    }
}

public struct CategoryInput: Sendable, Hashable, Codable {
    public var name: String
    public var handle: String
    public var description: String?
    public var parentCategoryId: String?
    public var isActive: Bool
    public var isInternal: Bool
    public var rank: Int?
    public var metadata: [String: JSONValue]?

    public init(name: String, handle: String, description: String? = nil, parentCategoryId: String? = nil,
                isActive: Bool = true, isInternal: Bool = false, rank: Int? = nil, metadata: [String: JSONValue]? = nil) {
        self.name = name; self.handle = handle; self.description = description
        self.parentCategoryId = parentCategoryId; self.isActive = isActive; self.isInternal = isInternal
        self.rank = rank; self.metadata = metadata
    }
}

public struct ProductBatchResult: Sendable, Hashable {
    public var created: [MedusaProduct]
    public var updated: [MedusaProduct]
    public var deletedIds: [String]

    public init(created: [MedusaProduct] = [], updated: [MedusaProduct] = [], deletedIds: [String] = []) {
        self.created = created; self.updated = updated; self.deletedIds = deletedIds
    }
}
