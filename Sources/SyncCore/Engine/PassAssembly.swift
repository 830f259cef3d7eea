/// Wires one run's passes from what the engine read at its start; each pass and helper gets only the collaborators
/// it needs.
struct PassAssembly: Sendable {
    let odoo: any OdooCatalogue
    let medusa: any MedusaShop
    let state: any SyncStateStore
    let digest: any ContentDigest
    let configuration: SyncConfiguration
    let request: SyncRequest
    let setup: RunSetup
    let start: RunStart
    let ledger: RunLedger
    let categories: CategoryPass.Result
    let capabilities: RunCapabilities
    /// How adoption finds existing products: by listing the catalogue (first sync, full run) or by exact lookups.
    let adoptionLookup: AdoptionIndex.Lookup

    /// The products phase; `stockFeed` receives the variants it binds (nil: no stock writes beside it).
    func products(stockFeed: StockFeed?) -> ProductPass {
        let dryRun = request.dryRun
        let hasher = DesiredHash(digest: digest, excluding: configuration.medusaOwnedFields)
        let reconcile = request.mode == .full && configuration.reconcileFullRuns ? MedusaReconcile(medusa: medusa) : nil
        let adoption = AdoptionIndex(medusa: medusa, lookup: adoptionLookup, reconcile: reconcile)
        let images = configuration.syncImages
            ? ImageLoader(odoo: odoo, medusa: medusa, state: state, adoption: adoption, digest: digest, dryRun: dryRun) : nil
        let binder = WrittenProductBinder(state: state, hasher: hasher, stockFeed: stockFeed)
        let updater = ProductUpdater(state: state, applier: ProductApplier(medusa: medusa), binder: binder,
                                     managedCategoryIds: Set(categories.ids.values),
                                     ownedByMedusa: configuration.medusaOwnedFields, dryRun: dryRun)
        let archiver = ArchivePass(odoo: odoo, medusa: medusa, state: state, archiveMode: configuration.archiveMode,
                                   publishRule: configuration.publishRule, dryRun: dryRun)
        let pages = PageSync(
            state: state, ledger: ledger,
            loader: PageLoader(odoo: odoo, ledger: ledger, images: images),
            resolver: ProductResolver(medusa: medusa, adoption: adoption),
            updater: updater,
            creator: ProductCreator(medusa: medusa, adoption: adoption, binder: binder, updater: updater,
                                    concurrency: configuration.concurrency, dryRun: dryRun),
            archiver: archiver, mapping: mapping, hasher: hasher, categoryIssues: categories.issues, request: request,
            concurrency: configuration.concurrency,
            reconcile: reconcile)
        return ProductPass(odoo: odoo, state: state, ledger: ledger, request: request, configuration: configuration,
                           start: start, pages: pages, archiver: archiver)
    }

    /// The stock pass, writing levels at the Medusa `location`.
    func stock(location: String) -> StockPass {
        StockPass(odoo: odoo, medusa: medusa, state: state, ledger: ledger, configuration: configuration, request: request,
                  scope: start.stock, location: location, odooLocationIds: setup.odooLocationIds,
                  capabilities: capabilities)
    }

    /// How Odoo products become Medusa products in this run.
    private var mapping: MappingContext {
        let evaluator = PricelistEvaluator(book: setup.book, currencies: setup.currencies, categories: setup.categories,
                                           now: setup.now)
        return MappingContext(
            publishRule: configuration.publishRule,
            pricer: VariantPricer(plan: setup.priceSources, evaluator: evaluator),
            salesChannelIds: setup.salesChannelIds,
            manageInventory: configuration.syncStock,
            categoryIds: configuration.syncCategories ? categories.ids : nil,
            syncImages: configuration.syncImages
        )
    }
}
