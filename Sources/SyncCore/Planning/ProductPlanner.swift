/// Desired state vs what Medusa holds → the calls to make. Pure.
public enum ProductPlanner {
    /// - Parameters:
    ///   - current: the Medusa product (nil: create one).
    ///   - variantBindings: Odoo variant id → Medusa variant id, as bound.
    ///   - managedCategoryIds: Medusa categories the sync writes; other categories on a product are left alone.
    ///   - ownedByMedusa: fields the shop edits: written by a creation, never by an update.
    public static func plan(_ desired: DesiredProduct, current: MedusaProduct?, variantBindings: [Int: String] = [:],
                            managedCategoryIds: Set<String> = [], ownedByMedusa: Set<MedusaOwnedField> = []) -> ProductPlan {
        guard let current else { return creation(desired) }
        var changes = ProductChanges(productId: current.id)
        let product = ProductFieldDiff.diff(desired, current: current, managedCategoryIds: managedCategoryIds,
                                            ownedByMedusa: ownedByMedusa)
        changes.product = product.update.isEmpty ? nil : product.update
        changes.fieldChanges = product.changes
        OptionVariantDiff.diff(desired, current: current, bindings: variantBindings, into: &changes)
        return .update(changes)
    }

    static func creation(_ desired: DesiredProduct) -> ProductPlan {
        let urls = desired.images.compactMap(\.url)
        let input = ProductInput(
            title: desired.title, handle: desired.handle, description: desired.description, status: desired.status,
            externalId: desired.externalId, metadata: desired.metadata, thumbnail: urls.first, imageURLs: urls,
            options: desired.options, variants: desired.variants.map(variantInput),
            salesChannelIds: desired.salesChannelIds, categoryIds: desired.categoryIds ?? [], weight: desired.weight
        )
        var changes = [
            FieldChange(path: "handle", from: nil, to: desired.handle),
            FieldChange(path: "title", from: nil, to: desired.title),
            FieldChange(path: "status", from: nil, to: desired.status.rawValue),
        ]
        if let description = desired.description { changes.append(FieldChange(path: "description", from: nil, to: description)) }
        if !desired.images.isEmpty {
            changes.append(FieldChange(path: "images", from: nil, to: "\(desired.images.count) image(s)"))
        }
        for option in desired.options {
            changes.append(FieldChange(path: "options[\(option.title)]", from: nil, to: FieldFormat.text(option.values)))
        }
        for variant in desired.variants {
            changes.append(FieldChange(path: "variants[\(variant.label)]", from: nil, to: variant.title))
            for price in variant.prices {
                changes.append(FieldChange(path: "variants[\(variant.label)].prices.\(price.currencyCode)", from: nil,
                                           to: price.amount.description))
            }
        }
        return .create(input, changes: changes)
    }

    static func variantInput(_ variant: DesiredVariant) -> VariantInput {
        VariantInput(title: variant.title, sku: variant.sku, barcode: variant.barcode, options: variant.options,
                     prices: variant.prices, manageInventory: variant.manageInventory, variantRank: variant.rank,
                     weight: variant.weight, metadata: variant.metadata)
    }
}
