/// Names of the per-model change streams, each with its own cursor in `SyncStateStore`.
public enum SyncStream {
    public static let templates = "product.template"
    public static let variants = "product.product"
    public static let attributeValues = "product.template.attribute.value"
    public static let pricelistItems = "product.pricelist.item"
    /// Stock: quants written since the cursor (stock moves bump no product `write_date`).
    public static let stockQuants = "stock.quant"
    public static let all = [templates, variants, attributeValues, pricelistItems, stockQuants]
    /// The streams whose changes are mapped to templates (all but stock).
    static let productStreams = [templates, variants, attributeValues, pricelistItems]
}
