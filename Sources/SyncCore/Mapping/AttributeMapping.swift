/// Odoo attribute lines → Medusa options, and each variant's PTAVs → option values.
/// Only attributes that create variants become options (a `no_variant` attribute is a sales-order choice, not a variant);
/// a product without any gets Medusa's `Default` option with the single value `Default`.
struct AttributeMapping: Sendable, Hashable {
    static let defaultOption = "Default"

    var options: [OptionInput]
    /// Variant id → option title → value.
    var values: [Int: [String: String]]
    /// Variant id → the PTAVs that make its combination (for the lst_price check).
    var combination: [Int: [OdooTemplateAttributeValue]]

    var isDefault: Bool { options.map(\.title) == [Self.defaultOption] }

    /// Title of a variant: its values in option order ("White / Steel"), or nil for the Default option.
    func title(of variantId: Int) -> String? {
        guard !isDefault, let values = values[variantId] else { return nil }
        return options.compactMap { values[$0.title] }.joined(separator: " / ")
    }

    init(options: [OptionInput], values: [Int: [String: String]], combination: [Int: [OdooTemplateAttributeValue]]) {
        self.options = options; self.values = values; self.combination = combination
    }

    static func build(_ snapshot: ProductSnapshot) throws(MappingError) -> AttributeMapping {
        let template = snapshot.template
        let lines = try variantLines(snapshot)
        guard !lines.isEmpty else {
            let values = Dictionary(uniqueKeysWithValues: snapshot.variants.map { ($0.id, [defaultOption: defaultOption]) })
            return AttributeMapping(options: [OptionInput(title: defaultOption, values: [defaultOption])],
                                    values: values, combination: [:])
        }
        let ptavs = snapshot.attributeValues.filter { $0.templateId == template.id }
        let ptavById = Dictionary(ptavs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        var options: [OptionInput] = []
        for (line, attribute) in lines {
            guard !options.contains(where: { $0.title == attribute.name }) else { throw .duplicateOptionTitle(attribute.name) }
            let onLine = ptavs.filter { $0.attributeId == line.attributeId && ($0.attributeLineId ?? line.id) == line.id }
            // Values in the line's order (Odoo: attribute value sequence, id); PTAVs not on the line come after.
            var names: [String] = line.valueIds.compactMap { valueId in
                onLine.first { $0.valueId == valueId && $0.active }?.name
            }
            for ptav in onLine where ptav.active && !names.contains(ptav.name) { names.append(ptav.name) }
            options.append(OptionInput(title: attribute.name, values: names))
        }

        var values: [Int: [String: String]] = [:]
        var combination: [Int: [OdooTemplateAttributeValue]] = [:]
        var seen: [String: Int] = [:]
        for variant in snapshot.variants {
            var chosen: [String: String] = [:]
            var used: [OdooTemplateAttributeValue] = []
            for (index, (line, attribute)) in lines.enumerated() {
                guard let ptav = variant.attributeValueIds.lazy.compactMap({ ptavById[$0] })
                    .first(where: { $0.attributeId == line.attributeId })
                else { throw .missingOptionValue(variantId: variant.id, option: attribute.name) }
                chosen[attribute.name] = ptav.name
                used.append(ptav)
                // A variant may still use a value the line no longer offers; Medusa needs it among the option values.
                if !options[index].values.contains(ptav.name) { options[index].values.append(ptav.name) }
            }
            let key = options.compactMap { chosen[$0.title] }.joined(separator: " / ")
            if let other = seen[key] { throw .duplicateCombination(variantIds: [other, variant.id], combination: key) }
            seen[key] = variant.id
            values[variant.id] = chosen
            combination[variant.id] = used
        }
        return AttributeMapping(options: options, values: values, combination: combination)
    }

    /// Variant-creating lines of the template, in Odoo's order: the template's `attribute_line_ids` order
    /// (`sequence, attribute_id, id`), with lines missing from that list after, by the same keys.
    private static func variantLines(_ snapshot: ProductSnapshot) throws(MappingError) -> [(OdooAttributeLine, OdooAttribute)] {
        let order = Dictionary(snapshot.template.attributeLineIds.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let lines = snapshot.attributeLines.filter { $0.templateId == snapshot.template.id }.sorted { a, b in
            let rankA = order[a.id] ?? Int.max, rankB = order[b.id] ?? Int.max
            if rankA != rankB { return rankA < rankB }
            return (a.sequence, a.attributeId, a.id) < (b.sequence, b.attributeId, b.id)
        }
        var result: [(OdooAttributeLine, OdooAttribute)] = []
        for line in lines {
            guard let attribute = snapshot.attributes[line.attributeId] else { throw .unknownAttribute(line.attributeId) }
            if attribute.createsVariants { result.append((line, attribute)) }
        }
        return result
    }
}
