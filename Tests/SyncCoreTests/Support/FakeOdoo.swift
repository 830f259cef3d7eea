import Foundation
@testable import SyncCore

/// An in-memory Odoo with the read semantics of the `OdooCatalogue` port: paged reads ascending by (write_date, id),
/// strictly after the cursor; `includeArchived` like `active_test: false`.
actor FakeOdoo: OdooCatalogue {
    var templates: [Int: OdooTemplate] = [:]
    var variants: [Int: OdooVariant] = [:]
    var lines: [OdooAttributeLine] = []
    var ptavs: [Int: OdooTemplateAttributeValue] = [:]
    var attributeRecords: [Int: OdooAttribute] = [:]
    var categoryRecords: [OdooCategory] = []
    var company = Demo.usd
    var currencyRecords: [OdooCurrency] = []
    var pricelistRecords: [OdooPricelist] = []
    var items: [Int: OdooPricelistItem] = [:]
    var locations: [OdooLocation] = []
    var stock: [Int: Decimal] = [:]
    /// One quant per variant (quant id = variant id): when it was last written. `setStock` writes it.
    var quantWrites: [Int: OdooDateTime] = [:]
    private var quantClock = odooDate("2026-11-26 00:00:00")
    /// PTAV writes (price_extra edits) happen after everything in the demo catalogue.
    private var ptavClock = odooDate("2026-11-27 00:00:00")
    var templateImageData: [Int: [UInt8]] = [:]
    var connectError: (any Error)?
    private(set) var templateReads = 0
    private(set) var connects = 0
    /// Every `OdooCatalogue` call, by method name, in order.
    private(set) var calls: [String] = []

    /// The demo subset of `Demo` (`templates` narrows it to some template ids).
    init(demo templateIds: Set<Int>? = nil) {
        let keep = { (id: Int) in templateIds?.contains(id) ?? true }
        templates = Dictionary(uniqueKeysWithValues: Demo.templates.filter { keep($0.id) }.map { ($0.id, $0) })
        variants = Dictionary(uniqueKeysWithValues: Demo.variants.filter { keep($0.templateId) }.map { ($0.id, $0) })
        lines = Demo.lines.filter { keep($0.templateId) }
        ptavs = Dictionary(uniqueKeysWithValues: Demo.ptavs.filter { keep($0.templateId) }.map { ($0.id, $0) })
        attributeRecords = Dictionary(uniqueKeysWithValues: Demo.attributes.map { ($0.id, $0) })
        categoryRecords = Demo.categories
        currencyRecords = [Demo.usd, Demo.eur]
        pricelistRecords = Demo.pricelists
        items = Dictionary(uniqueKeysWithValues: Demo.pricelistItems.map { ($0.id, $0) })
        locations = Demo.locations
        stock = Dictionary(uniqueKeysWithValues: Demo.stock.map { ($0.variantId, $0.quantity) })
        quantWrites = Dictionary(uniqueKeysWithValues: Demo.stock.map { ($0.variantId, Demo.written) })
    }

    // MARK: test edits

    func put(_ template: OdooTemplate) { templates[template.id] = template }
    /// A rename in Odoo: the template's `write_date` moves to `writeDate`.
    func rename(template id: Int, to name: String, writeDate: String) {
        templates[id]?.name = name
        templates[id]?.writeDate = odooDate(writeDate)
    }
    func put(_ variant: OdooVariant) { variants[variant.id] = variant }
    func put(_ ptav: OdooTemplateAttributeValue) { ptavs[ptav.id] = ptav }
    func put(_ item: OdooPricelistItem) { items[item.id] = item }
    func remove(template id: Int) {
        templates[id] = nil
        variants = variants.filter { $0.value.templateId != id }
    }
    /// An inventory adjustment: the variant's quant is written (a later `write_date`), the variant is not.
    func setStock(_ variantId: Int, _ quantity: Decimal) {
        stock[variantId] = quantity
        quantClock = OdooDateTime(quantClock.date.addingTimeInterval(1))
        quantWrites[variantId] = quantClock
    }
    func setLines(_ lines: [OdooAttributeLine]) { self.lines = lines }
    func clearCalls() { calls = [] }
    func setConnectError(_ error: (any Error)?) { connectError = error }
    func setImage(template id: Int, _ bytes: [UInt8]) { templateImageData[id] = bytes }

    /// What Odoo does on a PTAV `price_extra` write: the PTAV's own `write_date` moves (an ORM write), the variants'
    /// `price_extra`/`lst_price` change (computed, not stored), and no template or variant `write_date` moves.
    func setPriceExtra(ptav id: Int, to extra: Decimal) {
        guard var ptav = ptavs[id] else { return }
        let delta = extra - ptav.priceExtra
        ptav.priceExtra = extra
        ptavClock = OdooDateTime(ptavClock.date.addingTimeInterval(1))
        ptav.writeDate = ptavClock
        ptavs[id] = ptav
        for (variantId, var variant) in variants where variant.attributeValueIds.contains(id) {
            variant.priceExtra += delta
            variant.lstPrice += delta
            variants[variantId] = variant
        }
    }

    // MARK: OdooCatalogue

    func connect() throws -> OdooServerInfo {
        calls.append("connect")
        connects += 1
        if let connectError { throw connectError }
        return OdooServerInfo(serverVersion: "19.0", majorVersion: 19, apiProtocol: .json2, uid: 2)
    }

    nonisolated func sessionMemo() -> String? { Self.memo }
    nonisolated func resumeSession(memo: String) -> Bool { memo == Self.memo }
    static let memo = "fake-odoo-19"

    func companyCurrency() -> OdooCurrency {
        calls.append("companyCurrency")
        return company
    }

    func templates(after cursor: ModelCursor?, limit: Int, includeArchived: Bool) -> [OdooTemplate] {
        calls.append("templates")
        templateReads += 1
        return page(Array(templates.values).filter { includeArchived || $0.active }, after: cursor, limit: limit,
                    key: { ($0.writeDate, $0.id) })
    }

    func templates(ids: [Int], includeArchived: Bool) -> [OdooTemplate] {
        calls.append("templates")
        return ids.compactMap { templates[$0] }.filter { includeArchived || $0.active }
    }

    func templateIds(includeArchived: Bool) -> [Int] {
        calls.append("templateIds")
        return templates.values.filter { includeArchived || $0.active }.map(\.id).sorted()
    }

    func templateIds(ofVariants variantIds: [Int]) -> [Int] {
        calls.append("templateIdsOfVariants")
        return Set(variantIds.compactMap { variants[$0]?.templateId }).sorted()
    }

    func variants(after cursor: ModelCursor?, limit: Int, includeArchived: Bool) -> [OdooVariant] {
        calls.append("variants")
        return page(Array(variants.values).filter { includeArchived || $0.active }, after: cursor, limit: limit, key: { ($0.writeDate, $0.id) })
    }

    func variants(templateIds: [Int], includeArchived: Bool) -> [OdooVariant] {
        calls.append("variants")
        let wanted = Set(templateIds)
        return variants.values.filter { wanted.contains($0.templateId) && (includeArchived || $0.active) }.sorted { $0.id < $1.id }
    }

    func attributeLines(templateIds: [Int]) -> [OdooAttributeLine] {
        calls.append("attributeLines")
        let wanted = Set(templateIds)
        return lines.filter { wanted.contains($0.templateId) }
    }

    func templateAttributeValues(templateIds: [Int]) -> [OdooTemplateAttributeValue] {
        calls.append("templateAttributeValues")
        let wanted = Set(templateIds)
        return ptavs.values.filter { wanted.contains($0.templateId) }.sorted { $0.id < $1.id }
    }

    func templateAttributeValues(after cursor: ModelCursor?, limit: Int) -> [OdooTemplateAttributeValue] {
        calls.append("templateAttributeValues")
        return page(ptavs.values.filter { $0.writeDate != nil }, after: cursor, limit: limit, key: { ($0.writeDate!, $0.id) })
    }

    func attributes(ids: [Int]) -> [OdooAttribute] { ids.compactMap {
        calls.append("attributes")
        return attributeRecords[$0] }
    }
    func categories() -> [OdooCategory] {
        calls.append("categories")
        return categoryRecords
    }
    func currencies() -> [OdooCurrency] {
        calls.append("currencies")
        return currencyRecords
    }
    func pricelists() -> [OdooPricelist] {
        calls.append("pricelists")
        return pricelistRecords
    }

    func pricelistItems(pricelistIds: [Int]) -> [OdooPricelistItem] {
        calls.append("pricelistItems")
        let wanted = Set(pricelistIds)
        return items.values.filter { wanted.contains($0.pricelistId) }.sorted { $0.id < $1.id }
    }

    func pricelistItems(after cursor: ModelCursor?, limit: Int) -> [OdooPricelistItem] {
        calls.append("pricelistItems")
        return page(items.values.filter { $0.writeDate != nil }, after: cursor, limit: limit, key: { ($0.writeDate!, $0.id) })
    }

    func internalLocations() -> [OdooLocation] {
        calls.append("internalLocations")
        return locations
    }

    func stockLevels(variantIds: [Int], locationIds: [Int]) -> [OdooStockLevel] {
        calls.append("stockLevels")
        return variantIds.compactMap { id in stock[id].map { OdooStockLevel(variantId: id, quantity: $0) } }
    }

    func stockQuantChanges(after cursor: ModelCursor?, limit: Int) -> [OdooQuantChange] {
        calls.append("stockQuantChanges")
        let quants = quantWrites.map { OdooQuantChange(id: $0.key, variantId: $0.key, writeDate: $0.value) }
        return page(quants, after: cursor, limit: limit, key: { ($0.writeDate, $0.id) })
    }

    func latestCursor(stream: SyncStream) -> ModelCursor? {
        calls.append("latestCursor")
        let keys: [(OdooDateTime, Int)] = switch stream {
        case .templates: templates.values.map { ($0.writeDate, $0.id) }
        case .variants: variants.values.map { ($0.writeDate, $0.id) }
        case .attributeValues: ptavs.values.compactMap { ptav in ptav.writeDate.map { ($0, ptav.id) } }
        case .pricelistItems: items.values.compactMap { item in item.writeDate.map { ($0, item.id) } }
        case .stockQuants: quantWrites.map { ($0.value, $0.key) }
        }
        return keys.max { $0 < $1 }.map { ModelCursor(writeDate: $0.0, id: $0.1) }
    }

    func templateImages(ids: [Int]) -> [OdooImage] {
        calls.append("templateImages")
        return ids.compactMap { id in templateImageData[id].map { OdooImage(owner: .template(id), data: $0) } }
    }

    func variantImages(ids: [Int]) -> [OdooImage] {
        calls.append("variantImages")
        return []
    }

    private func page<Record>(_ records: [Record], after cursor: ModelCursor?, limit: Int,
                              key: (Record) -> (OdooDateTime, Int)) -> [Record] {
        let sorted = records.sorted { key($0) < key($1) }
        let after = sorted.filter { record in
            guard let cursor else { return true }
            let (date, id) = key(record)
            return date > cursor.writeDate || (date == cursor.writeDate && id > cursor.id)
        }
        return Array(after.prefix(limit))
    }
}
