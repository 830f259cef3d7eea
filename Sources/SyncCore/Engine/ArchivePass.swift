/// Products that left Odoo's shop (archived, deleted, no longer saleable) are re-checked in Odoo (webhooks and pages can
/// show intermediate states), then set to draft in Medusa or deleted, per `ArchiveMode`.
struct ArchivePass: Sendable {
    let odoo: any OdooCatalogue
    let medusa: any MedusaShop
    let state: any SyncStateStore
    let archiveMode: SyncConfiguration.ArchiveMode
    let publishRule: PublishRule
    let dryRun: Bool

    /// Archives the bound templates among `ids`, which Odoo no longer has; with `reportingUnbound` (targeted runs, where
    /// someone asked for them), unbound ones are reported as skipped.
    func archiveMissing(_ ids: [Int], reportingUnbound: Bool) async throws -> [ProductOutcome] {
        guard !ids.isEmpty else { return [] }
        let bound = try await state.bindings(ProductBinding.self, odooIds: ids)
        var outcomes: [ProductOutcome] = []
        for id in ids where !Task.isCancelled {
            if let binding = bound[id] {
                outcomes.append(try await archive(templateId: id, template: nil, binding: binding))
            } else if reportingUnbound {
                outcomes.append(ProductOutcome(odooTemplateId: id, kind: .skipped, message: "not found in Odoo"))
            }
        }
        return outcomes
    }

    /// - Parameter template: the template as last read; nil when Odoo no longer has it.
    func archive(templateId: Int, template: OdooTemplate?, binding: ProductBinding) async throws -> ProductOutcome {
        let title = template?.name
        do {
            if binding.state == .archived(archiveMode) {
                return ProductOutcome(odooTemplateId: templateId, kind: .unchanged, medusaProductId: binding.productId, title: title,
                                      message: "already archived")
            }
            let fresh = try await odoo.templates(ids: [templateId], includeArchived: true).first
            if let fresh, publishRule.belongsInShop(fresh) {
                return ProductOutcome(odooTemplateId: templateId, kind: .skipped, medusaProductId: binding.productId, title: title,
                                      message: "back in the shop when re-checked in Odoo; it is synced on the next run")
            }
            let reason = fresh.map { $0.active ? "no longer saleable in Odoo" : "archived in Odoo" } ?? "deleted in Odoo"
            switch archiveMode {
            case .draft: return try await draft(templateId: templateId, title: title, binding: binding, reason: reason)
            case .delete: return try await delete(templateId: templateId, title: title, binding: binding, reason: reason)
            }
        } catch {
            if mustAbortRun(error) { throw error }
            return .failure(error, templateId: templateId, title: title, medusaProductId: binding.productId, context: "archiving")
        }
    }

    private func draft(templateId: Int, title: String?, binding: ProductBinding, reason: String) async throws -> ProductOutcome {
        guard let current = try await medusa.existingProduct(id: binding.productId) else {
            if !dryRun { try await state.deleteBindings(kind: .product, odooIds: [templateId]) }
            return ProductOutcome(odooTemplateId: templateId, kind: .archived, title: title,
                                  message: "\(reason); the Medusa product was already gone")
        }
        let change = FieldChange(path: "status", from: current.status.rawValue, to: ProductStatus.draft.rawValue)
        let changes = current.status == .draft ? [] : [change]
        if dryRun {
            return ProductOutcome(odooTemplateId: templateId, kind: .archived, medusaProductId: current.id, title: title,
                                  message: "\(reason); would set to draft", plannedChanges: changes)
        }
        if current.status != .draft { _ = try await medusa.updateProduct(ProductUpdate(id: current.id, status: .draft)) }
        var archived = binding
        archived.state = .archived(.draft)
        try await state.saveBindings([archived])
        return ProductOutcome(odooTemplateId: templateId, kind: .archived, medusaProductId: current.id, title: title,
                              message: "\(reason); set to draft")
    }

    private func delete(templateId: Int, title: String?, binding: ProductBinding, reason: String) async throws -> ProductOutcome {
        let current = try await medusa.existingProduct(id: binding.productId)
        if dryRun {
            return ProductOutcome(odooTemplateId: templateId, kind: .deleted, medusaProductId: binding.productId, title: title,
                                  message: "\(reason); would delete",
                                  plannedChanges: [FieldChange(path: "product", from: current?.handle ?? binding.productId, to: nil)])
        }
        if current != nil {
            do { try await medusa.deleteProduct(id: binding.productId) }
            catch where failureClass(of: error) == .missingRemotely {}
        }
        let odooVariants = try await odoo.variants(templateIds: [templateId], includeArchived: true).map(\.id)
        let linked = current?.variants.compactMap { VariantMatcher.linkedOdooId(of: $0, bindings: [:]) } ?? []
        let variantIds = Array(Set(odooVariants + linked)).sorted()
        try await state.deleteBindings(kind: .product, odooIds: [templateId])
        if !variantIds.isEmpty {
            try await state.deleteBindings(kind: .variant, odooIds: variantIds)
            try await state.deleteBindings(kind: .stock, odooIds: variantIds)
        }
        return ProductOutcome(odooTemplateId: templateId, kind: .deleted, medusaProductId: binding.productId, title: title,
                              message: "\(reason); deleted from Medusa")
    }
}
