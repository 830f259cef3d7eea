/// One Odoo product template with everything the mapper needs, read for one page.
public struct ProductSnapshot: Sendable, Hashable {
    public var template: OdooTemplate
    /// Active variants only: archived variants are not in the shop.
    public var variants: [OdooVariant]
    public var attributeLines: [OdooAttributeLine]
    /// PTAVs of this template (inactive ones included; the mapper filters).
    public var attributeValues: [OdooTemplateAttributeValue]
    public var attributes: [Int: OdooAttribute]
    /// Template image and variant-specific images (empty when images are not synced).
    public var images: [ProductImage]

    public init(template: OdooTemplate, variants: [OdooVariant], attributeLines: [OdooAttributeLine] = [],
                attributeValues: [OdooTemplateAttributeValue] = [], attributes: [Int: OdooAttribute] = [:],
                images: [ProductImage] = []) {
        self.template = template; self.variants = variants; self.attributeLines = attributeLines
        self.attributeValues = attributeValues; self.attributes = attributes; self.images = images
    }
}
