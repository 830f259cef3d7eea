import Foundation
import Simulators
import SyncCore

/// The Medusa simulator's catalogue without generated ids: products by handle, categories by handle, variants by their
/// Odoo id. Two shops synced from the same Odoo data are equal whatever order or retries produced them.
struct ShopState: Equatable, Sendable {
    var products: [String: ShopProduct]
    var categories: [String: ShopCategory]
    var deletedHandles: [String]
    var uploadCount: Int
    /// Handles of live products, sorted.
    var handles: [String] { products.keys.sorted() }

    init(_ snapshot: MedusaSimulatorSnapshot, defaultLocation: String) {
        var categoryHandles: [String: String] = [:]
        for category in snapshot.categories { categoryHandles[category.id] = category.handle }
        var categories: [String: ShopCategory] = [:]
        for category in snapshot.categories {
            categories[category.handle] = ShopCategory(
                name: category.name, parentHandle: category.parentCategoryId.flatMap { categoryHandles[$0] },
                isActive: category.isActive, isInternal: category.isInternal)
        }
        var products: [String: ShopProduct] = [:]
        for product in snapshot.products {
            products[product.handle] = ShopProduct(product, categoryHandles: categoryHandles, defaultLocation: defaultLocation)
        }
        self.products = products
        self.categories = categories
        deletedHandles = snapshot.deletedProducts.map(\.handle).sorted()
        uploadCount = snapshot.uploads.count
    }

    /// Every product whose projection differs, with both sides, for a readable failure message.
    func differences(from other: ShopState) -> [String] {
        var lines: [String] = []
        for handle in Set(products.keys).union(other.products.keys).sorted() where products[handle] != other.products[handle] {
            lines.append("\(handle):\n  this:  \(products[handle].map(String.init(describing:)) ?? "missing")\n  other: \(other.products[handle].map(String.init(describing:)) ?? "missing")")
        }
        if categories != other.categories { lines.append("categories: \(categories) ≠ \(other.categories)") }
        return lines
    }
}

struct ShopCategory: Equatable, Sendable {
    var name: String
    var parentHandle: String?
    var isActive: Bool
    var isInternal: Bool
}

struct ShopProduct: Equatable, Sendable, CustomStringConvertible {
    var handle: String
    var title: String
    var status: String
    var productDescription: String?
    var externalId: String?
    var templateId: Int?
    /// Option title → values (sorted: Medusa gives option values no order).
    var options: [String: [String]]
    /// Sorted by Odoo variant id.
    var variants: [ShopVariant]
    var categoryHandles: [String]
    var salesChannelIds: [String]
    var imageCount: Int
    /// The thumbnail is the first image (nil when there are no images).
    var thumbnailIsFirstImage: Bool

    init(_ product: MedusaSimulatorSnapshot.Product, categoryHandles: [String: String], defaultLocation: String) {
        handle = product.handle
        title = product.title
        status = product.status
        productDescription = product.description
        externalId = product.externalId
        templateId = product.metadata?["odoo_template_id"]?.intValue
        var options: [String: [String]] = [:]
        for option in product.options { options[option.title] = option.values.sorted() }
        self.options = options
        variants = product.variants.map { ShopVariant($0, defaultLocation: defaultLocation) }
            .sorted { ($0.odooId ?? Int.max, $0.sku ?? "") < ($1.odooId ?? Int.max, $1.sku ?? "") }
        self.categoryHandles = product.categoryIds.compactMap { categoryHandles[$0] }.sorted()
        salesChannelIds = product.salesChannelIds.sorted()
        imageCount = product.imageURLs.count
        thumbnailIsFirstImage = product.thumbnail == product.imageURLs.first
    }

    func variant(odooId: Int) -> ShopVariant? { variants.first { $0.odooId == odooId } }

    var description: String {
        "\(title) [\(status)] ext=\(externalId ?? "nil") options=\(options.sorted { $0.key < $1.key }) categories=\(categoryHandles) "
            + "channels=\(salesChannelIds) images=\(imageCount) variants=\(variants)"
    }
}

struct ShopVariant: Equatable, Sendable, CustomStringConvertible {
    var odooId: Int?
    var title: String
    var sku: String?
    var barcode: String?
    var options: [String: String]
    /// Currency code → amount.
    var prices: [String: Decimal]
    var manageInventory: Bool
    /// Stocked quantity at the store's default location; nil when the variant has no level there.
    var stock: Decimal?

    init(_ variant: MedusaSimulatorSnapshot.Variant, defaultLocation: String) {
        odooId = variant.metadata?["odoo_variant_id"]?.intValue
        title = variant.title
        sku = variant.sku
        barcode = variant.barcode
        options = variant.options
        var prices: [String: Decimal] = [:]
        for price in variant.prices { prices[price.currencyCode] = price.amount }
        self.prices = prices
        manageInventory = variant.manageInventory
        stock = variant.inventoryLevels.first { $0.locationId == defaultLocation }?.stockedQuantity
    }

    init(odooId: Int?, title: String, sku: String?, barcode: String?, options: [String: String], prices: [String: Decimal],
         manageInventory: Bool, stock: Decimal?) {
        self.odooId = odooId; self.title = title; self.sku = sku; self.barcode = barcode; self.options = options
        self.prices = prices; self.manageInventory = manageInventory; self.stock = stock
    }

    var description: String {
        "#\(odooId.map(String.init) ?? "?") \(sku ?? "-") \"\(title)\" \(options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")) "
            + "\(prices.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")) inv=\(manageInventory) stock=\(stock.map { "\($0)" } ?? "none")"
    }
}
