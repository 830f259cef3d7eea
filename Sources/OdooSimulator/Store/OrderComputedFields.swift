import Foundation

/// The computed fields and display names of the orders models, as Odoo derives them on read.
extension SimDatabase {
    func orderComputedValue(_ field: FieldSpec, in table: SimTable, at position: Int) -> SimValue {
        let id = table.ids[position]
        switch (table.schema.model, field.name) {
        case ("res.partner", "child_ids"):
            // Active children only, as Odoo's one2many reads them.
            var children: [Int] = []
            for candidate in 0..<table.count where table.value(candidate, "parent_id").id == id && table.value(candidate, "active").flag {
                children.append(table.ids[candidate])
            }
            return .ids(children)
        case ("res.partner", "commercial_partner_id"):
            var current = id, steps = 0
            while let parent = table.value(id: current, "parent_id").id, steps < 64 { current = parent; steps += 1 }
            return .many2one(current)
        case ("res.partner", "company_type"):
            return .text(table.value(position, "is_company").flag ? "company" : "person")
        case ("account.tax", "price_include"):
            // 19: the override, else the company default (tax excluded in the demo companies).
            return .bool(table.value(position, "price_include_override").text == "tax_included")
        case ("account.tax", "company_price_include"):
            return .text("tax_excluded")
        case ("stock.picking", "picking_type_code"):
            return .text(SimulatedPickingType.code(ofTypeId: table.value(position, "picking_type_id").id))
        case ("stock.picking", "backorder_ids"):
            var backorders: [Int] = []
            for candidate in 0..<table.count where table.value(candidate, "backorder_id").id == id {
                backorders.append(table.ids[candidate])
            }
            return .ids(backorders)
        case ("stock.picking", "carrier_tracking_url"):
            // 19 fills the carrier's `tracking_url` template; 17's fixed carriers never give one (ORDERS.md §6).
            guard version >= 19, let template = carrierTrackingURLTemplate, table.value(position, "carrier_id").id != nil,
                  let reference = table.value(position, "carrier_tracking_ref").text, !reference.isEmpty else { return .empty }
            return .text(template.replacingOccurrences(of: "<shipmenttrackingnumber>", with: reference))
        case ("sale.order", "currency_id"):
            guard let pricelistId = table.value(position, "pricelist_id").id else { return .empty }
            return tables["product.pricelist"]?.value(id: pricelistId, "currency_id") ?? .empty
        default:
            return .empty
        }
    }

    /// A contact's child reads "Parent, Child" (`partner_read_with_children.json`); a state "California (US)".
    func orderDisplayName(model: String, table: SimTable, position: Int, name: String) -> String {
        switch model {
        case "res.partner":
            guard let parentId = table.value(position, "parent_id").id, table.position(of: parentId) != nil else { return name }
            return displayName(model: "res.partner", id: parentId) + ", " + name
        case "res.country.state":
            let code = table.value(position, "country_id").id.flatMap { tables["res.country"]?.value(id: $0, "code").text }
            return code.map { "\(name) (\($0))" } ?? name
        default:
            return name
        }
    }
}
