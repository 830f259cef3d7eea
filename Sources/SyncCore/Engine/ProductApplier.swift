/// Sends a product's targeted changes to Medusa in the order `ProductChanges` documents.
struct ProductApplier: Sendable {
    let medusa: any MedusaShop

    struct Applied: Sendable {
        /// The product as Medusa last returned it.
        var product: MedusaProduct
        /// Odoo variant id → Medusa variant, for matched and newly created variants.
        var variants: [Int: MedusaVariant]
    }

    func apply(_ changes: ProductChanges, to current: MedusaProduct) async throws -> Applied {
        let id = changes.productId
        var product = current
        if let update = changes.product, !update.isEmpty { product = try await medusa.updateProduct(update) }
        for change in changes.optionsToExtend {
            product = try await medusa.updateOption(productId: id, optionId: change.optionId, option: change.option)
        }
        for option in changes.optionsToCreate { product = try await medusa.createOption(productId: id, option: option) }
        for removal in changes.variantsToDelete {
            do { try await medusa.deleteVariant(productId: id, variantId: removal.medusaVariantId) }
            catch where failureClass(of: error) == .missingRemotely {}
        }
        for change in changes.variantsToUpdate { product = try await medusa.updateVariant(productId: id, update: change.update) }
        for optionId in changes.optionsToDelete {
            do { try await medusa.deleteOption(productId: id, optionId: optionId) }
            catch where failureClass(of: error) == .missingRemotely {}
        }
        var created: [Int: MedusaVariant] = [:]
        for creation in changes.variantsToCreate {
            let before = Set(product.variants.map(\.id))
            product = try await medusa.createVariant(productId: id, variant: creation.input)
            // Medusa answers with the product, not the variant: the new one is the id that was not there before.
            let fresh = product.variants.filter { !before.contains($0.id) }
            if let variant = fresh.first(where: { $0.sku != nil && $0.sku == creation.input.sku }) ?? fresh.first {
                created[creation.odooVariantId] = variant
            }
        }
        for change in changes.optionsToTrim {
            product = try await medusa.updateOption(productId: id, optionId: change.optionId, option: change.option)
        }
        var variants = created
        for (odooId, medusaId) in changes.matchedVariants {
            // The latest product read may lack inventory item ids; the read the plan was made from has them.
            let latest = product.variants.first { $0.id == medusaId }
            let earlier = current.variants.first { $0.id == medusaId }
            guard var variant = latest ?? earlier else { continue }
            if variant.inventoryItemId == nil { variant.inventoryItemId = earlier?.inventoryItemId }
            variants[odooId] = variant
        }
        return Applied(product: product, variants: variants)
    }
}
