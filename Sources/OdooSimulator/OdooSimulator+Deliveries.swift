import ExactJSON
import Foundation

/// What `validateDelivery` did: the picking that is now done and the backorder made for what was not delivered.
public struct OdooSimulatedValidation: Sendable, Hashable {
    public var pickingId: Int
    public var backorderId: Int?
}

/// A picking as the simulator holds it, for tests.
public struct OdooSimulatedPicking: Sendable, Hashable {
    public struct Move: Sendable, Hashable {
        /// product.product id.
        public var productId: Int
        /// `product_uom_qty`.
        public var demand: Decimal
        /// `quantity`: reserved, or done once the picking is done.
        public var quantity: Decimal
        public var state: String
    }

    public var id: Int
    public var name: String
    public var state: String
    public var saleOrderId: Int?
    public var backorderOf: Int?
    public var trackingReference: String?
    public var moves: [Move]
}

/// Why a delivery control could not do what a warehouse user asked.
public struct OdooSimulatorDeliveryError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Deliveries done the way a warehouse user does them in Odoo, through the same ORM paths as API calls (ORDERS.md §5):
/// write each move's `quantity` and `picked`, `button_validate`, and when that answers the backorder wizard, create it
/// with the action's context and `process` it with that context. Webhooks of pickings reaching done are sent before
/// these return.
extension RunningOdooSimulator {
    /// Validates the order's open outgoing picking. `quantities`: product.product id → quantity done (products not
    /// named deliver nothing); nil delivers everything outstanding. A partial delivery makes a backorder.
    /// `trackingReference` is written on the done picking when the delivery module is installed.
    @discardableResult
    public func validateDelivery(saleOrderId: Int, quantities: [Int: Decimal]? = nil,
                                 trackingReference: String? = nil) async throws -> OdooSimulatedValidation {
        let deliveryModule = server.configuration.deliveryModuleInstalled
        let withCarrier = server.configuration.carrierTrackingURL != nil
        let result = try ormChange { database, call throws(SimulatedOdooException) -> OdooSimulatedValidation in
            guard let pickingId = database.openOutgoingPicking(saleOrderId: saleOrderId) else {
                throw SimulatedOdooException.userError("sale.order(\(saleOrderId)) has no open delivery")
            }
            for moveId in database.liveMoves(ofPicking: pickingId) {
                guard let moves = database.tables["stock.move"] else { continue }
                let productId = moves.value(id: moveId, "product_id").id ?? 0
                let quantity = quantities.map { $0[productId] ?? 0 } ?? moves.value(id: moveId, "product_uom_qty").decimal
                var write = call
                write.model = "stock.move"; write.ids = [moveId]
                _ = try database.write(write, vals: .object(["quantity": .number(quantity), "picked": .bool(true)]))
            }
            var validate = call
            validate.model = "stock.picking"; validate.ids = [pickingId]
            let answer = try database.validatePickings(validate)
            if case .object(let action) = answer, case .object(let context)? = action["context"] {
                var wizard = call
                wizard.model = "stock.backorder.confirmation"; wizard.context = context
                let wizardIds = try database.createBackorderWizards([[:]], call: wizard)
                wizard.ids = wizardIds
                _ = try database.processBackorderWizard(wizard, keepRemainder: true)
            }
            if let trackingReference, deliveryModule {
                var values: [String: JSONValue] = ["carrier_tracking_ref": .string(trackingReference)]
                if withCarrier { values["carrier_id"] = .number(1) }
                _ = try database.write(validate, vals: .object(values))
            }
            let backorder = database.tables["stock.picking"].flatMap { table in
                table.ids.first { table.value(id: $0, "backorder_id").id == pickingId }
            }
            return OdooSimulatedValidation(pickingId: pickingId, backorderId: backorder)
        }
        await flushWebhooks(result.posts)
        return result.value
    }

    /// `validateDelivery` for the order whose `origin` is given (`medusa:<order id>`).
    @discardableResult
    public func validateDelivery(origin: String, quantities: [Int: Decimal]? = nil,
                                 trackingReference: String? = nil) async throws -> OdooSimulatedValidation {
        guard let order = saleOrders().last(where: { $0.origin == origin }) else {
            throw OdooSimulatorDeliveryError(description: "no sale order with origin \(origin)")
        }
        return try await validateDelivery(saleOrderId: order.id, quantities: quantities, trackingReference: trackingReference)
    }

