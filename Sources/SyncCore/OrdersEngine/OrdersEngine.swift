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
                .scan(since: cursor ?? since)
            let recheckIds = PendingOrders.toRecheck(remembered: Set(recheck), polled: poll.summaries.map(\.id))
            let links = try await state.orderLinks(medusaOrderIds: poll.summaries.map(\.id) + recheckIds)
            let step = { (order: MedusaOrder) in
                Self.step(for: order, link: links[order.id], pending: pending[order.id], cursor: cursor, since: since,
                          configuration: self.configuration)
            }
            // A summary decides everything but what to send: only those orders, and the pending ones the poll did not
            // return, are read in full (100 per request, several at once).
            let candidates = poll.summaries.filter { step($0) == .send }.map(\.id)
            let fullIds = candidates + recheckIds
            // When orders will go to Odoo, Odoo is opened and what sending needs from it regardless of the orders'
            // details is read meanwhile.
            async let early = candidates.isEmpty ? nil
                : prepareSend(origins: candidates.map(OrderReference.origin(orderId:)), session: session)
            let full = fullIds.isEmpty ? [:] : Dictionary(try await medusa.orders(ids: fullIds).map { ($0.id, $0) },
                                                          uniquingKeysWith: { a, _ in a })
            let prepared = try await early
            let readInFull = Set(fullIds)
            let orders = poll.summaries.compactMap { readInFull.contains($0.id) ? full[$0.id] : $0 }
                + recheckIds.compactMap { full[$0] }

            var toSend: [MedusaOrder] = []
            var toCancel: [MedusaOrder] = []
            var waiting: [String: String] = [:]
            var settled: [String] = []
            for order in orders {
                switch step(order) {
                case .send: toSend.append(order)
                case .cancel: toCancel.append(order)
                case .wait(let reason): waiting[order.id] = reason
                case .settle: settled.append(order.id)
                case .leave: continue
                }
            }
            await reporter.progress(RunProgress(phase: "orders", done: 0, total: toSend.count + toCancel.count))

            var keepPending = waiting
            if !toSend.isEmpty || !toCancel.isEmpty {
                var preparation = prepared
                if preparation == nil, !toSend.isEmpty {
                    preparation = try await prepareSend(origins: [], session: session)
                }
                let resumed = if let preparation { preparation.resumedSession } else {
                    try await session.open(detectAgain: false)
                }
                sessionOpened = true
                if !toSend.isEmpty, let preparation {
                    let sent = try await send(toSend, remembered: pending, report: report, preparation: preparation)
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
            let byId = Dictionary(orders.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
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

    /// What this run does with one polled order.
    enum Step: Hashable {
        case send, cancel
        /// Not paid enough yet: remembered with why.
        case wait(String)
        /// Nothing to do, now or later (sent, left out, cancelled before it was sent): no longer remembered.
        case settle
        /// Given up on after too many failures and unchanged since: left as it is.
        case leave
    }

    /// What this run does with `order`: a summary or the whole order, both carry what deciding reads (status, dates,
    /// payment status); only `.send` needs the whole order.
    static func step(for order: MedusaOrder, link: OrderLink?, pending: PendingOrder?, cursor: Date?, since: Date,
                     configuration: OrdersConfiguration) -> Step {
        if let link, link.state != .sent { return .settle }
        // Given up on, and unchanged since (`$gte` returns the newest order of the last poll again).
        if let pending, pending.attempts >= configuration.maxFailedAttempts, let cursor, order.updatedAt <= cursor {
            return .leave
        }
        switch OrderQualification.decide(order, requirement: configuration.paymentRequirement, since: since,
                                         alreadyBound: link != nil) {
        case .send: return .send
        case .cancelInOdoo: return .cancel
        case .waitForPayment(let status):
            return .wait("waiting for payment: \(status.rawValue) (ORDERS_REQUIRE_PAYMENT=\(configuration.paymentRequirement.rawValue))")
        case .alreadySent, .beforeSince, .canceledBeforeSent, .notSendable: return .settle
        }
    }

    /// Plans and writes the orders that qualify: context from Odoo alongside customers from Medusa and the contacts
    /// they already have in Odoo, then new contacts, then sale orders.
    /// A held order is reported when it starts (or changes why it) waits, not on every poll; failures every time.
    private func send(_ orders: [MedusaOrder], remembered: [String: PendingOrder], report: OrderRunReport,
                      preparation: SendPreparation) async throws -> (pending: [String: String], settled: [String]) {
        // Odoo's context (countries, then states) and the contacts (Medusa's customers, then Odoo's contacts by
        // e-mail) do not depend on each other: both chains at once.
        let customerIds = Array(Set(orders.compactMap(\.customerId))).sorted()
        async let contextRead = OrderContextReader(odoo: odoo, state: state, configuration: configuration)
            .read(for: orders, shared: preparation.shared)
        let resolver = ContactResolver(odoo: odoo, state: state)
        let customers = Dictionary(try await medusa.customers(ids: customerIds).map { ($0.id, $0) },
                                   uniquingKeysWith: { a, _ in a })
        let found = try await resolver.find(orders, customers: customers)
        let context = try await contextRead
        let contacts = try await resolver.resolve(orders, customers: customers, regions: context.regions, found: found)

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
                                                now: now, report: report).write(planned, searched: preparation.searched)
        pending.merge(written.failed) { _, new in new }
        return (pending, written.sent)
    }

    /// Odoo opened, and what sending needs from it that does not depend on the orders' details.
    struct SendPreparation: Sendable {
        /// The session memo resumed (nil when it connected).
        var resumedSession: String?
        var shared: OrderContextReader.Shared
        /// The Odoo orders already carrying the candidates' references (searched before any create).
        var searched: SaleOrderWriter.Searched
    }

    private func prepareSend(origins: [String], session: OdooSessionMemory) async throws -> SendPreparation {
        async let writeBackKnown: Void = learnWhetherMedusaTakesOdooNames()
        let resumed = try await session.open(detectAgain: false)
        async let shared = OrderContextReader(odoo: odoo, state: state, configuration: configuration).readShared()
        async let existing = origins.isEmpty ? [] : odoo.saleOrders(origins: origins, ids: [])
        let preparation = try await SendPreparation(resumedSession: resumed, shared: shared,
                                                    searched: SaleOrderWriter.Searched(origins: Set(origins), found: existing))
        await writeBackKnown
        return preparation
    }

    /// Asks Medusa now whether it takes the Odoo names, so the first batch's write-back does not wait for the
    /// answer (the client remembers it). A failure here is nothing: the write-back asks again and reports it.
    private func learnWhetherMedusaTakesOdooNames() async {
        guard configuration.writeBackToMedusa else { return }
        _ = try? await medusa.canRecordOdooOrders()
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
