/// Reads everything one page of templates needs from Odoo, in a few calls per page (never per product).
struct PageLoader: Sendable {
    let odoo: any OdooCatalogue
    /// Keeps the attributes read so far in the run.
    let ledger: RunLedger
    /// nil: image sync is off.
    let images: ImageLoader?

    struct LoadedPage: Sendable {
        var snapshots: [ProductSnapshot]
        /// All variant ids per template, archived ones included (to find bindings of variants that left the shop).
        var variantIds: [Int: [Int]]
        /// Templates whose image could not be uploaded.
        var imageFailures: [Int: any Error] = [:]
    }

    /// A page's records as Odoo answered them, before images (which upload to Medusa) are handled.
    struct PageRecords: Sendable {
        var templates: [OdooTemplate]
        var variants: [OdooVariant]
        var lines: [OdooAttributeLine]
        var values: [OdooTemplateAttributeValue]
        var attributes: [Int: OdooAttribute]
        /// Which records have an image (empty when image sync is off).
        var images = ImageLoader.Presence()

        /// Whether `assemble` does I/O (image reads and uploads); without images it is pure and may run ahead of the
        /// page being written.
        var assemblingWrites: Bool { !images.isEmpty }

        static let empty = PageRecords(templates: [], variants: [], lines: [], values: [], attributes: [:])
    }

    /// The Odoo reads of a page (only reads: safe to issue while the page before is being written).
    func read(_ templates: [OdooTemplate]) async throws -> PageRecords {
        guard !templates.isEmpty else { return .empty }
        let ids = templates.map(\.id)
        async let variantsRead = odoo.variants(templateIds: ids, includeArchived: true)
        async let linesRead = odoo.attributeLines(templateIds: ids)
        async let valuesRead = odoo.templateAttributeValues(templateIds: ids)
        let (variants, lines, values) = try await (variantsRead, linesRead, valuesRead)
        async let attributesRead = attributes(Set(lines.map(\.attributeId)))
        async let imagesRead = images?.presence(templateIds: ids, variantIds: Self.owners(variants).keys.sorted())
        let (attributes, images) = try await (attributesRead, imagesRead)
        return PageRecords(templates: templates, variants: variants, lines: lines, values: values, attributes: attributes,
                           images: images ?? ImageLoader.Presence())
    }

    /// Snapshots of the page, with its images read and uploaded when image sync is on.
    /// - Parameter unbound: templates without a product binding (see `ImageLoader.load`).
    func assemble(_ records: PageRecords, unbound: Set<Int> = []) async throws -> LoadedPage {
        guard !records.templates.isEmpty else { return LoadedPage(snapshots: [], variantIds: [:]) }
        var images = ImageLoader.LoadedImages()
        if let loader = self.images, !records.images.isEmpty {
            images = try await loader.load(records.images, variantOwners: Self.owners(records.variants), unbound: unbound)
        }
        return Self.snapshots(records, images: images)
    }

    /// Active variant id → template id (archived variants' images are not synced).
    private static func owners(_ variants: [OdooVariant]) -> [Int: Int] {
        Dictionary(variants.filter(\.active).map { ($0.id, $0.templateId) }) { a, _ in a }
    }

    private static func snapshots(_ records: PageRecords, images: ImageLoader.LoadedImages) -> LoadedPage {
        let variantsByTemplate = Dictionary(grouping: records.variants, by: \.templateId)
        let linesByTemplate = Dictionary(grouping: records.lines, by: \.templateId)
        let valuesByTemplate = Dictionary(grouping: records.values, by: \.templateId)
        let snapshots = records.templates.map { template in
            let own = variantsByTemplate[template.id] ?? []
            let ownIds = Set(own.map(\.id))
            return ProductSnapshot(
                template: template,
                variants: own.filter(\.active),
                attributeLines: linesByTemplate[template.id] ?? [],
                attributeValues: valuesByTemplate[template.id] ?? [],
                attributes: records.attributes,
                images: images.images.filter { image in
                    switch image.owner {
                    case .template(let id): id == template.id
                    case .variant(let id): ownIds.contains(id)
                    }
                }
            )
        }
        return LoadedPage(snapshots: snapshots, variantIds: variantsByTemplate.mapValues { $0.map(\.id) },
                          imageFailures: images.failures)
    }

    /// Attributes are few and shared by many templates: read each once per run.
    private func attributes(_ ids: Set<Int>) async throws -> [Int: OdooAttribute] {
        let (known, missing) = await ledger.cachedAttributes(ids)
        guard !missing.isEmpty else { return known }
        let loaded = try await odoo.attributes(ids: missing)
        await ledger.cache(loaded)
        return known.merging(loaded.map { ($0.id, $0) }) { $1 }
    }
}
