/// Skus and barcodes claimed so far in a run. Medusa keeps both unique across the whole shop, so a code Odoo gives to
/// two templates must stop the second one with a message that names both, before Medusa refuses it halfway.
public struct CodeRegistry: Sendable, Hashable {
    private struct Claim: Sendable, Hashable { var templateId: Int; var title: String }
    private var skus: [String: Claim] = [:]
    private var barcodes: [String: Claim] = [:]

    public init() {}

    /// Claims every sku and barcode of `product`; if one is held by another template, claims nothing and returns why.
    public mutating func claim(_ product: DesiredProduct) -> String? {
        let claim = Claim(templateId: product.templateId, title: product.title)
        for variant in product.variants {
            if let sku = variant.sku, let other = skus[sku], other.templateId != product.templateId {
                return "sku \"\(sku)\" is also used by Odoo product \(other.templateId) \"\(other.title)\"; fix the duplicate Internal Reference in Odoo"
            }
            if let barcode = variant.barcode, let other = barcodes[barcode], other.templateId != product.templateId {
                return "barcode \"\(barcode)\" is also used by Odoo product \(other.templateId) \"\(other.title)\"; fix the duplicate barcode in Odoo"
            }
        }
        for variant in product.variants {
            if let sku = variant.sku { skus[sku] = claim }
            if let barcode = variant.barcode { barcodes[barcode] = claim }
        }
        return nil
    }
}
