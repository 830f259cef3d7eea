import Foundation

/// A sale order as the simulator holds it, for tests to check what a sync created.
public struct OdooSimulatedSaleOrder: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var id: Int
        public var productId: Int?
        public var name: String
        public var quantity: Decimal
        public var priceUnit: Decimal
        public var discount: Decimal
        /// `tax_id` (17) or `tax_ids` (19).
        public var taxIds: [Int]
        public var subtotal: Decimal
        public var tax: Decimal
        /// `display_type` (`line_note`, `line_section`), nil for a product line.
        public var displayType: String?
    }

    public var id: Int
    public var name: String
    public var state: String
    public var partnerId: Int?
    public var partnerInvoiceId: Int?
    public var partnerShippingId: Int?
    public var pricelistId: Int?
    public var clientOrderRef: String?
    public var origin: String?
    public var amountUntaxed: Decimal
    public var amountTax: Decimal
    public var amountTotal: Decimal
    public var deliveryStatus: String?
    public var pickingIds: [Int]
    public var lines: [Line]
}

/// A contact as the simulator holds it.
public struct OdooSimulatedContact: Sendable, Hashable {
    public var id: Int
    public var parentId: Int?
    public var type: String?
    public var name: String
    public var displayName: String
    public var email: String?
    public var phone: String?
    public var street: String?
    public var city: String?
    public var zip: String?
    public var countryId: Int?
    public var stateId: Int?
}

extension RunningOdooSimulator {
    /// Every sale order with its lines, ascending by id.
    public func saleOrders() -> [OdooSimulatedSaleOrder] {
        withDatabase { database in
            guard let orders = database.tables["sale.order"], let lines = database.tables["sale.order.line"] else { return [] }
            let taxField = SimulatedModels.lineTaxField(version: database.version)
            return orders.ids.map { id in
                func text(_ field: String) -> String? { orders.value(id: id, field).text }
                let orderLines = orders.value(id: id, "order_line").ids.compactMap { lineId -> OdooSimulatedSaleOrder.Line? in
                    guard lines.position(of: lineId) != nil else { return nil }
                    return OdooSimulatedSaleOrder.Line(
                        id: lineId, productId: lines.value(id: lineId, "product_id").id, name: lines.value(id: lineId, "name").text ?? "",
                        quantity: lines.value(id: lineId, "product_uom_qty").decimal, priceUnit: lines.value(id: lineId, "price_unit").decimal,
                        discount: lines.value(id: lineId, "discount").decimal, taxIds: lines.value(id: lineId, taxField).ids,
                        subtotal: lines.value(id: lineId, "price_subtotal").decimal, tax: lines.value(id: lineId, "price_tax").decimal,
                        displayType: lines.value(id: lineId, "display_type").text)
                }
                return OdooSimulatedSaleOrder(
                    id: id, name: text("name") ?? "", state: text("state") ?? "", partnerId: orders.value(id: id, "partner_id").id,
                    partnerInvoiceId: orders.value(id: id, "partner_invoice_id").id,
                    partnerShippingId: orders.value(id: id, "partner_shipping_id").id,
                    pricelistId: orders.value(id: id, "pricelist_id").id, clientOrderRef: text("client_order_ref"),
                    origin: text("origin"), amountUntaxed: orders.value(id: id, "amount_untaxed").decimal,
                    amountTax: orders.value(id: id, "amount_tax").decimal, amountTotal: orders.value(id: id, "amount_total").decimal,
                    deliveryStatus: text("delivery_status"), pickingIds: orders.value(id: id, "picking_ids").ids, lines: orderLines)
            }
        }
    }

    /// Every contact (archived included), ascending by id.
    public func contacts() -> [OdooSimulatedContact] {
        withDatabase { database in
            guard let partners = database.tables["res.partner"] else { return [] }
            return partners.ids.map { id in
                func text(_ field: String) -> String? { partners.value(id: id, field).text }
                return OdooSimulatedContact(
                    id: id, parentId: partners.value(id: id, "parent_id").id, type: text("type"), name: text("name") ?? "",
                    displayName: database.displayName(model: "res.partner", id: id), email: text("email"), phone: text("phone"),
                    street: text("street"), city: text("city"), zip: text("zip"), countryId: partners.value(id: id, "country_id").id,
                    stateId: partners.value(id: id, "state_id").id)
            }
        }
    }

    /// Creates a contact directly (as someone would in Odoo's UI) and returns its id.
    @discardableResult
    public func createContact(name: String, email: String? = nil, parentId: Int? = nil, type: String = "contact") -> Int {
        let now = server.configuration.clock()
        return server.state.withLock { database in
            let id = database.allocateIds("res.partner", count: 1)[0]
            var values: [String: SimValue] = ["name": .text(name), "type": .text(type)]
            if let email { values["email"] = .text(email) }
            if let parentId { values["parent_id"] = .many2one(parentId) }
            database.insertSeedRecord("res.partner", id: id, stamp: database.nextWriteStamp(now: now), values: values)
            return id
        }
    }

    /// A picking's `state` (`assigned`, `confirmed`, `done`, `cancel`), nil when it does not exist.
    public func pickingState(id: Int) -> String? { withDatabase { $0.tables["stock.picking"]?.value(id: id, "state").text } }

    /// Delivers everything outstanding of an order's open pickings, as a warehouse validation would (for
    /// delivery-status tests); `validateDelivery` is the same with quantities, backorders and tracking.
    public func deliverSaleOrder(id: Int) {
        let now = server.configuration.clock()
        let posts = server.state.withLock { database in
            defer { database.outbox.removeAll() }
            let stamp = database.nextWriteStamp(now: now)
            for pickingId in database.tables["sale.order"]?.value(id: id, "picking_ids").ids ?? [] {
                guard !["done", "cancel"].contains(database.tables["stock.picking"]?.value(id: pickingId, "state").text ?? "") else { continue }
                for moveId in database.liveMoves(ofPicking: pickingId) {
                    let demand = database.tables["stock.move"]?.value(id: moveId, "product_uom_qty") ?? .decimal(0)
                    database.setValues("stock.move", id: moveId, ["quantity": demand, "picked": .bool(true)], stamp: stamp)
                }
                database.finishPicking(pickingId, keepRemainder: false, stamp: stamp)
            }
            return database.outbox
        }
        if !posts.isEmpty, let outlet = server.webhookOutlet.withLock({ $0 }) { outlet(posts) }
    }
}
