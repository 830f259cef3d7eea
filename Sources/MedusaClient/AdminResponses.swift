import ExactJSON
import Foundation
import SyncCore

// Response bodies, decoded tolerantly where Medusa is loose: product dimensions come as numbers or strings
// (text columns), any field may be null or missing when a relation was not selected, and extra keys are ignored.
// Identity fields (`id`) stay required: a product without an id is a broken response, not a loose one.

/// A number that Medusa may send as a JSON number or as a numeric string.
struct LenientDecimal: Decodable, Sendable {
    var value: Decimal?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { value = nil; return }
        if let number = try? container.decode(Decimal.self) { value = number; return }
        if let text = try? container.decode(String.self) {
            value = Decimal(string: text.trimmingCharacters(in: .whitespaces), locale: Locale(identifier: "en_US_POSIX"))
            return
        }
        value = nil
    }
}

/// A boolean that may arrive as `true`/`false` or as the strings Medusa's `booleanString()` accepts.
struct LenientBool: Decodable, Sendable {
    var value: Bool?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) { value = flag }
        else if let text = try? container.decode(String.self) { value = ["true": true, "false": false][text.lowercased()] }
        else { value = nil }
    }
}

extension KeyedDecodingContainer {
    /// Missing, null or of an unexpected type → nil.
    func lenient<T: Decodable>(_ type: T.Type, _ key: Key) -> T? { (try? decodeIfPresent(T.self, forKey: key)) ?? nil }
    /// Missing or null → empty; a malformed element fails the whole list (it would be a broken response).
    func list<T: Decodable>(_ type: T.Type, _ key: Key) throws -> [T] { try decodeIfPresent([T].self, forKey: key) ?? [] }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

struct IdOnly: Decodable, Sendable { var id: String }

struct PriceBody: Decodable, Sendable {
    var id: String?
    var currencyCode: String
    var amount: Decimal
    var rules: [String: String]
    var minQuantity: Decimal?
    var maxQuantity: Decimal?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        id = container.lenient(String.self, AnyKey("id"))
        currencyCode = (container.lenient(String.self, AnyKey("currency_code")) ?? "").lowercased()
        amount = container.lenient(LenientDecimal.self, AnyKey("amount"))?.value ?? 0
        rules = container.lenient([String: String].self, AnyKey("rules")) ?? [:]
        minQuantity = container.lenient(LenientDecimal.self, AnyKey("min_quantity"))?.value
        maxQuantity = container.lenient(LenientDecimal.self, AnyKey("max_quantity"))?.value
    }

    var model: MedusaPrice {
        MedusaPrice(id: id, currencyCode: currencyCode, amount: amount, rules: rules, minQuantity: minQuantity,
                    maxQuantity: maxQuantity)
    }
}

struct OptionValueBody: Decodable, Sendable {
    var id: String?
    var value: String
    var optionId: String?
    var optionTitle: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        id = container.lenient(String.self, AnyKey("id"))
        value = container.lenient(String.self, AnyKey("value")) ?? ""
        optionId = container.lenient(String.self, AnyKey("option_id"))
        struct OptionTitle: Decodable { var id: String?; var title: String? }
        let option = container.lenient(OptionTitle.self, AnyKey("option"))
        optionTitle = option?.title
        if optionId == nil { optionId = option?.id }
    }
}

struct OptionBody: Decodable, Sendable {
    var id: String
    var title: String
    var values: [OptionValueBody]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        id = try container.decode(String.self, forKey: AnyKey("id"))
        title = container.lenient(String.self, AnyKey("title")) ?? ""
        values = try container.list(OptionValueBody.self, AnyKey("values"))
    }
}

struct VariantBody: Decodable, Sendable {
    var id: String
    var title: String
    var sku: String?
    var barcode: String?
    var optionValues: [OptionValueBody]
    var prices: [PriceBody]
    var manageInventory: Bool
    var metadata: [String: JSONValue]?
    var inventoryItemIds: [String]
    var weight: Decimal?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        id = try container.decode(String.self, forKey: AnyKey("id"))
        title = container.lenient(String.self, AnyKey("title")) ?? ""
        sku = container.lenient(String.self, AnyKey("sku"))
        barcode = container.lenient(String.self, AnyKey("barcode"))
        optionValues = try container.list(OptionValueBody.self, AnyKey("options"))
        prices = try container.list(PriceBody.self, AnyKey("prices"))
        manageInventory = container.lenient(LenientBool.self, AnyKey("manage_inventory"))?.value ?? true
        metadata = container.lenient([String: JSONValue].self, AnyKey("metadata"))
        weight = container.lenient(LenientDecimal.self, AnyKey("weight"))?.value
        struct InventoryLink: Decodable { var inventory_item_id: String?; var inventory: IdOnly? }
        inventoryItemIds = (container.lenient([InventoryLink].self, AnyKey("inventory_items")) ?? [])
            .compactMap { $0.inventory_item_id ?? $0.inventory?.id }
    }

    /// Variant option values name their option by id; titles come from the product's options.
    func model(optionTitles: [String: String]) -> MedusaVariant {
        var options: [String: String] = [:]
        for value in optionValues {
            guard let title = value.optionTitle ?? value.optionId.flatMap({ optionTitles[$0] }) else { continue }
            options[title] = value.value
        }
        return MedusaVariant(id: id, title: title, sku: sku, barcode: barcode, options: options,
                             prices: prices.map(\.model), manageInventory: manageInventory, metadata: metadata,
                             inventoryItemId: inventoryItemIds.first, weight: weight)
    }
}

