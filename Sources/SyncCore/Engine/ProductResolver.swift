/// "No duplicates, ever": before creating a product, look for one that already stands for the template, so a lost
/// bindings table, a timed-out create, or products made by the old module or Medusa's recipe never lead to a second copy.
struct ProductResolver: Sendable {
    let medusa: any MedusaShop
    let adoption: AdoptionIndex

    enum Resolution: Sendable {
        case adopt(MedusaProduct, reason: String)
        case create(handle: String)
        case conflict(String)
    }

    /// A product that names the template wins; else the handle decides: free → create, held by a product that names
    /// no template → adopt it, held by another template's product → try `<handle>-<templateId>`.
    /// - Parameter reserved: handles already chosen in this page (two templates may slug alike).
    func resolve(_ desired: DesiredProduct, reserved: Set<String>) async throws -> Resolution {
        if let id = try await adoption.productId(claiming: desired.templateId), let product = try await medusa.existingProduct(id: id) {
            return .adopt(product, reason: "matched by external id \(desired.templateId)")
        }
        let alternative = ProductHandle.disambiguate(desired.handle, templateId: desired.templateId)
        for handle in [desired.handle, alternative] where !reserved.contains(handle) {
            guard let holder = try await adoption.holder(of: handle) else { return .create(handle: handle) }
            if holder.claimedTemplate == nil || holder.claimedTemplate == desired.templateId,
               let product = try await medusa.existingProduct(id: holder.productId) {
                return .adopt(product, reason: "matched by handle \(handle)")
            }
        }
        return .conflict("handles \(desired.handle) and \(alternative) are both held by other products in Medusa")
    }
}
