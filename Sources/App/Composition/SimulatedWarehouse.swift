import Foundation
import Simulators

/// `serve --demo`'s warehouse: validates a sale order's delivery in the demo's simulated Odoo the way a warehouse
/// user does (through the same ORM paths, so the picking-done webhook fires as in Odoo). Behind `POST /demo/deliveries`.
struct SimulatedWarehouse: DemoWarehouse {
    let odoo: RunningOdooSimulator

    func validateDelivery(saleOrderId: Int, quantities: [Int: Decimal]?, trackingNumber: String?) async throws
        -> DemoValidatedDelivery {
        // The simulator answers Odoo's UserError as `OdooSimulatorDeliveryError`: "no open delivery" is the caller's
        // "nothing left to deliver", any other the warehouse refusing these quantities (both 409).
        let tracking = trackingNumber.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        do {
            let done = try await odoo.validateDelivery(saleOrderId: saleOrderId, quantities: quantities, trackingReference: tracking)
            return DemoValidatedDelivery(pickingId: done.pickingId, backorderId: done.backorderId)
        } catch let error as OdooSimulatorDeliveryError where error.description.contains("has no open delivery") {
            throw DemoWarehouseRefusal.nothingToDeliver(saleOrderId: saleOrderId)
        } catch let error as OdooSimulatorDeliveryError {
            // Any other UserError refuses these quantities for this delivery (e.g. none of the given products is in
            // it, so nothing would move): the delivery's state, not the request's shape, is what conflicts.
            throw DemoWarehouseRefusal.refused(saleOrderId: saleOrderId, reason: error.description)
        }
    }
}
