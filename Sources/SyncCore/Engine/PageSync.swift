/// One page of templates: map, skip what is unchanged, update what changed, adopt or create what is new, archive
/// what left the shop. Bindings are saved as each product is written; outcomes are returned for the caller to report.
struct PageSync: Sendable {
    let state: any SyncStateStore
    let ledger: RunLedger
    let loader: PageLoader
    let resolver: ProductResolver
    let updater: ProductUpdater
    let creator: ProductCreator
    let archiver: ArchivePass
    let mapping: MappingContext
    let hasher: DesiredHash
    /// Odoo category id → why it is not in Medusa.
    let categoryIssues: [Int: String]
    let request: SyncRequest
    let concurrency: Int
    /// Full runs: what Medusa holds, to find products deleted or edited behind the sync's back (nil otherwise).
    var reconcile: MedusaReconcile? = nil

    private var dryRun: Bool { request.dryRun }

    /// A page read and mapped, not yet written: what `prepare` can do while the page before is being written.
    struct PreparedPage: Sendable {
        var templates: [OdooTemplate]
        var bindings: [Int: ProductBinding]
        var leaving: [(OdooTemplate, ProductBinding)]
        /// Outcomes known before any write (templates skipped in a targeted run).
        var outcomes: [ProductOutcome]
        /// The templates that belong in the shop, with what Odoo holds for them.
        var records: PageLoader.PageRecords
        /// Snapshots and their mapping, in write order; nil while images (uploaded on assembly) are still to be read.
        var assembled: Assembled?

        struct Assembled: Sendable {
            var page: PageLoader.LoadedPage
            var desired: [DesiredProduct]
            /// Templates the mapping skipped (data Medusa cannot hold).
            var skipped: [ProductOutcome]
        }

        static let empty = PreparedPage(templates: [], bindings: [:], leaving: [], outcomes: [], records: .empty)
    }

    /// Reads a page's bindings and Odoo records and maps it; writes nothing (unless image sync is on, whose uploads
    /// wait for `sync`). Pages are disjoint, so a page prepared while the one before is written sees the same bindings.
    func prepare(_ templates: [OdooTemplate]) async throws -> PreparedPage {
        guard !templates.isEmpty else { return .empty }
        let bindings = try await state.bindings(ProductBinding.self, odooIds: templates.map(\.id))
        var outcomes: [ProductOutcome] = []
        var inShop: [OdooTemplate] = []
        var leaving: [(OdooTemplate, ProductBinding)] = []
        for template in templates {
            if mapping.publishRule.belongsInShop(template) {
                inShop.append(template)
            } else if let binding = bindings[template.id] {
                leaving.append((template, binding))
            } else if request.mode == .targeted {
                outcomes.append(ProductOutcome(odooTemplateId: template.id, kind: .skipped, title: template.name,
                                               message: "not active or not saleable in Odoo, and not in Medusa"))
            }
        }
        var prepared = PreparedPage(templates: templates, bindings: bindings, leaving: leaving,
                                    outcomes: outcomes, records: try await loader.read(inShop))
        if !prepared.records.assemblingWrites { prepared.assembled = try await assemble(prepared) }
        return prepared
    }

    /// Snapshots (with images, which may upload) and their mapping, sorted in the order skus are claimed.
    private func assemble(_ prepared: PreparedPage) async throws -> PreparedPage.Assembled {
        let bindings = prepared.bindings
        let page = try await loader.assemble(prepared.records,
                                             unbound: Set(prepared.records.templates.map(\.id)).subtracting(bindings.keys))
        var skipped: [ProductOutcome] = []
        let desired = mapped(page.snapshots, outcomes: &skipped).sorted(by: { bindings.order($0, $1) })
        return PreparedPage.Assembled(page: page, desired: desired, skipped: skipped)
    }

