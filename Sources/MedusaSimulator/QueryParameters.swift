import Foundation

/// A query string parsed the way Express's `qs` parser does it: `a=1` is a string, `a[]=1` / `a[0]=1` or a repeated
/// `a` is an array, `a[b]=1` an object; `+` means space. Medusa's validators then see exactly these shapes, which is
/// why `status=published` (a string) fails where `status[]=published` (an array) passes.
struct QueryParameters: Sendable {
    enum Value: Sendable, Equatable {
        case string(String)
        case array([String])
        case object([String: String])

        var zodTypeName: String {
            switch self {
            case .string: "string"
            case .array: "array"
            case .object: "object"
            }
        }

        /// A single value or every value of an array.
        var strings: [String] {
            switch self {
            case .string(let text): [text]
            case .array(let items): items
            case .object(let members): Array(members.values)
            }
        }
    }

    private(set) var keys: [String] = []
    private var values: [String: Value] = [:]

    init(_ query: String?) {
        guard let query, !query.isEmpty else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawKey = Self.decode(String(parts[0]))
            let value = parts.count > 1 ? Self.decode(String(parts[1])) : ""
            guard !rawKey.isEmpty else { continue }
            if let open = rawKey.firstIndex(of: "["), rawKey.hasSuffix("]") {
                let name = String(rawKey[..<open])
                let inner = String(rawKey[rawKey.index(after: open)..<rawKey.index(before: rawKey.endIndex)])
                if inner.isEmpty || Int(inner) != nil {
                    append(name, value)
                } else {
                    var members: [String: String] = [:]
                    if case .object(let existing)? = values[name] { members = existing }
                    members[inner] = value
                    set(name, .object(members))
                }
            } else if let existing = values[rawKey] {
                switch existing {
                case .string(let first): set(rawKey, .array([first, value]))
                case .array(let items): set(rawKey, .array(items + [value]))
                case .object: break
                }
            } else {
                set(rawKey, .string(value))
            }
        }
    }

    subscript(key: String) -> Value? { values[key] }

    func string(_ key: String) -> String? {
        if case .string(let text)? = values[key] { return text }
        return nil
    }

    func integer(_ key: String) -> Int? { string(key).flatMap { Int($0) } }

    private mutating func append(_ name: String, _ value: String) {
        switch values[name] {
        case .string(let first)?: set(name, .array([first, value]))
        case .array(let items)?: set(name, .array(items + [value]))
        default: set(name, .array([value]))
        }
    }

    private mutating func set(_ key: String, _ value: Value) {
        if values[key] == nil { keys.append(key) }
        values[key] = value
    }

    private static func decode(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
