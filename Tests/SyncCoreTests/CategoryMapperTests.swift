import Testing
@testable import SyncCore

@Suite("Categories")
struct CategoryMapperTests {
    @Test("parents before children, handles from the complete path, metadata with the Odoo id")
    func demoTree() {
        let mapped = CategoryMapper.map(Demo.categoryTree)
        #expect(mapped.map(\.odooId) == [2, 3, 4, 5, 6])
        #expect(mapped.map(\.handle) == ["expenses", "services", "furniture", "furniture-office", "furniture-outdoor"])
        #expect(mapped.first { $0.odooId == 5 }?.parentOdooId == 4)
        #expect(mapped.first { $0.odooId == 5 }?.metadata == ["odoo_category_id": .number(5)])
    }

    @Test("a deep tree listed children first still comes out parents first")
    func order() {
        let tree = CategoryTree([
            OdooCategory(id: 30, name: "Office Furniture", parentId: 20),
            OdooCategory(id: 20, name: "Saleable", parentId: 10),
            OdooCategory(id: 10, name: "All"),
        ])
        let mapped = CategoryMapper.map(tree)
        #expect(mapped.map(\.odooId) == [10, 20, 30])
        #expect(mapped.last?.handle == "all-saleable-office-furniture")
    }

    @Test("duplicate paths, unnamed paths and parent loops still give unique, valid handles")
    func oddData() {
        let tree = CategoryTree([
            OdooCategory(id: 1, name: "Chairs"), OdooCategory(id: 2, name: "chairs"), OdooCategory(id: 3, name: "椅子"),
            OdooCategory(id: 4, name: "Loop A", parentId: 5), OdooCategory(id: 5, name: "Loop B", parentId: 4),
        ])
        let mapped = CategoryMapper.map(tree)
        #expect(Set(mapped.map(\.handle)).count == 5)
        #expect(mapped.first { $0.odooId == 2 }?.handle == "chairs-2")
        #expect(mapped.first { $0.odooId == 3 }?.handle == "category-3")
        #expect(mapped.allSatisfy { ProductHandle.isValid($0.handle) })
        #expect(mapped.count == 5)
    }

    @Test("descendant test used by category price rules", arguments: [(5, 4, true), (5, 5, true), (4, 5, false), (6, 5, false)])
    func descendant(id: Int, ancestor: Int, expected: Bool) {
        #expect(Demo.categoryTree.isSelfOrDescendant(id, of: ancestor) == expected)
    }
}
