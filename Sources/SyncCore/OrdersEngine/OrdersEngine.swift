import Foundation

/// One orders run: the shop's new and changed orders (Medusa) become Odoo sale orders; orders cancelled in the shop
/// are cancelled in Odoo. Polled with a cursor on `updated_at` (Medusa 2.0 has no outbound webhooks of its own), plus
/// the orders remembered as pending (waiting for payment, held, failed), read again by id on every run until they
/// are sent or left out. A poll that finds nothing new costs one Medusa request and does not contact Odoo.
public struct OrdersEngine: Sendable {
    let medusa: any MedusaOrderSource
    let odoo: any OdooSales
    let state: any SyncStateStore & OrderStateStore
    let configuration: OrdersConfiguration
    let now: @Sendable () -> Date

    public init(medusa: any MedusaOrderSource, odoo: any OdooSales, state: any SyncStateStore & OrderStateStore,
                configuration: OrdersConfiguration, now: @escaping @Sendable () -> Date = { Date() }) {
        self.medusa = medusa; self.odoo = odoo; self.state = state; self.configuration = configuration; self.now = now
    }

    public func run(reporter: any RunReporter) async throws -> RunSummary {
        let report = OrderRunReport(reporter: reporter)
        var sessionOpened = false
        let session = OdooSessionMemory(odoo: odoo, state: state)
        do {
            await reporter.progress(RunProgress(phase: "polling"))
            let since = try await effectiveSince()
            let cursor = try await state.memo(.ordersCursor).flatMap(Self.parseDate)
            let pending = Dictionary(try await state.pendingOrders().map { ($0.medusaOrderId, $0) },
                                     uniquingKeysWith: { a, _ in a })
            // Before the first cursor, reading from `since` is enough: older orders were all created before it.
            // Orders that failed too often are not read again by id; the poll still sees them when they change.
            let recheck = pending.values.filter { $0.attempts < configuration.maxFailedAttempts }.map(\.medusaOrderId)
            let poll = try await OrderPoll(medusa: medusa, pageSize: configuration.pageSize)
                .read(since: cursor ?? since, pending: recheck)
            let links = try await state.orderLinks(medusaOrderIds: poll.orders.map(\.id))

            var toSend: [MedusaOrder] = []
            var toCancel: [MedusaOrder] = []
            var waiting: [String: String] = [:]
            var settled: [String] = []
            for order in poll.orders {
                if let link = links[order.id], link.state != .sent { settled.append(order.id); continue }
                // Given up on, and unchanged since (`$gte` returns the newest order of the last poll again).
                if let entry = pending[order.id], entry.attempts >= configuration.maxFailedAttempts, let cursor,
                   order.updatedAt <= cursor { continue }
                let decision = OrderQualification.decide(order, requirement: configuration.paymentRequirement,
                                                         since: since, alreadyBound: links[order.id] != nil)
                switch decision {
                case .send: toSend.append(order)
                case .cancelInOdoo: toCancel.append(order)
                case .waitForPayment(let status):
                    waiting[order.id] = "waiting for payment: \(status.rawValue) (ORDERS_REQUIRE_PAYMENT=\(configuration.paymentRequirement.rawValue))"
                case .alreadySent, .beforeSince, .canceledBeforeSent, .notSendable: settled.append(order.id)
                }
            }
            await reporter.progress(RunProgress(phase: "orders", done: 0, total: toSend.count + toCancel.count))

            var keepPending = waiting
            if !toSend.isEmpty || !toCancel.isEmpty {
                let resumed = try await session.open(detectAgain: false)
                sessionOpened = true
                if !toSend.isEmpty {
                    let sent = try await send(toSend, remembered: pending, report: report)
                    keepPending.merge(sent.pending) { _, new in new }
                    settled += sent.settled
                }
                if !toCancel.isEmpty {
                    try await report.report(try await OrderCanceller(odoo: odoo, state: state, now: now)
                        .cancel(toCancel, links: links))
                    settled += toCancel.map(\.id)
                }
                try await session.remember(resumed: resumed)
            }

            // Waiting orders are reported once, when they start (or change why they) wait; failures every time.
            let byId = Dictionary(poll.orders.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            try await report.report(waiting.sorted(by: { $0.key < $1.key }).compactMap { id, reason in
                guard pending[id]?.reason != reason, let order = byId[id] else { return nil }
                return .order(order, .skipped, message: reason)
            })
            try await state.savePendingOrders(keepPending.compactMap { id, reason in
                let entry = pendingEntry(id: id, reason: reason, previous: pending[id])
                return entry == pending[id] ? nil : entry
            })
            try await state.removePendingOrders(ids: settled.filter { keepPending[$0] == nil && pending[$0] != nil })
            if let newest = poll.newestUpdatedAt, newest != cursor {
                try await state.saveMemo(.ordersCursor, value: Self.formatDate(newest))
            }
            let counts = await report.counts
            await reporter.progress(RunProgress(phase: "done", done: counts.total, total: counts.total))
            return RunSummary(counts: counts)
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            if sessionOpened { await session.forget() }
            return RunSummary(counts: await report.counts, error: String(describing: error),
                              errorClass: failureClass(of: error))
        }
    }

    /// Plans and writes the orders that qualify: context from Odoo, customers from Medusa, contacts, then sale orders.
    /// A held order is reported when it starts (or changes why it) waits, not on every poll; failures every time.
    private func send(_ orders: [MedusaOrder], remembered: [String: PendingOrder],
                      report: OrderRunReport) async throws -> (pending: [String: String], settled: [String]) {
        let context = try await OrderContextReader(odoo: odoo, state: state, configuration: configuration)
            .read(for: orders)
        let customerIds = Array(Set(orders.compactMap(\.customerId))).sorted()
        let customers = Dictionary(try await medusa.customers(ids: customerIds).map { ($0.id, $0) },
                                   uniquingKeysWith: { a, _ in a })
        let contacts = try await ContactResolver(odoo: odoo, state: state)
            .resolve(orders, customers: customers, regions: context.regions)

        var outcomes: [ProductOutcome] = []
        var pending: [String: String] = [:]
        var planned: [SaleOrderWriter.Planned] = []
        for order in orders {
            var holds = contacts.holds[order.id] ?? []
            var ready: SaleOrderWriter.Planned?
            if let orderContacts = contacts.contacts[order.id] {
                do {
                    switch try SaleOrderPlanner.plan(order, contacts: orderContacts, context: context.sale) {
                    case .ready(let values, let warnings): ready = .init(order: order, values: values, warnings: warnings)
                    case .held(let saleHolds): holds += saleHolds
                    }
                } catch {
                    outcomes.append(.order(order, .failed, error: error))
                    pending[order.id] = Self.failedPrefix + "\(error)"
                    continue
                }
            }
            if let ready, holds.isEmpty { planned.append(ready); continue }
            let reason = "held: " + holds.map(\.description).joined(separator: "; ")
            if remembered[order.id]?.reason != reason { outcomes.append(.order(order, .skipped, message: reason)) }
            pending[order.id] = reason
        }
        try await report.report(outcomes)
        let written = try await SaleOrderWriter(odoo: odoo, medusa: medusa, state: state, configuration: configuration,
                                                now: now, report: report).write(planned)
        pending.merge(written.failed) { _, new in new }
        return (pending, written.sent)
    }

    /// What to remember of an order that did not go: a failed create counts an attempt (and past the limit says it
    /// waits for a change in Medusa); waiting and held orders count none.
    private func pendingEntry(id: String, reason: String, previous: PendingOrder?) -> PendingOrder {
        let firstSeen = previous?.firstSeenAt ?? now()
        guard reason.hasPrefix(Self.failedPrefix) else {
            return PendingOrder(medusaOrderId: id, reason: reason, firstSeenAt: firstSeen)
        }
        let attempts = (previous?.attempts ?? 0) + 1
        let stated = attempts >= configuration.maxFailedAttempts
            ? "failed \(attempts) times, not tried again until the order changes in Medusa: "
                + reason.dropFirst(Self.failedPrefix.count)
            : reason
        return PendingOrder(medusaOrderId: id, reason: stated, firstSeenAt: firstSeen, attempts: attempts)
    }

    static let failedPrefix = "failed: "

    /// `ORDERS_SINCE`, or the time orders sync first ran (remembered on that run).
    private func effectiveSince() async throws -> Date {
        if let since = configuration.since { return since }
        if let remembered = try await state.memo(.ordersSince).flatMap(Self.parseDate) { return remembered }
        let start = now()
        try await state.saveMemo(.ordersSince, value: Self.formatDate(start))
        return start
    }

    static func formatDate(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func parseDate(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}
