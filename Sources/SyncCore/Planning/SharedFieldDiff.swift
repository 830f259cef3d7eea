import ExactJSON
import Foundation

/// Rules products and variants follow alike when their fields are compared with Medusa's.
enum SharedFieldDiff {
    /// The metadata to send when a key the sync writes differs: Medusa's metadata with the sync's keys over it, so keys
    /// set by others stay. nil when every key the sync writes already matches.
    static func metadata(desired: [String: JSONValue], current: [String: JSONValue]?,
                         record: (String, String?, String?) -> Void) -> [String: JSONValue]? {
        let metadata = current ?? [:]
        let staleKeys = desired.keys.sorted().filter { metadata[$0] != desired[$0] }
        guard !staleKeys.isEmpty else { return nil }
        for key in staleKeys { record("metadata.\(key)", FieldFormat.text(metadata[key]), FieldFormat.text(desired[key])) }
        return metadata.merging(desired) { _, new in new }
    }

    /// The weight to send when it differs. Odoo's 0 means "no weight" (mapped to nil): a weight set in Medusa is then
    /// left alone.
    static func weight(desired: Decimal?, current: Decimal?, record: (String, String?, String?) -> Void) -> Decimal? {
        guard let desired, current != desired else { return nil }
        record("weight", FieldFormat.text(current), FieldFormat.text(desired))
        return desired
    }
}
