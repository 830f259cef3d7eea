/// Run-wide inputs of the mapper that do not come from the template itself.
public struct MappingContext: Sendable {
    public var publishRule: PublishRule
    public var pricer: VariantPricer
    public var salesChannelIds: [String]
    /// Stock sync on: variants are created with `manage_inventory: true` (services and combos never are).
    public var manageInventory: Bool
    /// Odoo category id → bound Medusa category id; nil when categories are not synced.
    public var categoryIds: [Int: String]?
    public var syncImages: Bool

    public init(publishRule: PublishRule = PublishRule(), pricer: VariantPricer, salesChannelIds: [String],
                manageInventory: Bool, categoryIds: [Int: String]?, syncImages: Bool) {
        self.publishRule = publishRule; self.pricer = pricer; self.salesChannelIds = salesChannelIds
        self.manageInventory = manageInventory; self.categoryIds = categoryIds; self.syncImages = syncImages
    }
}
