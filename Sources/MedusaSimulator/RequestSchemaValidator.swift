import Foundation

/// One validation problem, in the terms Medusa's zod error formatter (`FW/zod/zod-helpers.ts`) prints.
enum ValidationIssue: Equatable, Sendable {
    case required(path: [String])
    case invalidType(path: [String], expected: String, received: String)
    case invalidEnum(path: [String], options: [String], received: String)
    case unrecognizedKeys([String])
    case tooSmall(path: [String], minimum: String)
    /// A union none of whose members matched; carries the members' issues (zod's `invalid_union`).
    case union([ValidationIssue])
    case invalidString(path: [String])

    /// The message for one issue, as `formatError` builds it.
    var message: String {
        switch self {
        case .required(let path): "Field '\(path.joined(separator: ", "))' is required"
        case .invalidType(let path, let expected, let received):
            "Expected type: '\(expected)' for field '\(path.joined(separator: ", "))', got: '\(received)'"
        case .invalidEnum(let path, let options, let received):
            "Expected: '\(options.joined(separator: ", "))' for field '\(path.joined(separator: ", "))', but got: '\(received)'"
        case .unrecognizedKeys(let keys): "Unrecognized fields: '\(keys.joined(separator: ", "))'"
        case .tooSmall(let path, let minimum):
            "Value for field '\(path.joined(separator: ", "))' too small, expected at least: '\(minimum)'"
        case .invalidString: "Invalid"
        case .union(let issues): Self.unionMessage(issues)
        }
    }

    /// `formatUnionError`: all members' wrong-type issues name their expected types; else the first required field.
    private static func unionMessage(_ issues: [ValidationIssue]) -> String {
        let expected = issues.compactMap { issue -> String? in
            if case .invalidType(_, let expected, _) = issue { return expected }
            return nil
        }
        if !expected.isEmpty, let first = issues.first {
            var received = "undefined"
            if case .invalidType(_, _, let firstReceived) = first { received = firstReceived }
            return "Expected type: '\(expected.joined(separator: ", "))' for field '\(first.path.joined(separator: ", "))', got: '\(received)'"
        }
        if let required = issues.first(where: { if case .required = $0 { true } else { false } }) {
            return required.message
        }
        return "Invalid input"
    }

    var path: [String] {
        switch self {
        case .required(let path), .invalidType(let path, _, _), .invalidEnum(let path, _, _), .tooSmall(let path, _),
             .invalidString(let path):
            path
        case .unrecognizedKeys: []
        case .union(let issues): issues.first?.path ?? []
        }
    }
}

/// Validates request bodies against the JSON Schemas in `admin-request-schemas.json`, which mirror Medusa 2.0's zod
/// validators. Handles exactly the keywords that file uses: `type`, `properties`, `required`,
/// `additionalProperties` (false or a schema), `x-zod-unknown-keys` (strict | strip | not-validated), `enum`,
/// `items`, `anyOf` (nullable or union), `pattern` and `minimum`. Keys are checked in schema order and unknown keys
/// after them, as zod does, so the first three issues — the ones Medusa prints — come out in the same order.
struct RequestSchemaValidator {
    /// The accepted value with unknown keys of non-strict objects dropped (zod's `strip`), or the issues.
    static func validate(_ value: OrderedJSON, against schema: OrderedJSON) -> (value: OrderedJSON, issues: [ValidationIssue]) {
        if schema["x-zod-unknown-keys"]?.stringValue == "not-validated" { return (value, []) }
        var issues: [ValidationIssue] = []
        var path: [String] = []
        let cleaned = check(value, schema, path: &path, issues: &issues)
        return (cleaned, issues)
    }

    /// Medusa's message: `Invalid request: ` and the first three issues joined by `; `.
    static func message(for issues: [ValidationIssue]) -> String {
        "Invalid request: " + issues.prefix(3).map(\.message).joined(separator: "; ")
    }

