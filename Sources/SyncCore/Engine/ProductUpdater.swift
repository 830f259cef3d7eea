/// Brings one existing (bound or adopted) Medusa product to the desired state with targeted calls.
struct ProductUpdater: Sendable {
    let state: any SyncStateStore
    let applier: ProductApplier
    let binder: WrittenProductBinder
    /// Medusa categories the sync manages (others on a product are left alone).
    let managedCategoryIds: Set<String>
    /// Fields the shop edits (`MEDUSA_OWNED_FIELDS`): never written by an update.
    let ownedByMedusa: Set<MedusaOwnedField>
    let dryRun: Bool

    struct Job: Sendable {
        var desired: DesiredProduct
        var current: MedusaProduct
        /// Why an unbound product was taken over (nil for bound products).
        var adoptedBecause: String?
        /// Every Odoo variant id of the template, archived ones included.
        var odooVariantIds: [Int]
        /// A full run's check of a product whose hash says nothing changed in Odoo (`current` as the reconcile read
        /// it): a difference is drift, corrected and reported as `drift_corrected`; no difference writes nothing.
        var reconciling = false
    }

    /// Never throws for a product-level problem (that becomes a failed outcome); only to abort the run.
    func run(_ job: Job) async throws -> ProductOutcome {
        let current = job.current
        do {
            let desired = job.desired
            let linked = current.variants.compactMap { VariantMatcher.linkedOdooId(of: $0, bindings: [:]) }
            let ids = Array(Set(job.odooVariantIds + linked + desired.variants.map(\.odooVariantId))).sorted()
            let bound = try await state.bindings(VariantBinding.self, odooIds: ids)
                .filter { $0.value.productId == nil || $0.value.productId == current.id }
                .mapValues(\.medusaVariantId)
            guard case .update(let changes) = ProductPlanner.plan(desired, current: current, variantBindings: bound,
                                                                  managedCategoryIds: managedCategoryIds,
                                                                  ownedByMedusa: ownedByMedusa)
            else { throw SyncFailure("planner returned a create for an existing product") }

            if job.reconciling, changes.isEmpty {
                return ProductOutcome(odooTemplateId: desired.templateId, kind: .unchanged, medusaProductId: current.id,
                                      title: desired.title, message: OutcomeText.message(desired.warnings))
            }
            let kind: ProductOutcome.Kind = job.reconciling ? .driftCorrected
                : changes.isEmpty && job.adoptedBecause == nil ? .unchanged : .updated
            let message = OutcomeText.message([
                job.adoptedBecause.map { "adopted existing Medusa product (\($0))" },
                job.reconciling ? "drift corrected (changed in Medusa)" : nil,
                OutcomeText.summary(of: changes.fieldChanges),
            ] + desired.warnings)
            if dryRun {
                return ProductOutcome(odooTemplateId: desired.templateId, kind: kind, medusaProductId: current.id,
                                      title: desired.title, message: message, plannedChanges: changes.fieldChanges)
            }
            let applied: ProductApplier.Applied
            if changes.isEmpty {
                let variants = changes.matchedVariants.compactMap { odooId, medusaId in
                    current.variants.first { $0.id == medusaId }.map { (odooId, $0) }
                }
                applied = ProductApplier.Applied(product: current, variants: Dictionary(variants) { a, _ in a })
            } else {
                applied = try await applier.apply(changes, to: current)
            }
            try await binder.bind(desired, productId: current.id, variants: applied.variants)
            let removed = changes.variantsToDelete.map(\.odooVariantId)
            if !removed.isEmpty {
                try await state.deleteBindings(kind: .variant, odooIds: removed)
                try await state.deleteBindings(kind: .stock, odooIds: removed)
            }
            return ProductOutcome(odooTemplateId: desired.templateId, kind: kind, medusaProductId: current.id,
                                  title: desired.title, message: message,
                                  plannedChanges: job.reconciling ? changes.fieldChanges : nil)
        } catch {
            if mustAbortRun(error) { throw error }
            return .failure(error, templateId: job.desired.templateId, title: job.desired.title, medusaProductId: current.id)
        }
    }
}
