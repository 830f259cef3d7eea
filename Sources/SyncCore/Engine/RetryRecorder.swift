import Foundation

/// Keeps the retry set in step with a run's outcomes: failures are recorded (`RetrySchedule`), anything else removes
/// the item. Not used by dry runs.
struct RetryRecorder: Sendable {
    let store: any RetrySetStore
    let schedule: RetrySchedule
    let now: @Sendable () -> Date

    /// The items a run starting now should try again, by kind.
    func due() async throws -> (templates: [Int], categories: [Int]) {
        let moment = now()
        let due = try await store.allRetryItems().filter { $0.isDue(at: moment) }
        return (due.filter { $0.kind == .product }.map(\.odooId).sorted(), due.filter { $0.kind == .category }.map(\.odooId).sorted())
    }

    func record(_ outcomes: [ProductOutcome], writeDates: [Int: OdooDateTime]) async throws {
        let ids = Array(Set(outcomes.map(\.odooTemplateId)))
        let held = try await store.retryItems(kind: .product, odooIds: ids)
        let changes = RetryBookkeeping.changes(for: outcomes, held: held, writeDates: writeDates, schedule: schedule, now: now())
        try await store.saveRetryItems(changes.save)
        try await store.removeRetryItems(kind: .product, odooIds: changes.remove)
    }

    /// After a category pass: categories that failed are recorded, the ones now in Medusa leave the set.
    func recordCategories(failures: [RetrySchedule.Failure], written: [Int]) async throws {
        let held = try await store.retryItems(kind: .category, odooIds: failures.map(\.odooId) + written)
        try await store.saveRetryItems(failures.map { schedule.record($0, previous: held[$0.odooId], now: now()) })
        try await store.removeRetryItems(kind: .category, odooIds: written.filter { held[$0] != nil })
    }

    /// Due items that needed nothing in this run (gone from Odoo and never written, out of the shop and unbound).
    func forget(templates ids: [Int]) async throws {
        try await store.removeRetryItems(kind: .product, odooIds: ids)
    }
}
