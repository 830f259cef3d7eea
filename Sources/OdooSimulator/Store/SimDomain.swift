import ExactJSON
import Foundation
import SyncCore

/// A search domain checked against a model's fields once, then evaluated per row.
indirect enum SimDomain: Sendable {
    case constant(Bool)
    case and(SimDomain, SimDomain)
    case or(SimDomain, SimDomain)
    case not(SimDomain)
    case leaf(SimLeaf)

    func mentions(_ field: String) -> Bool {
        switch self {
        case .constant: false
        case .and(let left, let right), .or(let left, let right): left.mentions(field) || right.mentions(field)
        case .not(let inner): inner.mentions(field)
        case .leaf(let leaf): leaf.path.first?.name == field
        }
    }
}

/// One `(field, operator, value)` condition; `path` has two fields for `many2one.field` conditions.
struct SimLeaf: Sendable {
    var path: [FieldSpec]
    var models: [String]
    var comparison: String
    var operand: SimOperand
    /// For `in` / `not in` with a list of whole numbers (ids): the same list as a set, so a row is checked in O(1)
    /// rather than against every item (a 500-id `in` over 30,000 rows made a read take a second).
    var idSet: Set<Int>? = nil
}

/// A domain value converted for the field it is compared with.
indirect enum SimOperand: Sendable {
    case falsy
    case bool(Bool)
    case number(Decimal)
    case text(String)
    case timestamp(SimTimestamp)
    case list([SimOperand])
}

extension SimDatabase {
    static let comparisons: Set<String> = [
        "=", "!=", ">", ">=", "<", "<=", "in", "not in", "like", "ilike", "not like", "not ilike", "=like", "=ilike", "child_of",
    ]

    /// Parses Odoo's prefix notation into a `SimDomain`, raising Odoo's ValueErrors for unknown fields and operators.
    func compileDomain(_ domain: JSONValue, model: String) throws(SimulatedOdooException) -> SimDomain {
        guard case .array(let terms) = domain else {
            if case .bool(false) = domain { return .constant(true) }
            if case .null = domain { return .constant(true) }
            throw .valueError("Invalid domain: \(PythonRepr.value(domain))")
        }
        var position = 0
        var parts: [SimDomain] = []
        while position < terms.count {
            parts.append(try compileTerm(terms, &position, model: model))
        }
        // Implicit '&' between top-level terms.
        guard var result = parts.first else { return .constant(true) }
        for part in parts.dropFirst() { result = .and(result, part) }
        return result
    }

    private func compileTerm(_ terms: [JSONValue], _ position: inout Int, model: String) throws(SimulatedOdooException) -> SimDomain {
        guard position < terms.count else { throw .valueError("Invalid domain: missing operand") }
        let term = terms[position]
        position += 1
        switch term {
        case .string("&"):
            let left = try compileTerm(terms, &position, model: model)
            return .and(left, try compileTerm(terms, &position, model: model))
        case .string("|"):
            let left = try compileTerm(terms, &position, model: model)
            return .or(left, try compileTerm(terms, &position, model: model))
        case .string("!"):
            return .not(try compileTerm(terms, &position, model: model))
        case .array(let leaf) where leaf.count == 3:
            return try compileLeaf(term, leaf, model: model)
        case .bool(let flag):
            return .constant(flag)
        default:
            throw .valueError("Invalid domain term \(PythonRepr.value(term))")
        }
    }

    private func compileLeaf(_ raw: JSONValue, _ leaf: [JSONValue], model: String) throws(SimulatedOdooException) -> SimDomain {
        if case .number(let left) = leaf[0], case .string("=") = leaf[1], case .number(let right) = leaf[2] {
            return .constant(left == right)
        }
        guard case .string(let fieldPath) = leaf[0], case .string(let comparison) = leaf[1] else {
            throw .invalidOperator(leaf: raw, version: version)
        }
        let names = fieldPath.split(separator: ".").map(String.init)
        var path: [FieldSpec] = []
        var models: [String] = []
        var current = model
        for (index, name) in names.enumerated() {
            guard let schema = schema(current), let field = schema.field(name) else {
                throw .invalidFieldInDomain(name, model: current, leaf: raw, version: version)
            }
            path.append(field)
            models.append(current)
            if index < names.count - 1 {
                guard field.type == .many2one, let relation = field.relation, path.count < 2 else {
                    throw .invalidFieldInDomain(fieldPath, model: model, leaf: raw, version: version)
                }
                current = relation
            }
        }
        guard Self.comparisons.contains(comparison) else { throw .invalidOperator(leaf: raw, version: version) }
        let operand = try self.operand(leaf[2], for: path.last!, leaf: raw)
        var idSet: Set<Int>?
        if comparison == "in" || comparison == "not in", case .list(let items) = operand {
            var set = Set<Int>()
            for item in items {
                guard case .number(let number) = item, let id = Int(exactly: NSDecimalNumber(decimal: number).doubleValue),
                      Decimal(id) == number else { set = []; idSet = nil; break }
                set.insert(id)
                idSet = set
            }
        }
        return .leaf(SimLeaf(path: path, models: models, comparison: comparison, operand: operand, idSet: idSet))
    }

