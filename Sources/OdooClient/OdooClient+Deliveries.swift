import ExactJSON
import Foundation
import SyncCore

/// The deliveries side (`OdooDeliveries`): the pickings of sale orders and their moves, over JSON-2 or JSON-RPC, as
/// real Odoo 17 and 19 answered them (`shared/contracts/odoo/ORDERS.md` §5–§6). `picking_type_code` exists on both
/// versions (a related, non-stored but searchable selection: `*/stock_picking_fields_get_subset.json`, and
/// `*/picking_search_read_by_sale_id.json` searches on it). The tracking fields exist only with the delivery module:
/// asking for them otherwise is Odoo's ValueError (JSON-2 500), so they are asked for only once `fields_get` showed them.
extension OdooClient: OdooDeliveries {
    static let deliveryFields = [
        "id", "name", "picking_type_code", "state", "sale_id", "backorder_id", "date_done", "write_date",
    ]
    static let trackingFields = ["carrier_tracking_ref", "carrier_tracking_url"]
    static let deliveryMoveFields = ["id", "picking_id", "product_id", "quantity", "state"]

    public func deliveries(after cursor: ModelCursor?, limit: Int) async throws -> [OdooDelivery] {
        let domain = OdooDomain.condition("sale_id", "!=", .bool(false))
            .and(.condition("picking_type_code", "in", .array([.string("outgoing"), .string("incoming")])))
            .and(.condition("state", "in", .array([.string("done"), .string("cancel")])))
        let records = try await cursorPage(model: "stock.picking", fields: try await pickingFields(), after: cursor,
                                           limit: limit, includeArchived: false, extra: domain)
        return try records.map(Self.delivery)
    }

    public func deliveries(ids: [Int]) async throws -> [OdooDelivery] {
        let records = try await recordsMatching(model: "stock.picking", ids: ids, fields: try await pickingFields(),
                                                includeArchived: false)
        return try records.map(Self.delivery)
    }

    public func deliveryMoves(pickingIds: [Int]) async throws -> [OdooDeliveryMove] {
        let records = try await recordsMatching(model: "stock.move", field: "picking_id", ids: pickingIds,
                                                fields: Self.deliveryMoveFields, includeArchived: false)
        return try records.map { record in
            guard let pickingId = try record.many2oneId("picking_id"), let productId = try record.many2oneId("product_id") else {
                throw OdooError(kind: .unexpectedData, model: "stock.move", method: "search_read",
                                message: "stock.move(\(try record.int("id"))) has no picking or no product")
            }
            return OdooDeliveryMove(id: try record.int("id"), pickingId: pickingId, productId: productId,
                                    quantity: try record.optionalDecimal("quantity") ?? 0,
                                    state: try record.optionalString("state") ?? "")
        }
    }

    // MARK: helpers

    /// The picking fields, with the tracking ones when this server has them (asked once per client with `fields_get`).
    func pickingFields() async throws -> [String] {
        let session = try await currentSession()
        if let optional = session.pickingTrackingFields { return Self.deliveryFields + optional }
        let existing = try await fieldsGet(model: "stock.picking", fields: Self.trackingFields, attributes: ["type"])
        let optional = Self.trackingFields.filter { existing[$0] != nil }
        updateSession { $0.pickingTrackingFields = optional }
        return Self.deliveryFields + optional
    }

    static func delivery(_ record: OdooFieldValues) throws -> OdooDelivery {
        let id = try record.int("id")
        return OdooDelivery(
            id: id, name: try record.optionalString("name") ?? "",
            direction: .init(code: try record.optionalString("picking_type_code") ?? ""),
            state: .init(rawValue: try record.string("state")), saleOrderId: try record.many2oneId("sale_id"),
            backorderOf: try record.many2oneId("backorder_id"), doneAt: try record.dateTime("date_done")?.date,
            trackingReference: try nonEmpty(record.optionalString("carrier_tracking_ref")),
            trackingURL: try nonEmpty(record.optionalString("carrier_tracking_url")),
            cursor: ModelCursor(writeDate: try record.requiredDateTime("write_date"), id: id))
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
