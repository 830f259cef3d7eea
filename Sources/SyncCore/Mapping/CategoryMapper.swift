import ExactJSON
/// One Odoo category as a Medusa product category.
public struct DesiredCategory: Sendable, Hashable {
    public var odooId: Int
    public var name: String
    /// From the complete path ("All / Saleable / Office Furniture" → "all-saleable-office-furniture"); used at creation,
    /// then kept like product handles.
    public var handle: String
    public var parentOdooId: Int?
    public var metadata: [String: JSONValue]

    public init(odooId: Int, name: String, handle: String, parentOdooId: Int?, metadata: [String: JSONValue]) {
        self.odooId = odooId; self.name = name; self.handle = handle; self.parentOdooId = parentOdooId
        self.metadata = metadata
    }
}

/// Odoo's category tree → Medusa categories, parents before children (a child needs its parent's Medusa id).
public enum CategoryMapper {
    public static func map(_ tree: CategoryTree) -> [DesiredCategory] {
        let all = tree.all
        var handles: Set<String> = []
        var mapped: [Int: DesiredCategory] = [:]
        // Shallow first, then by id: parents are created first and duplicate handles go to the newer category.
        for category in all.sorted(by: { (tree.depth(of: $0.id), $0.id) < (tree.depth(of: $1.id), $1.id) }) {
            var handle = Slug.truncate(Slug.make(tree.completeName(of: category.id)), to: ProductHandle.maxLength)
            if handle.isEmpty { handle = "category-\(category.id)" }
            if handles.contains(handle) { handle = ProductHandle.disambiguate(handle, templateId: category.id) }
            handles.insert(handle)
            let parent = category.parentId.flatMap { tree.category(id: $0) != nil ? $0 : nil }
            mapped[category.id] = DesiredCategory(
                odooId: category.id, name: category.name, handle: handle,
                parentOdooId: parent == category.id ? nil : parent,
                metadata: ["odoo_category_id": .number(.init(category.id))]
            )
        }
        return ordered(mapped)
    }

    /// Depth-first from the roots, so every parent precedes its children even in odd data; categories caught in a
    /// parent cycle come last, without a parent.
    static func ordered(_ mapped: [Int: DesiredCategory]) -> [DesiredCategory] {
        let children = Dictionary(grouping: mapped.values.filter { $0.parentOdooId != nil }, by: { $0.parentOdooId! })
        var result: [DesiredCategory] = []
        var visited: Set<Int> = []
        func visit(_ category: DesiredCategory) {
            guard visited.insert(category.odooId).inserted else { return }
            result.append(category)
            for child in (children[category.odooId] ?? []).sorted(by: { $0.odooId < $1.odooId }) { visit(child) }
        }
        for root in mapped.values.filter({ $0.parentOdooId == nil }).sorted(by: { $0.odooId < $1.odooId }) { visit(root) }
        for orphan in mapped.values.sorted(by: { $0.odooId < $1.odooId }) where !visited.contains(orphan.odooId) {
            var detached = orphan
            detached.parentOdooId = nil
            visit(detached)
        }
        return result
    }
}
