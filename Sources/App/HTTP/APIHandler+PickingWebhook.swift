import Foundation
import OpenAPIRuntime
import SyncAPI

extension APIHandler {
    /// Odoo's automation webhook on deliveries (`stock.picking`, docs/odoo.md): a hint that starts a debounced
    /// deliveries run. The run reads the picking back (the POST carries `date_done: false` and the old tracking number,
    /// ORDERS.md §9), so the payload's other fields are not used.
    func receivePickingWebhook(recordId: Int64) async -> Operations.ReceiveOdooWebhook.Output {
        guard configuration.orders.enabled, await runner.canRun(.deliveries) else {
            return .accepted(.init(body: .json(.init(accepted: false, model: "stock.picking", recordId: recordId,
                reason: "deliveries are synced only with SYNC_ORDERS=true (the picking webhook starts a deliveries run)"))))
        }
        if let deliveryEvents {
            await deliveryEvents.poke()
        } else {
            _ = try? await runner.submit(job: DeliveriesRequest(), trigger: .webhook)
        }
        return .accepted(.init(body: .json(.init(accepted: true, model: "stock.picking", recordId: recordId))))
    }
}
