/// Saves the bindings of a product just written to Medusa: the product with the hash of what was written, and each
/// variant with its inventory item. The variants go on to the stock feed, when stock is written beside the products
/// phase (`StockPass.consume`), so their levels are set while later pages are synced.
struct WrittenProductBinder: Sendable {
    let state: any SyncStateStore
    let hasher: DesiredHash
    /// nil: no stock writes beside the products phase (stock sync off, no location, or a dry run).
    let stockFeed: StockFeed?

    func bind(_ desired: DesiredProduct, productId: String, variants: [Int: MedusaVariant]) async throws {
        let product = ProductBinding(templateId: desired.templateId, productId: productId,
                                     state: .written(hash: hasher.of(desired)))
        let written = desired.variants.compactMap { variant -> VariantBinding? in
            guard let medusa = variants[variant.odooVariantId] else { return nil }
            let inventory: VariantBinding.Inventory = if let item = medusa.inventoryItemId {
                .item(id: item)
            } else if !medusa.manageInventory {
                .notManaged
            } else {
                .unknown
            }
            return VariantBinding(odooVariantId: variant.odooVariantId, medusaVariantId: medusa.id, productId: productId,
                                  inventory: inventory)
        }
        try await state.saveBindings([product.binding] + written.map(\.binding))
        if !written.isEmpty { stockFeed?.add(written) }
    }
}
