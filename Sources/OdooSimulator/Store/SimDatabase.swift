import ExactJSON
import Foundation
import SyncCore

/// The simulated Odoo database: every model's table, the computed fields Odoo derives on read (variant `lst_price`,
/// `price_extra`, `qty_available`, display names), and rendering of records the way `search_read` answers.
struct SimDatabase: Sendable {
    let version: Int
    var tables: [String: SimTable] = [:]
    /// Display names of records of models the simulator has no table for (e.g. `uom.uom`), taken from the seed.
    var foreignNames: [String: [Int: String]] = [:]
    /// Latest `write_date` handed out, so the simulated clock never goes back.
    var latestWrite = SimTimestamp(microseconds: 0)
    /// Odoo's `ir.sequence` counters (`S00001`, `WH/OUT/00001`): taken even by a create that fails.
    var sequences: [String: Int] = [:]
    /// The delivery carrier's `tracking_url` (with `<shipmenttrackingnumber>`) when the delivery module is installed.
    var carrierTrackingURLTemplate: String?
    /// The automation rules (for the picking rule fired by ORM calls).
    var webhookSettings: OdooWebhookSettings?
    /// Webhooks fired by ORM calls, sent by the server once the call is committed.
    var outbox: [PendingWebhook] = []
    /// quant ids per variant, for `qty_available`.
    private(set) var quantsByVariant: [Int: [Int]] = [:]

    init(version: Int) {
        self.version = version
        for model in SimulatedModels.names {
            if let schema = SimulatedModels.schema(for: model, version: version) { tables[model] = SimTable(schema: schema) }
        }
    }

    func schema(_ model: String) -> ModelSchema? { tables[model]?.schema }

    // MARK: index maintenance

    mutating func rebuildIndexes() {
        var index: [Int: [Int]] = [:]
        if let quants = tables["stock.quant"] {
            for position in 0..<quants.count {
                if let variant = quants.value(position, "product_id").id { index[variant, default: []].append(quants.ids[position]) }
            }
        }
        quantsByVariant = index
        for table in tables.values {
            guard let writeIndex = table.schema.storedIndex("write_date") else { continue }
            for row in table.rows {
                if case .timestamp(let stamp) = row[writeIndex], stamp > latestWrite { latestWrite = stamp }
            }
        }
    }

    mutating func indexQuant(id: Int, variantId: Int) {
        var ids = quantsByVariant[variantId] ?? []
        if !ids.contains(id) { ids.append(id) }
        quantsByVariant[variantId] = ids
    }

    mutating func unindexQuants(variantId: Int) { quantsByVariant[variantId] = nil }

    // MARK: field values (stored or computed)

    func value(_ field: FieldSpec, in table: SimTable, at position: Int) -> SimValue {
        if case .stored(let index) = field.storage { return table.stored(position, index) }
        let id = table.ids[position]
        switch (table.schema.model, field.name) {
        case (_, "display_name"):
            return .text(displayName(model: table.schema.model, id: id))
        case ("product.template", "image_128"):
            // Odoo resizes image_1920 down; the export only kept image_256, which stands in for the small sizes.
            return table.value(position, "image_256")
        case ("product.template", "product_variant_count"):
            return .int(table.value(position, "product_variant_ids").ids.count)
        case ("product.product", "price_extra"):
            return .decimal(priceExtra(variantPTAVs: table.value(position, "product_template_attribute_value_ids").ids))
        case ("product.product", "lst_price"):
            let templateId = table.value(position, "product_tmpl_id").id ?? 0
            let listPrice = tables["product.template"]?.value(id: templateId, "list_price").decimal ?? 0
            return .decimal(listPrice + priceExtra(variantPTAVs: table.value(position, "product_template_attribute_value_ids").ids))
        case ("product.product", "qty_available"):
            return .decimal(quantityOnHand(variantId: id))
        case ("product.product", let related):
            // Related fields of the template (name, sale_ok, categ_id, list_price, currency_id, type).
            let templateId = table.value(position, "product_tmpl_id").id ?? 0
            return tables["product.template"]?.value(id: templateId, related) ?? .empty
        default:
            return orderComputedValue(field, in: table, at: position)
        }
    }

    /// Sum of the PTAV extras of a variant's combination, variant-creating attributes only (as Odoo computes it).
    func priceExtra(variantPTAVs: [Int]) -> Decimal {
        guard let ptavs = tables["product.template.attribute.value"], let attributes = tables["product.attribute"] else { return 0 }
        var total: Decimal = 0
        for ptavId in variantPTAVs {
            guard let position = ptavs.position(of: ptavId) else { continue }
            let attributeId = ptavs.value(position, "attribute_id").id ?? 0
            if attributes.value(id: attributeId, "create_variant").text == "no_variant" { continue }
            total += ptavs.value(position, "price_extra").decimal
        }
        return total
    }

