/// The messages product outcomes carry.
enum OutcomeText {
    /// "title, status, variants[FURN_0096].prices.eur (+3 more)".
    static func summary(of changes: [FieldChange], limit: Int = 8) -> String? {
        guard !changes.isEmpty else { return nil }
        let paths = changes.map(\.path)
        let shown = paths.prefix(limit).joined(separator: ", ")
        return "changed: " + shown + (paths.count > limit ? " (+\(paths.count - limit) more)" : "")
    }

    /// The non-empty parts joined with "; ", nil when there is none.
    static func message(_ parts: [String?]) -> String? {
        let text = parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "; ")
        return text.isEmpty ? nil : text
    }
}
