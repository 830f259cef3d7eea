/// The per-model change streams, each with its own cursor in `SyncStateStore`; the raw value is the Odoo model (and
/// the stored cursor's name).
public enum SyncStream: String, Sendable, Hashable, CaseIterable, Comparable {
    case templates = "product.template"
    case variants = "product.product"
    case attributeValues = "product.template.attribute.value"
    case pricelistItems = "product.pricelist.item"
    /// Stock: quants written since the cursor (stock moves bump no product `write_date`).
    case stockQuants = "stock.quant"

    /// The streams whose changes are mapped to templates (all but stock).
    static let productStreams: [SyncStream] = [.templates, .variants, .attributeValues, .pricelistItems]

    /// Ordered by model name, the order heads were always committed in.
    public static func < (lhs: SyncStream, rhs: SyncStream) -> Bool { lhs.rawValue < rhs.rawValue }
}
