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

    /// Object members in insertion order with keyed access.
    struct Members: Sendable, Equatable {
        private(set) var keys: [String] = []
        private var values: [String: OrderedJSON] = [:]

        init() {}
        init(_ pairs: [(String, OrderedJSON)]) {
            keys.reserveCapacity(pairs.count)
            values.reserveCapacity(pairs.count)
            for (key, value) in pairs { self[key] = value }
        }

        subscript(key: String) -> OrderedJSON? {
            get { values[key] }
            set {
                if let newValue {
                    if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
                } else if values.removeValue(forKey: key) != nil {
                    keys.removeAll { $0 == key }
                }
            }
        }

        var pairs: [(String, OrderedJSON)] { keys.map { ($0, values[$0]!) } }
        var isEmpty: Bool { keys.isEmpty }
        func has(_ key: String) -> Bool { values[key] != nil }
    }

    static func object(_ pairs: [(String, OrderedJSON)]) -> OrderedJSON { .object(Members(pairs)) }

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
            for (index, key) in members.keys.enumerated() {
                if index > 0 { writer.appendRaw(",") }
                writer.appendString(key)
                writer.appendRaw(":")
                members[key]!.write(into: &writer)
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
