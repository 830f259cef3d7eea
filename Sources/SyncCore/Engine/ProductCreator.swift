/// Creates new products through `/admin/products/batch` (one request per page; the client splits at 2 MB), binding each
/// created product right away. A batch Medusa rejects is retried product by product, so one bad product fails alone.
struct ProductCreator: Sendable {
    let medusa: any MedusaShop
    let adoption: AdoptionIndex
    let binder: WrittenProductBinder
    /// Takes over a product found by handle after a failed batch.
    let updater: ProductUpdater
    let concurrency: Int
    let dryRun: Bool

    struct Job: Sendable {
        /// With the handle chosen by `resolve` (possibly disambiguated).
        var desired: DesiredProduct
        var odooVariantIds: [Int]
    }

    private struct Prepared: Sendable {
        var job: Job
        var input: ProductInput
        var changes: [FieldChange]
        var desired: DesiredProduct { job.desired }
    }

    func run(_ jobs: [Job]) async throws -> [ProductOutcome] {
        let prepared: [Prepared] = jobs.compactMap { job in
            guard case .create(let input, let changes) = ProductPlanner.plan(job.desired, current: nil) else { return nil }
            return Prepared(job: job, input: input, changes: changes)
        }
        if dryRun {
            return prepared.map { item in
                ProductOutcome(odooTemplateId: item.desired.templateId, kind: .created, title: item.desired.title,
                               message: OutcomeText.message(["would create with handle \(item.input.handle)"] + item.desired.warnings),
                               plannedChanges: item.changes)
            }
        }
        guard !prepared.isEmpty, !Task.isCancelled else { return [] }

        var created: [MedusaProduct] = []
        var retry: [Prepared] = []
        var abort: (any Error)?
        // The page's creates go out `createsPerRequest` at a time (Medusa's batch route takes 2 MB), `concurrency`
        // requests at once: a page of 500 costs one round trip or two, not five in a row.
        let attempts = try await forEachConcurrently(prepared.chunked(into: Self.createsPerRequest),
                                                     limit: concurrency) { chunk in
            await BatchAttempt(inputs: chunk.map(\.input), medusa: medusa)
        }
        for attempt in attempts {
            created += attempt.created
            if let error = attempt.error, abort == nil, mustAbortRun(error) { abort = error }
        }
        let byHandle = Dictionary(created.map { ($0.handle, $0) }) { a, _ in a }
        var outcomes: [ProductOutcome] = []
        for item in prepared {
            if let product = byHandle[item.input.handle] {
                outcomes.append(try await bindCreated(item.desired, product: product))
            } else {
                retry.append(item)
            }
        }
        if let abort { throw abort }
        outcomes += try await forEachConcurrently(retry, limit: concurrency) { item in
            try await createOne(item)
        }
        return outcomes
    }

    /// Products per `/admin/products/batch` request (the client also splits at its own count and 2 MB limits).
    static let createsPerRequest = 100

    /// One batch create: what Medusa created, and the failure if any (what a failed batch applied is kept).
    private struct BatchAttempt: Sendable {
        var created: [MedusaProduct] = []
        var error: (any Error)?

        init(inputs: [ProductInput], medusa: any MedusaShop) async {
            do {
                created = try await medusa.batchProducts(create: inputs, update: [], delete: []).created
            } catch let failure as ProductBatchFailure {
                created = failure.applied.created
                error = failure
            } catch {
                self.error = error
            }
        }
    }

    private func createOne(_ item: Prepared) async throws -> ProductOutcome {
        do {
            // A batch that failed on the wire may have been applied anyway: look before creating a second copy.
            if let existing = try await medusa.product(handle: item.input.handle),
               AdoptionIndex.claimedTemplate(of: existing) == item.desired.templateId {
                return try await updater.run(ProductUpdater.Job(desired: item.desired, current: existing,
                                                     adoptedBecause: "found by handle after a failed batch",
                                                     odooVariantIds: item.job.odooVariantIds))
            }
            return try await bindCreated(item.desired, product: try await medusa.createProduct(item.input))
        } catch {
            if mustAbortRun(error) { throw error }
            return .failure(error, templateId: item.desired.templateId, title: item.desired.title)
        }
    }

    private func bindCreated(_ desired: DesiredProduct, product: MedusaProduct) async throws -> ProductOutcome {
        await adoption.register(handle: product.handle, productId: product.id, templateId: desired.templateId)
        let matched = VariantMatcher.match(desired: desired.variants, current: product.variants, bindings: [:])
        let variants = matched.compactMap { odooId, medusaId in product.variants.first { $0.id == medusaId }.map { (odooId, $0) } }
        try await binder.bind(desired, productId: product.id, variants: Dictionary(variants) { a, _ in a })
        return ProductOutcome(odooTemplateId: desired.templateId, kind: .created, medusaProductId: product.id,
                              title: desired.title, message: OutcomeText.message(["handle \(product.handle)"] + desired.warnings))
    }
}
