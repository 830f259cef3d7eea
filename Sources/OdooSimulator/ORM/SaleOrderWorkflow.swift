import ExactJSON
import Foundation
import SyncCore

/// Sale orders as Odoo 17 and 19 create, confirm and cancel them (ORDERS.md §4, §5, §7): a `vals_list` create is one
/// transaction (a line with a product that does not exist fails every order with `MissingError`, after the ids and
/// `S000NN` names were taken), the given `price_unit` is kept, amounts are computed per line with price-included taxes
/// and rounded to the cent, `action_confirm` is not idempotent and makes one outgoing picking per order, and 17's
/// `action_cancel` answers the cancel wizard unless the context says `disable_cancel_warning`.
extension SimDatabase {
    mutating func createSaleOrders(_ objects: [[String: JSONValue]], call: ORMCall) throws(SimulatedOdooException) -> [Int] {
        let ids = allocateIds("sale.order", count: objects.count)
        let names = ids.map { _ in "S" + Self.zeroPadded(nextSequence("sale.order"), width: 5) }
        var planned: [(header: [String: SimValue], lines: [[String: SimValue]])] = []
        for object in objects { planned.append(try planSaleOrder(object, call: call)) }
        let stamp = nextWriteStamp(now: call.now)
        for (index, order) in planned.enumerated() {
            let orderId = ids[index]
            let lineIds = allocateIds("sale.order.line", count: order.lines.count)
            for (lineId, var line) in zip(lineIds, order.lines) {
                line["order_id"] = .many2one(orderId)
                insertSeedRecord("sale.order.line", id: lineId, stamp: stamp, values: line)
            }
            var header = order.header
            header["name"] = .text(names[index])
            if header["date_order"]?.isEmpty ?? true { header["date_order"] = .timestamp(stamp.wholeSecond) }
            if header["warehouse_id"]?.isEmpty ?? true { header["warehouse_id"] = .many2one(1) }
            header["order_line"] = .ids(lineIds)
            insertSeedRecord("sale.order", id: orderId, stamp: stamp, values: header)
            recomputeAmounts(orderId: orderId)
        }
        return ids
    }

    /// Checks and completes one order's values (defaults as Odoo fills them) without storing anything.
    private func planSaleOrder(_ object: [String: JSONValue], call: ORMCall) throws(SimulatedOdooException) -> (header: [String: SimValue], lines: [[String: SimValue]]) {
        var headerValues = object
        let commands = headerValues.removeValue(forKey: "order_line")
        var header = try convertValues(headerValues, model: "sale.order")
        guard let partner = header["partner_id"], !partner.isEmpty else {
            throw SimulatedOdooException("odoo.exceptions.ValidationError",
                                         "The operation cannot be completed: Missing required value for the field 'Customer' (partner_id).", json2Status: 422)
        }
        for key in ["partner_invoice_id", "partner_shipping_id"] where header[key]?.isEmpty ?? true { header[key] = partner }
        if header["pricelist_id"]?.isEmpty ?? true, let first = tables["product.pricelist"]?.ids.first { header["pricelist_id"] = .many2one(first) }
        if header["company_id"]?.isEmpty ?? true {
            header["company_id"] = tables["res.users"]?.value(id: call.user.uid, "company_id") ?? .many2one(1)
        }
        header["state"] = .text("draft")
        header["locked"] = .bool(false)
        var lines: [[String: SimValue]] = []
        if case .array(let items)? = commands {
            for item in items {
                guard case .array(let command) = item, command.count == 3, command[0].intValue == 0, case .object(let values) = command[2] else { continue }
                lines.append(try planLine(values, call: call))
            }
        }
        return (header, lines)
    }

    private func planLine(_ object: [String: JSONValue], call: ORMCall) throws(SimulatedOdooException) -> [String: SimValue] {
        if let productId = object["product_id"]?.intValue, tables["product.product"]?.position(of: productId) == nil {
            throw .missingRecord(model: "product.product", ids: [productId], uid: call.user.uid)
        }
        var line = try convertValues(object, model: "sale.order.line")
        line["sequence"] = line["sequence"] ?? .int(10)
        guard let productId = line["product_id"]?.id else { return line }
        let uomField = version >= 19 ? "product_uom_id" : "product_uom"
        line[uomField] = line[uomField] ?? .many2one(1)
        if line["product_uom_qty"] == nil { line["product_uom_qty"] = .decimal(1) }
        if line["price_unit"] == nil, let variants = tables["product.product"], let position = variants.position(of: productId),
           let field = variants.schema.field("lst_price") {
            line["price_unit"] = value(field, in: variants, at: position)
        }
        if line["name"]?.isEmpty ?? true {
            var name = displayName(model: "product.product", id: productId)
            let templateId = tables["product.product"]?.value(id: productId, "product_tmpl_id").id ?? 0
            if let description = tables["product.template"]?.value(id: templateId, "description_sale").text, !description.isEmpty {
                name += "\n" + description
            }
            line["name"] = .text(name)
        }
        return line
    }

