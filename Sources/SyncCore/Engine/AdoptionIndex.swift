/// What the shop already holds, for adoption: which product claims which Odoo template through its own data
/// (`external_id` as Medusa's Odoo recipe and this sync write it, `metadata.external_id` as the old TypeScript module
/// wrote it, or `metadata.odoo_template_id`), and which handles are taken.
///
/// Two ways to know (`Lookup`): a run that may create much of the catalogue (first sync, full run) lists all products
/// once, when a create is about to happen, and keeps ids, handles, and the URLs of images this sync uploaded
/// (recognised by their file name, which carries owner and checksum, so a lost image binding does not upload the same
/// image again). Any other run asks for exactly what it needs — the handle, and the `external_id` where the server
/// filters on it (Medusa 2.0.0 ignores `?external_id=`) — so one product created in Odoo costs a few requests whatever
/// the catalogue's size; past `exactLookupLimit` lookups it lists after all, which is then cheaper. Products created
/// during the run are registered, so later pages see their handles.
actor AdoptionIndex {
    enum Lookup: Sendable, Equatable {
        /// List the whole catalogue once.
        case listing
        /// Exact lookups by handle, and by external id when the server honours the filter.
        case exact(byExternalId: Bool)
    }

    /// Lookups after which an exact-lookup run lists the catalogue instead (100 products per listed page).
    static let exactLookupLimit = 40

    struct Holder: Sendable, Hashable {
        var productId: String
        var claimedTemplate: Int?
    }

    private let medusa: any MedusaShop
    private let pageSize: Int
    private var byTemplate: [Int: String] = [:]
    private var byHandle: [String: Holder] = [:]
    /// `ImageFile.stem` → URL of an image already on a product.
    private var imageByStem: [String: String] = [:]
    private var building: Task<Void, any Error>?
    private var lookup: Lookup
    /// Exact lookups made, and what they already answered (a nil holder: the handle was free).
    private(set) var lookups = 0
    private var lookedUpTemplates: Set<Int> = []
    private var lookedUpHandles: Set<String> = []

    /// A full run's reconcile lists the whole shop anyway: the index is built from that one listing, not a second.
    private let reconcile: MedusaReconcile?

    init(medusa: any MedusaShop, lookup: Lookup = .listing, reconcile: MedusaReconcile? = nil, pageSize: Int = 100) {
        self.medusa = medusa; self.lookup = lookup; self.reconcile = reconcile; self.pageSize = pageSize
    }

    /// The id of a Medusa product that claims `templateId`, if any.
    func productId(claiming templateId: Int) async throws -> String? {
        guard case .exact(let byExternalId) = try await mode() else {
            try await built()
            return byTemplate[templateId]
        }
        if byExternalId, byTemplate[templateId] == nil, lookedUpTemplates.insert(templateId).inserted {
            lookups += 1
            for product in try await medusa.products(externalId: String(templateId)) { note(product) }
        }
        return byTemplate[templateId]
    }

    /// The product holding `handle`, if any.
    func holder(of handle: String) async throws -> Holder? {
        guard case .exact = try await mode() else {
            try await built()
            return byHandle[handle]
        }
        if byHandle[handle] == nil, lookedUpHandles.insert(handle).inserted {
            lookups += 1
            if let product = try await medusa.product(handle: handle) { note(product) }
        }
        return byHandle[handle]
    }

    /// The URL of an image this sync uploaded before and that a product still shows, by the stem of its file name.
    /// With exact lookups, only the products looked up are known (a new product has no images yet).
    func uploadedImage(stem: String) async throws -> String? {
        if case .listing = try await mode() { try await built() }
        return imageByStem[stem]
    }

    /// The lookup in force: exact lookups turn into one listing once they would cost more.
    private func mode() async throws -> Lookup {
        if case .exact = lookup, lookups >= Self.exactLookupLimit { lookup = .listing }
        return lookup
    }

    private func note(_ product: MedusaProduct) {
        let claimed = Self.claimedTemplate(of: product)
        if byHandle[product.handle] == nil { byHandle[product.handle] = Holder(productId: product.id, claimedTemplate: claimed) }
        if let claimed, byTemplate[claimed] == nil { byTemplate[claimed] = product.id }
        for url in product.imageURLs + [product.thumbnail].compactMap({ $0 }) {
            if let stem = Self.imageStem(inURL: url), imageByStem[stem] == nil { imageByStem[stem] = url }
        }
    }

    /// Records a product this run created or adopted.
    func register(handle: String, productId: String, templateId: Int) {
        byHandle[handle] = Holder(productId: productId, claimedTemplate: templateId)
        byTemplate[templateId] = productId
    }

    struct Registration: Sendable {
        var handle: String
        var productId: String
        var templateId: Int
    }

    /// Records products a batch created, in one call.
    func register(_ products: [Registration]) {
        for product in products { register(handle: product.handle, productId: product.productId, templateId: product.templateId) }
    }

    /// The Odoo template a Medusa product claims through its own data, if any.
    static func claimedTemplate(of product: MedusaProduct) -> Int? {
        if let id = product.externalId.flatMap({ Int($0) }) { return id }
        return product.metadata?["external_id"]?.intValue ?? product.metadata?["odoo_template_id"]?.intValue
    }

    /// The `odoo-template-9-0123456789ab` part of an uploaded image's URL. File services keep the uploaded file name in
    /// the URL, adding a prefix or suffix of their own (`static/1732-odoo-template-9-0123456789ab.jpg`).
    static func imageStem(inURL url: String) -> String? {
        let name = url.split(separator: "/").last.map(String.init) ?? url
        for kind in ["odoo-template-", "odoo-variant-"] {
            var searchFrom = name.startIndex
            while let start = name.range(of: kind, range: searchFrom..<name.endIndex) {
                searchFrom = start.upperBound
                let rest = name[start.upperBound...]
                let digits = rest.prefix { ("0"..."9").contains($0) }
                guard !digits.isEmpty, rest.dropFirst(digits.count).first == "-" else { continue }
                let hex = rest.dropFirst(digits.count + 1).prefix(12)
                guard hex.count == 12, hex.allSatisfy({ ("0"..."9").contains($0) || ("a"..."f").contains($0) }) else { continue }
                return kind + digits + "-" + hex
            }
        }
        return nil
    }

    /// Scans once; concurrent callers share the scan, and a failed scan is tried again by the next caller.
    private func built() async throws {
        let task = building ?? Task { try await scan() }
        building = task
        do { try await task.value } catch {
            building = nil
            throw error
        }
    }

    private func scan() async throws {
        if let reconcile {
            // In id order, as the listing below reads them, so the first product holding a handle or template wins.
            for product in try await reconcile.index().products.values.sorted(by: { $0.id < $1.id }) { note(product) }
            return
        }
        var offset = 0
        while true {
            try Task.checkCancellation()
            let page = try await medusa.listProducts(offset: offset, limit: pageSize)
            for product in page.products { note(product) }
            offset += page.products.count
            if page.products.isEmpty || offset >= page.count { return }
        }
    }
}
