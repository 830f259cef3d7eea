import Foundation
import OpenAPIRuntime
import RunStore
import SyncAPI
import SyncCore

extension APIHandler {
    /// The Medusa events that can mean an order to send or cancel, or a customer to update.
    static let followedMedusaEvents: Set<String> = [
        "order.placed", "order.updated", "order.canceled", "order.completed", "payment.captured",
        "customer.created", "customer.updated",
    ]

    /// `POST /webhooks/medusa` (signature already checked by `MedusaWebhookGuard`): a followed event queues an orders run
    /// once the events have been quiet for `WEBHOOK_DEBOUNCE_MS` (`DebouncedRunTrigger`).
    func receiveMedusaWebhook(_ input: Operations.ReceiveMedusaWebhook.Input) async throws -> Operations.ReceiveMedusaWebhook.Output {
        guard case .json(let event) = input.body else {
            return .badRequest(.init(body: .json(.error(code: "invalid_request", message: "expected a JSON body {event, id}"))))
        }
        guard Self.followedMedusaEvents.contains(event.event) else {
            return .accepted(.init(body: .json(.init(accepted: false, event: event.event,
                                                     reason: "the orders sync does not follow \(event.event)"))))
        }
        guard await runner.canRun(.orders) else {
            if !configuration.orders.enabled {
                return .serviceUnavailable(.init(body: .json(.error(code: "orders_off",
                    message: "orders sync is off: set SYNC_ORDERS=true to act on Medusa's order events"))))
            }
            let missing = configuration.missingOdoo + configuration.missingMedusa
            return .serviceUnavailable(.init(body: .json(.error(code: "not_configured",
                message: "orders sync is not possible until Odoo and Medusa are configured: set \(missing.joined(separator: ", "))"))))
        }
        guard let orderEvents else {
            let submission = try await runner.submit(job: OrdersRequest(), trigger: .webhook)
            return .accepted(.init(body: .json(.init(accepted: true, event: event.event, runId: submission.run.id))))
        }
        await orderEvents.poke()
        return .accepted(.init(body: .json(.init(accepted: true, event: event.event))))
    }
}
