import Foundation
import SyncCore

/// A product to create in the simulated Odoo. With `attributeValues`, the template gets one variant-creating
/// attribute line and one variant per value, each value carrying its `price_extra`.
public struct OdooNewProduct: Sendable {
    public var name: String
    public var listPrice: Decimal
    public var defaultCode: String?
    public var barcode: String?
    public var categoryId: Int?
    public var saleOk: Bool
    public var attributeName: String?
    public var attributeValues: [(name: String, priceExtra: Decimal)]

    public init(
        name: String, listPrice: Decimal, defaultCode: String? = nil, barcode: String? = nil, categoryId: Int? = nil,
        saleOk: Bool = true, attributeName: String? = nil, attributeValues: [(name: String, priceExtra: Decimal)] = []
    ) {
        self.name = name; self.listPrice = listPrice; self.defaultCode = defaultCode; self.barcode = barcode
        self.categoryId = categoryId; self.saleOk = saleOk; self.attributeName = attributeName
        self.attributeValues = attributeValues
    }
}

/// Why a simulator mutation could not be applied.
public enum OdooSimulatorError: Error, Sendable, Hashable, CustomStringConvertible {
    case noSuchRecord(model: String, id: Int)

    public var description: String {
        switch self {
        case .noSuchRecord(let model, let id): "\(model)(\(id)) does not exist in the simulator"
        }
    }
}

/// Changes made the way real Odoo makes them, including which `write_date`s move and which webhooks fire.
extension SimDatabase {
    /// A fresh `write_date`: the clock, but never inside or before the second of the newest stored one.
    mutating func nextWriteStamp(now: Date) -> SimTimestamp {
        let stamp = max(SimTimestamp(now), latestWrite.wholeSecond.adding(seconds: 1))
        latestWrite = stamp
        return stamp
    }

    private func require(_ model: String, _ id: Int) throws(OdooSimulatorError) {
        guard tables[model]?.position(of: id) != nil else { throw .noSuchRecord(model: model, id: id) }
    }

    private mutating func update(_ model: String, _ id: Int, _ values: [String: SimValue], stamp: SimTimestamp?) {
        guard var table = tables[model] else { return }
        tables[model] = nil
        for (name, value) in values { table.set(id: id, name, value) }
        if let stamp { table.set(id: id, "write_date", .timestamp(stamp)) }
        tables[model] = table
    }

    private func variantIds(ofTemplate id: Int) -> [Int] {
        tables["product.template"]?.value(id: id, "product_variant_ids").ids ?? []
    }

    /// Writing `list_price` bumps the template and all its variants (observed: variant rule fired once per variant).
    mutating func setListPrice(templateId: Int, to price: Decimal, now: Date, webhooks: OdooWebhookSettings?) throws(OdooSimulatorError) -> [PendingWebhook] {
        try require("product.template", templateId)
        let stamp = nextWriteStamp(now: now)
        update("product.template", templateId, ["list_price": .decimal(price)], stamp: stamp)
        for variant in variantIds(ofTemplate: templateId) { update("product.product", variant, [:], stamp: stamp) }
        return pendingWebhook(.templateCreateOrWrite, id: templateId, settings: webhooks)
            + variantIds(ofTemplate: templateId).flatMap { pendingWebhook(.variantCreateOrWrite, id: $0, settings: webhooks) }
    }

    /// A PTAV `price_extra` change moves the variants' `lst_price` but bumps no template or variant `write_date` and
    /// fires no webhook (observed). Only the PTAV's own `write_date` moves, as every ORM write does.
    mutating func setPriceExtra(templateAttributeValueId id: Int, to extra: Decimal, now: Date) throws(OdooSimulatorError) {
        try require("product.template.attribute.value", id)
        let stamp = nextWriteStamp(now: now)
        update("product.template.attribute.value", id, ["price_extra": .decimal(extra)], stamp: stamp)
    }

