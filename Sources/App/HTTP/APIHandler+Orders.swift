import Foundation
import OpenAPIRuntime
import RunStore
import SyncAPI
import SyncCore

extension APIHandler {
    /// `GET /orders`: what the orders sync sent to Odoo (with each order's deliveries reported back), and what waits.
    func listOrders(_ input: Operations.ListOrders.Input) async throws -> Operations.ListOrders.Output {
        let limit = input.query.limit ?? 100
        guard (1...500).contains(limit) else {
            return .badRequest(.init(body: .json(.error(code: "invalid_request", message: "limit must be between 1 and 500"))))
        }
        let links = try await checkingStore { try await store.recentOrderLinks(limit: limit) }
        let waiting = try await checkingStore { try await store.pendingOrders() }
        let deliveries = Dictionary(grouping: try await checkingStore {
            try await store.deliveryLinks(medusaOrderIds: links.map(\.medusaOrderId))
        }, by: \.medusaOrderId)
        return .ok(.init(body: .json(.init(
            enabled: configuration.orders.enabled,
            sent: links.map { Self.apiOrderLink($0, deliveries: deliveries[$0.medusaOrderId] ?? []) },
            waiting: waiting.prefix(limit).map { .init(medusaOrderId: $0.medusaOrderId, reason: $0.reason, firstSeenAt: $0.firstSeenAt) },
            links: recordLinks))))
    }

    /// `GET /orders/{id}`: one order for the Medusa admin's order page.
    func getOrder(_ input: Operations.GetOrder.Input) async throws -> Operations.GetOrder.Output {
        let id = input.path.medusaOrderId
        guard (1...200).contains(id.count), id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            return .badRequest(.init(body: .json(.error(code: "invalid_request",
                message: "a Medusa order id is letters, digits, _ and - (e.g. order_01JBC3M8Y…)"))))
        }
        let link = try await checkingStore { try await store.orderLinks(medusaOrderIds: [id])[id] }
        let deliveries = try await checkingStore { try await store.deliveryLinks(medusaOrderIds: [id]) }
        let waiting = try await checkingStore { try await store.pendingOrders().first { $0.medusaOrderId == id } }
        let items = try await checkingStore { try await store.items(medusaId: id, subjects: [.order, .delivery], limit: 10) }
        guard link != nil || waiting != nil || !items.isEmpty else {
            return .notFound(.init(body: .json(.error(code: "not_found",
                message: "the orders sync has not seen order \(id) (not sent, not waiting, no outcome recorded)"))))
        }
        return .ok(.init(body: .json(.init(
            medusaOrderId: id,
            sent: link.map { Self.apiOrderLink($0, deliveries: deliveries) },
            waiting: waiting.map { .init(medusaOrderId: $0.medusaOrderId, reason: $0.reason, firstSeenAt: $0.firstSeenAt) },
            recentOutcomes: items.map { item in
                .init(runId: item.runId, subject: item.outcome.subject == .delivery ? .delivery : .order,
                      outcome: .init(rawValue: item.outcome.kind.rawValue) ?? .failed, title: item.outcome.title,
                      message: item.outcome.message)
            },
            links: recordLinks))))
    }

    static func apiOrderLink(_ link: OrderLink, deliveries: [DeliveryLink]) -> Components.Schemas.OrderLink {
        .init(medusaOrderId: link.medusaOrderId, displayId: Int64(link.medusaDisplayId),
              odooOrderId: Int64(link.odooOrderId), odooOrderName: link.odooOrderName,
              state: .init(rawValue: link.state.rawValue) ?? .sent, currencyCode: link.currencyCode,
              medusaTotal: "\(link.medusaTotal)", odooTotal: link.odooTotal.map { "\($0)" },
              message: link.message, updatedAt: link.updatedAt,
              deliveries: deliveries.isEmpty ? nil : deliveries.sorted { $0.pickingId < $1.pickingId }.map { delivery in
                  .init(pickingId: Int64(delivery.pickingId), pickingName: delivery.pickingName,
                        fulfilmentId: delivery.fulfilmentId, state: .init(rawValue: delivery.state.rawValue) ?? .shipped,
                        trackingNumber: delivery.trackingNumber, message: delivery.message, updatedAt: delivery.updatedAt)
              })
    }

    /// Where records open: Odoo's web client and Medusa's admin (absent while that side is not configured).
    var recordLinks: Components.Schemas.RecordLinks {
        .init(odooWeb: configuration.odoo?.url,
              medusaAdmin: configuration.medusa.map(\.adminURL).flatMap { $0.isEmpty ? nil : $0 })
    }
}
