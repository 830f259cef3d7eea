import ExactJSON
import Foundation
import SyncCore

/// The operation types of the simulated warehouse (`picking_type_id`; `picking_type_code` is related to it).
enum SimulatedPickingType {
    static let receipts = 1, deliveryOrders = 2, internalTransfers = 3
    /// The demo carrier `stock_delivery` installs ("Standard delivery").
    static let carrierId = 1
    static let names = [receipts: "YourCompany: Receipts", deliveryOrders: "YourCompany: Delivery Orders",
                        internalTransfers: "YourCompany: Internal Transfers"]

    static func code(ofTypeId id: Int?) -> String {
        switch id {
        case receipts?: "incoming"
        case deliveryOrders?: "outgoing"
        default: "internal"
        }
    }
}

/// Validating deliveries as Odoo 17 and 19 do over the API (ORDERS.md §5): `button_validate` answers `true` when every
/// move's quantity covers its demand, the `stock.backorder.confirmation` wizard when some does not, and a UserError
/// when no quantity is set at all; the wizard, created with the action's context and processed with that context,
/// finishes the picking with the quantities done and puts the remainders in a new backorder picking. Done pickings
/// update the order lines' `qty_delivered` and the order's `delivery_status`, and fire the picking webhook rule.
/// Not simulated: the `confirm.stock.sms` wizard (the recordings show it once per company; answering it switches it off
/// for good, so a sync never sees it after setup), stock levels (quants are not decremented), returns.
extension SimDatabase {
    mutating func validatePickings(_ call: ORMCall) throws(SimulatedOdooException) -> JSONValue {
        let ids = try existingRecords("stock.picking", call)
        guard let pickings = tables["stock.picking"] else { return .bool(true) }
        let open = ids.filter { !["done", "cancel"].contains(pickings.value(id: $0, "state").text ?? "") }
        var short: [Int] = []
        for id in open {
            let moves = liveMoves(ofPicking: id)
            if moves.allSatisfy({ tables["stock.move"]?.value(id: $0, "quantity").decimal ?? 0 <= 0 }) {
                throw .userError(version >= 19
                    ? "Transfer trouble alert! Validating a zero quantity transfer? You're not moving invisible goods around are you?\nSet some quantities and let's get moving!"
                    : "You cannot validate a transfer if no quantities are reserved. To force the transfer, encode quantities.")
            }
            let isShort = moves.contains { moveId in
                guard let table = tables["stock.move"] else { return false }
                return table.value(id: moveId, "quantity").decimal < table.value(id: moveId, "product_uom_qty").decimal
            }
            if isShort { short.append(id) }
        }
        if !short.isEmpty, call.context["skip_backorder"] != .bool(true) { return Self.backorderWizardAction(pickingIds: open, version: version) }
        let stamp = nextWriteStamp(now: call.now)
        for id in open { finishPicking(id, keepRemainder: call.context["cancel_backorder"] != .bool(true), stamp: stamp) }
        return .bool(true)
    }

    /// What `button_validate` answers when a quantity is below the demand (`*/partial_button_validate_returns_backorder_wizard.json`).
    static func backorderWizardAction(pickingIds: [Int], version: Int) -> JSONValue {
        let viewId: Decimal = version >= 19 ? 938 : 848
        return .object([
            "name": .string("Create Backorder?"), "type": .string("ir.actions.act_window"), "view_mode": .string("form"),
            "res_model": .string("stock.backorder.confirmation"), "views": .array([.array([.number(viewId), .string("form")])]),
            "view_id": .number(viewId), "target": .string("new"),
            "context": .object([
                "button_validate_picking_ids": .array(pickingIds.map { .number(Decimal($0)) }),
                "default_show_transfers": .bool(false),
                "default_pick_ids": .array(pickingIds.map { .array([.number(4), .number(Decimal($0))]) }),
            ]),
        ])
    }

    /// `create` on the wizard: `default_get` fills `pick_ids` from the context (`{}` alone makes an empty wizard).
    mutating func createBackorderWizards(_ objects: [[String: JSONValue]], call: ORMCall) throws(SimulatedOdooException) -> [Int] {
        var pickIds: [Int] = []
        if let defaults = call.context["default_pick_ids"] { pickIds = try Self.many2manyIds(defaults, current: []) }
        let ids = allocateIds("stock.backorder.confirmation", count: objects.count)
        let stamp = nextWriteStamp(now: call.now)
        for (id, object) in zip(ids, objects) {
            var values = try convertValues(object, model: "stock.backorder.confirmation")
            if values["pick_ids"] == nil { values["pick_ids"] = .ids(pickIds) }
            let lines = (values["pick_ids"]?.ids ?? []).map { _ in nextSequence("stock.backorder.confirmation.line") }
            values["backorder_confirmation_line_ids"] = .ids(lines)
            values["show_transfers"] = values["show_transfers"] ?? .bool(false)
            insertSeedRecord("stock.backorder.confirmation", id: id, stamp: stamp, values: values)
        }
        return ids
    }

