import Foundation

extension ProductOutcome {
    /// A run item about a shop order: the Odoo id is the `sale.order` (0 when none exists), the Medusa id the order's.
    static func order(_ order: MedusaOrder, _ kind: Kind, saleOrderId: Int = 0, saleOrderName: String? = nil,
                      message: String? = nil, error: (any Error)? = nil) -> ProductOutcome {
        let title = saleOrderName.map { "#\(order.displayId) → \($0)" } ?? "#\(order.displayId)"
        let classified = error as? any ClassifiedError
        return ProductOutcome(
            odooTemplateId: saleOrderId, kind: kind, medusaProductId: order.id, title: title,
            message: message ?? error.map { String(describing: $0) },
            failureClass: error.map { SyncCore.failureClass(of: $0) }, system: error.map { _ in classified?.system ?? "sync" },
            subject: .order)
    }
}

/// Reports an orders run's outcomes as they happen (a run that fails half-way still shows what it created) and keeps
/// the counts.
actor OrderRunReport {
    private let reporter: any RunReporter
    private(set) var counts = RunCounts()

    init(reporter: any RunReporter) { self.reporter = reporter }

    func report(_ outcomes: [ProductOutcome]) async throws {
        guard !outcomes.isEmpty else { return }
        try await reporter.outcomes(outcomes)
        for outcome in outcomes { counts.add(outcome.kind) }
    }

    func progress(_ progress: RunProgress) async { await reporter.progress(progress) }
}
