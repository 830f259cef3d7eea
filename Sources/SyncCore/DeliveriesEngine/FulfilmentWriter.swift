import Foundation

/// Tells the shop about the done deliveries of one order: a fulfilment of exactly the delivered items, then its
/// shipment (with the tracking number when Odoo has one).
///
/// Medusa's fulfilment create has no idempotency (a retried POST fulfils again, orders.md §5a), so it is sent once
/// and never retried. Before creating, the order's fulfilments are read: one that no picking claims and that holds
/// exactly this delivery's items is the one an earlier run created without recording it (its answer or the link was
/// lost), and is adopted. Items Medusa already counts as fulfilled are not fulfilled again.
struct FulfilmentWriter {
    let medusa: any MedusaFulfilments
    let state: any DeliveryStateStore
    let locationId: String?
    let now: @Sendable () -> Date

    /// One picking's work.
    enum Step: Sendable {
        /// Create (or adopt) the fulfilment, then ship it.
        case fulfil(OdooDelivery)
        /// The fulfilment exists (link `fulfilled`); the shipment is missing.
        case ship(OdooDelivery, link: DeliveryLink)
    }

    struct Result: Sendable {
        var outcomes: [ProductOutcome] = []
        /// Picking id → why it failed (kept pending, read again next run).
        var failed: [Int: String] = [:]
        /// Pickings now reported (or settled without a fulfilment).
        var settled: [Int] = []
    }

    /// Runs the steps of one shop order, oldest picking first. A failure stops that picking only; the order is read
    /// again before the next one, so its quantities are what Medusa holds.
    /// `moves`: the moves of the pickings to fulfil, by picking id.
    func write(order: OrderLink, steps: [Step], moves: [Int: [OdooDeliveryMove]],
               variantByProduct: [Int: String]) async throws -> Result {
        var result = Result()
        var fulfilments: MedusaFulfilmentState
        do {
            guard let read = try await medusa.fulfilmentState(orderId: order.medusaOrderId) else {
                for step in steps {
                    let picking = step.picking
                    result.outcomes.append(.delivery(picking, order: order, .failed,
                                                     message: "the shop order \(order.medusaOrderId) no longer exists in Medusa"))
                    result.failed[picking.id] = "the shop order no longer exists in Medusa"
                }
                return result
            }
            fulfilments = read
        } catch {
            try Self.rethrowIfRunWide(error)
            for step in steps {
                result.outcomes.append(.delivery(step.picking, order: order, .failed, error: error))
                result.failed[step.picking.id] = "\(error)"
            }
            return result
        }
        var claimed = Set(try await state.deliveryLinks(medusaOrderIds: [order.medusaOrderId]).compactMap(\.fulfilmentId))
        for step in steps.sorted(by: { $0.picking.id < $1.picking.id }) {
            let picking = step.picking
            do {
                let done: (link: DeliveryLink, outcome: ProductOutcome)
                switch step {
                case .fulfil:
                    done = try await fulfil(picking, moves: moves[picking.id] ?? [], order: order, current: &fulfilments,
                                            claimed: claimed, variantByProduct: variantByProduct)
                case .ship(_, let link):
                    done = try await ship(picking, link: link, order: order, current: fulfilments, created: false)
                }
                if let id = done.link.fulfilmentId { claimed.insert(id) }
                result.outcomes.append(done.outcome)
                result.settled.append(picking.id)
            } catch let failure as FulfilmentFailure {
                result.outcomes.append(.delivery(picking, order: order, .failed, error: failure))
                result.failed[picking.id] = "\(failure)"
                if failure.stateUnknown, let read = try? await medusa.fulfilmentState(orderId: order.medusaOrderId) {
                    fulfilments = read
                }
            } catch {
                try Self.rethrowIfRunWide(error)
                result.outcomes.append(.delivery(picking, order: order, .failed, error: error))
                result.failed[picking.id] = "\(error)"
            }
        }
        return result
    }