    /// `process` (keep a backorder) or `process_cancel_backorder` (deliver partially, no backorder). Without
    /// `button_validate_picking_ids` in the context it answers `true` and does nothing, as recorded
    /// (`*/backorder_process_without_context_does_nothing.json`).
    mutating func processBackorderWizard(_ call: ORMCall, keepRemainder: Bool) throws(SimulatedOdooException) -> JSONValue {
        _ = try existingRecords("stock.backorder.confirmation", call)
        guard case .array(let listed)? = call.context["button_validate_picking_ids"] else { return .bool(true) }
        let stamp = nextWriteStamp(now: call.now)
        for id in listed.compactMap(\.intValue) where tables["stock.picking"]?.position(of: id) != nil {
            guard !["done", "cancel"].contains(tables["stock.picking"]?.value(id: id, "state").text ?? "") else { continue }
            finishPicking(id, keepRemainder: keepRemainder, stamp: stamp)
        }
        return .bool(true)
    }

    /// The picking done with the quantities set: moves short of their demand are split (the done part stays, the rest
    /// goes to a new backorder picking when `keepRemainder`), moves with nothing done move to the backorder whole.
    /// Returns the backorder's id.
    @discardableResult
    mutating func finishPicking(_ pickingId: Int, keepRemainder: Bool, stamp: SimTimestamp) -> Int? {
        guard let pickings = tables["stock.picking"], let moves = tables["stock.move"] else { return nil }
        var remainders: [(moveId: Int, quantity: Decimal, whole: Bool)] = []
        var delivered: [Int: Decimal] = [:]
        for moveId in liveMoves(ofPicking: pickingId) {
            let demand = moves.value(id: moveId, "product_uom_qty").decimal
            let done = max(0, moves.value(id: moveId, "quantity").decimal)
            if done < demand { remainders.append((moveId, demand - done, done == 0)) }
            if done == 0 { continue }
            setValues("stock.move", id: moveId, ["state": .text("done"), "picked": .bool(true), "quantity": .decimal(done),
                                                 "product_uom_qty": .decimal(done < demand ? done : demand)], stamp: stamp)
            if let lineId = moves.value(id: moveId, "sale_line_id").id { delivered[lineId, default: 0] += done }
        }
        var backorderId: Int?
        if keepRemainder, !remainders.isEmpty {
            let newId = allocateIds("stock.picking", count: 1)[0]
            backorderId = newId
            var values: [String: SimValue] = [:]
            for name in ["origin", "sale_id", "partner_id", "location_id", "location_dest_id", "picking_type_id", "scheduled_date"] {
                values[name] = pickings.value(id: pickingId, name)
            }
            let prefix = pickings.value(id: pickingId, "picking_type_id").id == SimulatedPickingType.receipts ? "WH/IN/" : "WH/OUT/"
            values["name"] = .text(prefix + Self.zeroPadded(nextSequence(prefix == "WH/IN/" ? "stock.picking.in" : "stock.picking.out"), width: 5))
            values["backorder_id"] = .many2one(pickingId)
            var newMoves: [Int] = []
            var covered = true
            for remainder in remainders {
                let productId = moves.value(id: remainder.moveId, "product_id").id ?? 0
                let reserved = min(remainder.quantity, max(0, quantityOnHand(variantId: productId)))
                covered = covered && reserved == remainder.quantity
                if remainder.whole {
                    setValues("stock.move", id: remainder.moveId, [
                        "picking_id": .many2one(newId), "quantity": .decimal(reserved), "picked": .bool(false),
                        "state": .text(reserved == remainder.quantity ? "assigned" : "confirmed"),
                    ], stamp: stamp)
                    newMoves.append(remainder.moveId)
                    continue
                }
                let moveId = allocateIds("stock.move", count: 1)[0]
                insertSeedRecord("stock.move", id: moveId, stamp: stamp, values: [
                    "picking_id": .many2one(newId), "product_id": .many2one(productId),
                    "product_uom_qty": .decimal(remainder.quantity), "quantity": .decimal(reserved), "picked": .bool(false),
                    "sale_line_id": moves.value(id: remainder.moveId, "sale_line_id"),
                    "state": .text(reserved == remainder.quantity ? "assigned" : "confirmed"),
                ])
                newMoves.append(moveId)
            }
            values["move_ids"] = .ids(newMoves)
            values["state"] = .text(covered ? "assigned" : "confirmed")
            insertSeedRecord("stock.picking", id: newId, stamp: stamp, values: values)
        } else {
            for remainder in remainders where remainder.whole {
                setValues("stock.move", id: remainder.moveId, ["state": .text("cancel"), "quantity": .decimal(0)], stamp: stamp)
            }
        }
        let kept = liveMoves(ofPicking: pickingId).filter { tables["stock.move"]?.value(id: $0, "picking_id").id == pickingId }
        setValues("stock.picking", id: pickingId, ["state": .text("done"), "move_ids": .ids(kept)], stamp: stamp)
        // The done rule fires on the state write; `date_done` is written after it, so the POST shows it false (§9).
        outbox += pendingWebhook(.pickingDone, id: pickingId, settings: webhookSettings, overrides: [
            "date_done": .empty, "scheduled_date": pickings.value(id: pickingId, "scheduled_date").wholeSecondText,
        ])
        setValues("stock.picking", id: pickingId, ["date_done": .timestamp(stamp.wholeSecond)], stamp: stamp)
        if let orderId = pickings.value(id: pickingId, "sale_id").id {
            for (lineId, quantity) in delivered {
                let before = tables["sale.order.line"]?.value(id: lineId, "qty_delivered").decimal ?? 0
                setValues("sale.order.line", id: lineId, ["qty_delivered": .decimal(before + quantity)], stamp: stamp)
            }
            if let backorderId {
                let current = tables["sale.order"]?.value(id: orderId, "picking_ids").ids ?? []
                setValues("sale.order", id: orderId, ["picking_ids": .ids([backorderId] + current)], stamp: stamp)
            }
            refreshDeliveryStatus(orderId: orderId, stamp: stamp)
        }
        return backorderId
    }

