/// Medusa product handles (`^[a-z0-9]+(?:-[a-z0-9]+)*$`). A handle is computed once, when the product is created,
/// and then kept: renaming a product in Odoo never renames the handle, because the handle is the shop URL.
public enum ProductHandle {
    public static let maxLength = 100

    /// The slug of the title; `product-<templateId>` when the title has no ASCII letter (Japanese, Arabic, emoji…),
    /// so every product gets a readable, valid handle even where Medusa's own `toHandle` would give an empty one.
    public static func make(title: String, templateId: Int, maxLength: Int = ProductHandle.maxLength) -> String {
        let slug = Slug.make(title)
        guard slug.unicodeScalars.contains(where: { ("a"..."z").contains($0) }) else { return "product-\(templateId)" }
        return Slug.truncate(slug, to: maxLength)
    }

    /// The handle used when another product already holds `handle`: `<handle>-<templateId>`, still within `maxLength`.
    public static func disambiguate(_ handle: String, templateId: Int, maxLength: Int = ProductHandle.maxLength) -> String {
        let suffix = "-\(templateId)"
        return Slug.truncate(handle, to: maxLength - suffix.count) + suffix
    }

    public static func isValid(_ handle: String) -> Bool {
        guard !handle.isEmpty, !handle.hasPrefix("-"), !handle.hasSuffix("-"), !handle.contains("--") else { return false }
        return handle.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
