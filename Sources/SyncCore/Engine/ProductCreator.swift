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

        // The page's creates go out `createsPerRequest` at a time (Medusa's batch route takes 2 MB), `concurrency`
        // requests at once: a page of 500 costs one round trip or two, not five in a row. Each request's products are
        // bound as soon as it returns (one store write), while the other requests are still in flight.
        let attempts = try await forEachConcurrently(prepared.chunked(into: Self.createsPerRequest),
                                                     limit: concurrency) { chunk in
            try await bindAttempt(chunk, await BatchAttempt(inputs: chunk.map(\.input), medusa: medusa))
        }
        var outcomes: [ProductOutcome] = []
        var retry: [Prepared] = []
        var abort: (any Error)?
        for attempt in attempts {
            outcomes += attempt.outcomes
            retry += attempt.retry
            if let error = attempt.error, abort == nil, mustAbortRun(error) { abort = error }
        }
        if let abort { throw abort }
        outcomes += try await forEachConcurrently(retry, limit: concurrency) { item in
            try await createOne(item)
        }
        return outcomes
    }

    /// What one batch request left: the outcomes of the products it created (bound), those to create one by one, and
    /// its failure if any.
    private struct BoundAttempt: Sendable {
        var outcomes: [ProductOutcome]
        var retry: [Prepared]
        var error: (any Error)?
    }

    private func bindAttempt(_ chunk: [Prepared], _ attempt: BatchAttempt) async throws -> BoundAttempt {
        let byHandle = Dictionary(attempt.created.map { ($0.handle, $0) }) { a, _ in a }
        var created: [(Prepared, MedusaProduct)] = []
        var retry: [Prepared] = []
        for item in chunk {
            if let product = byHandle[item.input.handle] { created.append((item, product)) } else { retry.append(item) }
        }
        return BoundAttempt(outcomes: try await bindCreated(created.map { ($0.0.desired, $0.1) }), retry: retry,
                            error: attempt.error)
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
        try await bindCreated([(desired, product)])[0]
    }

    /// Registers and binds products Medusa just created (in one store write), with their outcomes.
    private func bindCreated(_ created: [(DesiredProduct, MedusaProduct)]) async throws -> [ProductOutcome] {
        guard !created.isEmpty else { return [] }
        await adoption.register(created.map { desired, product in
            AdoptionIndex.Registration(handle: product.handle, productId: product.id, templateId: desired.templateId)
        })
        try await binder.bind(created.map { desired, product in
            let matched = VariantMatcher.match(desired: desired.variants, current: product.variants, bindings: [:])
            let byId = Dictionary(product.variants.map { ($0.id, $0) }) { a, _ in a }
            let variants = matched.compactMap { odooId, medusaId in byId[medusaId].map { (odooId, $0) } }
            return WrittenProductBinder.Written(desired: desired, productId: product.id,
                                                variants: Dictionary(variants) { a, _ in a })
        })
        return created.map { desired, product in
            ProductOutcome(odooTemplateId: desired.templateId, kind: .created, medusaProductId: product.id,
                           title: desired.title, message: OutcomeText.message(["handle \(product.handle)"] + desired.warnings))
        }
    }
}
