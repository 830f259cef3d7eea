/// What the sync engine reads from Odoo. Implemented by `OdooClient` (over JSON-2 or JSON-RPC); the engine never sees
/// the wire protocol. Every call may throw a `ClassifiedError`.
///
/// Paged reads are ascending by `(write_date, id)` and start strictly after `cursor` (nil = from the beginning), so a
/// caller can commit the last record of a page as the new cursor. `includeArchived` reads with `active_test: false`.
public protocol OdooCatalogue: OdooConnection {
    /// The company currency (what `list_price` / `lst_price` are expressed in).
    func companyCurrency() async throws -> OdooCurrency

    func templates(after cursor: ModelCursor?, limit: Int, includeArchived: Bool) async throws -> [OdooTemplate]
    func templates(ids: [Int], includeArchived: Bool) async throws -> [OdooTemplate]
    /// Ids of every template (active, or all with `includeArchived`), for a full reconcile to detect deletions.
    func templateIds(includeArchived: Bool) async throws -> [Int]
    /// Templates of the given variants, archived ones included: an Odoo webhook may name a variant, the sync works
    /// on templates.
    func templateIds(ofVariants variantIds: [Int]) async throws -> [Int]

    func variants(after cursor: ModelCursor?, limit: Int, includeArchived: Bool) async throws -> [OdooVariant]
    func variants(templateIds: [Int], includeArchived: Bool) async throws -> [OdooVariant]

    func attributeLines(templateIds: [Int]) async throws -> [OdooAttributeLine]
    /// PTAVs of the given templates (including inactive ones, whose `active` is false).
    func templateAttributeValues(templateIds: [Int]) async throws -> [OdooTemplateAttributeValue]
    func templateAttributeValues(after cursor: ModelCursor?, limit: Int) async throws -> [OdooTemplateAttributeValue]
    func attributes(ids: [Int]) async throws -> [OdooAttribute]

    func categories() async throws -> [OdooCategory]
    func currencies() async throws -> [OdooCurrency]
    func pricelists() async throws -> [OdooPricelist]
    func pricelistItems(pricelistIds: [Int]) async throws -> [OdooPricelistItem]
    func pricelistItems(after cursor: ModelCursor?, limit: Int) async throws -> [OdooPricelistItem]

    /// Internal stock locations (to resolve the configured location, default: all internal locations).
    func internalLocations() async throws -> [OdooLocation]
    /// On-hand stock per variant summed over `locationIds` (from `stock.quant`).
    func stockLevels(variantIds: [Int], locationIds: [Int]) async throws -> [OdooStockLevel]
    /// The stock stream: quants written after `cursor`, ascending by `(write_date, id)`, every location.
    func stockQuantChanges(after cursor: ModelCursor?, limit: Int) async throws -> [OdooQuantChange]

    /// The newest `(write_date, id)` of a stream's model (`SyncStream`), archived records included; nil when it has
    /// none. Read before a walk over every template, which covers every stream, so the walk can leave each stream's
    /// cursor there: what changes during the walk is read again by the next incremental run.
    func latestCursor(stream: SyncStream) async throws -> ModelCursor?

    /// `image_1920` of templates (absent entries have no image).
    func templateImages(ids: [Int]) async throws -> [OdooImage]
    /// Variant-specific images (`image_variant_1920`), only for variants that have their own.
    func variantImages(ids: [Int]) async throws -> [OdooImage]

    /// Which of the templates have an `image_1920` (ids only: cheap), so images are read only where there are some.
    func templatesWithImages(ids: [Int]) async throws -> [Int]
    /// Which of the variants have an `image_variant_1920` of their own.
    func variantsWithImages(ids: [Int]) async throws -> [Int]
}

extension OdooCatalogue {
    /// Default: every id may have one (the images are then read for all of them).
    public func templatesWithImages(ids: [Int]) async throws -> [Int] { ids }
    public func variantsWithImages(ids: [Int]) async throws -> [Int] { ids }
}
