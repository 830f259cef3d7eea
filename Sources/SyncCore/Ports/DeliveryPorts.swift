import Foundation

/// What the deliveries sync reads in Odoo: the pickings of the sale orders the orders sync created, and their moves
/// (`shared/contracts/odoo/ORDERS.md` §5–§6). Implemented by `OdooClient` over JSON-2 or JSON-RPC.
public protocol OdooDeliveries: OdooConnection {
    /// Pickings of sale orders (`sale_id` set) whose type is outgoing (deliveries) or incoming (returns) and whose state
    /// is `done` or `cancel`, written after `cursor`, ascending by `(write_date, id)`. Like the catalogue's streams the
    /// whole last second of a full page is included, so an answer can be longer than `limit`.
    func deliveries(after cursor: ModelCursor?, limit: Int) async throws -> [OdooDelivery]
    /// The given pickings in whatever state (webhook hints, deliveries waiting to be retried); unknown ids are absent.
    func deliveries(ids: [Int]) async throws -> [OdooDelivery]
    /// The stock moves of the given pickings.
    func deliveryMoves(pickingIds: [Int]) async throws -> [OdooDeliveryMove]
}

/// A `stock.picking` as the deliveries sync needs it.
public struct OdooDelivery: Sendable, Hashable {
    /// `picking_type_code`.
    public enum Direction: Sendable, Hashable {
        case outgoing, incoming
        case other(String)

        public init(code: String) {
            switch code {
            case "outgoing": self = .outgoing
            case "incoming": self = .incoming
            default: self = .other(code)
            }
        }
    }

    public enum State: Sendable, Hashable {
        case draft, waiting, confirmed, assigned, done, cancel
        case other(String)

        public init(rawValue: String) {
            switch rawValue {
            case "draft": self = .draft
            case "waiting": self = .waiting
            case "confirmed": self = .confirmed
            case "assigned": self = .assigned
            case "done": self = .done
            case "cancel": self = .cancel
            default: self = .other(rawValue)
            }
        }

        public var rawValue: String {
            switch self {
            case .draft: "draft"
            case .waiting: "waiting"
            case .confirmed: "confirmed"
            case .assigned: "assigned"
            case .done: "done"
            case .cancel: "cancel"
            case .other(let value): value
            }
        }
    }

    public var id: Int
    /// "WH/OUT/00012".
    public var name: String
    public var direction: Direction
    public var state: State
    /// `sale_id`; nil for a picking of no sale order.
    public var saleOrderId: Int?
    /// `backorder_id`: the picking this one is the remainder of.
    public var backorderOf: Int?
    /// `date_done` (false in Odoo's own done webhook: it is written after the state, so always read back).
    public var doneAt: Date?
    /// `carrier_tracking_ref`; nil when empty or when Odoo has no delivery module (the field does not exist then).
    public var trackingReference: String?
    /// `carrier_tracking_url` (19 builds it from the carrier; 17's fixed carriers never give one).
    public var trackingURL: String?
    /// `(write_date, id)`: where the poll's cursor moves to once this picking is handled.
    public var cursor: ModelCursor

    public init(id: Int, name: String, direction: Direction, state: State, saleOrderId: Int?, backorderOf: Int? = nil,
                doneAt: Date? = nil, trackingReference: String? = nil, trackingURL: String? = nil, cursor: ModelCursor) {
        self.id = id; self.name = name; self.direction = direction; self.state = state; self.saleOrderId = saleOrderId
        self.backorderOf = backorderOf; self.doneAt = doneAt; self.trackingReference = trackingReference
        self.trackingURL = trackingURL; self.cursor = cursor
    }
}

/// A `stock.move` of a picking: which product left (or came back) and how many. In a done picking `quantity` is what
/// was delivered (`quantity_done` exists in neither 17 nor 19; ORDERS.md §1).
public struct OdooDeliveryMove: Sendable, Hashable {
    public var id: Int
    public var pickingId: Int
    /// `product_id`: the `product.product` the catalogue binds to a Medusa variant.
    public var productId: Int
    public var quantity: Decimal
    /// `state` of the move: a cancelled move of a done picking delivered nothing.
    public var state: String

