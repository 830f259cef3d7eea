/// Decides whether a template belongs in the shop and whether it is visible there.
public struct PublishRule: Sendable, Hashable, Codable {
    /// A template that is not `sale_ok` is treated like an archived one (drafted or deleted in Medusa).
    public var requireSaleOk: Bool
    /// When the server has website `is_published` (nil = field absent, ignored), an unpublished template stays a draft.
    public var honourIsPublished: Bool

    public init(requireSaleOk: Bool = true, honourIsPublished: Bool = true) {
        self.requireSaleOk = requireSaleOk; self.honourIsPublished = honourIsPublished
    }

    /// Active (and saleable, by default): the product should exist in Medusa.
    public func belongsInShop(_ template: OdooTemplate) -> Bool {
        template.active && (!requireSaleOk || template.saleOk)
    }

    /// Published when it belongs in the shop and is not explicitly unpublished on the website.
    public func status(for template: OdooTemplate) -> ProductStatus {
        guard belongsInShop(template) else { return .draft }
        if honourIsPublished, template.isPublished == false { return .draft }
        return .published
    }
}
