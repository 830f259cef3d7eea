/// Odoo's product category tree, for category-level price rules (a rule on a category covers its descendants)
/// and for category paths/handles. Cycles in bad data are cut instead of looping.
public struct CategoryTree: Sendable, Hashable {
    private let byId: [Int: OdooCategory]

    public init(_ categories: [OdooCategory]) {
        var byId: [Int: OdooCategory] = [:]
        for category in categories { byId[category.id] = category }
        self.byId = byId
    }

    public var all: [OdooCategory] { byId.values.sorted { $0.id < $1.id } }

    public func category(id: Int) -> OdooCategory? { byId[id] }

    /// The category itself, then its parent, up to the root.
    public func lineage(of id: Int) -> [Int] {
        var chain: [Int] = []
        var current: Int? = id
        while let next = current, !chain.contains(next) {
            chain.append(next)
            current = byId[next]?.parentId
        }
        return chain
    }

    /// True when `id` is `ancestor` or lies below it: Odoo's `parent_path` prefix test.
    public func isSelfOrDescendant(_ id: Int, of ancestor: Int) -> Bool {
        lineage(of: id).contains(ancestor)
    }

    /// 0 for a root.
    public func depth(of id: Int) -> Int { max(lineage(of: id).count - 1, 0) }

    /// Names from the root down, e.g. ["All", "Saleable", "Office Furniture"].
    public func path(of id: Int) -> [String] {
        lineage(of: id).reversed().compactMap { byId[$0]?.name }
    }

    /// Odoo's `complete_name` when read, else the path joined like Odoo joins it.
    public func completeName(of id: Int) -> String {
        if let name = byId[id]?.completeName, !name.isEmpty { return name }
        return path(of: id).joined(separator: " / ")
    }
}
