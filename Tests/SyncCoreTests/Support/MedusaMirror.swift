import Foundation
@testable import SyncCore

/// What Medusa would hold right after creating `desired`: variant ids `var_<odoo id>`, option ids `opt_<title>`.
func mirror(_ desired: DesiredProduct, id: String = "prod_1") -> MedusaProduct {
    MedusaProduct(
        id: id, handle: desired.handle, title: desired.title, description: desired.description, status: desired.status,
        externalId: desired.externalId, metadata: desired.metadata, thumbnail: desired.images.first?.url,
        imageURLs: desired.images.compactMap(\.url),
        options: desired.options.map { MedusaOption(id: "opt_\($0.title)", title: $0.title, values: $0.values) },
        variants: desired.variants.map { variant in
            MedusaVariant(id: "var_\(variant.odooVariantId)", title: variant.title, sku: variant.sku, barcode: variant.barcode,
                          options: variant.options,
                          prices: variant.prices.map { MedusaPrice(id: "price_\(variant.odooVariantId)_\($0.currencyCode)",
                                                                   currencyCode: $0.currencyCode, amount: $0.amount) },
                          manageInventory: variant.manageInventory, metadata: variant.metadata,
                          inventoryItemId: "iitem_\(variant.odooVariantId)", weight: variant.weight)
        },
        salesChannelIds: desired.salesChannelIds, categoryIds: desired.categoryIds ?? [], weight: desired.weight)
}

func bindingsOf(_ product: MedusaProduct) -> [Int: String] {
    Dictionary(uniqueKeysWithValues: product.variants.compactMap { variant in
        variant.metadata?["odoo_variant_id"]?.intValue.map { ($0, variant.id) }
    })
}
