/// Options and variants through their own endpoints, never through the product update (which would replace them).
enum OptionVariantDiff {
    static func diff(_ desired: DesiredProduct, current: MedusaProduct, bindings: [Int: String], into changes: inout ProductChanges) {
        let matched = VariantMatcher.match(desired: desired.variants, current: current.variants, bindings: bindings)
        changes.matchedVariants = matched
        let matchedIds = Set(matched.values)
        let desiredIds = Set(desired.variants.map(\.odooVariantId))

        // Only variants written for an Odoo variant that is gone are deleted; variants made in Medusa stay.
        var untouched: [MedusaVariant] = []
        for variant in current.variants where !matchedIds.contains(variant.id) {
            if let odooId = VariantMatcher.linkedOdooId(of: variant, bindings: bindings), !desiredIds.contains(odooId) {
                changes.variantsToDelete.append(.init(medusaVariantId: variant.id, odooVariantId: odooId))
                changes.fieldChanges.append(FieldChange(path: "variants[\(variant.sku ?? "odoo:\(odooId)")]", from: variant.title, to: nil))
            } else {
                untouched.append(variant)
            }
        }

        optionDiff(desired, current: current, untouched: untouched, into: &changes)

        let desiredTitles = Set(desired.options.map(\.title))
        for variant in desired.variants {
            if let medusaId = matched[variant.odooVariantId], let existing = current.variants.first(where: { $0.id == medusaId }) {
                if let update = variantUpdate(variant, current: existing, optionTitles: desiredTitles, changes: &changes.fieldChanges) {
                    changes.variantsToUpdate.append(.init(odooVariantId: variant.odooVariantId, update: update))
                }
            } else {
                changes.variantsToCreate.append(.init(odooVariantId: variant.odooVariantId, input: ProductPlanner.variantInput(variant)))
                changes.fieldChanges.append(FieldChange(path: "variants[\(variant.label)]", from: nil, to: variant.title))
            }
        }
    }

    private static func optionDiff(_ desired: DesiredProduct, current: MedusaProduct, untouched: [MedusaVariant],
                                   into changes: inout ProductChanges) {
        for option in desired.options {
            guard let existing = current.options.first(where: { $0.title == option.title }) else {
                changes.optionsToCreate.append(option)
                changes.fieldChanges.append(FieldChange(path: "options[\(option.title)]", from: nil, to: FieldFormat.text(option.values)))
                continue
            }
            let added = option.values.filter { !existing.values.contains($0) }
            let extended = existing.values + added
            if !added.isEmpty {
                changes.optionsToExtend.append(.init(optionId: existing.id, option: OptionInput(title: option.title, values: extended)))
            }
            let stillUsed = untouched.compactMap { $0.options[option.title] }
            let final = option.values + existing.values.filter { !option.values.contains($0) && stillUsed.contains($0) }
            if Set(final) != Set(extended) {
                changes.optionsToTrim.append(.init(optionId: existing.id, option: OptionInput(title: option.title, values: final)))
            }
            if Set(final) != Set(existing.values) {
                changes.fieldChanges.append(FieldChange(path: "options[\(option.title)].values",
                                                        from: FieldFormat.text(existing.values), to: FieldFormat.text(final)))
            }
        }
        let desiredTitles = Set(desired.options.map(\.title))
        for option in current.options where !desiredTitles.contains(option.title) {
            guard !untouched.contains(where: { $0.options[option.title] != nil }) else { continue }
            changes.optionsToDelete.append(option.id)
            changes.fieldChanges.append(FieldChange(path: "options[\(option.title)]", from: FieldFormat.text(option.values), to: nil))
        }
    }

    private static func variantUpdate(_ desired: DesiredVariant, current: MedusaVariant, optionTitles: Set<String>,
                                      changes: inout [FieldChange]) -> VariantUpdate? {
        var update = VariantUpdate(id: current.id)
        var changed = false
        func record(_ field: String, _ from: String?, _ to: String?) {
            changed = true
            changes.append(FieldChange(path: "variants[\(desired.label)].\(field)", from: from, to: to))
        }
        if current.title != desired.title { update.title = desired.title; record("title", current.title, desired.title) }
        if current.sku != desired.sku { update.sku = .some(desired.sku); record("sku", current.sku, desired.sku) }
        if current.barcode != desired.barcode { update.barcode = .some(desired.barcode); record("barcode", current.barcode, desired.barcode) }
        let currentOptions = current.options.filter { optionTitles.contains($0.key) }
        if currentOptions != desired.options {
            // Medusa wants a value for every option the product has when the update arrives, and options Odoo no
            // longer has are deleted only after the variant updates: the variant keeps its values for those.
            update.options = current.options.filter { !optionTitles.contains($0.key) }.merging(desired.options) { _, new in new }
            record("options", FieldFormat.text(currentOptions), FieldFormat.text(desired.options))
        }
        if let prices = mergedPrices(desired.prices, current: current.prices, record: record) { update.prices = prices }
        // Switching inventory on for an existing variant would leave it without an inventory item (unsellable), so
        // the sync only ever switches it off.
        if current.manageInventory, !desired.manageInventory {
            update.manageInventory = false
            record("manage_inventory", "true", "false")
        }
        if let metadata = SharedFieldDiff.metadata(desired: desired.metadata, current: current.metadata, record: record) {
            update.metadata = metadata
        }
        if let weight = SharedFieldDiff.weight(desired: desired.weight, current: current.weight, record: record) {
            update.weight = .some(weight)
        }
        guard changed else { return nil }
        return update
    }

    /// Medusa replaces a variant's prices with the list sent, so every price the sync does not own stays in the list
    /// unchanged: prices in currencies it did not compute, and prices with rules (a region price set by hand). The sync
    /// owns the base price (no rules) of each currency it computes; existing price ids are kept so Medusa updates them
    /// in place.
    static func mergedPrices(_ desired: [MedusaPrice], current: [MedusaPrice],
                             record: (String, String?, String?) -> Void) -> [MedusaPrice]? {
        func base(_ code: String) -> MedusaPrice? {
            current.first { $0.isBasePrice && $0.currencyCode.lowercased() == code }
        }
        var changed = false
        for price in desired {
            let existing = base(price.currencyCode)
            if existing?.amount != price.amount {
                changed = true
                record("prices.\(price.currencyCode)", FieldFormat.text(existing?.amount), price.amount.description)
            }
        }
        guard changed else { return nil }
        let codes = Set(desired.map(\.currencyCode))
        return desired.map { MedusaPrice(id: base($0.currencyCode)?.id, currencyCode: $0.currencyCode, amount: $0.amount) }
            + current.filter { !$0.isBasePrice || !codes.contains($0.currencyCode.lowercased()) }
    }
}
