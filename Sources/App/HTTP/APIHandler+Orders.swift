import Foundation
import OpenAPIRuntime
import RunStore
import SyncAPI
import SyncCore

extension APIHandler {
    /// `GET /orders`: what the orders sync sent to Odoo, and what waits.
    func listOrders(_ input: Operations.ListOrders.Input) async throws -> Operations.ListOrders.Output {
        let limit = input.query.limit ?? 100
        guard (1...500).contains(limit) else {
            return .badRequest(.init(body: .json(.error(code: "invalid_request", message: "limit must be between 1 and 500"))))
        }
        let links = try await checkingStore { try await store.recentOrderLinks(limit: limit) }
        let waiting = try await checkingStore { try await store.pendingOrders() }
        return .ok(.init(body: .json(.init(
            enabled: configuration.orders.enabled,
            sent: links.map { link in
                .init(medusaOrderId: link.medusaOrderId, displayId: Int64(link.medusaDisplayId),
                      odooOrderId: Int64(link.odooOrderId), odooOrderName: link.odooOrderName,
                      state: .init(rawValue: link.state.rawValue) ?? .sent, currencyCode: link.currencyCode,
                      medusaTotal: "\(link.medusaTotal)", odooTotal: link.odooTotal.map { "\($0)" },
                      message: link.message, updatedAt: link.updatedAt)
            },
            waiting: waiting.prefix(limit).map { .init(medusaOrderId: $0.medusaOrderId, reason: $0.reason, firstSeenAt: $0.firstSeenAt) },
            links: recordLinks))))
    }

    /// Where records open: Odoo's web client and Medusa's admin (absent while that side is not configured).
    var recordLinks: Components.Schemas.RecordLinks {
        .init(odooWeb: configuration.odoo?.url,
              medusaAdmin: configuration.medusa.map(\.adminURL).flatMap { $0.isEmpty ? nil : $0 })
    }
}
