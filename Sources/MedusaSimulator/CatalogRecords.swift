import Foundation

// The simulator's tables, shaped after Medusa 2.0's data models (product, product_variant, product_option,
// price, inventory_item, inventory_level, product_category, …). Soft-deleted rows keep `deletedAt`.

struct StoreRecord: Sendable {
    var id: String
    var name: String
    /// Lowercase ISO codes; the first is the default currency.
    var currencies: [String]
    var defaultSalesChannelId: String
    var defaultLocationId: String
    var createdAt: Date
}

struct SalesChannelRecord: Sendable {
    var id: String
    var name: String
    var description: String?
    var isDisabled: Bool
    var createdAt: Date
}

struct StockLocationRecord: Sendable {
    var id: String
    var name: String
    var createdAt: Date
}

struct ImageRecord: Sendable {
    var id: String
    var url: String
    var rank: Int
}

struct ProductRecord: Sendable {
    var id: String
    var title: String
    var subtitle: String?
    var description: String?
    var handle: String
    var status: String
    var externalId: String?
    var isGiftcard: Bool
    var discountable: Bool
    var thumbnail: String?
    var collectionId: String?
    var typeId: String?
    /// Product dimensions live in `text` columns, so Medusa returns them as strings.
    var weight: String?
    var length: String?
    var height: String?
    var width: String?
    var hsCode: String?
    var midCode: String?
    var originCountry: String?
    var material: String?
    var metadata: OrderedJSON?
    var optionIds: [String] = []
    var variantIds: [String] = []
    var images: [ImageRecord] = []
    var tagIds: [String] = []
    var categoryIds: [String] = []
    var salesChannelIds: [String] = []
    var createdAt: Date
    var updatedAt: Date
    var deletedAt: Date?
}

struct OptionValueRecord: Sendable {
    var id: String
    var value: String
}

struct OptionRecord: Sendable {
    var id: String
    var productId: String
    var title: String
    var values: [OptionValueRecord]
    var createdAt: Date
    var updatedAt: Date
}

struct PriceRecord: Sendable {
    var id: String
    var currencyCode: String
    var amount: Decimal
    var minQuantity: Decimal?
    var maxQuantity: Decimal?
    var rules: [(String, String)]
    var createdAt: Date
    var updatedAt: Date
}

struct InventoryLinkRecord: Sendable {
    var inventoryItemId: String
    var requiredQuantity: Decimal
}

struct VariantRecord: Sendable {
    var id: String
    var productId: String
    var title: String
    var sku: String?
    var ean: String?
    var upc: String?
    var barcode: String?
    var hsCode: String?
    var midCode: String?
    var originCountry: String?
    var material: String?
    var variantRank: Decimal?
    var weight: Decimal?
    var length: Decimal?
    var height: Decimal?
    var width: Decimal?
    var manageInventory: Bool
    var allowBackorder: Bool
    var metadata: OrderedJSON?
    /// Ids of the option values this variant has (one per option at most).
    var optionValueIds: [String]
    var prices: [PriceRecord]
    var inventoryLinks: [InventoryLinkRecord]
    var createdAt: Date
    var updatedAt: Date
    var deletedAt: Date?
}

struct InventoryLevelRecord: Sendable {
    var id: String
    var locationId: String
    var stockedQuantity: Decimal
    var incomingQuantity: Decimal
    var reservedQuantity: Decimal
    var createdAt: Date
    var updatedAt: Date
}

struct InventoryItemRecord: Sendable {
    var id: String
    var sku: String?
    var title: String?
    var description: String?
    var requiresShipping: Bool
    var levels: [InventoryLevelRecord]
    var createdAt: Date
    var updatedAt: Date
    var deletedAt: Date?
}

struct CategoryRecord: Sendable {
    var id: String
    var name: String
    var description: String
    var handle: String
    var isActive: Bool
    var isInternal: Bool
    var parentCategoryId: String?
    var rank: Decimal
    var metadata: OrderedJSON?
    var createdAt: Date
    var updatedAt: Date
}

struct UploadRecord: Sendable {
    var id: String
    var fileName: String
    var contentType: String
    var data: [UInt8]
}

/// Issues ids shaped like Medusa's (`prod_01JAB…`: a prefix and a 26-character ULID).
struct IdentifierGenerator: Sendable {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    private var counter: UInt64 = 0
    private var lastTime: UInt64 = 0

    /// Time-ordered (a counter breaks ties within a millisecond), so sorting by id sorts by creation. Built as ASCII
    /// bytes: a batch of 100 products asks for a thousand ids.
    mutating func next(_ prefix: String) -> String {
        counter &+= 1
        var time = UInt64(Date().timeIntervalSince1970 * 1000)
        if time <= lastTime { time = lastTime } else { lastTime = time }
        var bytes = Array(prefix.utf8)
        bytes.append(UInt8(ascii: "_"))
        Self.append(time, digits: 10, to: &bytes)
        Self.append(counter, digits: 16, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `value` in Crockford base 32, most significant digit first, `digits` long.
    private static func append(_ value: UInt64, digits: Int, to bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: digits))
        var rest = value
        for index in stride(from: start + digits - 1, through: start, by: -1) {
            bytes[index] = alphabet[Int(rest & 31)]
            rest >>= 5
        }
    }
}