    /// On-hand quantity: sum of the variant's quants in internal locations.
    func quantityOnHand(variantId: Int) -> Decimal {
        guard let quants = tables["stock.quant"], let locations = tables["stock.location"] else { return 0 }
        var total: Decimal = 0
        for quantId in quantsByVariant[variantId] ?? [] {
            guard let position = quants.position(of: quantId) else { continue }
            let locationId = quants.value(position, "location_id").id ?? 0
            guard locations.value(id: locationId, "usage").text == "internal" else { continue }
            total += quants.value(position, "quantity").decimal
        }
        return total
    }

    func displayName(model: String, id: Int) -> String {
        guard let table = tables[model], let position = table.position(of: id) else {
            return foreignNames[model]?[id] ?? "\(model),\(id)"
        }
        let name = table.value(position, "name").text ?? ""
        switch model {
        case "product.product":
            let templateId = table.value(position, "product_tmpl_id").id ?? 0
            var text = tables["product.template"]?.value(id: templateId, "name").text ?? ""
            if let code = table.value(position, "default_code").text, !code.isEmpty { text = "[\(code)] \(text)" }
            let values = table.value(position, "product_template_attribute_value_ids").ids.compactMap {
                tables["product.template.attribute.value"]?.value(id: $0, "name").text
            }
            if !values.isEmpty { text += " (\(values.joined(separator: ", ")))" }
            return text
        case "product.category", "stock.location":
            return table.value(position, "complete_name").text ?? name
        case "product.pricelist":
            let currency = table.value(position, "currency_id").id.map { displayName(model: "res.currency", id: $0) }
            return currency.map { "\(name) (\($0))" } ?? name
        case "product.attribute.value", "product.template.attribute.value":
            let attribute = table.value(position, "attribute_id").id.map { displayName(model: "product.attribute", id: $0) }
            return attribute.map { "\($0): \(name)" } ?? name
        case "product.template.attribute.line":
            return table.value(position, "attribute_id").id.map { displayName(model: "product.attribute", id: $0) } ?? ""
        case "stock.quant":
            return table.value(position, "product_id").id.map { displayName(model: "product.product", id: $0) } ?? ""
        case "product.pricelist.item":
            return "Pricelist Rule \(id)"
        case "res.partner", "res.country.state":
            return orderDisplayName(model: model, table: table, position: position, name: name)
        default:
            return name
        }
    }

    // MARK: rendering

    /// How a value is written: `search_read` shape (many2one `[id, name]`, datetimes cut to seconds) or webhook shape
    /// (many2one bare id, datetimes with microseconds).
    enum RenderStyle: Sendable { case read, readBareIds, webhook }

    func render(_ value: SimValue, field: FieldSpec, style: RenderStyle, into writer: inout JSONWriter) {
        switch value {
        case .empty:
            if field.type.isNumeric { writer.appendRaw(field.type == .integer ? "0" : "0.0") } else { writer.appendRaw("false") }
        case .bool(let flag): writer.appendRaw(flag ? "true" : "false")
        case .int(let number): writer.appendInt(number)
        case .decimal(let number): writer.appendNumber(number, asFloat: field.type != .integer)
        case .text(let text): writer.appendString(text)
        case .many2one(let id):
            if style == .read, let relation = field.relation {
                writer.appendRaw("[")
                writer.appendInt(id)
                writer.appendRaw(", ")
                writer.appendString(displayName(model: relation, id: id))
                writer.appendRaw("]")
            } else {
                writer.appendInt(id)
            }
        case .ids(let ids):
            writer.appendRaw("[")
            for (index, id) in ids.enumerated() {
                if index > 0 { writer.appendRaw(", ") }
                writer.appendInt(id)
            }
            writer.appendRaw("]")
        case .timestamp(let stamp):
            writer.appendString(style == .webhook ? stamp.textWithMicroseconds : stamp.odooText)
        }
    }

    /// Writes records as a JSON list of objects, `id` first and then `fields` in the order asked.
    func renderRecords(
        model: String, positions: [Int], fields: [FieldSpec], style: RenderStyle, into writer: inout JSONWriter
    ) {
        guard let table = tables[model], let idField = table.schema.field("id") else {
            writer.appendRaw("[]")
            return
        }
        let others = fields.filter { $0.name != "id" }
        writer.appendRaw("[")
        for (index, position) in positions.enumerated() {
            writer.appendRaw(index == 0 ? "{" : ", {")
            writer.appendString("id")
            writer.appendRaw(": ")
            render(value(idField, in: table, at: position), field: idField, style: style, into: &writer)
            for field in others {
                writer.appendRaw(", ")
                writer.appendString(field.name)
                writer.appendRaw(": ")
                render(value(field, in: table, at: position), field: field, style: style, into: &writer)
            }
            writer.appendRaw("}")
        }
        writer.appendRaw("]")
    }
}
