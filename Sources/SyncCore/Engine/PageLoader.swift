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

    /// - Parameter unbound: templates without a product binding (see `ImageLoader.load`).
    func load(_ templates: [OdooTemplate], unbound: Set<Int> = []) async throws -> LoadedPage {
        guard !templates.isEmpty else { return LoadedPage(snapshots: [], variantIds: [:]) }
        let ids = templates.map(\.id)
        async let variantsRead = odoo.variants(templateIds: ids, includeArchived: true)
        async let linesRead = odoo.attributeLines(templateIds: ids)
        async let valuesRead = odoo.templateAttributeValues(templateIds: ids)
        let (variants, lines, values) = try await (variantsRead, linesRead, valuesRead)
        let attributes = try await attributes(Set(lines.map(\.attributeId)))

        var images = ImageLoader.LoadedImages()
        if let loader = self.images {
            let owners = Dictionary(variants.filter(\.active).map { ($0.id, $0.templateId) }) { a, _ in a }
            images = try await loader.load(templateIds: ids, variantOwners: owners, unbound: unbound)
        }

        let variantsByTemplate = Dictionary(grouping: variants, by: \.templateId)
        let linesByTemplate = Dictionary(grouping: lines, by: \.templateId)
        let valuesByTemplate = Dictionary(grouping: values, by: \.templateId)
        let snapshots = templates.map { template in
            let own = variantsByTemplate[template.id] ?? []
            let ownIds = Set(own.map(\.id))
            return ProductSnapshot(
                template: template,
                variants: own.filter(\.active),
                attributeLines: linesByTemplate[template.id] ?? [],
                attributeValues: valuesByTemplate[template.id] ?? [],
                attributes: attributes,
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