struct ProductBody: Decodable, Sendable {
    var model: MedusaProduct

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let id = try container.decode(String.self, forKey: AnyKey("id"))
        struct URLOnly: Decodable { var url: String? }
        let options = try container.list(OptionBody.self, AnyKey("options"))
        let optionTitles = Dictionary(options.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        let variants = try container.list(VariantBody.self, AnyKey("variants"))
        let status = container.lenient(String.self, AnyKey("status")).flatMap(ProductStatus.init(rawValue:)) ?? .draft
        model = MedusaProduct(
            id: id,
            handle: container.lenient(String.self, AnyKey("handle")) ?? "",
            title: container.lenient(String.self, AnyKey("title")) ?? "",
            description: container.lenient(String.self, AnyKey("description")),
            status: status,
            externalId: container.lenient(String.self, AnyKey("external_id")),
            metadata: container.lenient([String: JSONValue].self, AnyKey("metadata")),
            thumbnail: container.lenient(String.self, AnyKey("thumbnail")),
            imageURLs: (container.lenient([URLOnly].self, AnyKey("images")) ?? []).compactMap(\.url),
            options: options.map { MedusaOption(id: $0.id, title: $0.title, values: $0.values.map(\.value)) },
            variants: variants.map { $0.model(optionTitles: optionTitles) },
            salesChannelIds: (container.lenient([IdOnly].self, AnyKey("sales_channels")) ?? []).map(\.id),
            categoryIds: (container.lenient([IdOnly].self, AnyKey("categories")) ?? []).map(\.id),
            weight: container.lenient(LenientDecimal.self, AnyKey("weight"))?.value)
    }
}

struct CategoryBody: Decodable, Sendable {
    var model: MedusaCategory

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let id = try container.decode(String.self, forKey: AnyKey("id"))
        model = MedusaCategory(
            id: id,
            name: container.lenient(String.self, AnyKey("name")) ?? "",
            handle: container.lenient(String.self, AnyKey("handle")) ?? "",
            parentCategoryId: container.lenient(String.self, AnyKey("parent_category_id")),
            isActive: container.lenient(LenientBool.self, AnyKey("is_active"))?.value ?? false,
            metadata: container.lenient([String: JSONValue].self, AnyKey("metadata")))
    }
}

struct ProductEnvelope: Decodable { var product: ProductBody }
struct ProductListEnvelope: Decodable { var products: [ProductBody]; var count: Int? }
struct ProductBatchEnvelope: Decodable {
    struct Deleted: Decodable { var ids: [String]? }
    var created: [ProductBody]?
    var updated: [ProductBody]?
    var deleted: Deleted?
}
struct CategoryEnvelope: Decodable { var product_category: CategoryBody }
struct CategoryListEnvelope: Decodable { var product_categories: [CategoryBody]; var count: Int? }
struct UploadEnvelope: Decodable {
    struct File: Decodable { var id: String?; var url: String }
    var files: [File]
}

struct StoreListEnvelope: Decodable {
    struct Currency: Decodable {
        var currency_code: String
        var is_default: LenientBool?
    }
    struct Store: Decodable {
        var id: String
        var supported_currencies: [Currency]?
        var default_sales_channel_id: String?
        var default_location_id: String?
    }
    var stores: [Store]
}

/// An error body: `{type, message, code?}` from the error handler, or `{message}` from the auth middleware.
struct ErrorEnvelope: Decodable {
    var type: String?
    var message: String?
    var code: String?
}

/// A Medusa sales channel, as listed by `GET /admin/sales-channels`.
public struct MedusaSalesChannel: Sendable, Hashable, Decodable {
    public var id: String
    public var name: String
    public var isDisabled: Bool

    public init(id: String, name: String, isDisabled: Bool = false) {
        self.id = id; self.name = name; self.isDisabled = isDisabled
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        id = try container.decode(String.self, forKey: AnyKey("id"))
        name = container.lenient(String.self, AnyKey("name")) ?? ""
        isDisabled = container.lenient(LenientBool.self, AnyKey("is_disabled"))?.value ?? false
    }
}

/// A Medusa stock location, as listed by `GET /admin/stock-locations`.
public struct MedusaStockLocation: Sendable, Hashable, Decodable {
    public var id: String
    public var name: String

    public init(id: String, name: String) { self.id = id; self.name = name }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        id = try container.decode(String.self, forKey: AnyKey("id"))
        name = container.lenient(String.self, AnyKey("name")) ?? ""
    }
}

struct SalesChannelListEnvelope: Decodable { var sales_channels: [MedusaSalesChannel]; var count: Int? }
struct StockLocationListEnvelope: Decodable { var stock_locations: [MedusaStockLocation]; var count: Int? }
