import Foundation

/// `product.attribute.value`: a value of an attribute across all templates (e.g. Color: White), as opposed to the
/// per-template PTAV that carries the price extra. Useful to name option values consistently across products.
public struct OdooAttributeValue: Sendable, Hashable, Codable {
    public var id: Int
    public var attributeId: Int
    public var name: String
    public var sequence: Int
    /// `default_extra_price`: what new PTAVs of this value start with (the effective extra is on the PTAV).
    public var defaultExtraPrice: Decimal
    /// `html_color` for color attributes ("#FAFAFA"), nil otherwise.
    public var htmlColor: String?

    public init(id: Int, attributeId: Int, name: String, sequence: Int = 0, defaultExtraPrice: Decimal = 0, htmlColor: String? = nil) {
        self.id = id; self.attributeId = attributeId; self.name = name; self.sequence = sequence
        self.defaultExtraPrice = defaultExtraPrice; self.htmlColor = htmlColor
    }
}
