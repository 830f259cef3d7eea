import ExactJSON
import Foundation

/// The hash kept in a product binding: what was last written. Equal hash → the product costs no Medusa call.
/// The handle is left out (it is never rewritten) and so are image URLs (the content checksum stands for the image).
/// The digest of the canonical JSON is the injected `ContentDigest` (SHA-256 in the service: stored hashes are its hex).
public struct DesiredHash: Sendable {
    /// Bump when the mapping changes meaning, so every product is re-planned once.
    public static let version = 1

    let digest: any ContentDigest
    /// Fields the shop owns (`MEDUSA_OWNED_FIELDS`) are left out: a change of them in Odoo is no change for the sync.
    let excluded: Set<MedusaOwnedField>

    public init(digest: any ContentDigest, excluding excluded: Set<MedusaOwnedField> = []) {
        self.digest = digest; self.excluded = excluded
    }

    public func of(_ product: DesiredProduct) -> String {
        digest.hex(of: CanonicalJSON.bytes(Self.json(product, excluding: excluded)))
    }

    public func of(_ category: DesiredCategory, parentMedusaId: String?) -> String {
        digest.hex(of: CanonicalJSON.bytes(.object([
            "v": Self.number(Self.version), "name": .string(category.name), "parent": parentMedusaId.map(JSONValue.string) ?? .null,
            "metadata": .object(category.metadata),
        ])))
    }

    /// With no exclusion, the same JSON (and hash) as before ownership existed, so existing bindings stay valid.
    static func json(_ product: DesiredProduct, excluding excluded: Set<MedusaOwnedField> = []) -> JSONValue {
        guard case .object(var fields) = json(product) else { return json(product) }
        if excluded.contains(.title) { fields["title"] = nil }
        if excluded.contains(.description) { fields["description"] = nil }
        if excluded.contains(.categories) { fields["categories"] = nil }
        if excluded.contains(.weight) { fields["weight"] = nil }
        // The thumbnail is the first image: the image checksums matter while either is the sync's.
        if excluded.contains(.images), excluded.contains(.thumbnail) { fields["images"] = nil }
        return .object(fields)
    }

    static func json(_ product: DesiredProduct) -> JSONValue {
        .object([
            "v": number(version),
            "title": .string(product.title),
            "description": product.description.map(JSONValue.string) ?? .null,
            "status": .string(product.status.rawValue),
            "external_id": .string(product.externalId),
            "metadata": .object(product.metadata),
            "weight": product.weight.map(JSONValue.number) ?? .null,
            "sales_channels": .array(product.salesChannelIds.map(JSONValue.string)),
            "categories": product.categoryIds.map { .array($0.map(JSONValue.string)) } ?? .null,
            "images": .array(product.images.map { .string($0.checksum) }),
            "options": .array(product.options.map { .object(["title": .string($0.title), "values": .array($0.values.map(JSONValue.string))]) }),
            "variants": .array(product.variants.map(json)),
        ])
    }

    static func json(_ variant: DesiredVariant) -> JSONValue {
        .object([
            "odoo_id": number(variant.odooVariantId),
            "title": .string(variant.title),
            "sku": variant.sku.map(JSONValue.string) ?? .null,
            "barcode": variant.barcode.map(JSONValue.string) ?? .null,
            "options": .object(variant.options.mapValues(JSONValue.string)),
            "prices": .object(Dictionary(variant.prices.map { ($0.currencyCode, JSONValue.number($0.amount)) }, uniquingKeysWith: { a, _ in a })),
            "manage_inventory": .bool(variant.manageInventory),
            "weight": variant.weight.map(JSONValue.number) ?? .null,
            "rank": number(variant.rank),
            "metadata": .object(variant.metadata),
        ])
    }

    private static func number(_ value: Int) -> JSONValue { .number(Decimal(value)) }
}