    private func operand(_ value: JSONValue, for field: FieldSpec, leaf: JSONValue) throws(SimulatedOdooException) -> SimOperand {
        switch value {
        case .null: return .falsy
        case .bool(let flag): return field.type == .boolean ? .bool(flag) : (flag ? .bool(true) : .falsy)
        case .number(let number): return .number(number)
        case .string(let text):
            guard field.type == .datetime else { return .text(text) }
            return .timestamp(try timestamp(text, leaf: leaf))
        case .array(let items):
            var converted: [SimOperand] = []
            for item in items { converted.append(try operand(item, for: field, leaf: leaf)) }
            return .list(converted)
        case .object:
            throw .valueError("Invalid value in \(PythonRepr.leaf(leaf))")
        }
    }

    /// Odoo 19 insists on naive `"YYYY-MM-DD HH:MM:SS"`; Odoo 17 let PostgreSQL read ISO forms such as `…T…Z`.
    private func timestamp(_ text: String, leaf: JSONValue) throws(SimulatedOdooException) -> SimTimestamp {
        let hasZone = text.hasSuffix("Z") || text.dropFirst(19).contains("+")
        if version >= 19, hasZone { throw .valueError("expecting only datetimes with no timezone: '\(text)'") }
        guard let stamp = SimTimestamp.parse(text, lenient: true) else {
            throw .valueError("time data '\(text)' does not match format '%Y-%m-%d %H:%M:%S'")
        }
        return stamp
    }

    // MARK: evaluation

    func matches(_ domain: SimDomain, table: SimTable, position: Int) -> Bool {
        switch domain {
        case .constant(let flag): return flag
        case .and(let left, let right): return matches(left, table: table, position: position) && matches(right, table: table, position: position)
        case .or(let left, let right): return matches(left, table: table, position: position) || matches(right, table: table, position: position)
        case .not(let inner): return !matches(inner, table: table, position: position)
        case .leaf(let leaf): return matches(leaf, table: table, position: position)
        }
    }

    private func matches(_ leaf: SimLeaf, table: SimTable, position: Int) -> Bool {
        var value = self.value(leaf.path[0], in: table, at: position)
        if leaf.path.count == 2 {
            guard let relatedId = value.id, let related = tables[leaf.path[0].relation ?? ""],
                  let relatedPosition = related.position(of: relatedId) else {
                return leaf.comparison == "!=" || leaf.comparison == "not in" ? !isPositive(leaf.operand) : isFalsy(leaf.operand) && leaf.comparison == "="
            }
            value = self.value(leaf.path[1], in: related, at: relatedPosition)
        }
        let field = leaf.path.last!
        switch leaf.comparison {
        case "=": return equals(value, field, leaf.operand)
        case "!=": return !equals(value, field, leaf.operand)
        case "in", "not in":
            let found: Bool
            if let ids = leaf.idSet, let id = value.id {
                found = ids.contains(id)
            } else if let ids = leaf.idSet, case .ids(let values) = value, !values.isEmpty {
                found = values.contains(where: ids.contains)
            } else {
                found = contains(value, field, leaf.operand)
            }
            return leaf.comparison == "in" ? found : !found
        case ">", ">=", "<", "<=":
            guard let order = compare(value, leaf.operand) else { return false }
            switch leaf.comparison {
            case ">": return order > 0
            case ">=": return order >= 0
            case "<": return order < 0
            default: return order <= 0
            }
        case "like", "ilike", "=like", "=ilike", "not like", "not ilike":
            guard case .text(let needle) = leaf.operand else { return leaf.comparison.hasPrefix("not") }
            let haystack: String
            if case .many2one(let id) = value, let relation = field.relation { haystack = displayName(model: relation, id: id) }
            else { haystack = value.text ?? "" }
            let insensitive = leaf.comparison.contains("ilike")
            let pattern = needle.replacingOccurrences(of: "%", with: "")
            let found: Bool
            if leaf.comparison.hasPrefix("=") {
                found = insensitive ? haystack.lowercased() == pattern.lowercased() : haystack == pattern
            } else {
                found = pattern.isEmpty || (insensitive ? haystack.localizedCaseInsensitiveContains(pattern) : haystack.contains(pattern))
            }
            return leaf.comparison.hasPrefix("not") ? !found : found
        case "child_of":
            let roots = operandIds(leaf.operand)
            let model = field.type == .many2one ? (field.relation ?? "") : leaf.models.last!
            let candidate = field.type == .many2one ? value.id : table.ids[position]
            guard let candidate else { return false }
            return isDescendant(candidate, of: roots, model: model)
        default:
            return false
        }
    }

