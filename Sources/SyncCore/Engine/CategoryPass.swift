import ExactJSON
/// Odoo categories → Medusa product categories, before products (a product refers to its category's Medusa id).
/// Existing categories are adopted by `metadata.odoo_category_id`, then by handle; a category's handle is kept once
/// created. Categories removed from Odoo are left in Medusa (they may hold products placed there by hand).
struct CategoryPass: Sendable {
    struct Result: Sendable {
        /// Odoo category id → Medusa category id.
        var ids: [Int: String] = [:]
        /// Categories that could not be written, with why (shown on the products that use them).
        var issues: [Int: String] = [:]
        /// Categories Medusa refused (for the retry set).
        var failures: [RetrySchedule.Failure] = []
    }

    let medusa: any MedusaShop
    let state: any SyncStateStore
    let hasher: DesiredHash
    let dryRun: Bool

    func run(tree: CategoryTree) async throws -> Result {
        let desired = CategoryMapper.map(tree)
        var bound: [Int: CategoryBinding] = [:]
        for binding in try await state.allBindings(CategoryBinding.self) { bound[binding.odooCategoryId] = binding }
        var existing: [MedusaCategory]?
        var result = Result()
        for category in desired {
            try Task.checkCancellation()
            if let parent = category.parentOdooId, result.ids[parent] == nil {
                result.issues[category.odooId] = "parent category \(parent) is not in Medusa"
                continue
            }
            let parentId = category.parentOdooId.flatMap { result.ids[$0] }
            do {
                if let binding = bound[category.odooId] {
                    if let id = try await refresh(category, binding: binding, parentId: parentId) {
                        result.ids[category.odooId] = id
                        continue
                    }
                }
                if existing == nil { existing = try await medusa.categories() }
                result.ids[category.odooId] = try await adoptOrCreate(category, parentId: parentId, existing: existing ?? [])
            } catch {
                if mustAbortRun(error) { throw error }
                result.issues[category.odooId] = "category \(category.odooId) \"\(category.name)\" not synced: \(error)"
                result.failures.append(RetrySchedule.Failure(
                    kind: .category, odooId: category.odooId, title: category.name, message: String(describing: error),
                    errorClass: failureClass(of: error), system: (error as? any ClassifiedError)?.system ?? "sync"))
            }
        }
        return result
    }

    /// Updates a bound category when its desired state changed; nil when it is gone from Medusa (then re-adopt/create).
    private func refresh(_ category: DesiredCategory, binding: CategoryBinding, parentId: String?) async throws -> String? {
        let hash = hasher.of(category, parentMedusaId: parentId)
        guard binding.hash != hash else { return binding.medusaCategoryId }
        if dryRun { return binding.medusaCategoryId }
        let handle = binding.handle ?? category.handle
        do {
            _ = try await medusa.updateCategory(id: binding.medusaCategoryId, input(category, handle: handle, parentId: parentId))
        } catch where failureClass(of: error) == .missingRemotely {
            try await state.deleteBindings(kind: .category, odooIds: [category.odooId])
            return nil
        }
        try await state.saveBindings([CategoryBinding(odooCategoryId: category.odooId, medusaCategoryId: binding.medusaCategoryId,
                                                      hash: hash, handle: handle)])
        return binding.medusaCategoryId
    }

    private func adoptOrCreate(_ category: DesiredCategory, parentId: String?, existing: [MedusaCategory]) async throws -> String? {
        let hash = hasher.of(category, parentMedusaId: parentId)
        let match = existing.first { $0.metadata?["odoo_category_id"]?.intValue == category.odooId }
            ?? existing.first { $0.handle == category.handle }
        if dryRun { return match?.id }
        let id: String
        let handle: String
        if let match {
            handle = match.handle
            id = match.id
            if match.name != category.name || match.parentCategoryId != parentId || !match.isActive
                || match.metadata?["odoo_category_id"]?.intValue != category.odooId {
                _ = try await medusa.updateCategory(id: match.id, input(category, handle: match.handle, parentId: parentId,
                                                                        metadata: (match.metadata ?? [:]).merging(category.metadata) { $1 }))
            }
        } else {
            handle = category.handle
            id = try await medusa.createCategory(input(category, handle: category.handle, parentId: parentId)).id
        }
        try await state.saveBindings([CategoryBinding(odooCategoryId: category.odooId, medusaCategoryId: id, hash: hash, handle: handle)])
        return id
    }

    private func input(_ category: DesiredCategory, handle: String, parentId: String?,
                       metadata: [String: JSONValue]? = nil) -> CategoryInput {
        CategoryInput(name: category.name, handle: handle, parentCategoryId: parentId, isActive: true, isInternal: false,
                      metadata: metadata ?? category.metadata)
    }
}
