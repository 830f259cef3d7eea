/// Brings one existing (bound or adopted) Medusa product to the desired state with targeted calls.
extension SyncRun {
    struct UpdateJob: Sendable {
        var desired: DesiredProduct
        var current: MedusaProduct
        /// Why an unbound product was taken over (nil for bound products).
        var adoptedBecause: String?
        /// Every Odoo variant id of the template, archived ones included.
        var odooVariantIds: [Int]
    }

    /// Never throws for a product-level problem (that becomes a failed outcome); only to abort the run.
    func runUpdate(_ job: UpdateJob) async throws -> ProductOutcome {
        let current = job.current
        do {
            let desired = job.desired
            let linked = current.variants.compactMap { VariantMatcher.linkedOdooId(of: $0, bindings: [:]) }
            let ids = Array(Set(job.odooVariantIds + linked + desired.variants.map(\.odooVariantId))).sorted()
            let bound = try await state.bindings(kind: .variant, odooIds: ids)
                .filter { $0.value.parentMedusaId == nil || $0.value.parentMedusaId == current.id }
                .mapValues(\.medusaId)
            guard case .update(let changes) = ProductPlanner.plan(desired, current: current, variantBindings: bound,
                                                                  managedCategoryIds: managedCategoryIds)
            else { throw SyncFailure("planner returned a create for an existing product") }

            let kind: ProductOutcome.Kind = changes.isEmpty && job.adoptedBecause == nil ? .unchanged : .updated
            let message = Self.message([
                job.adoptedBecause.map { "adopted existing Medusa product (\($0))" },
                Self.summary(of: changes.fieldChanges),
            ] + desired.warnings)
            if dryRun {
                return ProductOutcome(odooTemplateId: desired.templateId, kind: kind, medusaProductId: current.id,
                                      title: desired.title, message: message, plannedChanges: changes.fieldChanges)
            }
            let applied: Applied
            if changes.isEmpty {
                let variants = changes.matchedVariants.compactMap { odooId, medusaId in
                    current.variants.first { $0.id == medusaId }.map { (odooId, $0) }
                }
                applied = Applied(product: current, variants: Dictionary(variants) { a, _ in a })
            } else {
                applied = try await apply(changes, to: current)
            }
            let written = bindings(for: desired, productId: current.id, variants: applied.variants)
            try await state.saveBindings(written)
            stockFeed?.add(written)
            let removed = changes.variantsToDelete.map(\.odooVariantId)
            if !removed.isEmpty {
                try await state.deleteBindings(kind: .variant, odooIds: removed)
                try await state.deleteBindings(kind: .stock, odooIds: removed)
            }
            return ProductOutcome(odooTemplateId: desired.templateId, kind: kind, medusaProductId: current.id,
                                  title: desired.title, message: message)
        } catch {
            if mustAbortRun(error) { throw error }
            return .failure(error, templateId: job.desired.templateId, title: job.desired.title, medusaProductId: current.id)
        }
    }

    /// "title, status, variants[FURN_0096].prices.eur (+3 more)".
    static func summary(of changes: [FieldChange], limit: Int = 8) -> String? {
        guard !changes.isEmpty else { return nil }
        let paths = changes.map(\.path)
        let shown = paths.prefix(limit).joined(separator: ", ")
        return "changed: " + shown + (paths.count > limit ? " (+\(paths.count - limit) more)" : "")
    }

    static func message(_ parts: [String?]) -> String? {
        let text = parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "; ")
        return text.isEmpty ? nil : text
    }
}
