import Foundation

extension ProductOutcome {
    /// A run item about an Odoo delivery: the Odoo id is the `stock.picking`, the Medusa id the shop order.
    static func delivery(_ picking: OdooDelivery, order: OrderLink, _ kind: Kind, message: String? = nil,
                         error: (any Error)? = nil) -> ProductOutcome {
        let classified = error as? any ClassifiedError
        return ProductOutcome(
            odooTemplateId: picking.id, kind: kind, medusaProductId: order.medusaOrderId,
            title: "\(picking.name) → #\(order.medusaDisplayId)",
            message: message ?? error.map { String(describing: $0) },
            failureClass: error.map { SyncCore.failureClass(of: $0) }, system: error.map { _ in classified?.system ?? "sync" },
            subject: .delivery)
    }
}
