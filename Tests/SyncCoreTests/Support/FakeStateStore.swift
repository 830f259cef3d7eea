@testable import SyncCore

/// In-memory `SyncStateStore`: one binding per (kind, odoo id), cursors per stream.
actor FakeStateStore: SyncStateStore {
    private(set) var stored: [Binding.Kind: [Int: Binding]] = [:]
    private(set) var cursors: [String: ModelCursor] = [:]
    private(set) var commits: [String] = []
    private(set) var memos: [String: String] = [:]

    func bindings(kind: Binding.Kind, odooIds: [Int]) -> [Int: Binding] {
        let all = stored[kind] ?? [:]
        var result: [Int: Binding] = [:]
        for id in odooIds { result[id] = all[id] }
        return result
    }

    func allBindings(kind: Binding.Kind) -> [Binding] { (stored[kind] ?? [:]).values.sorted { $0.odooId < $1.odooId } }

    func saveBindings(_ bindings: [Binding]) {
        for binding in bindings { stored[binding.kind, default: [:]][binding.odooId] = binding }
    }

    func deleteBindings(kind: Binding.Kind, odooIds: [Int]) {
        for id in odooIds { stored[kind]?[id] = nil }
    }

    func cursor(stream: String) -> ModelCursor? { cursors[stream] }

    func commitPage(bindings: [Binding], stream: String, cursor: ModelCursor?) {
        saveBindings(bindings)
        cursors[stream] = cursor
        commits.append(stream)
    }

    func memo(_ key: String) -> String? { memos[key] }
    func saveMemo(_ key: String, value: String?) { memos[key] = value }

    // MARK: test helpers

    func wipe() { stored = [:]; cursors = [:]; memos = [:] }
    func binding(_ kind: Binding.Kind, _ odooId: Int) -> Binding? { stored[kind]?[odooId] }
    func count(_ kind: Binding.Kind) -> Int { stored[kind]?.count ?? 0 }
}
