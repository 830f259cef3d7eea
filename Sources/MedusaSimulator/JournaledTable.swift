/// A keyed table that can undo the writes of a failed transaction.
///
/// Medusa's workflows are all-or-nothing. Copying the whole catalogue per request would give that too, but costs
/// O(catalogue) per write; an undo journal costs O(rows touched), which keeps benchmark runs against the simulator
/// about the sync rather than the simulator.
struct JournaledTable<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private(set) var rows: [Key: Value] = [:]
    private var journal: [(Key, Value?)]?

    subscript(key: Key) -> Value? {
        get { rows[key] }
        set {
            journal?.append((key, rows[key]))
            rows[key] = newValue
        }
    }

    var values: Dictionary<Key, Value>.Values { rows.values }
    var count: Int { rows.count }

    mutating func begin() { journal = [] }
    mutating func commit() { journal = nil }

    mutating func rollback() {
        for (key, previous) in (journal ?? []).reversed() { rows[key] = previous }
        journal = nil
    }
}

/// An append-only id list (creation order) that can drop what a failed transaction appended.
struct JournaledOrder: Sendable {
    private(set) var ids: [String] = []
    private var mark: Int?

    mutating func append(_ id: String) { ids.append(id) }
    mutating func begin() { mark = ids.count }
    mutating func commit() { mark = nil }

    mutating func rollback() {
        if let mark, mark < ids.count { ids.removeLast(ids.count - mark) }
        mark = nil
    }
}
