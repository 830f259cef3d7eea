import Foundation

// The fulfillment module's rows as an order sees them (`fulfillment`, `fulfillment_item`, `fulfillment_label`,
// orders.md §3a, §5), and the shipping options that say which stock location a fulfillment leaves from.

struct FulfilmentItemRecord: Sendable {
    var id: String
    /// `variant_title || title` of the line item.
    var title: String
    /// `variant_sku || ""`.
    var sku: String
    var barcode: String
    var quantity: Decimal
    var lineItemId: String
    var inventoryItemId: String?
}

struct FulfilmentLabelRecord: Sendable {
    var id: String
    var trackingNumber: String
    var trackingURL: String
    var labelURL: String
}

struct FulfilmentRecord: Sendable {
    var id: String
    var locationId: String
    var providerId: String
    var shippingOptionId: String?
    var packedAt: Date?
    var shippedAt: Date?
    var deliveredAt: Date?
    var canceledAt: Date?
    var items: [FulfilmentItemRecord]
    var labels: [FulfilmentLabelRecord]
    var createdAt: Date
    var updatedAt: Date
}

/// A shipping option reduced to what fulfilments read: its provider and the stock location of its fulfillment set.
struct ShippingOptionRecord: Sendable {
    var id: String
    var name: String
    var providerId: String
    /// nil: the option's fulfillment set is linked to no stock location.
    var locationId: String?
}