    /// Archiving a template archives its variants; fires the write rule and the archive rule.
    mutating func setTemplateActive(_ id: Int, active: Bool, now: Date, webhooks: OdooWebhookSettings?) throws(OdooSimulatorError) -> [PendingWebhook] {
        try require("product.template", id)
        let stamp = nextWriteStamp(now: now)
        update("product.template", id, ["active": .bool(active)], stamp: stamp)
        for variant in variantIds(ofTemplate: id) { update("product.product", variant, ["active": .bool(active)], stamp: stamp) }
        var posts = pendingWebhook(.templateCreateOrWrite, id: id, settings: webhooks)
        if !active { posts += pendingWebhook(.templateArchive, id: id, settings: webhooks) }
        posts += variantIds(ofTemplate: id).flatMap { pendingWebhook(.variantCreateOrWrite, id: $0, settings: webhooks) }
        return posts
    }

    /// Deletes a template with its variants, lines, PTAVs, quants and pricelist rules; the unlink rule sends the
    /// record's last data.
    mutating func deleteTemplate(_ id: Int, webhooks: OdooWebhookSettings?) throws(OdooSimulatorError) -> [PendingWebhook] {
        try require("product.template", id)
        let posts = pendingWebhook(.templateUnlink, id: id, settings: webhooks)
        let variants = Set(variantIds(ofTemplate: id))
        func removeWhere(_ model: String, _ predicate: (SimTable, Int) -> Bool) {
            guard var table = tables[model] else { return }
            tables[model] = nil
            let doomed = (0..<table.count).filter { predicate(table, $0) }.map { table.ids[$0] }
            for recordId in doomed { table.remove(id: recordId) }
            tables[model] = table
        }
        removeWhere("product.product") { variants.contains($0.ids[$1]) }
        removeWhere("product.template.attribute.line") { $0.value($1, "product_tmpl_id").id == id }
        removeWhere("product.template.attribute.value") { $0.value($1, "product_tmpl_id").id == id }
        removeWhere("stock.quant") { variants.contains($0.value($1, "product_id").id ?? 0) }
        var removedItems = Set<Int>()
        removeWhere("product.pricelist.item") { table, position in
            let doomed = table.value(position, "product_tmpl_id").id == id || variants.contains(table.value(position, "product_id").id ?? 0)
            if doomed { removedItems.insert(table.ids[position]) }
            return doomed
        }
        if !removedItems.isEmpty, let pricelists = tables["product.pricelist"] {
            for position in 0..<pricelists.count {
                let items = pricelists.value(position, "item_ids").ids
                if items.contains(where: removedItems.contains) {
                    update("product.pricelist", pricelists.ids[position], ["item_ids": .ids(items.filter { !removedItems.contains($0) })], stamp: nil)
                }
            }
        }
        removeWhere("product.template") { $0.ids[$1] == id }
        for variant in variants { unindexQuants(variantId: variant) }
        return posts
    }

    /// Sets the on-hand quantity at a location (an inventory adjustment): the quant changes, the variant's
    /// `write_date` does not (observed), and no webhook fires.
    mutating func setStock(variantId: Int, locationId: Int, quantity: Decimal, now: Date) throws(OdooSimulatorError) {
        try require("product.product", variantId)
        try require("stock.location", locationId)
        let stamp = nextWriteStamp(now: now)
        guard var quants = tables["stock.quant"] else { return }
        let existing = (0..<quants.count).first {
            quants.value($0, "product_id").id == variantId && quants.value($0, "location_id").id == locationId
        }
        if let existing {
            let id = quants.ids[existing]
            let reserved = quants.value(existing, "reserved_quantity").decimal
            update("stock.quant", id, ["quantity": .decimal(quantity), "available_quantity": .decimal(quantity - reserved)], stamp: stamp)
        } else {
            tables["stock.quant"] = nil
            let id = quants.allocateId()
            var row = quants.blankRow(id: id)
            let values: [String: SimValue] = [
                "product_id": .many2one(variantId), "location_id": .many2one(locationId), "quantity": .decimal(quantity),
                "reserved_quantity": .decimal(0), "available_quantity": .decimal(quantity), "write_date": .timestamp(stamp),
                "create_date": .timestamp(stamp),
            ]
            for (name, value) in values { if let index = quants.schema.storedIndex(name) { row[index] = value } }
            quants.put(id: id, row: row)
            tables["stock.quant"] = quants
            indexQuant(id: id, variantId: variantId)
        }
    }

