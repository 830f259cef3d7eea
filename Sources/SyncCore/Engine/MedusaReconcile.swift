/// What Medusa holds, read once by a full run to find what changed behind the sync's back: products read in pages of
/// `pageSize` (the fields the sync owns, as `listProducts` reads them), so the reconcile costs one request per 250
/// products. Read lazily, the first time a page has a bound product whose hash says nothing changed in Odoo.
///
/// - a bound product missing from Medusa (deleted by hand) is created again;
/// - a bound product differing from the desired state in a field the sync owns is written back (`drift_corrected`);
/// - several Medusa products naming one Odoo template (external id, metadata) are reported on that product.
///
/// Holds the whole shop's products while the full run lasts (the one exception to "memory is bounded by a page").
actor MedusaReconcile {
    static let pageSize = 250

    struct Index: Sendable {
        /// Medusa product id → product.
        var products: [String: MedusaProduct] = [:]
        /// Odoo template id → the Medusa products that name it, in id order.
        var claims: [Int: [String]] = [:]
    }

    private let medusa: any MedusaShop
    private var loaded: Index?

    init(medusa: any MedusaShop) { self.medusa = medusa }

    func index() async throws -> Index {
        if let loaded { return loaded }
        var index = Index()
        var offset = 0
        while true {
            try Task.checkCancellation()
            let page = try await medusa.listProducts(offset: offset, limit: Self.pageSize)
            for product in page.products {
                index.products[product.id] = product
                if let template = AdoptionIndex.claimedTemplate(of: product) { index.claims[template, default: []].append(product.id) }
            }
            offset += page.products.count
            if page.products.isEmpty || offset >= page.count { break }
        }
        for key in index.claims.keys { index.claims[key]?.sort() }
        loaded = index
        return index
    }

    /// The warning for a template that several Medusa products claim (nil when one or none does).
    static func duplicateWarning(templateId: Int, claims: [String], boundProductId: String?) -> String? {
        guard claims.count > 1 else { return nil }
        let others = claims.filter { $0 != boundProductId }
        let bound = boundProductId.map { "\($0) (the one the sync writes)" }
        return "\(claims.count) Medusa products name this Odoo template: "
            + ([bound].compactMap { $0 } + others).joined(separator: ", ")
            + "; delete the others or clear their external id"
    }
}