    /// `path` is the current one, extended and restored around each nested check (no array built per field).
    private static func check(_ value: OrderedJSON, _ schema: OrderedJSON, path: inout [String],
                              issues: inout [ValidationIssue]) -> OrderedJSON {
        if let members = schema["anyOf"]?.arrayValue { return checkAnyOf(value, members, path: &path, issues: &issues) }
        if let options = schema["enum"]?.arrayValue, schema["type"] == nil {
            if !options.contains(value) {
                issues.append(.invalidEnum(path: path, options: options.map(\.javascriptText), received: value.javascriptText))
            }
            return value
        }
        guard let type = schema["type"]?.stringValue else { return value }
        guard value.zodTypeName == type else {
            issues.append(.invalidType(path: path, expected: type, received: value.zodTypeName))
            return value
        }
        switch value {
        case .object(let members): return checkObject(members, schema, path: &path, issues: &issues)
        case .array(let items):
            guard let itemSchema = schema["items"] else { return value }
            var checked: [OrderedJSON] = []
            checked.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                path.append(String(index))
                checked.append(check(item, itemSchema, path: &path, issues: &issues))
                path.removeLast()
            }
            return .array(checked)
        case .string(let text):
            if let pattern = schema["pattern"]?.stringValue, !matches(text, pattern) {
                issues.append(.invalidString(path: path))
            }
            return value
        case .number(let number):
            if let minimum = schema["minimum"]?.decimalValue, number < minimum {
                issues.append(.tooSmall(path: path, minimum: minimum.description))
            }
            return value
        default:
            return value
        }
    }

    private static func checkObject(_ members: OrderedJSON.Members, _ schema: OrderedJSON, path: inout [String],
                                    issues: inout [ValidationIssue]) -> OrderedJSON {
        let properties = schema["properties"]?.members
        let additional = schema["additionalProperties"]
        guard let properties else {
            // A record (`additionalProperties: schema`) or free-form object (metadata).
            guard let additional, additional != .bool(false), additional != .bool(true) else { return .object(members) }
            var checked = OrderedJSON.Members()
            for (key, item) in members.pairs {
                path.append(key)
                checked[key] = check(item, additional, path: &path, issues: &issues)
                path.removeLast()
            }
            return .object(checked)
        }
        let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        var checked = OrderedJSON.Members()
        for (key, propertySchema) in properties.pairs {
            if let item = members[key] {
                path.append(key)
                checked[key] = check(item, propertySchema, path: &path, issues: &issues)
                path.removeLast()
            } else if required.contains(key) {
                issues.append(.required(path: path + [key]))
            }
        }
        let unknown = members.keys.filter { !properties.has($0) }
        let isStrict = schema["x-zod-unknown-keys"]?.stringValue == "strict" || additional == .bool(false)
        if isStrict, !unknown.isEmpty { issues.append(.unrecognizedKeys(unknown)) }
        return .object(checked)
    }

    /// `anyOf` with a `null` member and one other is zod's `.nullable()`: the other member's issues are reported as
    /// they are. Any other `anyOf` is a union, reported as one `invalid_union` issue.
    private static func checkAnyOf(_ value: OrderedJSON, _ members: [OrderedJSON], path: inout [String],
                                   issues: inout [ValidationIssue]) -> OrderedJSON {
        let nullMember = members.contains { $0["type"]?.stringValue == "null" }
        let others = members.filter { $0["type"]?.stringValue != "null" }
        if nullMember, value.isNull { return value }
        if nullMember, others.count == 1 { return check(value, others[0], path: &path, issues: &issues) }
        var memberIssues: [ValidationIssue] = []
        for member in others {
            var attempt: [ValidationIssue] = []
            let cleaned = check(value, member, path: &path, issues: &attempt)
            if attempt.isEmpty { return cleaned }
            memberIssues += attempt
        }
        if nullMember { memberIssues.append(.invalidType(path: path, expected: "null", received: value.zodTypeName)) }
        issues.append(.union(memberIssues))
        return value
    }

    private static func matches(_ text: String, _ pattern: String) -> Bool {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return true }
        let range = NSRange(text.startIndex..., in: text)
        return expression.firstMatch(in: text, range: range) != nil
    }
}