    private func isPositive(_ operand: SimOperand) -> Bool { !isFalsy(operand) }

    private func isFalsy(_ operand: SimOperand) -> Bool {
        if case .falsy = operand { return true }
        if case .bool(false) = operand { return true }
        return false
    }

    private func equals(_ value: SimValue, _ field: FieldSpec, _ operand: SimOperand) -> Bool {
        switch operand {
        case .falsy:
            if field.type == .boolean { return !value.flag }
            return value.isEmpty
        case .bool(let flag):
            if field.type == .boolean { return value.flag == flag }
            return flag ? !value.isEmpty : value.isEmpty
        case .number(let number):
            switch value {
            case .many2one(let id), .int(let id): return Decimal(id) == number
            case .decimal(let decimal): return decimal == number
            case .ids(let ids): return ids.contains { Decimal($0) == number }
            case .empty: return field.type.isNumeric && number == 0
            default: return false
            }
        case .text(let text):
            if case .many2one(let id) = value, let relation = field.relation { return displayName(model: relation, id: id) == text }
            return value.text == text
        case .timestamp(let stamp):
            if case .timestamp(let stored) = value { return stored == stamp }
            return false
        case .list:
            return false
        }
    }

    private func contains(_ value: SimValue, _ field: FieldSpec, _ operand: SimOperand) -> Bool {
        guard case .list(let items) = operand else { return equals(value, field, operand) }
        if case .ids(let ids) = value {
            let wanted = Set(items.compactMap { item -> Int? in
                if case .number(let number) = item { return NSDecimalNumber(decimal: number).intValue }
                return nil
            })
            return ids.contains(where: wanted.contains) || (ids.isEmpty && items.contains { isFalsy($0) })
        }
        return items.contains { equals(value, field, $0) }
    }

    /// -1, 0, 1, or nil when the two cannot be ordered (SQL NULL semantics: comparisons with empty are false).
    private func compare(_ value: SimValue, _ operand: SimOperand) -> Int? {
        switch (value, operand) {
        case (.timestamp(let stored), .timestamp(let wanted)):
            return stored == wanted ? 0 : (stored < wanted ? -1 : 1)
        case (.int(let number), .number(let wanted)), (.many2one(let number), .number(let wanted)):
            let left = Decimal(number)
            return left == wanted ? 0 : (left < wanted ? -1 : 1)
        case (.decimal(let left), .number(let wanted)):
            return left == wanted ? 0 : (left < wanted ? -1 : 1)
        case (.text(let left), .text(let wanted)):
            return left == wanted ? 0 : (left < wanted ? -1 : 1)
        default:
            return nil
        }
    }

    private func operandIds(_ operand: SimOperand) -> Set<Int> {
        switch operand {
        case .number(let number): return [NSDecimalNumber(decimal: number).intValue]
        case .list(let items): return items.reduce(into: Set<Int>()) { $0.formUnion(operandIds($1)) }
        default: return []
        }
    }

    private func isDescendant(_ id: Int, of roots: Set<Int>, model: String) -> Bool {
        // Odoo's `_parent_name`: `parent_id`, except locations, whose parent is `location_id`.
        let parentField = model == "stock.location" ? "location_id" : "parent_id"
        guard let table = tables[model], table.schema.field(parentField) != nil else { return roots.contains(id) }
        var current: Int? = id
        var steps = 0
        while let node = current, steps < 64 {
            if roots.contains(node) { return true }
            current = table.value(id: node, parentField).id
            steps += 1
        }
        return false
    }

    // MARK: search

