import ExactJSON
import Foundation

/// How values appear in `FieldChange.from/to`: short, stable text for people reading a dry run.
enum FieldFormat {
    static func text(_ value: String?) -> String? { value }
    static func text(_ value: Decimal?) -> String? { value.map { $0.description } }
    static func text(_ value: Bool) -> String { value ? "true" : "false" }
    static func text(_ values: [String]) -> String { values.joined(separator: ", ") }
    static func text(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        return value == .null ? nil : CanonicalJSON.text(value)
    }

    static func text(_ options: [String: String]) -> String {
        options.keys.sorted().map { "\($0): \(options[$0]!)" }.joined(separator: ", ")
    }

    static func text(_ prices: [MedusaPrice]) -> String {
        prices.map { "\($0.currencyCode) \($0.amount)" }.joined(separator: ", ")
    }
}
