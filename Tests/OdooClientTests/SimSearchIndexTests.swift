import ExactJSON
import Foundation
import SyncCore
import Testing

@testable import OdooSimulator

/// The simulator narrows a search to the rows a conjunct pins by id or by a many2one (an index instead of a scan of
/// 30,000 variants per page read). The answer must be exactly the scan's: same rows, same order, same paging.
@Suite("Simulator search: narrowing by id and many2one gives the scan's answer")
struct SimSearchIndexTests {
    static func database() throws -> SimDatabase { try OdooCatalogueSeed.demo(.odoo19).data }

    /// The same search with narrowing defeated: an `or` has no candidates of its own, so the whole table is scanned.
    static func scanned(_ data: SimDatabase, _ model: String, _ domain: SimDomain, order: String? = nil, offset: Int = 0,
                        limit: Int? = nil, activeTest: Bool = true) throws -> [Int] {
        try data.search(model: model, domain: .or(domain, .constant(false)), order: order, offset: offset, limit: limit,
                        activeTest: activeTest)
    }

    static func domain(_ text: String) throws -> JSONValue { try JSONText.parse(Array(text.utf8)) }

    @Test("same rows as a scan", arguments: [
        ("product.product", #"[["product_tmpl_id", "in", [9, 5, 1, 999999]]]"#, nil as String?, 0, nil as Int?, true),
        ("product.product", #"[["product_tmpl_id", "=", 9]]"#, "id desc", 0, nil, true),
        ("product.product", #"[["product_tmpl_id", "in", [9, 5]], ["active", "in", [true, false]]]"#, nil, 1, 3, false),
        ("product.product", #"[["id", "in", [13, 14, 999999, 1]]]"#, "default_code asc", 0, nil, true),
        ("product.product", #"[["id", "=", 13], ["product_tmpl_id", "=", 5]]"#, nil, 0, nil, true),
        ("product.product", #"["|", ["product_tmpl_id", "=", 9], ["product_tmpl_id", "=", 5]]"#, nil, 0, nil, true),
        ("product.template.attribute.value", #"[["product_tmpl_id", "in", [9, 10, 11]]]"#, nil, 0, nil, true),
        ("product.template.attribute.line", #"[["product_tmpl_id", "in", [9]], ["attribute_id", "=", 1]]"#, nil, 0, nil, true),
        ("stock.quant", #"[["product_id", "in", [13, 14, 15, 16]], ["location_id", "child_of", 8]]"#, nil, 0, nil, true),
        ("product.template", #"[["id", "in", [9, 5]], ["write_date", ">", "2000-01-01 00:00:00"]]"#, "write_date asc, id asc", 0, 1, false),
        ("product.template", #"[["categ_id", "in", [1, 5]], ["id", "in", [1, 2, 3, 4, 5, 6, 7, 8, 9]]]"#, nil, 0, nil, true),
    ])
    func sameAsScan(model: String, domain: String, order: String?, offset: Int, limit: Int?, activeTest: Bool) throws {
        let data = try Self.database()
        let compiled = try data.compileDomain(try Self.domain(domain), model: model)
        let narrowed = try data.search(model: model, domain: compiled, order: order, offset: offset, limit: limit,
                                       activeTest: activeTest)
        let scanned = try Self.scanned(data, model, compiled, order: order, offset: offset, limit: limit, activeTest: activeTest)
        #expect(narrowed == scanned)
        if model == "product.product", domain.contains("product_tmpl_id"), !domain.contains(#"["id", "="#) {
            #expect(!scanned.isEmpty, "the case must find something, or it shows nothing")
        }
    }

    @Test("a changed many2one is found under its new value, never its old one")
    func indexFollowsWrites() throws {
        var data = try Self.database()
        let model = "product.product"
        let byNine = try data.compileDomain(try Self.domain(#"[["product_tmpl_id", "=", 9]]"#), model: model)
        let byFive = try data.compileDomain(try Self.domain(#"[["product_tmpl_id", "=", 5]]"#), model: model)
        let before = try data.search(model: model, domain: byNine, order: nil, offset: 0, limit: nil, activeTest: false)
        let moved = try #require(before.first.map { data.tables[model]!.ids[$0] })
        data.tables[model]!.set(id: moved, "product_tmpl_id", .many2one(5))
        let nine = try data.search(model: model, domain: byNine, order: nil, offset: 0, limit: nil, activeTest: false)
        let five = try data.search(model: model, domain: byFive, order: nil, offset: 0, limit: nil, activeTest: false)
        #expect(!nine.map { data.tables[model]!.ids[$0] }.contains(moved))
        #expect(five.map { data.tables[model]!.ids[$0] }.contains(moved))
        #expect(five == (try Self.scanned(data, model, byFive, activeTest: false)))
    }

    @Test("a copy of the database keeps its own answers after the other copy changes")
    func copiesDoNotShareStaleIndexes() throws {
        let original = try Self.database()
        let model = "product.product"
        let byNine = try original.compileDomain(try Self.domain(#"[["product_tmpl_id", "=", 9]]"#), model: model)
        let before = try original.search(model: model, domain: byNine, order: nil, offset: 0, limit: nil, activeTest: false)
        var copy = original
        copy.tables[model]!.set(id: original.tables[model]!.ids[before[0]], "product_tmpl_id", .many2one(5))
        _ = try copy.search(model: model, domain: byNine, order: nil, offset: 0, limit: nil, activeTest: false)
        #expect(try original.search(model: model, domain: byNine, order: nil, offset: 0, limit: nil, activeTest: false) == before)
    }
}