    /// Positions of matching rows, ordered, offset and limited, with Odoo's `active_test` applied.
    func search(
        model: String, domain: SimDomain, order: String?, offset: Int, limit: Int?, activeTest: Bool
    ) throws(SimulatedOdooException) -> [Int] {
        guard let table = tables[model] else { throw .unknownModel(model, json2: false) }
        var effective = domain
        if activeTest, table.schema.hasActiveField, !domain.mentions("active") {
            effective = .and(domain, .leaf(SimLeaf(path: [table.schema.field("active")!], models: [model], comparison: "=",
                                                   operand: .bool(true))))
        }
        let sortKeys = try orderKeys(order ?? SimulatedModels.defaultOrder[model], schema: table.schema)
        var matching: [Int] = []
        if let candidates = candidates(effective, table: table) {
            for position in candidates where matches(effective, table: table, position: position) { matching.append(position) }
        } else {
            for position in 0..<table.count where matches(effective, table: table, position: position) {
                matching.append(position)
            }
        }
        if !(sortKeys.count == 1 && sortKeys[0].field.name == "id" && sortKeys[0].ascending) {
            matching.sort { left, right in
                for key in sortKeys {
                    let a = value(key.field, in: table, at: left), b = value(key.field, in: table, at: right)
                    let order = orderValues(a, b, field: key.field)
                    if order != 0 { return key.ascending ? order < 0 : order > 0 }
                }
                return table.ids[left] < table.ids[right]
            }
        }
        let start = min(max(0, offset), matching.count)
        let end = limit.map { min(matching.count, start + max(0, $0)) } ?? matching.count
        return Array(matching[start..<end])
    }

    /// Ascending positions that include every row `domain` can match, when a conjunct pins the rows by id or by a
    /// stored many2one (`id in …`, `product_id = …`), so a page read looks at its own records instead of scanning
    /// the table; nil when the domain has no such conjunct. The whole domain is still evaluated on each candidate.
    private func candidates(_ domain: SimDomain, table: SimTable) -> [Int]? {
        switch domain {
        case .and(let left, let right):
            switch (candidates(left, table: table), candidates(right, table: table)) {
            case (let a?, let b?): return a.count <= b.count ? a : b
            case (let a?, nil): return a
            case (nil, let b): return b
            }
        case .leaf(let leaf):
            guard leaf.path.count == 1, case .stored(let storedIndex) = leaf.path[0].storage else { return nil }
            let wanted: [Int]
            switch (leaf.comparison, leaf.operand) {
            case ("in", _):
                guard let ids = leaf.idSet else { return nil }
                wanted = Array(ids)
            case ("=", .number(let number)):
                let id = NSDecimalNumber(decimal: number).intValue
                guard Decimal(id) == number else { return nil }
                wanted = [id]
            default:
                return nil
            }
            if leaf.path[0].name == "id" {
                return wanted.compactMap(table.position(of:)).sorted()
            }
            guard leaf.path[0].type == .many2one else { return nil }
            let index = table.many2oneIndex(storedIndex)
            return wanted.flatMap { index[$0] ?? [] }.sorted()
        default:
            return nil
        }
    }

    private func orderKeys(_ order: String?, schema: ModelSchema) throws(SimulatedOdooException) -> [(field: FieldSpec, ascending: Bool)] {
        guard let order, !order.trimmingCharacters(in: .whitespaces).isEmpty else { return [(schema.field("id")!, true)] }
        var keys: [(field: FieldSpec, ascending: Bool)] = []
        for part in order.split(separator: ",") {
            let words = part.split(separator: " ").map { $0.lowercased() }
            guard let name = words.first, let field = schema.field(name), field.isStored || field.name == "display_name",
                  words.count <= 2, words.count == 1 || ["asc", "desc"].contains(words[1]) else {
                throw .valueError("Invalid \"order\" specified (\(order)). A valid \"order\" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)")
            }
            keys.append((field, words.count == 1 || words[1] == "asc"))
        }
        return keys
    }

    /// Order of two values of one field; empty values sort first (as PostgreSQL NULLS FIRST under Odoo's ordering).
    private func orderValues(_ a: SimValue, _ b: SimValue, field: FieldSpec) -> Int {
        switch (a, b) {
        case (.empty, .empty): return 0
        case (.empty, _): return -1
        case (_, .empty): return 1
        case (.timestamp(let x), .timestamp(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.int(let x), .int(let y)), (.many2one(let x), .many2one(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.decimal(let x), .decimal(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.text(let x), .text(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        default: return 0
        }
    }
}
