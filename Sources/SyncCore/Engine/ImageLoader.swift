/// Reads images a few templates at a time, checksums them and uploads each new one right away, so memory holds a
/// handful of full-size images, never a page of them. The checksum is kept in an image binding with the URL: an
/// unchanged image is never uploaded again, a changed one (new checksum) is uploaded and replaces the old URL.
extension SyncRun {
    /// Templates per image read: `image_1920` can be megabytes each.
    static let imageReadSize = 20

    struct LoadedImages: Sendable {
        var images: [ProductImage] = []
        /// Template id → why one of its images could not be uploaded (the product then fails, to be retried).
        var failures: [Int: any Error] = [:]
    }

    /// - Parameters:
    ///   - variantOwners: active variant id → template id.
    ///   - unbound: templates without a product binding (to be adopted or created): an image of theirs without an
    ///     image binding may already be in Medusa (bindings lost, or a product adopted from an earlier install), so it
    ///     is looked for on the shop's products before it is uploaded.
    func loadImages(templateIds: [Int], variantOwners: [Int: Int], unbound: Set<Int> = []) async throws -> LoadedImages {
        var loaded = LoadedImages()
        // Which templates and variants have an image is asked first (ids only): a page without images costs two
        // calls, not one per 20 records.
        async let templatesRead = odoo.templatesWithImages(ids: templateIds)
        async let variantsRead: [Int] = variantOwners.isEmpty ? [] : odoo.variantsWithImages(ids: variantOwners.keys.sorted())
        let (templatesWithImages, variantsWithImages) = try await (templatesRead, variantsRead)
        for chunk in templatesWithImages.sorted().chunked(into: Self.imageReadSize) {
            try await upload(try await odoo.templateImages(ids: chunk), into: &loaded, unbound: unbound) { owner in
                if case .template(let id) = owner { return id } else { return nil }
            }
        }
        for chunk in variantsWithImages.sorted().chunked(into: Self.imageReadSize) {
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
        let bound = try await state.bindings(kind: .image, odooIds: images.map { Self.imageKey($0.owner) })
        for image in images {
            var product = ProductImage(image)
            let key = Self.imageKey(image.owner)
            if let binding = bound[key], binding.extra == product.checksum {
                product.url = binding.medusaId
                loaded.images.append(product)
                continue
            }
            if let templateId = template(image.owner), unbound.contains(templateId) {
                do {
                    if let url = try await adoption.uploadedImage(stem: Self.imageStem(product)) {
                        if !dryRun {
                            try await state.saveBindings([Binding(kind: .image, odooId: key, medusaId: url, hash: product.checksum,
                                                                  extra: product.checksum)])
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
                    let url = try await medusa.upload(fileName: Self.fileName(product, bytes: image.data),
                                                      contentType: Self.contentType(of: image.data), data: image.data)
                    try await state.saveBindings([Binding(kind: .image, odooId: key, medusaId: url, hash: product.checksum,
                                                          extra: product.checksum)])
                    product.url = url
                } catch {
                    if mustAbortRun(error) { throw error }
                    if let templateId = template(image.owner) { loaded.failures[templateId] = error }
                }
            }
            loaded.images.append(product)
        }
    }

    /// Binding key of an image owner: the template id, or the negated variant id (one binding per owner; template
    /// and variant ids are separate sequences in Odoo, hence the sign).
    static func imageKey(_ owner: OdooImage.Owner) -> Int {
        switch owner {
        case .template(let id): id
        case .variant(let id): -id
        }
    }

    static func fileName(_ image: ProductImage, bytes: [UInt8]) -> String {
        "\(imageStem(image)).\(fileExtension(of: bytes))"
    }

    /// The file name without extension: owner and checksum prefix (`odoo-template-9-0123456789ab`), which file services
    /// keep in the URL, so an uploaded image can be recognised in Medusa (`AdoptionIndex.imageStem(inURL:)`).
    static func imageStem(_ image: ProductImage) -> String {
        let owner = switch image.owner {
        case .template(let id): "template-\(id)"
        case .variant(let id): "variant-\(id)"
        }
        return "odoo-\(owner)-\(image.checksum.prefix(12))"
    }

    /// Odoo stores images without a type; the bytes say what they are.
    static func contentType(of bytes: [UInt8]) -> String {
        switch fileExtension(of: bytes) {
        case "png": "image/png"
        case "jpg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "svg": "image/svg+xml"
        default: "application/octet-stream"
        }
    }

    static func fileExtension(of bytes: [UInt8]) -> String {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "jpg" }
        if bytes.starts(with: Array("GIF8".utf8)) { return "gif" }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return "webp" }
        let head = String(decoding: bytes.prefix(256), as: UTF8.self)
        if head.contains("<svg") { return "svg" }
        return "bin"
    }
}