    public init(id: Int, pickingId: Int, productId: Int, quantity: Decimal, state: String) {
        self.id = id; self.pickingId = pickingId; self.productId = productId; self.quantity = quantity; self.state = state
    }
}

/// What the deliveries sync reads and writes in Medusa (`shared/contracts/medusa/orders.md` §5). Implemented by
/// `MedusaClient`.
public protocol MedusaFulfilments: Sendable {
    /// The order's line items with their fulfilled quantities and its fulfilments with their items
    /// (`GET /admin/orders/{id}?fields=…`); nil when Medusa does not know the order.
    func fulfilmentState(orderId: String) async throws -> MedusaFulfilmentState?
    /// `POST /admin/orders/{id}/fulfillments` with the items (and `location_id` when given). Sent once, never retried
    /// by the client: Medusa has no idempotency there and a retried POST fulfils again (orders.md §5a). Returns the
    /// order's state after it; the new fulfilment is the one that was not there before.
    func createFulfilment(orderId: String, items: [MedusaFulfilmentItem], locationId: String?) async throws
        -> MedusaFulfilmentState
    /// `POST /admin/orders/{id}/fulfillments/{fid}/shipments` with the same items, and a label when a tracking number
    /// is known. "Shipment has already been created" is thrown as `MedusaAlreadyShipped`.
    func createShipment(orderId: String, fulfilmentId: String, items: [MedusaFulfilmentItem],
                        label: MedusaShipmentLabel?) async throws
}

/// Thrown by `createShipment` when Medusa answers that the fulfilment is already shipped (a retried shipment whose
/// first answer was lost): the shipment exists, nothing more to do.
public struct MedusaAlreadyShipped: Error, Sendable, CustomStringConvertible {
    public var fulfilmentId: String
    public init(fulfilmentId: String) { self.fulfilmentId = fulfilmentId }
    public var description: String { "fulfilment \(fulfilmentId) is already shipped in Medusa" }
}

public struct MedusaFulfilmentState: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        /// `items[].id` (`ordli_…`): what fulfilment requests name.
        public var id: String
        public var variantId: String?
        public var quantity: Decimal
        /// `items[].detail.fulfilled_quantity`.
        public var fulfilledQuantity: Decimal
        /// `items[].detail.shipped_quantity`.
        public var shippedQuantity: Decimal

        public init(id: String, variantId: String?, quantity: Decimal, fulfilledQuantity: Decimal,
                    shippedQuantity: Decimal = 0) {
            self.id = id; self.variantId = variantId; self.quantity = quantity
            self.fulfilledQuantity = fulfilledQuantity; self.shippedQuantity = shippedQuantity
        }
    }

    public struct Fulfilment: Sendable, Hashable {
        public var id: String
        public var items: [MedusaFulfilmentItem]
        public var shippedAt: Date?
        public var canceledAt: Date?
        /// Tracking numbers of its labels.
        public var trackingNumbers: [String]

        public init(id: String, items: [MedusaFulfilmentItem], shippedAt: Date? = nil, canceledAt: Date? = nil,
                    trackingNumbers: [String] = []) {
            self.id = id; self.items = items; self.shippedAt = shippedAt; self.canceledAt = canceledAt
            self.trackingNumbers = trackingNumbers
        }
    }

    public var orderId: String
    public var isCanceled: Bool
    public var items: [Item]
    public var fulfilments: [Fulfilment]

    public init(orderId: String, isCanceled: Bool, items: [Item], fulfilments: [Fulfilment]) {
        self.orderId = orderId; self.isCanceled = isCanceled; self.items = items; self.fulfilments = fulfilments
    }
}

