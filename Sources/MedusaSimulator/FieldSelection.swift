import Foundation

/// Medusa's `fields` query parameter (`FW/http/utils/get-query-config.ts`, contract §2g): a comma list that either
/// REPLACES the route's defaults (when any entry has no `+`, `-` or `*` prefix and no `.*` suffix) or adjusts them
/// (`+f` adds, `-f` removes, `*rel` / `rel.*` selects all fields of a relation). `id` is always selected.
/// A `+` sent unencoded arrives as a space; a leading space counts as `+`.
struct FieldSelection: Sendable {
    /// Which fields of one object level are selected.
    struct Node: Sendable {
        var allScalars = false
        var fields: Set<String> = []
        var relations: [String: Node] = [:]
    }

    /// Keys whose values are relations (objects or lists of objects) rather than JSON columns.
    static let relationKeys: Set<String> = [
        "type", "collection", "options", "values", "tags", "images", "variants", "prices", "sales_channels", "categories",
        "inventory_items", "inventory", "location_levels", "option", "product", "parent_category", "category_children",
    ]

    /// `defaultAdminProductFields` of Medusa 2.0 (`P/query-config.ts`): no categories, no inventory items.
    static let productDefaults = [
        "id", "title", "subtitle", "status", "external_id", "description", "handle", "is_giftcard", "discountable",
        "thumbnail", "collection_id", "type_id", "weight", "length", "height", "width", "hs_code", "origin_country",
        "mid_code", "material", "created_at", "updated_at", "deleted_at", "metadata", "*type", "*collection", "*options",
        "*options.values", "*tags", "*images", "*variants", "*variants.prices", "*variants.options", "*sales_channels",
    ]

    let root: Node
    /// The relation keys of the resource being projected (products' by default; orders and customers pass theirs).
    let relations: Set<String>

    init(query fields: String?, defaults: [String], relations: Set<String> = FieldSelection.relationKeys) {
        self.relations = relations
        var selected = defaults
        if let fields, !fields.isEmpty {
            let entries = fields.split(separator: ",", omittingEmptySubsequences: true).map(String.init)
            let replaces = entries.contains { entry in
                !(entry.hasPrefix("+") || entry.hasPrefix("-") || entry.hasPrefix("*") || entry.hasPrefix(" ")
                    || entry.hasSuffix(".*"))
            }
            if replaces { selected = [] }
            for entry in entries {
                if entry.hasPrefix("-") {
                    let removed = String(entry.dropFirst())
                    selected.removeAll { $0 == removed || $0 == "*" + removed }
                } else if entry.hasPrefix("+") || entry.hasPrefix(" ") {
                    selected.append(entry.dropFirst().trimmingCharacters(in: .whitespaces))
                } else {
                    selected.append(entry)
                }
            }
        }
        var root = Node()
        root.fields.insert("id")
        for entry in selected { Self.insert(entry, into: &root) }
        self.root = root
    }

    private static func insert(_ entry: String, into root: inout Node) {
        var path = entry
        var all = false
        if path.hasPrefix("*") { path.removeFirst(); all = true }
        if path.hasSuffix(".*") { path.removeLast(2); all = true }
        let parts = path.split(separator: ".").map(String.init)
        guard !parts.isEmpty else { return }
        func walk(_ node: inout Node, _ index: Int) {
            if index == parts.count - 1 && !all {
                node.fields.insert(parts[index])
                return
            }
            var child = node.relations[parts[index]] ?? Node()
            if index == parts.count - 1 { child.allScalars = true } else { walk(&child, index + 1) }
            node.relations[parts[index]] = child
        }
        walk(&root, 0)
    }

    func project(_ value: OrderedJSON) -> OrderedJSON { project(value, root) }

    /// Whether `project` keeps `key` of an object selected by `node` (the same rule): a renderer asks before building
    /// a member that would only be dropped.
    func keeps(_ key: String, at node: Node) -> Bool {
        if relations.contains(key) { return node.relations[key] != nil || node.fields.contains(key) }
        return node.allScalars || node.fields.contains(key) || key == "id"
    }

    /// The selection `project` applies to the relation `key` of an object selected by `node`, nil when not kept.
    func child(_ key: String, of node: Node) -> Node? {
        node.relations[key] ?? (node.fields.contains(key) ? Node(allScalars: true) : nil)
    }

    private func project(_ value: OrderedJSON, _ node: Node) -> OrderedJSON {
        switch value {
        case .array(let items): return .array(items.map { project($0, node) })
        case .object(let members):
            var kept = OrderedJSON.Members()
            for (key, item) in members.entries {
                if relations.contains(key) {
                    if let child = node.relations[key] {
                        kept.appendNew(key, project(item, child))
                    } else if node.fields.contains(key) {
                        kept.appendNew(key, project(item, Node(allScalars: true)))
                    }
                } else if node.allScalars || node.fields.contains(key) || key == "id" {
                    kept.appendNew(key, item)
                }
            }
            return .object(kept)
        default: return value
        }
    }
}