    func sync(_ prepared: PreparedPage) async throws -> [ProductOutcome] {
        guard !prepared.templates.isEmpty else { return [] }
        let assembled: PreparedPage.Assembled
        if let ready = prepared.assembled { assembled = ready } else { assembled = try await assemble(prepared) }
        let bindings = prepared.bindings
        let leaving = prepared.leaving
        let page = assembled.page
        var outcomes = prepared.outcomes + assembled.skipped

        var changed: [(DesiredProduct, ProductBinding)] = []
        var unbound: [DesiredProduct] = []
        var drifting: [(DesiredProduct, MedusaProduct)] = []
        var recreated: Set<Int> = []
        let index = try await reconcileIndex(needed: bindings)
        for var desired in assembled.desired {
            if let index, let warning = MedusaReconcile.duplicateWarning(
                templateId: desired.templateId, claims: index.claims[desired.templateId] ?? [],
                boundProductId: bindings[desired.templateId]?.productId) {
                desired.warnings.append(warning)
            }
            if let error = page.imageFailures[desired.templateId] {
                outcomes.append(.failure(error, templateId: desired.templateId, title: desired.title,
                                         medusaProductId: bindings[desired.templateId]?.productId, context: "uploading its image"))
            } else if let conflict = await ledger.claimCodes(desired) {
                outcomes.append(ProductOutcome(odooTemplateId: desired.templateId, kind: .skipped,
                                               medusaProductId: bindings[desired.templateId]?.productId, title: desired.title,
                                               message: conflict))
            } else if let binding = bindings[desired.templateId] {
                if binding.state == .written(hash: hasher.of(desired)) {
                    if let index, let listed = index.products[binding.productId] {
                        drifting.append((desired, listed))
                    } else if index != nil {
                        // Deleted in Medusa behind our back: forget the binding and create it again.
                        if !dryRun { try await state.deleteBindings(kind: .product, odooIds: [desired.templateId]) }
                        recreated.insert(desired.templateId)
                        unbound.append(desired)
                    } else {
                        outcomes.append(ProductOutcome(odooTemplateId: desired.templateId, kind: .unchanged, medusaProductId: binding.productId,
                                                       title: desired.title, message: OutcomeText.message(desired.warnings)))
                    }
                } else {
                    changed.append((desired, binding))
                }
            } else {
                unbound.append(desired)
            }
        }

        var updates: [ProductUpdater.Job] = drifting.map { desired, listed in
            ProductUpdater.Job(desired: desired, current: listed, adoptedBecause: nil,
                               odooVariantIds: page.variantIds[desired.templateId] ?? [], reconciling: true)
        }
        let medusa = resolver.medusa
        let fetched = try await forEachConcurrently(changed, limit: concurrency) { desired, binding in
            await Fetched(desired: desired, binding: binding) { try await medusa.existingProduct(id: binding.productId) }
        }
        for item in fetched {
            switch item.result {
            case .success(let product?):
                updates.append(ProductUpdater.Job(desired: item.desired, current: product, adoptedBecause: nil,
                                         odooVariantIds: page.variantIds[item.desired.templateId] ?? []))
            case .success(nil):
                // Deleted in Medusa behind our back: forget the binding and go through adoption/creation.
                if !dryRun { try await state.deleteBindings(kind: .product, odooIds: [item.desired.templateId]) }
                unbound.append(item.desired)
            case .failure(let error):
                if mustAbortRun(error) { throw error }
                outcomes.append(.failure(error, templateId: item.desired.templateId, title: item.desired.title,
                                         medusaProductId: item.binding.productId))
            }
        }

        var creates: [ProductCreator.Job] = []
        var reserved: Set<String> = []
        for desired in unbound where !Task.isCancelled {
            let variantIds = page.variantIds[desired.templateId] ?? []
            do {
                switch try await resolver.resolve(desired, reserved: reserved) {
                case .adopt(let product, let reason):
                    reserved.insert(product.handle)
                    await resolver.adoption.register(handle: product.handle, productId: product.id, templateId: desired.templateId)
                    updates.append(ProductUpdater.Job(desired: desired, current: product, adoptedBecause: reason,
                                             odooVariantIds: variantIds))
                case .create(let handle):
                    reserved.insert(handle)
                    var named = desired
                    named.handle = handle
                    creates.append(ProductCreator.Job(desired: named, odooVariantIds: variantIds))
                case .conflict(let message):
                    outcomes.append(.failure(SyncFailure(message), templateId: desired.templateId, title: desired.title))
                }
            } catch {
                if mustAbortRun(error) { throw error }
                outcomes.append(.failure(error, templateId: desired.templateId, title: desired.title, context: "looking for an existing product"))
            }
        }

        let updater = self.updater
        outcomes += try await forEachConcurrently(updates, limit: concurrency) { try await updater.run($0) }
        outcomes += try await creator.run(creates).map { outcome in
            guard recreated.contains(outcome.odooTemplateId), outcome.kind == .created || outcome.kind == .updated else { return outcome }
            var outcome = outcome
            outcome.message = OutcomeText.message(["recreated: the product had been deleted in Medusa", outcome.message])
            return outcome
        }
        for (template, binding) in leaving where !Task.isCancelled {
            outcomes.append(try await archiver.archive(templateId: template.id, template: template, binding: binding))
        }
        return outcomes
    }

    /// The reconcile index when this page has a bound product (full runs only).
    private func reconcileIndex(needed bindings: [Int: ProductBinding]) async throws -> MedusaReconcile.Index? {
        guard let reconcile, !bindings.isEmpty else { return nil }
        return try await reconcile.index()
    }

    /// Maps every snapshot; data Medusa cannot hold becomes a skipped outcome naming the problem.
    private func mapped(_ snapshots: [ProductSnapshot], outcomes: inout [ProductOutcome]) -> [DesiredProduct] {
        snapshots.compactMap { snapshot in
            do {
                var desired = try ProductMapper.map(snapshot, context: mapping)
                if let category = desired.odooCategoryId, let issue = categoryIssues[category] { desired.warnings.append(issue) }
                return desired
            } catch {
                outcomes.append(ProductOutcome(odooTemplateId: snapshot.template.id, kind: .skipped, title: snapshot.template.name,
                                               message: String(describing: error), failureClass: .permanent, system: "odoo"))
                return nil
            }
        }
    }

    struct Fetched: Sendable {
        var desired: DesiredProduct
        var binding: ProductBinding
        var result: Result<MedusaProduct?, any Error>

        init(desired: DesiredProduct, binding: ProductBinding, _ read: @Sendable () async throws -> MedusaProduct?) async {
            self.desired = desired; self.binding = binding
            do { result = .success(try await read()) } catch { result = .failure(error) }
        }
    }
}

private extension Dictionary where Key == Int, Value == ProductBinding {
    /// Bound products claim their skus first (they already hold them in Medusa), then lower template ids.
    func order(_ a: DesiredProduct, _ b: DesiredProduct) -> Bool {
        let boundA = self[a.templateId] == nil ? 1 : 0, boundB = self[b.templateId] == nil ? 1 : 0
        return (boundA, a.templateId) < (boundB, b.templateId)
    }
}