    /// Line subtotals, taxes and totals, then the order's sums. Per line, as Odoo's default `round_per_line`: the
    /// price-included part is taken out of the discounted price first, each tax is rounded to the cent.
    /// All amounts are computed before any is stored: a table still held by a local copy while `setValues` writes
    /// to it is copied whole on each write (copy-on-write), which made creating a backlog quadratic in its lines.
    mutating func recomputeAmounts(orderId: Int) {
        var amounts: [(lineId: Int, subtotal: Decimal, tax: Decimal)] = []
        var untaxed: Decimal = 0, taxTotal: Decimal = 0
        do {
            guard let orders = tables["sale.order"], let lines = tables["sale.order.line"] else { return }
            let taxField = SimulatedModels.lineTaxField(version: version)
            for lineId in orders.value(id: orderId, "order_line").ids {
                guard let position = lines.position(of: lineId), lines.value(position, "display_type").isEmpty else { continue }
                let base = lines.value(position, "price_unit").decimal * lines.value(position, "product_uom_qty").decimal
                    * (1 - lines.value(position, "discount").decimal / 100)
                let taxes = lines.value(position, taxField).ids.compactMap(taxRate)
                let includedRate = taxes.filter(\.included).reduce(Decimal(0)) { $0 + $1.rate }
                let subtotal = Self.cents(includedRate == 0 ? base : base / (1 + includedRate / 100))
                var tax = includedRate == 0 ? 0 : Self.cents(base) - subtotal
                for excluded in taxes where !excluded.included { tax += Self.cents(subtotal * excluded.rate / 100) }
                amounts.append((lineId, subtotal, tax))
                untaxed += subtotal
                taxTotal += tax
            }
        }
        for line in amounts {
            setValues("sale.order.line", id: line.lineId, [
                "price_subtotal": .decimal(line.subtotal), "price_tax": .decimal(line.tax),
                "price_total": .decimal(line.subtotal + line.tax),
            ], stamp: nil)
        }
        setValues("sale.order", id: orderId, [
            "amount_untaxed": .decimal(untaxed), "amount_tax": .decimal(taxTotal), "amount_total": .decimal(untaxed + taxTotal),
        ], stamp: nil)
    }

    private func taxRate(_ taxId: Int) -> (rate: Decimal, included: Bool)? {
        guard let taxes = tables["account.tax"], let position = taxes.position(of: taxId),
              let field = taxes.schema.field("price_include") else { return nil }
        return (taxes.value(position, "amount").decimal, value(field, in: taxes, at: position).flag)
    }

    // MARK: confirm

    mutating func confirmSaleOrders(_ call: ORMCall) throws(SimulatedOdooException) -> JSONValue {
        let ids = try existingOrders(call)
        let notQuotations = ids.filter { !["draft", "sent"].contains(tables["sale.order"]?.value(id: $0, "state").text ?? "") }
        if !notQuotations.isEmpty {
            throw .userError(version >= 19 ? "Some orders are not in a state requiring confirmation."
                : "The following orders are not in a state requiring confirmation: "
                    + notQuotations.map { displayName(model: "sale.order", id: $0) }.joined(separator: ", "))
        }
        let stamp = nextWriteStamp(now: call.now)
        for id in ids {
            let pickingId = createDelivery(orderId: id, stamp: stamp)
            setValues("sale.order", id: id, [
                "state": .text("sale"), "picking_ids": .ids(pickingId.map { [$0] } ?? []),
                "delivery_status": pickingId == nil ? .empty : .text("pending"),
            ], stamp: stamp)
        }
        return .bool(true)
    }

