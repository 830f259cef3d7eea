import Foundation
import Simulators
import SyncCore
import Testing

/// Checks one product of the shop against its expectation, field by field, so a failure names the field.
func expectProduct(_ expected: ExpectedProduct, in shop: ShopState, salesChannel: String, status: String = "published",
                   sourceLocation: SourceLocation = #_sourceLocation) {
    guard let product = shop.products[expected.handle] else {
        Issue.record("no Medusa product with handle \(expected.handle) (template \(expected.templateId))",
                     sourceLocation: sourceLocation)
        return
    }
    let name = "\(expected.handle) (template \(expected.templateId))"
    #expect(product.title == expected.title, "\(name): title", sourceLocation: sourceLocation)
    #expect(product.status == status, "\(name): status", sourceLocation: sourceLocation)
    #expect(product.externalId == String(expected.templateId), "\(name): external_id", sourceLocation: sourceLocation)
    #expect(product.templateId == expected.templateId, "\(name): metadata.odoo_template_id", sourceLocation: sourceLocation)
    #expect(product.options == expected.optionMap, "\(name): options", sourceLocation: sourceLocation)
    #expect(product.variants == expected.variants, "\(name): variants", sourceLocation: sourceLocation)
    #expect(product.categoryHandles == [expected.categoryHandle], "\(name): categories", sourceLocation: sourceLocation)
    #expect(product.salesChannelIds == [salesChannel], "\(name): sales channels", sourceLocation: sourceLocation)
    #expect(product.imageCount == expected.imageCount, "\(name): images", sourceLocation: sourceLocation)
    #expect(product.thumbnailIsFirstImage, "\(name): thumbnail is the first image", sourceLocation: sourceLocation)
}

/// The whole Odoo 19 demo shop: exactly the expected products (by handle), each as expected, and the category tree.
func expectOdoo19DemoShop(_ shop: ShopState, salesChannel: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let expected = ExpectedCatalogue.odoo19
    #expect(shop.handles == expected.map(\.handle).sorted(), "exactly the 36 shop templates", sourceLocation: sourceLocation)
    for product in expected { expectProduct(product, in: shop, salesChannel: salesChannel, sourceLocation: sourceLocation) }
    #expect(shop.categories == ExpectedCatalogue.odoo19Categories, sourceLocation: sourceLocation)
}

/// No two live products for one template, and no sku twice.
func expectNoDuplicates(_ shop: ShopState, sourceLocation: SourceLocation = #_sourceLocation) {
    let templates = shop.products.values.compactMap(\.templateId)
    #expect(templates.count == Set(templates).count, "one product per template: \(templates.sorted())",
            sourceLocation: sourceLocation)
    let skus = shop.products.values.flatMap(\.variants).compactMap(\.sku)
    #expect(skus.count == Set(skus).count, "no sku twice", sourceLocation: sourceLocation)
}
