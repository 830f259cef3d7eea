/// Reads images a few templates at a time, checksums them and uploads each new one right away, so memory holds a
/// handful of full-size images, never a page of them. The checksum is kept in an image binding with the URL: an
/// unchanged image is never uploaded again, a changed one (new checksum) is uploaded and replaces the old URL.
struct ImageLoader: Sendable {
    let odoo: any OdooCatalogue
    let medusa: any MedusaShop
    let state: any SyncStateStore
    let adoption: AdoptionIndex
    /// Checksums image content.
    let digest: any ContentDigest
    let dryRun: Bool

    /// Templates per image read: `image_1920` can be megabytes each.
    static let imageReadSize = 20

    struct LoadedImages: Sendable {
        var images: [ProductImage] = []
        /// Template id → why one of its images could not be uploaded (the product then fails, to be retried).
        var failures: [Int: any Error] = [:]
    }

    /// Which templates and variants of a page have an image (ids only): a page without images costs these two calls,
    /// not one per 20 records. Only reads, so it is asked while the page before is written.
    struct Presence: Sendable {
        var templates: [Int] = []
        var variants: [Int] = []
        var isEmpty: Bool { templates.isEmpty && variants.isEmpty }
    }

    func presence(templateIds: [Int], variantIds: [Int]) async throws -> Presence {
        async let templatesRead = odoo.templatesWithImages(ids: templateIds)
        async let variantsRead: [Int] = variantIds.isEmpty ? [] : odoo.variantsWithImages(ids: variantIds.sorted())
        let (templates, variants) = try await (templatesRead, variantsRead)
        return Presence(templates: templates.sorted(), variants: variants.sorted())
    }

    /// - Parameters:
    ///   - presence: which records have an image (`presence(templateIds:variantIds:)`).
    ///   - variantOwners: active variant id → template id.
    ///   - unbound: templates without a product binding (to be adopted or created): an image of theirs without an
    ///     image binding may already be in Medusa (bindings lost, or a product adopted from an earlier install), so it
    ///     is looked for on the shop's products before it is uploaded.
    func load(_ presence: Presence, variantOwners: [Int: Int], unbound: Set<Int> = []) async throws -> LoadedImages {
        var loaded = LoadedImages()
        for chunk in presence.templates.chunked(into: Self.imageReadSize) {
            try await upload(try await odoo.templateImages(ids: chunk), into: &loaded, unbound: unbound) { owner in
                if case .template(let id) = owner { return id } else { return nil }
            }
        }
        for chunk in presence.variants.chunked(into: Self.imageReadSize) {
            try await upload(try await odoo.variantImages(ids: chunk), into: &loaded, unbound: unbound) { owner in
                if case .variant(let id) = owner { return variantOwners[id] } else { return nil }
            }
        }
        return loaded
    }

    private func upload(_ images: [OdooImage], into loaded: inout LoadedImages, unbound: Set<Int>,
                        template: (OdooImage.Owner) -> Int?) async throws {
        let images = images.filter { !$0.data.isEmpty }
        guard !images.isEmpty else { return }
        let bound = try await state.bindings(ImageBinding.self, odooIds: images.map { ImageBinding.odooId(of: $0.owner) })
        for image in images {
            var product = ProductImage(owner: image.owner, checksum: digest.hex(of: image.data))
            if let binding = bound[ImageBinding.odooId(of: image.owner)], binding.checksum == product.checksum {
                product.url = binding.url
                loaded.images.append(product)
                continue
            }
            if let templateId = template(image.owner), unbound.contains(templateId) {
                do {
                    if let url = try await adoption.uploadedImage(stem: ImageFile.stem(product)) {
                        if !dryRun {
                            try await state.saveBindings([ImageBinding(owner: image.owner, url: url, checksum: product.checksum)])
                        }
                        product.url = url
                        loaded.images.append(product)
                        continue
                    }
                } catch {
                    if mustAbortRun(error) { throw error }
                    loaded.failures[templateId] = error
                    loaded.images.append(product)
                    continue
                }
            }
            if !dryRun {
                do {
                    let url = try await medusa.upload(fileName: ImageFile.name(product, bytes: image.data),
                                                      contentType: ImageFile.contentType(of: image.data), data: image.data)
                    try await state.saveBindings([ImageBinding(owner: image.owner, url: url, checksum: product.checksum)])
                    product.url = url
                } catch {
                    if mustAbortRun(error) { throw error }
                    if let templateId = template(image.owner) { loaded.failures[templateId] = error }
                }
            }
            loaded.images.append(product)
        }
    }
}
