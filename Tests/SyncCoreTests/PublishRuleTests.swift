import Testing
@testable import SyncCore

@Suite("Publish rule")
struct PublishRuleTests {
    static let base = OdooTemplate(id: 1, name: "Desk", listPrice: 1, writeDate: odooDate("2026-01-01 00:00:00"))

    @Test("status from active, sale_ok and is_published (nil = field absent)", arguments: [
        (true, true, nil as Bool?, ProductStatus.published, true),
        (true, true, true, .published, true),
        (true, true, false, .draft, true),
        (false, true, nil, .draft, false),
        (true, false, nil, .draft, false),
        (false, false, true, .draft, false),
    ])
    func defaultRule(active: Bool, saleOk: Bool, isPublished: Bool?, status: ProductStatus, inShop: Bool) {
        var template = Self.base
        template.active = active; template.saleOk = saleOk; template.isPublished = isPublished
        #expect(PublishRule().status(for: template) == status)
        #expect(PublishRule().belongsInShop(template) == inShop)
    }

    @Test("the rule can ignore sale_ok and is_published")
    func relaxed() {
        var template = Self.base
        template.saleOk = false; template.isPublished = false
        let rule = PublishRule(requireSaleOk: false, honourIsPublished: false)
        #expect(rule.belongsInShop(template))
        #expect(rule.status(for: template) == .published)
    }
}
