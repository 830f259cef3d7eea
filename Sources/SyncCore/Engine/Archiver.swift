/// Products that left Odoo's shop (archived, deleted, no longer saleable) are re-checked in Odoo (webhooks and pages can
/// show intermediate states), then set to draft in Medusa or deleted, per `ArchiveMode`.
extension SyncRun {
    /// - Parameter template: the template as last read; nil when Odoo no longer has it.
    func runArchive(templateId: Int, template: OdooTemplate?, binding: Binding) async throws -> ProductOutcome {
        let title = template?.name
        do {
            let marker = DesiredHash.archived(configuration.archiveMode.rawValue)
            if binding.hash == marker {
                return ProductOutcome(odooTemplateId: templateId, kind: .unchanged, medusaProductId: binding.medusaId, title: title,
                                      message: "already archived")
            }
            let fresh = try await odoo.templates(ids: [templateId], includeArchived: true).first
            if let fresh, mapping.publishRule.belongsInShop(fresh) {
                return ProductOutcome(odooTemplateId: templateId, kind: .skipped, medusaProductId: binding.medusaId, title: title,
                                      message: "back in the shop when re-checked in Odoo; it is synced on the next run")
            }
            let reason = fresh.map { $0.active ? "no longer saleable in Odoo" : "archived in Odoo" } ?? "deleted in Odoo"
            switch configuration.archiveMode {
            case .draft: return try await draft(templateId: templateId, title: title, binding: binding, marker: marker, reason: reason)
            case .delete: return try await delete(templateId: templateId, title: title, binding: binding, reason: reason)
            }
        } catch {
            if mustAbortRun(error) { throw error }
            return .failure(error, templateId: templateId, title: title, medusaProductId: binding.medusaId, context: "archiving")
        }
    }

    private func draft(templateId: Int, title: String?, binding: Binding, marker: String, reason: String) async throws -> ProductOutcome {
        guard let current = try await existingProduct(id: binding.medusaId) else {
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
        archived.hash = marker
        try await state.saveBindings([archived])
        return ProductOutcome(odooTemplateId: templateId, kind: .archived, medusaProductId: current.id, title: title,
                              message: "\(reason); set to draft")
    }

    private func delete(templateId: Int, title: String?, binding: Binding, reason: String) async throws -> ProductOutcome {
        let current = try await existingProduct(id: binding.medusaId)
        if dryRun {
            return ProductOutcome(odooTemplateId: templateId, kind: .deleted, medusaProductId: binding.medusaId, title: title,
                                  message: "\(reason); would delete",
                                  plannedChanges: [FieldChange(path: "product", from: current?.handle ?? binding.medusaId, to: nil)])
        }
        if current != nil {
            do { try await medusa.deleteProduct(id: binding.medusaId) }
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
        return ProductOutcome(odooTemplateId: templateId, kind: .deleted, medusaProductId: binding.medusaId, title: title,
                              message: "\(reason); deleted from Medusa")
    }
}
