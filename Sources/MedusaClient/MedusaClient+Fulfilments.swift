import Foundation
import HTTPTypes
import SyncCore

/// The deliveries side (`MedusaFulfilments`, orders.md §5): reads an order's fulfilment state and creates fulfilments
/// and shipments. Neither write is retried here: Medusa has no idempotency on them (a retried fulfilment fulfils
/// again; a retried shipment answers "already created"), so the engine re-reads the order and decides.
extension MedusaClient: MedusaFulfilments {
    /// Replaces the detail defaults: only what the state needs. `fulfillments` scalars come with the detail anyway;
    /// their items and labels only when asked (§3), and mutation answers carry none of it unless asked (§0.3).
    static let fulfilmentFields = [
        "id", "status", "canceled_at", "items.id", "items.variant_id", "items.quantity", "*items.detail",
        "fulfillments.id", "fulfillments.shipped_at", "fulfillments.canceled_at", "*fulfillments.items",
        "*fulfillments.labels",
    ].joined(separator: ",")

    public func fulfilmentState(orderId: String) async throws -> MedusaFulfilmentState? {
        let request = AdminRequest(method: .get, path: Self.orderPath(orderId), query: [("fields", Self.fulfilmentFields)])
        do {
            return try await decodeFulfilmentState(request)
        } catch let error as MedusaError where error.status == 404 && error.type == "not_found" {
            return nil
        }
    }

    public func createFulfilment(orderId: String, items: [MedusaFulfilmentItem], locationId: String?) async throws
        -> MedusaFulfilmentState
    {
        let path = Self.orderPath(orderId) + "/fulfillments"
        var members: [(String, WireJSON)] = [("items", Self.wire(items))]
        if let locationId { members.append(("location_id", .string(locationId))) }
        let bytes = try api.encode(.object(members), limit: configuration.batchLimits.maxBodyBytes, method: "POST",
                                   path: path, subject: "a fulfilment of order \(orderId)")
        return try await decodeFulfilmentState(AdminRequest(
            method: .post, path: path, query: [("fields", Self.fulfilmentFields)], body: .json(bytes), retried: false))
    }

    public func createShipment(orderId: String, fulfilmentId: String, items: [MedusaFulfilmentItem],
                               label: MedusaShipmentLabel?) async throws {
        let path = Self.orderPath(orderId) + "/fulfillments/\(AdminAPI.segment(fulfilmentId))/shipments"
        var members: [(String, WireJSON)] = [("items", Self.wire(items))]
        if let label {
            members.append(("labels", .array([.object([
                ("tracking_number", .string(label.trackingNumber)), ("tracking_url", .string(label.trackingURL)),
                ("label_url", .string(label.labelURL)),
            ])])))
        }
        let bytes = try api.encode(.object(members), limit: configuration.batchLimits.maxBodyBytes, method: "POST",
                                   path: path, subject: "the shipment of fulfilment \(fulfilmentId)")
        do {
            // `fields=id`: the answer is not read, so Medusa need not render the whole order.
            _ = try await api.send(AdminRequest(method: .post, path: path, query: [("fields", "id")], body: .json(bytes),
                                                retried: false))
        } catch let error as MedusaError
            where error.status == 400 && error.message == "Shipment has already been created" {
            throw MedusaAlreadyShipped(fulfilmentId: fulfilmentId)
        }
    }

    private static func orderPath(_ orderId: String) -> String { "\(ordersPath)/\(AdminAPI.segment(orderId))" }

    private static func wire(_ items: [MedusaFulfilmentItem]) -> WireJSON {
        .array(items.map { .object([("id", .string($0.lineItemId)), ("quantity", .decimal($0.quantity))]) })
    }

    private func decodeFulfilmentState(_ request: AdminRequest) async throws -> MedusaFulfilmentState {
        let response = try await api.send(request)
        do {
            return try FulfilmentResponses.state(response.body)
        } catch {
            throw MedusaError(kind: .undecodableResponse, status: response.head.status.code,
                              message: "the response body is not what \(request.method) \(request.path) returns: "
                                  + error.reason,
                              method: request.method.rawValue, path: request.path, failureClass: .permanent)
        }
    }
}
