import Foundation

/// The query string of the strict order and customer reads, as Express's `qs` hands it to zod: `a=1` a string,
/// `a[]=1` or a repeated key an array, `a[$op]=1` an object, `a[$in][]=1` an object holding an array. Then Medusa's
/// `normalizeQuery` (a one-element array is split on commas) and the `parseInt` coercion of `limit` and `offset`.
/// Validated against `query_operations` of `orders-request-schemas.json`.
struct StrictQuery: Sendable {
    let value: OrderedJSON

    init(_ query: String?) {
        var members = OrderedJSON.Members()
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawKey = Self.decode(String(parts[0]))
            let text = parts.count > 1 ? Self.decode(String(parts[1])) : ""
            guard !rawKey.isEmpty else { continue }
            var path: [String] = []
            var name = rawKey
            if let open = rawKey.firstIndex(of: "["), rawKey.hasSuffix("]") {
                name = String(rawKey[..<open])
                let inner = rawKey[rawKey.index(after: open)..<rawKey.index(before: rawKey.endIndex)]
                path = inner.components(separatedBy: "][")
            }
            members[name] = Self.insert(.string(text), at: path[...], into: members[name])
        }
        for (key, item) in members.pairs {
            if case .array(let items) = item, items.count == 1, let only = items[0].stringValue, only.contains(",") {
                members[key] = .array(only.split(separator: ",").map { .string(String($0)) })
            }
            if key == "limit" || key == "offset", let text = item.stringValue {
                members[key] = Self.parseInt(text).map { .number(Decimal($0)) } ?? .string("nan")
            }
        }
        value = .object(members)
    }

    /// `key[]` appends, `key[0]` appends, `key[name]` nests; a repeated plain key turns into an array.
    private static func insert(_ leaf: OrderedJSON, at path: ArraySlice<String>, into existing: OrderedJSON?) -> OrderedJSON {
        guard let head = path.first else {
            switch existing {
            case .string(let first)?: return .array([.string(first), leaf])
            case .array(let items)?: return .array(items + [leaf])
            default: return leaf
            }
        }
        if head.isEmpty || Int(head) != nil {
            var items = existing?.arrayValue ?? (existing?.stringValue.map { [.string($0)] } ?? [])
            items.append(insert(leaf, at: path.dropFirst(), into: nil))
            return .array(items)
        }
        var members = existing?.members ?? OrderedJSON.Members()
        members[head] = insert(leaf, at: path.dropFirst(), into: members[head])
        return .object(members)
    }

    /// JavaScript's `parseInt`: leading digits (optional sign), else NaN.
    private static func parseInt(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var digits = ""
        for (index, character) in trimmed.enumerated() {
            if character.isASCII, character.isNumber { digits.append(character) }
            else if index == 0, character == "-" || character == "+" { digits.append(character) }
            else { break }
        }
        return Int(digits)
    }

    private static func decode(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// 400 `Invalid request: …` on a query the validator refuses (unknown keys, wrong shapes, `limit=abc`).
    func validated(against schema: OrderedJSON?) throws(SimulatedAPIError) -> OrderedJSON.Members {
        guard let schema else { return value.members ?? OrderedJSON.Members() }
        var members = value.members ?? OrderedJSON.Members()
        // zod sees parseInt's NaN, which it reports as the type 'nan'.
        var issues: [ValidationIssue] = []
        for key in ["offset", "limit"] where members[key] == .string("nan") {
            issues.append(.invalidType(path: [key], expected: "number", received: "nan"))
            members[key] = nil
        }
        let (cleaned, otherIssues) = RequestSchemaValidator.validate(.object(members), against: schema)
        issues += otherIssues
        if !issues.isEmpty { throw .invalidData(RequestSchemaValidator.message(for: issues)) }
        return cleaned.members ?? OrderedJSON.Members()
    }
}

/// A `createOperatorMap` filter on one column: a value, a list, or `{$op: value}`.
struct OperatorFilter: Sendable {
    let value: OrderedJSON
    /// Each operand that is a date, in milliseconds, for a filter on a timestamp column (`init(dates:)`): parsed
    /// once per filter, not once per row compared with it. Empty for other columns.
    private let instants: [String: Int64]

    init(value: OrderedJSON) {
        self.value = value
        instants = [:]
    }

    /// A filter on a timestamp column: its operands are parsed as dates once, here.
    init(dates value: OrderedJSON) {
        self.value = value
        var instants: [String: Int64] = [:]
        func collect(_ operand: OrderedJSON) {
            switch operand {
            case .string(let text): if let date = OrderClock.parse(text) { instants[text] = OrderClock.milliseconds(date) }
            case .array(let items): items.forEach(collect)
            case .object(let members): members.pairs.forEach { collect($0.1) }
            default: break
            }
        }
        collect(value)
        self.instants = instants
    }

    /// A plain value or list (`id[]=…`, up to a hundred ids matched against every row) as a set: the same equality
    /// as `matches`, without a string comparison per pair. Nil for an operator map.
    static func plainList(_ value: OrderedJSON) -> Set<String>? {
        switch value {
        case .string(let text): [text]
        case .array(let items): Set(items.compactMap(\.stringValue))
        default: nil
        }
    }

    /// Whether a text column's value passes.
    func matches(_ text: String?) -> Bool {
        compare(text) { lhs, rhs in lhs.compare(rhs) }
    }

    /// Whether a timestamp passes, compared to the millisecond (a value that is not a date fails the query).
    func matches(_ date: Date?) throws(SimulatedAPIError) -> Bool {
        var invalid = false
        let result = compare(date.map { String(OrderClock.milliseconds($0)) }) { lhs, rhs in
            guard let other = instants[rhs] ?? OrderClock.parse(rhs).map(OrderClock.milliseconds) else {
                invalid = true
                return .orderedSame
            }
            let left = Int64(lhs) ?? 0
            return left < other ? .orderedAscending : (left > other ? .orderedDescending : .orderedSame)
        }
        // Postgres refuses the cast: the error handler answers 500 (orders.md §8).
        if invalid { throw .unknown }
        return result
    }

    private func compare(_ actual: String?, _ order: (String, String) -> ComparisonResult) -> Bool {
        func equals(_ other: String) -> Bool { actual.map { order($0, other) == .orderedSame } ?? false }
        switch value {
        case .string(let text): return equals(text)
        case .array(let items): return items.compactMap(\.stringValue).contains(where: equals)
        case .object(let operators):
            for (name, operand) in operators.pairs {
                let texts = operand.arrayValue?.compactMap(\.stringValue) ?? operand.stringValue.map { [$0] } ?? []
                guard let actual else { return false }
                let passes: Bool = switch name {
                case "$eq": texts.contains(where: equals)
                case "$ne": !texts.contains(where: equals)
                case "$in": texts.contains(where: equals)
                case "$nin": !texts.contains(where: equals)
                case "$gt": texts.allSatisfy { order(actual, $0) == .orderedDescending }
                case "$gte": texts.allSatisfy { order(actual, $0) != .orderedAscending }
                case "$lt": texts.allSatisfy { order(actual, $0) == .orderedAscending }
                case "$lte": texts.allSatisfy { order(actual, $0) != .orderedDescending }
                case "$like", "$ilike", "$contains":
                    texts.allSatisfy { actual.lowercased().contains($0.replacingOccurrences(of: "%", with: "").lowercased()) }
                default: true
                }
                if !passes { return false }
            }
            return true
        default: return true
        }
    }
}