    private func fulfil(_ picking: OdooDelivery, moves: [OdooDeliveryMove], order: OrderLink,
                        current: inout MedusaFulfilmentState, claimed: Set<String>,
                        variantByProduct: [Int: String]) async throws -> (link: DeliveryLink, outcome: ProductOutcome) {
        let delivered = FulfilmentAllocation.delivered(moves)
        let whole = FulfilmentAllocation.allocate(delivered: delivered, variantByProduct: variantByProduct,
                                                  items: current.items, capacity: .ordered)
        let unmatched = Self.describe(unmatched: whole.unmatched)
        if let adopted = current.fulfilments.first(where: {
            $0.canceledAt == nil && !claimed.contains($0.id) && !whole.isEmpty && FulfilmentAllocation.sameItems($0, whole.items)
        }) {
            var link = makeLink(picking, order: order, fulfilmentId: adopted.id, state: .fulfilled)
            try await state.saveDeliveryLinks([link])
            if adopted.shippedAt != nil {
                link.state = .shipped
                link.trackingNumber = adopted.trackingNumbers.first
                try await state.saveDeliveryLinks([link])
                return (link, .delivery(picking, order: order, .updated,
                                        message: "adopted fulfilment \(adopted.id), already shipped in Medusa"))
            }
            let shipped = try await ship(picking, link: link, order: order, current: current, created: false)
            return (shipped.link, .delivery(picking, order: order, .updated,
                                            message: "adopted fulfilment \(adopted.id); " + (shipped.outcome.message ?? "")))
        }
        if current.isCanceled {
            var link = makeLink(picking, order: order, fulfilmentId: nil, state: .alreadyFulfilled)
            link.message = "delivered in Odoo, but the order is cancelled in Medusa: nothing fulfilled"
            try await state.saveDeliveryLinks([link])
            return (link, .delivery(picking, order: order, .skipped, message: link.message))
        }
        let open = FulfilmentAllocation.allocate(delivered: delivered, variantByProduct: variantByProduct,
                                                 items: current.items, capacity: .unfulfilled)
        if open.isEmpty {
            var link = makeLink(picking, order: order, fulfilmentId: nil, state: .alreadyFulfilled)
            link.message = whole.isEmpty
                ? "no delivered product is an item of the shop order" + (unmatched.map { " (\($0))" } ?? "")
                : "Medusa already counts every delivered item as fulfilled: nothing fulfilled again"
            try await state.saveDeliveryLinks([link])
            return (link, .delivery(picking, order: order, .skipped, message: link.message))
        }
        let before = Set(current.fulfilments.map(\.id))
        let after: MedusaFulfilmentState
        do {
            after = try await medusa.createFulfilment(orderId: order.medusaOrderId, items: open.items, locationId: locationId)
        } catch {
            try Self.rethrowIfRunWide(error)
            // The create may have happened (a timeout, a 5xx after the effect): the next run adopts it, never resends
            // blindly. Read again so the next picking of this order sees Medusa's quantities.
            throw FulfilmentFailure(message: "fulfilment not confirmed by Medusa: \(error)", underlying: error, stateUnknown: true)
        }
        current = after
        guard let created = after.fulfilments.first(where: { !before.contains($0.id) }) else {
            throw FulfilmentFailure(message: "Medusa answered the fulfilment request but shows no new fulfilment on order \(order.medusaOrderId)",
                                    underlying: nil, stateUnknown: true)
        }
        let link = makeLink(picking, order: order, fulfilmentId: created.id, state: .fulfilled)
        try await state.saveDeliveryLinks([link])
        var shipped = try await ship(picking, link: link, order: order, current: after, created: true)
        if let unmatched {
            shipped.outcome.message = (shipped.outcome.message ?? "") + "; not in the shop order: \(unmatched)"
        }
        return shipped
    }

