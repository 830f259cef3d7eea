import Foundation

/// The references written on the Odoo order so it can be found both ways. `origin` is the idempotency key: the engine
/// searches Odoo for it before any create, so a lost binding, or a crash between create and binding, adopts the
/// existing order instead of creating a second one. It is built from Medusa's order id (unique, never reused), not
/// from the display id (a number another Medusa could also have).
public enum OrderReference {
    static let originPrefix = "medusa:"

    /// "medusa:order_01…" (`sale.order.origin`).
    public static func origin(orderId: String) -> String { originPrefix + orderId }

    /// "MEDUSA-1042" (`sale.order.client_order_ref`), the form of the recorded exchanges (ORDERS.md §4).
    public static func clientOrderRef(displayId: Int) -> String { "MEDUSA-\(displayId)" }

    /// The Medusa order id an Odoo `origin` was written for, or nil when the order was not created by the sync.
    public static func orderId(fromOrigin origin: String) -> String? {
        let trimmed = origin.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(originPrefix), trimmed.count > originPrefix.count else { return nil }
        return String(trimmed.dropFirst(originPrefix.count))
    }

    /// Which of `orderIds` already exist in Odoo, given the `origin`s a batch search returned: the ones to adopt
    /// (bind) instead of creating.
    public static func adopted(orderIds: [String], foundOrigins: [(saleOrderId: Int, origin: String)]) -> [String: Int] {
        let wanted = Set(orderIds)
        var found: [String: Int] = [:]
        for (saleOrderId, origin) in foundOrigins.sorted(by: { $0.saleOrderId < $1.saleOrderId }) {
            guard let orderId = orderId(fromOrigin: origin), wanted.contains(orderId), found[orderId] == nil else { continue }
            found[orderId] = saleOrderId
        }
        return found
    }
}