/// One line of a fulfilment or shipment: the order's line item (`ordli_…`) and a quantity.
public struct MedusaFulfilmentItem: Sendable, Hashable {
    public var lineItemId: String
    public var quantity: Decimal

    public init(lineItemId: String, quantity: Decimal) { self.lineItemId = lineItemId; self.quantity = quantity }
}

/// A shipment label: Medusa requires all three strings (orders.md §5b), so an unknown URL is sent as "".
public struct MedusaShipmentLabel: Sendable, Hashable {
    public var trackingNumber: String
    public var trackingURL: String
    public var labelURL: String

    public init(trackingNumber: String, trackingURL: String = "", labelURL: String = "") {
        self.trackingNumber = trackingNumber; self.trackingURL = trackingURL; self.labelURL = labelURL
    }
}

/// Durable state of the deliveries sync. Implemented by `RunStore`; each call is its own transaction.
public protocol DeliveryStateStore: Sendable {
    func deliveryLinks(pickingIds: [Int]) async throws -> [Int: DeliveryLink]
    /// Every link of the given shop orders (the fulfilments already claimed by a picking, and the dashboard).
    func deliveryLinks(medusaOrderIds: [String]) async throws -> [DeliveryLink]
    func saveDeliveryLinks(_ links: [DeliveryLink]) async throws
    /// Order links by Odoo sale order id: which shop order a picking's `sale_id` belongs to.
    func orderLinks(odooOrderIds: [Int]) async throws -> [Int: OrderLink]

    /// Done pickings whose report failed, read again by id on later runs (the cursor has moved past them).
    func pendingDeliveries() async throws -> [PendingDelivery]
    func savePendingDeliveries(_ deliveries: [PendingDelivery]) async throws
    func removePendingDeliveries(pickingIds: [Int]) async throws
}

/// One Odoo picking ↔ what the shop was told about it. Saved right after the fulfilment is created; a crash in
/// between is healed by re-reading the order's fulfilments and adopting the unclaimed one with the same items.
public struct DeliveryLink: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        /// The fulfilment exists; its shipment does not yet (the next run creates it).
        case fulfilled
        /// Fulfilment and shipment exist: the customer sees "shipped" (with tracking when Odoo had it).
        case shipped
        /// Medusa already counted every delivered item as fulfilled (fulfilled by hand in the admin): nothing created.
        case alreadyFulfilled = "already_fulfilled"
        /// Cancelled or returned in Odoo after it was reported; returns and refunds are not synced (docs/orders.md).
        case reversed
    }

    public var pickingId: Int
    public var pickingName: String
    public var odooOrderId: Int
    public var medusaOrderId: String
    /// nil when nothing was created (`alreadyFulfilled`).
    public var fulfilmentId: String?
    public var state: State
    public var trackingNumber: String?
    /// What people should know: "tracking number added in Odoo after the shipment", "returned in Odoo", …
    public var message: String?
    public var updatedAt: Date

    public init(pickingId: Int, pickingName: String, odooOrderId: Int, medusaOrderId: String, fulfilmentId: String?,
                state: State, trackingNumber: String? = nil, message: String? = nil, updatedAt: Date) {
        self.pickingId = pickingId; self.pickingName = pickingName; self.odooOrderId = odooOrderId
        self.medusaOrderId = medusaOrderId; self.fulfilmentId = fulfilmentId; self.state = state
        self.trackingNumber = trackingNumber; self.message = message; self.updatedAt = updatedAt
    }
}

/// A done picking that could not be reported yet, read again by id until it is (or until it gives up like orders do).
public struct PendingDelivery: Sendable, Hashable, Codable {
    public var pickingId: Int
    public var reason: String
    public var firstSeenAt: Date
    public var attempts: Int

    public init(pickingId: Int, reason: String, firstSeenAt: Date, attempts: Int = 0) {
        self.pickingId = pickingId; self.reason = reason; self.firstSeenAt = firstSeenAt; self.attempts = attempts
    }
}
