import Foundation

/// The project's one JSON reader and writer: numbers stay exact, and the reader builds any `JSONTree` (`JSONValue` for
/// Odoo traffic and webhooks, the Medusa simulator's key-ordered `OrderedJSON`).
///
/// Odoo sends money as JSON floats (`840.4`). Going through `Double` would turn that into 840.39999…; the reader builds
/// each `Decimal` from the number's own digits, so `840.4` is exactly 840.4. It is also fast (no `Codable` round trips),
/// bounded in nesting depth, and reports malformed or truncated input as a `SyntaxError` instead of trapping.
public enum JSONText {
    /// Why a text is not JSON, with the byte offset where reading stopped.
    public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        public var offset: Int
        public var reason: String

        public init(offset: Int, reason: String) {
            self.offset = offset
            self.reason = reason
        }

        public var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    /// Deepest nesting accepted; deeper input is rejected rather than risking the stack.
    public static let maximumDepth = 512

    /// How strictly strings are read.
    public enum Surrogates: Sendable {
        /// A lone `\uD800`-style escape is a syntax error (what Python's and Swift's decoders do).
        case rejectUnpaired
        /// A lone surrogate becomes U+FFFD, as a JavaScript string would hold it (`JSON.parse` accepts it).
        case replaceUnpaired
    }

    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        try parse(bytes, as: JSONValue.self)
    }

    /// Parses a complete JSON text into any tree type.
    public static func parse<Tree: JSONTree>(_ bytes: [UInt8], as tree: Tree.Type,
                                             surrogates: Surrogates = .rejectUnpaired) throws(SyntaxError) -> Tree {
        var reader = JSONReader<Tree>(bytes: bytes, surrogates: surrogates)
        reader.skipWhitespace()
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw reader.error("unexpected text after the value") }
        return value
    }

    /// Parses a complete JSON text, building only the object members whose key is in `keys` (at any depth). Every
    /// other member is checked as strictly and skipped, so a malformed body is still an error; for large answers of
    /// which a few fields are read (a page of Medusa orders is mostly raw amounts and columns nobody reads).
    public static func parse(_ bytes: [UInt8], keepingMembers keys: Set<String>) throws(SyntaxError) -> JSONValue {
        try parse(bytes, keepingMembers: JSONMemberFilter(keys))
    }

    /// `parse(_:keepingMembers:)` with the filter built once (for a reader that parses many bodies).
    public static func parse(_ bytes: [UInt8], keepingMembers filter: JSONMemberFilter) throws(SyntaxError) -> JSONValue {
        var reader = JSONReader<JSONValue>(bytes: bytes, surrogates: .rejectUnpaired, keptKeys: filter)
        reader.skipWhitespace()
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw reader.error("unexpected text after the value") }
        return value
    }

    public static func parse(_ text: String) throws(SyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Compact JSON. Keys are sorted when `sortedKeys` (what Odoo's webhooks do, and what makes output reproducible).
    public static func serialize(_ value: JSONValue, sortedKeys: Bool = true) -> [UInt8] {
        var writer = JSONWriter()
        writer.append(value, sortedKeys: sortedKeys)
        return writer.bytes
    }

    public static func serializedString(_ value: JSONValue, sortedKeys: Bool = true) -> String {
        String(decoding: serialize(value, sortedKeys: sortedKeys), as: UTF8.self)
    }

    /// Exact decimal from a JSON number's text (`"840.4"`, `"-1e-7"`); nil when the text is not a JSON number.
    public static func decimal(fromNumberText text: String) -> Decimal? {
        let bytes = Array(text.utf8)
        var reader = JSONReader<JSONValue>(bytes: bytes, surrogates: .rejectUnpaired)
        guard case .number(let value)? = try? reader.readValue(depth: 0), reader.position == bytes.count else { return nil }
        return value
    }
}
