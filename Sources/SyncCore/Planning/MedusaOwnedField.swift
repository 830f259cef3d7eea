import Foundation

/// Product fields the shop edits (`MEDUSA_OWNED_FIELDS`): the sync writes them when it creates the product (or they
/// stay as Medusa has them on an adopted one) and never again: updates leave them alone, and a change of them in Odoo
/// is no change for the sync. Use case: marketing copy and pictures made in Medusa's admin.
public enum MedusaOwnedField: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case title, description, images, thumbnail, categories, weight

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// A comma-separated list ("description, images"); names are case-insensitive. `unknown` keeps what is not a field.
    public static func parse(_ text: String) -> (fields: Set<MedusaOwnedField>, unknown: [String]) {
        var fields: Set<MedusaOwnedField> = []
        var unknown: [String] = []
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard !name.isEmpty else { continue }
            if let field = MedusaOwnedField(rawValue: name) { fields.insert(field) } else { unknown.append(name) }
        }
        return (fields, unknown)
    }
}
