/// Finds which existing Medusa variant stands for which Odoo variant: the binding first, then sku, then the variant id
/// in metadata (`odoo_variant_id`, or `external_id` as the old TypeScript module and Medusa's Odoo recipe write it).
/// Each pass runs over all variants before the next, so a weak match never steals a variant a strong one would claim.
public enum VariantMatcher {
    /// Odoo variant id → Medusa variant id.
    public static func match(desired: [DesiredVariant], current: [MedusaVariant], bindings: [Int: String]) -> [Int: String] {
        var matched: [Int: String] = [:]
        var taken: Set<String> = []
        let passes: [(DesiredVariant, MedusaVariant) -> Bool] = [
            { d, c in bindings[d.odooVariantId] == c.id },
            { d, c in d.sku != nil && c.sku == d.sku },
            { d, c in c.metadata?["odoo_variant_id"]?.intValue == d.odooVariantId },
            { d, c in c.metadata?["external_id"]?.intValue == d.odooVariantId },
        ]
        for pass in passes {
            for variant in desired where matched[variant.odooVariantId] == nil {
                if let hit = current.first(where: { !taken.contains($0.id) && pass(variant, $0) }) {
                    matched[variant.odooVariantId] = hit.id
                    taken.insert(hit.id)
                }
            }
        }
        return matched
    }

    /// The Odoo variant a Medusa variant was written for, if any: from the binding or the metadata.
    public static func linkedOdooId(of variant: MedusaVariant, bindings: [Int: String]) -> Int? {
        if let bound = bindings.first(where: { $0.value == variant.id })?.key { return bound }
        return variant.metadata?["odoo_variant_id"]?.intValue ?? variant.metadata?["external_id"]?.intValue
    }
}
