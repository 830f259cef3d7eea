import ExactJSON
import Foundation
import SyncCore

/// JSON as Medusa's Node.js server sees it: objects keep their key order (zod reports unknown keys in input order),
/// numbers keep their decimal digits, duplicate keys keep the first position and the last value (`JSON.parse`).
enum OrderedJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Decimal)
    case string(String)
    case array([OrderedJSON])
    case object(Members)

    /// Object members in insertion order with keyed access. Stored as a list: most objects have a few dozen keys at
    /// most, where a linear scan beats hashing; past `indexThreshold` keys a position index is kept too.
    struct Members: Sendable, Equatable {
        /// Read-only outside: iterating it directly spares the copy `pairs` makes (writing and projecting walk
        /// every object of every answer).
        private(set) var entries: [(key: String, value: OrderedJSON)] = []
        private var index: [String: Int]?
        private static let indexThreshold = 24

        init() {}
        /// Set one by one: a repeated key keeps its first position and takes the last value.
        init(_ pairs: [(String, OrderedJSON)]) {
            entries.reserveCapacity(pairs.count)
            for (key, value) in pairs { self[key] = value }
        }

        /// Members whose keys are known to be distinct (a renderer's literal keys): taken as they are, without a
        /// scan of the members so far for each key. Checked in debug builds, which every test runs.
        init(distinct pairs: [(String, OrderedJSON)]) {
            assert(Set(pairs.map(\.0)).count == pairs.count, "repeated key among \(pairs.map(\.0))")
            entries = pairs.map { (key: $0.0, value: $0.1) }
            if entries.count > Self.indexThreshold { index = Self.positions(entries) }
        }

        private static func positions(_ entries: [(key: String, value: OrderedJSON)]) -> [String: Int] {
            Dictionary(entries.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
        }

        /// Appends a member whose key is known not to be present yet (a projection of another object's members).
        mutating func appendNew(_ key: String, _ value: OrderedJSON) {
            entries.append((key, value))
            if index != nil {
                index![key] = entries.count - 1
            } else if entries.count > Self.indexThreshold {
                index = Self.positions(entries)
            }
        }

        var keys: [String] { entries.map(\.key) }

        private func position(of key: String) -> Int? {
            if let index { return index[key] }
            return entries.firstIndex { $0.key == key }
        }

        subscript(key: String) -> OrderedJSON? {
            get { position(of: key).map { entries[$0].value } }
            set {
                if let newValue {
                    if let at = position(of: key) {
                        entries[at].value = newValue
                    } else {
                        appendNew(key, newValue)
                    }
                } else if let at = position(of: key) {
                    entries.remove(at: at)
                    index = entries.count > Self.indexThreshold ? Self.positions(entries) : nil
                }
            }
        }

        var pairs: [(String, OrderedJSON)] { entries.map { ($0.key, $0.value) } }
        var isEmpty: Bool { entries.isEmpty }
        func has(_ key: String) -> Bool { position(of: key) != nil }

        static func == (lhs: Members, rhs: Members) -> Bool {
            lhs.entries.count == rhs.entries.count
                && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        }
    }

    static func object(_ pairs: [(String, OrderedJSON)]) -> OrderedJSON { .object(Members(pairs)) }
    /// An object whose keys are distinct by construction (`Members(distinct:)`): what the renderers build.
    static func object(distinct pairs: [(String, OrderedJSON)]) -> OrderedJSON { .object(Members(distinct: pairs)) }

    // MARK: Access

    subscript(key: String) -> OrderedJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var members: Members? { if case .object(let members) = self { members } else { nil } }
    var arrayValue: [OrderedJSON]? { if case .array(let items) = self { items } else { nil } }
    var stringValue: String? { if case .string(let text) = self { text } else { nil } }
    var decimalValue: Decimal? { if case .number(let number) = self { number } else { nil } }
    var isNull: Bool { self == .null }

    /// A `booleanString()` field: a JSON boolean or the strings "true"/"false" in any case.
    var booleanValue: Bool? {
        switch self {
        case .bool(let flag): flag
        case .string(let text): ["true": true, "false": false][text.lowercased()]
        default: nil
        }
    }

    /// The name zod gives the type of a parsed JSON value ("got: 'string'").
    var zodTypeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// How JavaScript's template literal prints a value (`${value}`), for enum error messages.
    var javascriptText: String {
        switch self {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): number.description
        case .string(let text): text
        case .array(let items): items.map(\.javascriptText).joined(separator: ",")
        case .object: "[object Object]"
        }
    }

    static func optionalString(_ value: String?) -> OrderedJSON { value.map(OrderedJSON.string) ?? .null }
    static func optionalNumber(_ value: Decimal?) -> OrderedJSON { value.map(OrderedJSON.number) ?? .null }
    static func date(_ value: Date?) -> OrderedJSON {
        guard let value else { return .null }
        return .string(value.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)))
    }

    // MARK: Serialisation

    func serialized() -> [UInt8] {
        var writer = JSONWriter()
        write(into: &writer)
        return writer.bytes
    }

    /// Members in their order; strings and numbers through the project's writer.
    private func write(into writer: inout JSONWriter) {
        switch self {
        case .null: writer.appendRaw("null")
        case .bool(let flag): writer.appendRaw(flag ? "true" : "false")
        case .number(let number): writer.appendRaw(number.isNaN ? "null" : DecimalText.plain(number))
        case .string(let text): writer.appendString(text)
        case .array(let items):
            writer.appendRaw("[")
            for (index, item) in items.enumerated() {
                if index > 0 { writer.appendRaw(",") }
                item.write(into: &writer)
            }
            writer.appendRaw("]")
        case .object(let members):
            writer.appendRaw("{")
            for (index, entry) in members.entries.enumerated() {
                if index > 0 { writer.appendRaw(",") }
                writer.appendString(entry.key)
                writer.appendRaw(":")
                entry.value.write(into: &writer)
            }
            writer.appendRaw("}")
        }
    }

    // MARK: Parsing

    /// Parses a complete JSON text with the project's reader (`JSONText`), keeping key order; a lone surrogate escape
    /// becomes U+FFFD, as in a JavaScript string.
    static func parse(_ bytes: [UInt8]) throws(JSONText.SyntaxError) -> OrderedJSON {
        try JSONText.parse(bytes, as: OrderedJSON.self, surrogates: .replaceUnpaired)
    }
}

extension OrderedJSON: JSONTree {
    static func emptyMembers() -> Members { Members() }
    static func add(_ value: OrderedJSON, for key: String, to members: inout Members) { members[key] = value }
}