    mutating func renameTemplate(_ id: Int, to name: String, now: Date, webhooks: OdooWebhookSettings?) throws(OdooSimulatorError) -> [PendingWebhook] {
        try require("product.template", id)
        update("product.template", id, ["name": .text(name)], stamp: nextWriteStamp(now: now))
        return pendingWebhook(.templateCreateOrWrite, id: id, settings: webhooks)
    }

    /// A variant field write bumps that variant only (observed with barcode).
    mutating func setVariantBarcode(_ id: Int, to barcode: String?, now: Date, webhooks: OdooWebhookSettings?) throws(OdooSimulatorError) -> [PendingWebhook] {
        try require("product.product", id)
        update("product.product", id, ["barcode": barcode.map(SimValue.text) ?? .empty], stamp: nextWriteStamp(now: now))
        return pendingWebhook(.variantCreateOrWrite, id: id, settings: webhooks)
    }

    /// Creates a template, its attribute line/PTAVs and variants. Returns the new ids.
    mutating func createProduct(_ product: OdooNewProduct, now: Date) -> (templateId: Int, variantIds: [Int]) {
        let stamp = nextWriteStamp(now: now)
        func insert(_ model: String, _ values: [String: SimValue], id forcedId: Int? = nil) -> Int {
            guard var table = tables[model] else { return 0 }
            tables[model] = nil
            let id = forcedId ?? table.allocateId()
            var row = table.blankRow(id: id)
            var all = values
            all["write_date"] = .timestamp(stamp)
            all["create_date"] = .timestamp(stamp)
            for (name, value) in all { if let index = table.schema.storedIndex(name) { row[index] = value } }
            table.put(id: id, row: row)
            tables[model] = table
            return id
        }
        let templateId = tables["product.template"]?.nextId ?? 1
        var variantIds: [Int] = []
        var lineIds: [Int] = []
        if let attributeName = product.attributeName, !product.attributeValues.isEmpty {
            let attributes = tables["product.attribute"]
            let existing = attributes.flatMap { table in (0..<table.count).first { table.value($0, "name").text == attributeName }.map { table.ids[$0] } }
            let attributeId = existing ?? insert("product.attribute", [
                "name": .text(attributeName), "create_variant": .text("always"), "display_type": .text("radio"), "active": .bool(true),
            ])
            var valueIds: [Int] = [], ptavIds: [Int] = []
            let lineId = tables["product.template.attribute.line"]?.nextId ?? 1
            for (index, value) in product.attributeValues.enumerated() {
                let valueId = insert("product.attribute.value", [
                    "name": .text(value.name), "attribute_id": .many2one(attributeId), "sequence": .int(index),
                    "default_extra_price": .decimal(value.priceExtra), "active": .bool(true),
                ])
                valueIds.append(valueId)
                ptavIds.append(insert("product.template.attribute.value", [
                    "name": .text(value.name), "product_tmpl_id": .many2one(templateId), "attribute_id": .many2one(attributeId),
                    "product_attribute_value_id": .many2one(valueId), "attribute_line_id": .many2one(lineId),
                    "price_extra": .decimal(value.priceExtra), "ptav_active": .bool(true),
                ]))
            }
            let attributeValueIds = (tables["product.attribute"]?.value(id: attributeId, "value_ids").ids ?? []) + valueIds
            update("product.attribute", attributeId, ["value_ids": .ids(attributeValueIds)], stamp: nil)
            lineIds.append(insert("product.template.attribute.line", [
                "product_tmpl_id": .many2one(templateId), "attribute_id": .many2one(attributeId), "value_ids": .ids(valueIds),
                "product_template_value_ids": .ids(ptavIds), "active": .bool(true),
            ], id: lineId))
            for (index, ptavId) in ptavIds.enumerated() {
                variantIds.append(insert("product.product", [
                    "product_tmpl_id": .many2one(templateId), "active": .bool(true),
                    "default_code": product.defaultCode.map { .text("\($0)-\(index + 1)") } ?? .empty,
                    "product_template_attribute_value_ids": .ids([ptavId]), "combination_indices": .text(String(ptavId)),
                    "weight": .decimal(0),
                ]))
            }
        } else {
            variantIds.append(insert("product.product", [
                "product_tmpl_id": .many2one(templateId), "active": .bool(true),
                "default_code": product.defaultCode.map(SimValue.text) ?? .empty, "barcode": product.barcode.map(SimValue.text) ?? .empty,
                "product_template_attribute_value_ids": .ids([]), "combination_indices": .text(""), "weight": .decimal(0),
            ]))
        }
        let currency = tables["res.currency"].flatMap { table in (0..<table.count).first { table.value($0, "rate").decimal == 1 }.map { table.ids[$0] } }
        let singleVariant = variantIds.count == 1
        var template: [String: SimValue] = [
            "name": .text(product.name), "active": .bool(true), "sale_ok": .bool(product.saleOk), "purchase_ok": .bool(true),
            "type": .text("consu"), "list_price": .decimal(product.listPrice), "standard_price": .decimal(0),
            "currency_id": currency.map(SimValue.many2one) ?? .empty, "categ_id": product.categoryId.map(SimValue.many2one) ?? .empty,
            "default_code": singleVariant ? (product.defaultCode.map(SimValue.text) ?? .empty) : .empty,
            "barcode": singleVariant ? (product.barcode.map(SimValue.text) ?? .empty) : .empty,
            "weight": .decimal(0), "volume": .decimal(0), "attribute_line_ids": .ids(lineIds), "product_variant_ids": .ids(variantIds),
        ]
        if version >= 18 { template["is_storable"] = .bool(false) }
        _ = insert("product.template", template, id: templateId)
        return (templateId, variantIds)
    }

