import ExactJSON
import Foundation

/// What Medusa should hold for one Odoo template: the mapper's output, the planner's input.
public struct DesiredProduct: Sendable, Hashable {
    public var templateId: Int
    public var title: String
    /// Used only when the product is created; existing products keep their handle (see `ProductHandle`).
    public var handle: String
    public var description: String?
    public var status: ProductStatus
    /// `String(templateId)`, as Medusa's own Odoo recipe writes it.
    public var externalId: String
    /// Keys the sync owns; other metadata keys on the Medusa product are left alone.
    public var metadata: [String: JSONValue]
    public var weight: Decimal?
    public var salesChannelIds: [String]
    public var odooCategoryId: Int?
    /// Medusa category ids, nil when categories are not synced (then Medusa's categories are left alone).
    public var categoryIds: [String]?
    public var images: [DesiredImage]
    public var options: [OptionInput]
    public var variants: [DesiredVariant]
    /// Things the merchant should know (missing prices, lst_price mismatch); they do not stop the sync.
    public var warnings: [String]

    public init(templateId: Int, title: String, handle: String, description: String? = nil, status: ProductStatus,
                externalId: String, metadata: [String: JSONValue] = [:], weight: Decimal? = nil,
                salesChannelIds: [String] = [], odooCategoryId: Int? = nil, categoryIds: [String]? = nil,
                images: [DesiredImage] = [], options: [OptionInput], variants: [DesiredVariant], warnings: [String] = []) {
        self.templateId = templateId; self.title = title; self.handle = handle; self.description = description
        self.status = status; self.externalId = externalId; self.metadata = metadata; self.weight = weight
        self.salesChannelIds = salesChannelIds; self.odooCategoryId = odooCategoryId; self.categoryIds = categoryIds
        self.images = images; self.options = options; self.variants = variants; self.warnings = warnings
    }
}

public struct DesiredVariant: Sendable, Hashable {
    public var odooVariantId: Int
    public var title: String
    public var sku: String?
    public var barcode: String?
    /// Option title → value, for every product option.
    public var options: [String: String]
    public var prices: [MedusaPrice]
    public var manageInventory: Bool
    public var weight: Decimal?
    public var rank: Int
    public var metadata: [String: JSONValue]

    public init(odooVariantId: Int, title: String, sku: String? = nil, barcode: String? = nil, options: [String: String],
                prices: [MedusaPrice], manageInventory: Bool, weight: Decimal? = nil, rank: Int = 0,
                metadata: [String: JSONValue] = [:]) {
        self.odooVariantId = odooVariantId; self.title = title; self.sku = sku; self.barcode = barcode
        self.options = options; self.prices = prices; self.manageInventory = manageInventory; self.weight = weight
        self.rank = rank; self.metadata = metadata
    }

    /// How the variant is named in diffs and messages: its sku, else its Odoo id.
    public var label: String { sku ?? "odoo:\(odooVariantId)" }
}

/// An image identified by its content checksum; `url` is filled once it is uploaded (or found already uploaded).
public struct DesiredImage: Sendable, Hashable {
    public var checksum: String
    public var owner: OdooImage.Owner
    public var url: String?

    public init(checksum: String, owner: OdooImage.Owner, url: String? = nil) {
        self.checksum = checksum; self.owner = owner; self.url = url
    }
}
