import Foundation

/// A JSON value type the shared reader (`JSONText.parse(_:as:)`) can build: how each kind of value is made, and how an
/// object's members are collected — a dictionary for `JSONValue`, insertion order for the Medusa simulator, which must
/// report unknown keys in the order Node's `JSON.parse` keeps them.
public protocol JSONTree {
    associatedtype Members
    static var null: Self { get }
    static func bool(_ value: Bool) -> Self
    static func number(_ value: Decimal) -> Self
    static func string(_ value: String) -> Self
    static func array(_ items: [Self]) -> Self
    static func object(_ members: Members) -> Self
    static func emptyMembers() -> Members
    /// A member read from the text; a repeated key keeps its first position and takes the last value, as `JSON.parse`.
    static func add(_ value: Self, for key: String, to members: inout Members)
}

extension JSONValue: JSONTree {
    public static func emptyMembers() -> [String: JSONValue] { [:] }
    public static func add(_ value: JSONValue, for key: String, to members: inout [String: JSONValue]) { members[key] = value }
}
