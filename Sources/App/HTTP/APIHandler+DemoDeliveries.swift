import Foundation
import OpenAPIRuntime
import SyncAPI
import SyncCore

/// The simulated Odoo's warehouse in `serve --demo`: validates a sale order's delivery as a warehouse user would.
public protocol DemoWarehouse: Sendable {
    /// Validates the open delivery of `saleOrderId` (all outstanding quantities, or `quantities` per product.product,
    /// leaving a backorder), with the tracking number when given.
    func validateDelivery(saleOrderId: Int, quantities: [Int: Decimal]?, trackingNumber: String?) async throws
        -> DemoValidatedDelivery
}

public struct DemoValidatedDelivery: Sendable, Hashable {
    public var pickingId: Int
    public var backorderId: Int?
    public init(pickingId: Int, backorderId: Int?) { self.pickingId = pickingId; self.backorderId = backorderId }
}

/// Why the simulated warehouse could not validate.
public enum DemoWarehouseRefusal: Error, Sendable, CustomStringConvertible {
    case nothingToDeliver(saleOrderId: Int)
    /// Odoo refused to validate the delivery with the quantities asked (its UserError, verbatim).
    case refused(saleOrderId: Int, reason: String)
    public var description: String {
        switch self {
        case .nothingToDeliver(let id): "sale order \(id) has no open delivery in the simulated Odoo"
        case .refused(let id, let reason): "the simulated Odoo refused to validate the delivery of sale order \(id): \(reason)"
        }
    }

    var code: String {
        switch self {
        case .nothingToDeliver: "nothing_to_deliver"
        case .refused: "delivery_refused"
        }
    }
}

extension APIHandler {
    /// `POST /demo/deliveries`: the demo's "validate the delivery in (simulated) Odoo" button.
    func validateDemoDelivery(_ input: Operations.ValidateDemoDelivery.Input) async throws -> Operations.ValidateDemoDelivery.Output {
        guard let demoWarehouse else {
            return .notFound(.init(body: .json(.error(code: "not_found",
                message: "POST /demo/deliveries exists only in serve --demo (it drives the simulated Odoo's warehouse)"))))
        }
        guard case .json(let body) = input.body else {
            return .badRequest(.init(body: .json(.error(code: "invalid_request", message: "expected a JSON body {medusaOrderId}"))))
        }
        var quantities: [Int: Decimal]?
        if let given = body.quantities?.additionalProperties {
            var parsed: [Int: Decimal] = [:]
            for (key, value) in given {
                guard let id = Int(key), id > 0, value > 0 else {
                    return .badRequest(.init(body: .json(.error(code: "invalid_request",
                        message: "quantities maps Odoo product.product ids to positive quantities; got \(key): \(value)"))))
                }
                parsed[id] = Decimal(value)
            }
            quantities = parsed
        }
        let links = try await checkingStore { try await store.orderLinks(medusaOrderIds: [body.medusaOrderId]) }
        guard let link = links[body.medusaOrderId] else {
            return .notFound(.init(body: .json(.error(code: "not_found",
                message: "order \(body.medusaOrderId) has not been sent to Odoo (yet): run the orders sync first"))))
        }
        do {
            let done = try await demoWarehouse.validateDelivery(saleOrderId: link.odooOrderId, quantities: quantities,
                                                                trackingNumber: body.trackingNumber)
            if let deliveryEvents { await deliveryEvents.poke() }
            return .accepted(.init(body: .json(.init(pickingId: Int64(done.pickingId), backorderId: done.backorderId.map(Int64.init)))))
        } catch let refusal as DemoWarehouseRefusal {
            return .conflict(.init(body: .json(.error(code: refusal.code, message: refusal.description))))
        }
    }
}