    /// `pending` → `partial` → `full` from the order's outgoing pickings (ORDERS.md §5); a cancelled order keeps it.
    mutating func refreshDeliveryStatus(orderId: Int, stamp: SimTimestamp) {
        guard let orders = tables["sale.order"], orders.value(id: orderId, "state").text != "cancel",
              let pickings = tables["stock.picking"] else { return }
        let states = orders.value(id: orderId, "picking_ids").ids
            .filter { SimulatedPickingType.code(ofTypeId: pickings.value(id: $0, "picking_type_id").id) == "outgoing" }
            .compactMap { pickings.value(id: $0, "state").text }
        guard !states.isEmpty else { return }
        let status: String
        if !states.contains("done") { status = "pending" }
        else if states.allSatisfy({ $0 == "done" || $0 == "cancel" }) { status = "full" }
        else { status = "partial" }
        setValues("sale.order", id: orderId, ["delivery_status": .text(status)], stamp: stamp)
    }

    /// An open picking cancelled (its moves too), as `action_cancel` on the picking does.
    mutating func cancelPicking(_ pickingId: Int, stamp: SimTimestamp) {
        guard let state = tables["stock.picking"]?.value(id: pickingId, "state").text, state != "done", state != "cancel" else { return }
        for moveId in liveMoves(ofPicking: pickingId) {
            setValues("stock.move", id: moveId, ["state": .text("cancel"), "quantity": .decimal(0)], stamp: stamp)
        }
        setValues("stock.picking", id: pickingId, ["state": .text("cancel")], stamp: stamp)
        if let orderId = tables["stock.picking"]?.value(id: pickingId, "sale_id").id { refreshDeliveryStatus(orderId: orderId, stamp: stamp) }
    }

    /// The picking's moves that are not cancelled, ascending by id.
    func liveMoves(ofPicking pickingId: Int) -> [Int] {
        guard let moves = tables["stock.move"] else { return [] }
        return (0..<moves.count).filter {
            moves.value($0, "picking_id").id == pickingId && moves.value($0, "state").text != "cancel"
        }.map { moves.ids[$0] }
    }

    func existingRecords(_ model: String, _ call: ORMCall) throws(SimulatedOdooException) -> [Int] {
        let ids = call.ids ?? []
        let missing = ids.filter { tables[model]?.position(of: $0) == nil }
        if !missing.isEmpty { throw .missingRecord(model: model, ids: missing, uid: call.user.uid) }
        return ids
    }
}

extension SimValue {
    /// A datetime as reads show it (no fraction), for webhook bodies that send it so (`scheduled_date`).
    var wholeSecondText: SimValue {
        if case .timestamp(let stamp) = self { return .text(stamp.odooText) }
        return self
    }
}