    /// Ships a fulfilment; with a label when Odoo has a tracking number. A shipment Medusa already has is success.
    private func ship(_ picking: OdooDelivery, link: DeliveryLink, order: OrderLink, current: MedusaFulfilmentState,
                      created: Bool) async throws -> (link: DeliveryLink, outcome: ProductOutcome) {
        guard let fulfilmentId = link.fulfilmentId else { return (link, .delivery(picking, order: order, .unchanged)) }
        let fulfilment = current.fulfilments.first { $0.id == fulfilmentId }
        var link = link
        let label = picking.trackingReference.map { MedusaShipmentLabel(trackingNumber: $0, trackingURL: picking.trackingURL ?? "") }
        if let fulfilment, fulfilment.shippedAt != nil {
            link.trackingNumber = fulfilment.trackingNumbers.first
        } else {
            guard let fulfilment else {
                throw FulfilmentFailure(message: "fulfilment \(fulfilmentId) is not on order \(order.medusaOrderId) in Medusa any more",
                                        underlying: nil, stateUnknown: false)
            }
            do {
                try await medusa.createShipment(orderId: order.medusaOrderId, fulfilmentId: fulfilmentId,
                                                items: fulfilment.items, label: label)
            } catch is MedusaAlreadyShipped {
                // A shipment whose answer was lost: it exists.
            } catch {
                try Self.rethrowIfRunWide(error)
                throw FulfilmentFailure(message: "fulfilment \(fulfilmentId) created, shipment failed: \(error)",
                                        underlying: error, stateUnknown: false)
            }
            link.trackingNumber = label?.trackingNumber
        }
        link.state = .shipped
        link.updatedAt = now()
        try await state.saveDeliveryLinks([link])
        let count = (fulfilment?.items ?? []).reduce(Decimal(0)) { $0 + $1.quantity }
        let what = created ? "fulfilled \(count) item\(count == 1 ? "" : "s") and shipped" : "shipped"
        let tracking = link.trackingNumber.map { " with tracking \($0)" } ?? " (no tracking number in Odoo)"
        return (link, .delivery(picking, order: order, created ? .created : .updated, message: what + tracking))
    }

    private func makeLink(_ picking: OdooDelivery, order: OrderLink, fulfilmentId: String?,
                          state: DeliveryLink.State) -> DeliveryLink {
        DeliveryLink(pickingId: picking.id, pickingName: picking.name, odooOrderId: order.odooOrderId,
                     medusaOrderId: order.medusaOrderId, fulfilmentId: fulfilmentId, state: state, updatedAt: now())
    }

    static func describe(unmatched: [Int: Decimal]) -> String? {
        guard !unmatched.isEmpty else { return nil }
        return unmatched.keys.sorted().map { "\(unmatched[$0] ?? 0) × product.product \($0)" }.joined(separator: ", ")
    }

    /// A configuration error (a key without rights, a wrong URL) fails the run rather than every picking.
    static func rethrowIfRunWide(_ error: any Error) throws {
        if error is CancellationError { throw error }
        if failureClass(of: error) == .configuration { throw error }
    }
}

extension FulfilmentWriter.Step {
    var picking: OdooDelivery {
        switch self {
        case .fulfil(let picking): picking
        case .ship(let picking, _): picking
        }
    }
}

/// A picking that could not be reported; `stateUnknown` when Medusa may have applied a create whose answer was lost.
struct FulfilmentFailure: ClassifiedError {
    let message: String
    let failureClass: FailureClass
    let system: String
    let stateUnknown: Bool

    init(message: String, underlying: (any Error)?, stateUnknown: Bool) {
        self.message = message
        self.failureClass = underlying.map { SyncCore.failureClass(of: $0) } ?? .retryable
        self.system = (underlying as? any ClassifiedError)?.system ?? "medusa"
        self.stateUnknown = stateUnknown
    }

    var description: String { message }
}
