/// Saves the bindings of a product just written to Medusa: the product with the hash of what was written, and each
/// variant with its inventory item. The variants go on to the stock feed, when stock is written beside the products
/// phase (`StockPass.consume`), so their levels are set while later pages are synced.
struct WrittenProductBinder: Sendable {
    let state: any SyncStateStore
    let hasher: DesiredHash
    /// nil: no stock writes beside the products phase (stock sync off, no location, or a dry run).
    let stockFeed: StockFeed?

    /// A product Medusa now holds as `desired` says, with its variants by Odoo variant id.
    struct Written: Sendable {
        var desired: DesiredProduct
        var productId: String
        var variants: [Int: MedusaVariant]
    }

    func bind(_ desired: DesiredProduct, productId: String, variants: [Int: MedusaVariant]) async throws {
        try await bind([Written(desired: desired, productId: productId, variants: variants)])
    }

    /// Binds several products in one store write (a batch create's products: one transaction, not one each).
    func bind(_ products: [Written]) async throws {
        guard !products.isEmpty else { return }
        var bindings: [Binding] = []
        var fed: [VariantBinding] = []
        for product in products {
            bindings.append(ProductBinding(templateId: product.desired.templateId, productId: product.productId,
                                           state: .written(hash: hasher.of(product.desired))).binding)
            let written = Self.variantBindings(product)
            bindings += written.map(\.binding)
            fed += written
        }
        try await state.saveBindings(bindings)
        if !fed.isEmpty { stockFeed?.add(fed) }
    }

    private static func variantBindings(_ product: Written) -> [VariantBinding] {
        product.desired.variants.compactMap { variant -> VariantBinding? in
            guard let medusa = product.variants[variant.odooVariantId] else { return nil }
            let inventory: VariantBinding.Inventory = if let item = medusa.inventoryItemId {
                .item(id: item)
            } else if !medusa.manageInventory {
                .notManaged
            } else {
                .unknown
            }
            return VariantBinding(odooVariantId: variant.odooVariantId, medusaVariantId: medusa.id,
                                  productId: product.productId, inventory: inventory)
        }
    }
}