    /// One outgoing picking with a move per goods line (services get none); `assigned` when the stock covers every
    /// move, `confirmed` otherwise. Nil when the order has nothing to deliver.
    private mutating func createDelivery(orderId: Int, stamp: SimTimestamp) -> Int? {
        guard let orders = tables["sale.order"], let lines = tables["sale.order.line"] else { return nil }
        var goods: [(lineId: Int, productId: Int, quantity: Decimal)] = []
        for lineId in orders.value(id: orderId, "order_line").ids {
            guard let productId = lines.value(id: lineId, "product_id").id else { continue }
            let templateId = tables["product.product"]?.value(id: productId, "product_tmpl_id").id ?? 0
            guard tables["product.template"]?.value(id: templateId, "type").text != "service" else { continue }
            goods.append((lineId, productId, lines.value(id: lineId, "product_uom_qty").decimal))
        }
        guard !goods.isEmpty else { return nil }
        let pickingId = allocateIds("stock.picking", count: 1)[0]
        let moveIds = allocateIds("stock.move", count: goods.count)
        var covered = true
        for (moveId, line) in zip(moveIds, goods) {
            let reserved = min(line.quantity, max(0, quantityOnHand(variantId: line.productId)))
            covered = covered && reserved == line.quantity
            insertSeedRecord("stock.move", id: moveId, stamp: stamp, values: [
                "picking_id": .many2one(pickingId), "product_id": .many2one(line.productId),
                "product_uom_qty": .decimal(line.quantity), "quantity": .decimal(reserved), "picked": .bool(false),
                "sale_line_id": .many2one(line.lineId), "state": .text(reserved == line.quantity ? "assigned" : "confirmed"),
            ])
        }
        let locations = tables["stock.location"]
        func location(_ usage: String) -> SimValue {
            guard let table = locations, let position = (0..<table.count).first(where: { table.value($0, "usage").text == usage }) else { return .empty }
            return .many2one(table.ids[position])
        }
        insertSeedRecord("stock.picking", id: pickingId, stamp: stamp, values: [
            "name": .text("WH/OUT/" + Self.zeroPadded(nextSequence("stock.picking.out"), width: 5)),
            "origin": .text(displayName(model: "sale.order", id: orderId)), "state": .text(covered ? "assigned" : "confirmed"),
            "sale_id": .many2one(orderId), "partner_id": orders.value(id: orderId, "partner_shipping_id"),
            "location_id": location("internal"), "location_dest_id": location("customer"), "move_ids": .ids(moveIds),
            "picking_type_id": .many2one(SimulatedPickingType.deliveryOrders), "scheduled_date": .timestamp(stamp.wholeSecond),
        ])
        return pickingId
    }

    // MARK: cancel

    mutating func cancelSaleOrders(_ call: ORMCall) throws(SimulatedOdooException) -> JSONValue {
        let ids = try existingOrders(call)
        guard let orders = tables["sale.order"] else { return .bool(true) }
        if ids.contains(where: { orders.value(id: $0, "locked").flag }) {
            throw .userError("You cannot cancel a locked order. Please unlock it first.")
        }
        let warns = version < 19 && call.context["disable_cancel_warning"] != .bool(true)
            && ids.contains { orders.value(id: $0, "state").text != "draft" }
        if warns {
            guard ids.count == 1 else {
                throw .valueError("Expected singleton: sale.order(\(ids.map(String.init).joined(separator: ", ")))")
            }
            return Self.cancelWizardAction(orderId: ids[0])
        }
        let stamp = nextWriteStamp(now: call.now)
        for id in ids {
            var delivered = false
            for pickingId in orders.value(id: id, "picking_ids").ids {
                if tables["stock.picking"]?.value(id: pickingId, "state").text == "done" { delivered = true; continue }
                setValues("stock.picking", id: pickingId, ["state": .text("cancel")], stamp: stamp)
                for moveId in tables["stock.picking"]?.value(id: pickingId, "move_ids").ids ?? [] {
                    setValues("stock.move", id: moveId, ["state": .text("cancel"), "quantity": .decimal(0)], stamp: stamp)
                }
            }
            setValues("sale.order", id: id, [
                "state": .text("cancel"), "delivery_status": delivered ? orders.value(id: id, "delivery_status") : .empty,
            ], stamp: stamp)
        }
        return .bool(true)
    }

    /// What 17 answers (`17rpc/cancel_confirmed_undelivered.json`): the wizard action, nothing cancelled.
    static func cancelWizardAction(orderId: Int) -> JSONValue {
        .object([
            "name": .string("Cancel Sales Order"), "view_mode": .string("form"), "res_model": .string("sale.order.cancel"),
            "view_id": .number(1069), "type": .string("ir.actions.act_window"),
            "context": .object([
                "default_template_id": .number(14), "default_order_id": .number(Decimal(orderId)),
                "mark_so_as_canceled": .bool(true),
                "default_email_layout_xmlid": .string("mail.mail_notification_layout_with_responsible_signature"),
                "model_description": .string("Sales Order"),
            ]),
            "target": .string("new"),
        ])
    }

    // MARK: helpers

    private func existingOrders(_ call: ORMCall) throws(SimulatedOdooException) -> [Int] {
        let ids = call.ids ?? []
        let missing = ids.filter { tables["sale.order"]?.position(of: $0) == nil }
        if !missing.isEmpty { throw .missingRecord(model: "sale.order", ids: missing, uid: call.user.uid) }
        return ids
    }

    mutating func nextSequence(_ key: String) -> Int {
        let next = (sequences[key] ?? 0) + 1
        sequences[key] = next
        return next
    }

    static func zeroPadded(_ number: Int, width: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Half-up to the cent, as Odoo's `float_round` with the currency's 0.01 rounding.
    static func cents(_ value: Decimal) -> Decimal {
        var input = value, output = Decimal()
        NSDecimalRound(&output, &input, 2, .plain)
        return output
    }
}
