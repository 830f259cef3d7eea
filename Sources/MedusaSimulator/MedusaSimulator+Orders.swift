import ExactJSON
import Foundation
import SyncCore

/// The simulator's order control: what the storefront and the payment provider would do (Medusa's admin API cannot
/// place orders), plus a view of the orders for assertions. Control calls are not HTTP requests and are not counted.
extension RunningMedusaSimulator {
    /// Places an order (cart completion): the customer is found or created, items copy their variant's title and
    /// sku. Throws `SimulatedOrderError` for an unknown variant or customer.
    @discardableResult
    public func placeOrder(_ input: SimulatedOrderInput) throws(SimulatedOrderError) -> SimulatedPlacedOrder {
        let placed = try core.orderControl { state throws(SimulatedAPIError) in try state.placeOrder(input) }
        emit(MedusaSimulatedEvent(name: "order.placed", id: placed.id))
        return placed
    }

    /// Captures the order's payment. Does not move `updated_at` (orders.md §3d), so only a read by id sees it.
    public func capturePayment(orderId: String) throws(SimulatedOrderError) {
        try core.orderControl { state throws(SimulatedAPIError) in try state.capturePayment(orderId: orderId) }
        emit(MedusaSimulatedEvent(name: "payment.captured", id: orderId))
    }

    /// Cancels as `POST /admin/orders/{id}/cancel` does (refused once captured; moves `updated_at`).
    public func cancelOrder(orderId: String) throws(SimulatedOrderError) {
        try core.orderControl { state throws(SimulatedAPIError) in try state.cancelOrder(id: orderId) }
        emit(MedusaSimulatedEvent(name: "order.canceled", id: orderId))
    }

    /// Hands the event to the subscriber without waiting, as Medusa's local event bus does once the workflow
    /// succeeded; a failing subscriber changes nothing here.
    private func emit(_ event: MedusaSimulatedEvent) {
        guard let subscriber = core.configuration.eventSubscriber else { return }
        Task { await subscriber(event) }
    }

    /// Every order (drafts included), in placing order.
    public func orders() -> [SimulatedOrderState] {
        core.state.withLock { state in state.orderBook.allOrders.map(state.simulatedState) }
    }

    public func order(id: String) -> SimulatedOrderState? {
        core.state.withLock { state in state.orderBook.orders[id].map(state.simulatedState) }
    }

    /// Every customer, guests included.
    public func customers() -> [MedusaCustomer] {
        core.state.withLock { state in
            state.orderBook.allCustomers.map {
                MedusaCustomer(id: $0.id, email: $0.email, firstName: $0.firstName, lastName: $0.lastName,
                               companyName: $0.companyName, phone: $0.phone, hasAccount: $0.hasAccount)
            }
        }
    }
}

extension SimulatorCore {
    /// Runs a control workflow as one transaction; Medusa's refusal becomes a `SimulatedOrderError`.
    func orderControl<T: Sendable>(_ work: (inout CatalogState) throws(SimulatedAPIError) -> T) throws(SimulatedOrderError) -> T {
        do {
            return try state.withLock { (state: inout CatalogState) throws(SimulatedAPIError) -> T in
                try state.transaction(work)
            }
        } catch {
            throw SimulatedOrderError(status: error.status, message: error.message)
        }
    }
}
