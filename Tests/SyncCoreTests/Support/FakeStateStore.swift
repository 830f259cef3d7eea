@testable import SyncCore

/// In-memory `SyncStateStore`: one binding per (kind, odoo id), kept as the store's columns (`BindingColumns`, as
/// `RunStore` keeps them), so every engine test also round-trips the bindings it writes; cursors per stream.
actor FakeStateStore: SyncStateStore {
    private(set) var stored: [Binding.Kind: [Int: BindingColumns]] = [:]
    private(set) var cursors: [SyncStream: ModelCursor] = [:]
    private(set) var memos: [SyncMemo: String] = [:]

    func bindings(kind: Binding.Kind, odooIds: [Int]) -> [Int: Binding] {
        let all = stored[kind] ?? [:]
        var result: [Int: Binding] = [:]
        for id in odooIds { result[id] = all[id]?.binding }
        return result
    }

    func allBindings(kind: Binding.Kind) -> [Binding] {
        (stored[kind] ?? [:]).values.sorted { $0.odooId < $1.odooId }.map(\.binding)
    }

    func saveBindings(_ bindings: [Binding]) {
        for binding in bindings {
            let columns = BindingColumns(binding)
            stored[columns.kind, default: [:]][columns.odooId] = columns
        }
    }

    func deleteBindings(kind: Binding.Kind, odooIds: [Int]) {
        for id in odooIds { stored[kind]?[id] = nil }
    }

    func cursor(stream: SyncStream) -> ModelCursor? { cursors[stream] }

    func advanceCursor(stream: SyncStream, to cursor: ModelCursor) { cursors[stream] = cursor }

    private(set) var retries: [RetryItem.Kind: [Int: RetryItem]] = [:]

    func retryItems(kind: RetryItem.Kind, odooIds: [Int]) -> [Int: RetryItem] {
        var result: [Int: RetryItem] = [:]
        for id in odooIds { result[id] = retries[kind]?[id] }
        return result
    }

    func allRetryItems() -> [RetryItem] {
        retries.values.flatMap(\.values).sorted { ($0.firstFailedAt, $0.odooId) < ($1.firstFailedAt, $1.odooId) }
    }

    func saveRetryItems(_ items: [RetryItem]) { for item in items { retries[item.kind, default: [:]][item.odooId] = item } }

    func removeRetryItems(kind: RetryItem.Kind, odooIds: [Int]) { for id in odooIds { retries[kind]?[id] = nil } }

    func memo(_ key: SyncMemo) -> String? { memos[key] }
    func saveMemo(_ key: SyncMemo, value: String?) { memos[key] = value }

    // MARK: test helpers

    func wipe() { stored = [:]; cursors = [:]; memos = [:] }
    /// A binding as stored (its columns: `medusaId`, `hash`, …).
    func binding(_ kind: Binding.Kind, _ odooId: Int) -> BindingColumns? { stored[kind]?[odooId] }
    func count(_ kind: Binding.Kind) -> Int { stored[kind]?.count ?? 0 }
}