    /// Writes `carrier_tracking_ref` on a picking (also a done one, as recorded): its `write_date` moves, no done
    /// webhook fires. Fails like Odoo (invalid field) without the delivery module.
    public func setTrackingReference(pickingId: Int, reference: String) async throws {
        let withCarrier = server.configuration.carrierTrackingURL != nil
        let result = try ormChange { database, call throws(SimulatedOdooException) in
            var write = call
            write.model = "stock.picking"; write.ids = [pickingId]
            var values: [String: JSONValue] = ["carrier_tracking_ref": .string(reference)]
            if withCarrier { values["carrier_id"] = .number(1) }
            _ = try database.write(write, vals: .object(values))
        }
        await flushWebhooks(result.posts)
    }

    /// Cancels an open picking (done ones stay done).
    public func cancelPicking(id: Int) async throws {
        let result = try ormChange { database, call throws(SimulatedOdooException) in
            var cancel = call
            cancel.model = "stock.picking"; cancel.ids = [id]
            _ = try database.existingRecords("stock.picking", cancel)
            database.cancelPicking(id, stamp: database.nextWriteStamp(now: call.now))
        }
        await flushWebhooks(result.posts)
    }

    /// A picking with its moves, nil when it does not exist.
    public func picking(id: Int) -> OdooSimulatedPicking? {
        withDatabase { database in
            guard let pickings = database.tables["stock.picking"], pickings.position(of: id) != nil,
                  let moves = database.tables["stock.move"] else { return nil }
            let moveList = (0..<moves.count).filter { moves.value($0, "picking_id").id == id }.map { position in
                OdooSimulatedPicking.Move(
                    productId: moves.value(position, "product_id").id ?? 0, demand: moves.value(position, "product_uom_qty").decimal,
                    quantity: moves.value(position, "quantity").decimal, state: moves.value(position, "state").text ?? "")
            }
            return OdooSimulatedPicking(
                id: id, name: pickings.value(id: id, "name").text ?? "", state: pickings.value(id: id, "state").text ?? "",
                saleOrderId: pickings.value(id: id, "sale_id").id, backorderOf: pickings.value(id: id, "backorder_id").id,
                trackingReference: pickings.value(id: id, "carrier_tracking_ref").text, moves: moveList)
        }
    }

    // MARK: plumbing

    /// Runs `change` as the admin user's ORM call under the database lock; the webhooks it fired come back to be sent.
    func ormChange<T>(_ change: (inout SimDatabase, ORMCall) throws(SimulatedOdooException) -> T) throws -> (value: T, posts: [PendingWebhook]) {
        let admin = server.configuration.users.first { $0.role == .internal } ?? .defaultAdmin
        let call = ORMCall(model: "stock.picking", method: "write", ids: nil, positional: [], named: [:], context: [:],
                           user: admin, viaJSON2: false, now: server.configuration.clock())
        let outcome: Result<(value: T, posts: [PendingWebhook]), SimulatedOdooException> = server.state.withLock { database in
            defer { database.outbox.removeAll() }
            do throws(SimulatedOdooException) {
                let value = try change(&database, call)
                return .success((value, database.outbox))
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let done): return done
        case .failure(let error): throw OdooSimulatorDeliveryError(description: "\(error.name): \(error.message)")
        }
    }

    func flushWebhooks(_ posts: [PendingWebhook]) async {
        if !posts.isEmpty { await webhooks.send(posts) }
    }
}

extension SimDatabase {
    /// The order's outgoing picking that is neither done nor cancelled (the newest backorder first, as `picking_ids`).
    func openOutgoingPicking(saleOrderId: Int) -> Int? {
        guard let pickings = tables["stock.picking"] else { return nil }
        return (tables["sale.order"]?.value(id: saleOrderId, "picking_ids").ids ?? []).sorted(by: >).first { id in
            SimulatedPickingType.code(ofTypeId: pickings.value(id: id, "picking_type_id").id) == "outgoing"
                && !["done", "cancel"].contains(pickings.value(id: id, "state").text ?? "")
        }
    }
}
