import Foundation

/// The stored link between an Odoo record and the Medusa record written for it, with what is needed to tell whether
/// the record changed since (so an unchanged record costs no Medusa call). One typed payload per kind; how each is kept
/// in a store's columns is `BindingColumns`.
public enum Binding: Sendable, Hashable {
    case product(ProductBinding)
    case variant(VariantBinding)
    case category(CategoryBinding)
    case image(ImageBinding)
    case stock(StockBinding)

    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// product.template ↔ Medusa product.
        case product
        /// product.product ↔ Medusa variant.
        case variant
        /// product.category ↔ Medusa product category.
        case category
        /// An owner's image content ↔ uploaded URL.
        case image
        /// Stock level last written for a variant.
        case stock
    }

    public var kind: Kind {
        switch self {
        case .product: .product
        case .variant: .variant
        case .category: .category
        case .image: .image
        case .stock: .stock
        }
    }

    /// The Odoo side of the link, unique within a kind.
    public var odooId: Int {
        switch self {
        case .product(let product): product.templateId
        case .variant(let variant): variant.odooVariantId
        case .category(let category): category.odooCategoryId
        case .image(let image): BindingColumns.imageKey(image.owner)
        case .stock(let stock): stock.odooVariantId
        }
    }
}

/// A binding payload of one kind, so callers read typed bindings from a store (`SyncStateStore.bindings(_:odooIds:)`).
public protocol KindOfBinding: Sendable, Hashable {
    static var kind: Binding.Kind { get }
    /// The payload, when `binding` is of this kind.
    init?(_ binding: Binding)
    var binding: Binding { get }
}

/// product.template ↔ Medusa product, and what the sync last did to it.
public struct ProductBinding: KindOfBinding {
    public enum State: Sendable, Hashable {
        /// Written with the desired state of this hash (`DesiredHash`); nil: unknown, so the next run re-plans it.
        case written(hash: String?)
        /// Taken out of the shop by the sync (set to draft or deleted) after the template left it.
        case archived(SyncConfiguration.ArchiveMode)
    }

    public static let kind = Binding.Kind.product
    public var templateId: Int
    public var productId: String
    public var state: State

    public init(templateId: Int, productId: String, state: State) {
        self.templateId = templateId; self.productId = productId; self.state = state
    }

    public init?(_ binding: Binding) {
        guard case .product(let payload) = binding else { return nil }
        self = payload
    }

    public var binding: Binding { .product(self) }
}

/// product.product ↔ Medusa variant, with the variant's inventory item for the stock pass.
public struct VariantBinding: KindOfBinding {
    /// What the stock pass knows of the variant's inventory item.
    public enum Inventory: Sendable, Hashable {
        /// Not known yet: the stock pass reads the product once to find it.
        case unknown
        case item(id: String)
        /// Medusa does not manage its inventory: no stock to write, never looked up again.
        case notManaged
    }

    public static let kind = Binding.Kind.variant
    public var odooVariantId: Int
    public var medusaVariantId: String
    /// The Medusa product the variant belongs to.
    public var productId: String?
    public var inventory: Inventory

    public init(odooVariantId: Int, medusaVariantId: String, productId: String?, inventory: Inventory = .unknown) {
        self.odooVariantId = odooVariantId; self.medusaVariantId = medusaVariantId; self.productId = productId
        self.inventory = inventory
    }

    public init?(_ binding: Binding) {
        guard case .variant(let payload) = binding else { return nil }
        self = payload
    }

    public var binding: Binding { .variant(self) }

    public var inventoryItemId: String? {
        if case .item(let id) = inventory { id } else { nil }
    }
}

/// product.category ↔ Medusa product category.
public struct CategoryBinding: KindOfBinding {
    public static let kind = Binding.Kind.category
    public var odooCategoryId: Int
    public var medusaCategoryId: String
    /// `DesiredHash` of what was last written.
    public var hash: String?
    /// The handle it was created or adopted with (kept: a category's handle is never rewritten).
    public var handle: String?

    public init(odooCategoryId: Int, medusaCategoryId: String, hash: String?, handle: String?) {
        self.odooCategoryId = odooCategoryId; self.medusaCategoryId = medusaCategoryId; self.hash = hash; self.handle = handle
    }

    public init?(_ binding: Binding) {
        guard case .category(let payload) = binding else { return nil }
        self = payload
    }

    public var binding: Binding { .category(self) }
}

/// An owner's image content ↔ the URL it was uploaded to (one binding per owner).
public struct ImageBinding: KindOfBinding {
    public static let kind = Binding.Kind.image
    public var owner: OdooImage.Owner
    public var url: String
    /// Content checksum of the uploaded image: a new one means a new image to upload.
    public var checksum: String?

    public init(owner: OdooImage.Owner, url: String, checksum: String?) {
        self.owner = owner; self.url = url; self.checksum = checksum
    }

    public init?(_ binding: Binding) {
        guard case .image(let payload) = binding else { return nil }
        self = payload
    }

    public var binding: Binding { .image(self) }

    /// The binding's Odoo id for an owner (template and variant images are kept apart).
    public static func odooId(of owner: OdooImage.Owner) -> Int { BindingColumns.imageKey(owner) }
}

/// The stock level last written for a variant: levels that did not change since are not written again.
public struct StockBinding: KindOfBinding {
    public static let kind = Binding.Kind.stock
    public var odooVariantId: Int
    public var inventoryItemId: String
    public var quantity: Decimal?
    public var productId: String?
    public var locationId: String?

    public init(odooVariantId: Int, inventoryItemId: String, quantity: Decimal?, productId: String?, locationId: String?) {
        self.odooVariantId = odooVariantId; self.inventoryItemId = inventoryItemId; self.quantity = quantity
        self.productId = productId; self.locationId = locationId
    }

    public init?(_ binding: Binding) {
        guard case .stock(let payload) = binding else { return nil }
        self = payload
    }

    public var binding: Binding { .stock(self) }
}
