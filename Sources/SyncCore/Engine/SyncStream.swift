/// Names of the per-model change streams, each with its own cursor in `SyncStateStore`.
public enum SyncStream {
    public static let templates = "product.template"
    public static let variants = "product.product"
    public static let attributeValues = "product.template.attribute.value"
    public static let pricelistItems = "product.pricelist.item"
    public static let all = [templates, variants, attributeValues, pricelistItems]
}
