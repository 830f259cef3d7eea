import Synchronization

/// The records of one model: rows of stored values kept in ascending id order (parallel arrays), so scans run in id
/// order and lookups are binary searches. Lean enough for 30,000 variants.
struct SimTable: Sendable {
    let schema: ModelSchema
    private(set) var ids: [Int] = []
    private(set) var rows: [[SimValue]] = []
    private(set) var nextId = 1
    /// Lookup indexes of these rows. Replaced by an empty one on every change, so a cache always belongs to one
    /// content of the table (copies that have not diverged may share it).
    private var indexes = SimIndexCache()

    init(schema: ModelSchema) { self.schema = schema }

    var count: Int { ids.count }

    /// Position of `id` in the table, nil when absent.
    func position(of id: Int) -> Int? {
        var low = 0, high = ids.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if ids[middle] == id { return middle }
            if ids[middle] < id { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }

    func stored(_ position: Int, _ storedIndex: Int) -> SimValue { rows[position][storedIndex] }

    /// Positions (ascending) of the rows whose many2one at `storedIndex` points at each id, built on first use.
    func many2oneIndex(_ storedIndex: Int) -> [Int: [Int]] {
        indexes.index(storedIndex) {
            var index: [Int: [Int]] = [:]
            for position in rows.indices {
                if case .many2one(let id) = rows[position][storedIndex] { index[id, default: []].append(position) }
            }
            return index
        }
    }

    func value(_ position: Int, _ name: String) -> SimValue {
        guard let index = schema.storedIndex(name) else { return .empty }
        return rows[position][index]
    }

    func value(id: Int, _ name: String) -> SimValue {
        guard let position = position(of: id) else { return .empty }
        return value(position, name)
    }

    /// An empty row with Odoo's defaults (`active` true, numbers 0).
    func blankRow(id: Int) -> [SimValue] {
        var row = [SimValue](repeating: .empty, count: schema.storedCount)
        for field in schema.fields {
            guard case .stored(let index) = field.storage else { continue }
            switch field.type {
            case .boolean: row[index] = .bool(field.name == "active" || field.name == "ptav_active" || field.name == "sale_ok" || field.name == "purchase_ok")
            case .float, .monetary: row[index] = .decimal(0)
            case .integer: row[index] = .int(0)
            case .one2many, .many2many: row[index] = .ids([])
            default: break
            }
        }
        if let idIndex = schema.storedIndex("id") { row[idIndex] = .int(id) }
        return row
    }

    /// Inserts or replaces a row; ids normally arrive ascending, so this is an append.
    mutating func put(id: Int, row: [SimValue]) {
        precondition(row.count == schema.storedCount, "row of \(schema.model) has \(row.count) values, expected \(schema.storedCount)")
        indexes = SimIndexCache()
        if let last = ids.last, id <= last {
            if let existing = position(of: id) {
                rows[existing] = row
                return
            }
            let insertAt = ids.firstIndex { $0 > id } ?? ids.count
            ids.insert(id, at: insertAt)
            rows.insert(row, at: insertAt)
        } else {
            ids.append(id)
            rows.append(row)
        }
        nextId = max(nextId, id + 1)
    }

    mutating func set(id: Int, _ name: String, _ value: SimValue) {
        guard let position = position(of: id), let index = schema.storedIndex(name) else { return }
        indexes = SimIndexCache()
        rows[position][index] = value
    }

    mutating func remove(id: Int) {
        guard let position = position(of: id) else { return }
        indexes = SimIndexCache()
        ids.remove(at: position)
        rows.remove(at: position)
    }

    mutating func allocateId() -> Int {
        let id = nextId
        nextId += 1
        return id
    }

    mutating func reserveCapacity(_ capacity: Int) {
        ids.reserveCapacity(capacity)
        rows.reserveCapacity(capacity)
    }
}

/// A table's lookup indexes, built lazily by whichever request needs one first (requests read the database
/// concurrently, hence the mutex).
final class SimIndexCache: Sendable {
    private let many2one = Mutex<[Int: [Int: [Int]]]>([:])

    func index(_ storedIndex: Int, build: () -> [Int: [Int]]) -> [Int: [Int]] {
        many2one.withLock { indexes in
            if let index = indexes[storedIndex] { return index }
            let index = build()
            indexes[storedIndex] = index
            return index
        }
    }
}
