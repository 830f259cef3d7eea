import Foundation

/// Maps one Odoo template snapshot to the product Medusa should hold. Pure: same snapshot and context, same result.
public enum ProductMapper {
    static let untrackedTypes: Set<String> = ["service", "combo"]

    public static func map(_ snapshot: ProductSnapshot, context: MappingContext) throws(MappingError) -> DesiredProduct {
        let template = snapshot.template
        let variants = snapshot.variants.filter { $0.active && $0.templateId == template.id }.sorted { $0.id < $1.id }
        guard !variants.isEmpty else { throw .noActiveVariants }
        var active = snapshot
        active.variants = variants
        let attributes = try AttributeMapping.build(active)
        try checkUniqueCodes(variants)

        var warnings: [String] = []
        let manageInventory = context.manageInventory && !untrackedTypes.contains(template.type ?? "")
        let desiredVariants = variants.enumerated().map { rank, variant in
            let priced = PricedVariant(variantId: variant.id, templateId: template.id, categoryId: template.categoryId,
                                       listPrice: variant.lstPrice)
            let (prices, priceWarnings) = context.pricer.prices(for: priced)
            warnings.append(contentsOf: priceWarnings)
            let extras = attributes.combination[variant.id, default: []].reduce(Decimal(0)) { $0 + $1.priceExtra }
            if template.listPrice + extras != variant.lstPrice {
                warnings.append("variant \(variant.id): lst_price \(variant.lstPrice) ≠ list_price \(template.listPrice) + extras \(extras); using lst_price as read")
            }
            return DesiredVariant(
                odooVariantId: variant.id,
                title: attributes.title(of: variant.id) ?? template.name,
                sku: clean(variant.defaultCode),
                barcode: clean(variant.barcode),
                options: attributes.values[variant.id] ?? [:],
                prices: prices,
                manageInventory: manageInventory,
                weight: positive(variant.weight),
                rank: rank,
                metadata: ["odoo_variant_id": .number(Decimal(variant.id)), "odoo_model": .string("product.product")]
            )
        }

        var seenWarnings: Set<String> = []
        return DesiredProduct(
            templateId: template.id,
            title: template.name,
            handle: ProductHandle.make(title: template.name, templateId: template.id),
            description: clean(template.descriptionSale) ?? clean(template.description),
            status: context.publishRule.status(for: template),
            externalId: String(template.id),
            metadata: ["odoo_template_id": .number(Decimal(template.id)), "odoo_model": .string("product.template")],
            weight: positive(template.weight),
            salesChannelIds: context.salesChannelIds,
            odooCategoryId: template.categoryId,
            categoryIds: context.categoryIds.map { bound in template.categoryId.flatMap { bound[$0] }.map { [$0] } ?? [] },
            images: context.syncImages ? images(of: snapshot, variants: variants) : [],
            options: attributes.options,
            variants: desiredVariants,
            warnings: warnings.filter { seenWarnings.insert($0).inserted }
        )
    }

    /// The template image first, then variant images that differ from it and from each other.
    static func images(of snapshot: ProductSnapshot, variants: [OdooVariant]) -> [DesiredImage] {
        let owners = [OdooImage.Owner.template(snapshot.template.id)] + variants.map { .variant($0.id) }
        var result: [DesiredImage] = []
        for owner in owners {
            guard let image = snapshot.images.first(where: { $0.owner == owner }),
                  !result.contains(where: { $0.checksum == image.checksum }) else { continue }
            result.append(DesiredImage(checksum: image.checksum, owner: owner, url: image.url))
        }
        return result
    }

    /// Medusa's unique indexes would reject the second variant anyway; say which variants clash instead.
    static func checkUniqueCodes(_ variants: [OdooVariant]) throws(MappingError) {
        for (sku, ids) in groups(variants, by: \.defaultCode) { throw .duplicateSku(sku, variantIds: ids) }
        for (barcode, ids) in groups(variants, by: \.barcode) { throw .duplicateBarcode(barcode, variantIds: ids) }
    }

    private static func groups(_ variants: [OdooVariant], by code: KeyPath<OdooVariant, String?>) -> [(String, [Int])] {
        let grouped = Dictionary(grouping: variants.compactMap { v in clean(v[keyPath: code]).map { ($0, v.id) } }, by: \.0)
        return grouped.filter { $0.value.count > 1 }.map { ($0.key, $0.value.map(\.1).sorted()) }.sorted { $0.0 < $1.0 }
    }

    static func clean(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// Odoo stores "no weight" as 0.
    static func positive(_ value: Decimal?) -> Decimal? {
        guard let value, value > 0 else { return nil }
        return value
    }
}