    /// The POSTs one product create fires, shaped after the recording (fixtures odoo19/webhook `create_product_*` and
    /// `json2_create_vals_list_all_rules_active_*`): ten template POSTs before the variant exists, the variant rule's
    /// POSTs, three with `default_code` still false, two with the final state, then the no-fields on_create POST.
    func createBurst(templateId: Int, webhooks: OdooWebhookSettings?) throws(OdooSimulatorError) -> [PendingWebhook] {
        try require("product.template", templateId)
        guard let webhooks else { return [] }
        var posts: [PendingWebhook] = []
        for _ in 0..<10 {
            posts += pendingWebhook(.templateCreateOrWrite, id: templateId, settings: webhooks,
                                    overrides: ["product_variant_ids": .ids([])])
        }
        for variant in variantIds(ofTemplate: templateId) {
            for _ in 0..<8 { posts += pendingWebhook(.variantCreateOrWrite, id: variant, settings: webhooks) }
        }
        for _ in 0..<3 {
            posts += pendingWebhook(.templateCreateOrWrite, id: templateId, settings: webhooks, overrides: ["default_code": .empty])
        }
        for _ in 0..<2 { posts += pendingWebhook(.templateCreateOrWrite, id: templateId, settings: webhooks) }
        posts += pendingWebhook(.templateCreateWithoutFields, id: templateId, settings: webhooks)
        return posts
    }
}
