import Foundation

/// A binding as a store keeps it: six columns shared by every kind. The one place where typed bindings meet their
/// stored form, so the meaning of `hash` and `extra` per kind (and the markers kept in them) is written down once.
/// The layout is the one stores have always held: existing databases read back unchanged.
///
/// | kind     | odooId            | medusaId          | hash                          | parentMedusaId | extra             |
/// |----------|-------------------|-------------------|-------------------------------|----------------|-------------------|
/// | product  | template          | product           | desired hash, `archived:MODE` |                |                   |
/// | variant  | variant           | variant           | `no-inventory` or nil         | product        | inventory item    |
/// | category | category          | category          | desired hash                  |                | handle            |
/// | image    | template, −variant| URL               | checksum                      |                | checksum          |
/// | stock    | variant           | inventory item    | quantity text                 | product        | location          |
public struct BindingColumns: Sendable, Hashable {
    public var kind: Binding.Kind
    public var odooId: Int
    public var medusaId: String
    public var hash: String?
    public var parentMedusaId: String?
    public var extra: String?

    public init(kind: Binding.Kind, odooId: Int, medusaId: String, hash: String? = nil, parentMedusaId: String? = nil,
                extra: String? = nil) {
        self.kind = kind; self.odooId = odooId; self.medusaId = medusaId; self.hash = hash
        self.parentMedusaId = parentMedusaId; self.extra = extra
    }

    public init(_ binding: Binding) {
        switch binding {
        case .product(let product):
            let hash = switch product.state {
            case .written(let hash): hash
            case .archived(let mode): Self.archivedPrefix + mode.rawValue
            }
            self.init(kind: .product, odooId: product.templateId, medusaId: product.productId, hash: hash)
        case .variant(let variant):
            self.init(kind: .variant, odooId: variant.odooVariantId, medusaId: variant.medusaVariantId,
                      hash: variant.inventory == .notManaged ? Self.noInventory : nil, parentMedusaId: variant.productId,
                      extra: variant.inventoryItemId)
        case .category(let category):
            self.init(kind: .category, odooId: category.odooCategoryId, medusaId: category.medusaCategoryId,
                      hash: category.hash, extra: category.handle)
        case .image(let image):
            self.init(kind: .image, odooId: Self.imageKey(image.owner), medusaId: image.url, hash: image.checksum,
                      extra: image.checksum)
        case .stock(let stock):
            self.init(kind: .stock, odooId: stock.odooVariantId, medusaId: stock.inventoryItemId,
                      hash: stock.quantity.map(Self.quantityText), parentMedusaId: stock.productId, extra: stock.locationId)
        }
    }

    /// The typed binding these columns hold.
    public var binding: Binding {
        switch kind {
        case .product:
            let state: ProductBinding.State = if let hash, hash.hasPrefix(Self.archivedPrefix),
                let mode = SyncConfiguration.ArchiveMode(rawValue: String(hash.dropFirst(Self.archivedPrefix.count))) {
                .archived(mode)
            } else {
                .written(hash: hash)
            }
            return .product(ProductBinding(templateId: odooId, productId: medusaId, state: state))
        case .variant:
            let inventory: VariantBinding.Inventory = if hash == Self.noInventory {
                .notManaged
            } else if let extra {
                .item(id: extra)
            } else {
                .unknown
            }
            return .variant(VariantBinding(odooVariantId: odooId, medusaVariantId: medusaId, productId: parentMedusaId,
                                           inventory: inventory))
        case .category:
            return .category(CategoryBinding(odooCategoryId: odooId, medusaCategoryId: medusaId, hash: hash, handle: extra))
        case .image:
            let owner: OdooImage.Owner = odooId < 0 ? .variant(-odooId) : .template(odooId)
            return .image(ImageBinding(owner: owner, url: medusaId, checksum: extra))
        case .stock:
            let quantity = hash.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
            return .stock(StockBinding(odooVariantId: odooId, inventoryItemId: medusaId, quantity: quantity,
                                       productId: parentMedusaId, locationId: extra))
        }
    }

    /// Binding key of an image owner: the template id, or the negated variant id (one binding per owner; template
    /// and variant ids are separate sequences in Odoo, hence the sign).
    static func imageKey(_ owner: OdooImage.Owner) -> Int {
        switch owner {
        case .template(let id): id
        case .variant(let id): -id
        }
    }

    /// A stock level as stored: plain text ("12", "0.5").
    static func quantityText(_ quantity: Decimal) -> String { quantity.isZero ? "0" : quantity.description }

    /// Marks a product the sync archived (`archived:draft`, `archived:delete`), so it costs nothing on the next run.
    private static let archivedPrefix = "archived:"
    /// Marks a variant without inventory management, so the stock pass does not look for its inventory item.
    private static let noInventory = "no-inventory"
}
