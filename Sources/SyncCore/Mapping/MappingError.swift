/// Odoo data that cannot become a valid Medusa product; the product is skipped with this message, the run goes on.
public enum MappingError: Error, Sendable, Hashable, CustomStringConvertible {
    case noActiveVariants
    case unknownAttribute(Int)
    case duplicateOptionTitle(String)
    case missingOptionValue(variantId: Int, option: String)
    case duplicateCombination(variantIds: [Int], combination: String)
    case duplicateSku(String, variantIds: [Int])
    case duplicateBarcode(String, variantIds: [Int])

    public var description: String {
        switch self {
        case .noActiveVariants:
            "the template has no active variant"
        case .unknownAttribute(let id):
            "attribute \(id) used by an attribute line was not found in Odoo"
        case .duplicateOptionTitle(let title):
            "two variant attributes are both named \"\(title)\"; Medusa option titles must be unique"
        case .missingOptionValue(let variantId, let option):
            "variant \(variantId) has no value for attribute \"\(option)\""
        case .duplicateCombination(let ids, let combination):
            "variants \(ids.map(String.init).joined(separator: ", ")) share the combination \(combination)"
        case .duplicateSku(let sku, let ids):
            "sku \"\(sku)\" (Internal Reference) is used by several variants of this product: \(ids.map(String.init).joined(separator: ", "))"
        case .duplicateBarcode(let barcode, let ids):
            "barcode \"\(barcode)\" is used by several variants of this product: \(ids.map(String.init).joined(separator: ", "))"
        }
    }
}
