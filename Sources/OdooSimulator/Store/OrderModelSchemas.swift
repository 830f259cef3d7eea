import Foundation

/// The models of the orders sync (contacts, regions, taxes, sale orders and their deliveries), with the fields the
/// recordings of `shared/contracts/odoo/ORDERS.md` read and write, named per version (`tax_id` / `tax_ids`,
/// `product_uom` / `product_uom_id`, `mobile` only before 19, `price_include_override` only on 19).
extension SimulatedModels {
    static let orderModelNames = [
        "res.partner", "res.country", "res.country.state", "account.tax", "sale.order", "sale.order.line", "stock.picking",
        "stock.move", "stock.backorder.confirmation",
    ]

    /// What `stock_delivery` adds to stock.picking (ORDERS.md §6): without it these are invalid fields (ValueError).
    static let deliveryModulePickingFields: [FieldDefinition] = [
        .init(name: "carrier_id", type: .many2one, label: "Carrier", relation: "delivery.carrier"),
        .init(name: "carrier_tracking_ref", type: .char, label: "Tracking Reference"),
        .init(name: "carrier_tracking_url", type: .char, label: "Tracking URL", computed: true),
    ]

    /// stock.picking with the delivery module's fields, for a simulator configured with it installed.
    static func pickingSchemaWithDeliveryModule(version: Int) -> ModelSchema? {
        guard let base = schema(for: "stock.picking", version: version) else { return nil }
        let definitions = base.fields.map { field in
            FieldDefinition(name: field.name, type: field.type, label: field.label, relation: field.relation,
                            computed: !field.isStored, required: field.required, selection: field.selection)
        }
        return ModelSchema(model: "stock.picking", label: base.label, definitions: definitions + deliveryModulePickingFields)
    }

    /// Each model's `_order`, used when a search names none (sale orders come newest first, contacts by name).
    static let defaultOrder: [String: String] = [
        "sale.order": "id desc", "res.partner": "display_name asc, id desc", "res.country": "name asc", "stock.picking": "id desc",
    ]

    /// The many2many of a sale order line's taxes on this version (the other name is an invalid field).
    static func lineTaxField(version: Int) -> String { version >= 19 ? "tax_ids" : "tax_id" }

    static func orderDefinitions(model: String, version: Int) -> (String, [FieldDefinition])? {
        switch model {
        case "res.partner":
            var fields: [FieldDefinition] = [
                .init(name: "name", type: .char, label: "Name"),
                .init(name: "active", type: .boolean, label: "Active"),
                .init(name: "type", type: .selection, label: "Address Type",
                      selection: version >= 19
                          ? [("contact", "Contact"), ("invoice", "Invoice"), ("delivery", "Delivery"), ("other", "Other")]
                          : [("contact", "Contact"), ("invoice", "Invoice Address"), ("delivery", "Delivery Address"),
                             ("other", "Other Address")]),
                .init(name: "parent_id", type: .many2one, label: "Related Company", relation: "res.partner"),
                .init(name: "child_ids", type: .one2many, label: "Contact", relation: "res.partner", computed: true),
                .init(name: "commercial_partner_id", type: .many2one, label: "Commercial Entity", relation: "res.partner",
                      computed: true),
                .init(name: "is_company", type: .boolean, label: "Is a Company"),
                .init(name: "company_type", type: .selection, label: "Company Type", computed: true,
                      selection: [("person", version >= 19 ? "Person" : "Individual"), ("company", "Company")]),
                .init(name: "ref", type: .char, label: "Reference"),
                .init(name: "lang", type: .selection, label: "Language", selection: [("en_US", "English (US)")]),
                .init(name: "customer_rank", type: .integer, label: "Customer Rank"),
                .init(name: "vat", type: .char, label: "Tax ID"),
                .init(name: "company_name", type: .char, label: "Company Name"),
                .init(name: "email", type: .char, label: "Email"),
                .init(name: "phone", type: .char, label: "Phone"),
                .init(name: "street", type: .char, label: "Street"),
                .init(name: "street2", type: .char, label: "Street2"),
                .init(name: "city", type: .char, label: "City"),
                .init(name: "zip", type: .char, label: "Zip"),
                .init(name: "state_id", type: .many2one, label: "State", relation: "res.country.state"),
                .init(name: "country_id", type: .many2one, label: "Country", relation: "res.country"),
                .init(name: "company_id", type: .many2one, label: "Company", relation: "res.company"),
            ]
            if version < 19 { fields.insert(.init(name: "mobile", type: .char, label: "Mobile"), at: 10) }
            return ("Contact", fields)
        case "res.country":
            return ("Country", [
                .init(name: "name", type: .char, label: "Country Name", required: true),
                .init(name: "code", type: .char, label: "Country Code"),
                .init(name: "phone_code", type: .integer, label: "Country Calling Code"),
                .init(name: "state_required", type: .boolean, label: "State Required"),
                .init(name: "zip_required", type: .boolean, label: "Zip Required"),
            ])
        case "res.country.state":
            return ("Country state", [
                .init(name: "name", type: .char, label: "State Name", required: true),
                .init(name: "code", type: .char, label: "State Code", required: true),
                .init(name: "country_id", type: .many2one, label: "Country", relation: "res.country", required: true),
            ])
        case "account.tax":
            var fields: [FieldDefinition] = [
                .init(name: "name", type: .char, label: "Tax Name", required: true),
                .init(name: "active", type: .boolean, label: "Active"),
                .init(name: "amount", type: .float, label: "Amount"),
                .init(name: "amount_type", type: .selection, label: "Tax Computation", required: true,
                      selection: [("group", "Group of Taxes"), ("fixed", "Fixed"), ("percent", "Percentage"),
                                  ("division", "Percentage Tax Included")]),
                .init(name: "type_tax_use", type: .selection, label: "Tax Type", required: true,
                      selection: [("sale", "Sales"), ("purchase", "Purchases"), ("none", "None")]),
                .init(name: "company_id", type: .many2one, label: "Company", relation: "res.company", required: true),
            ]
            if version >= 19 {
                // 19: `price_include` is computed from the override and the company default, read-only, not stored.
                fields += [
                    .init(name: "price_include_override", type: .selection, label: "Included in Price",
                          selection: [("tax_included", "Tax Included"), ("tax_excluded", "Tax Excluded")]),
                    .init(name: "price_include", type: .boolean, label: "Included in Price", computed: true),
                    .init(name: "company_price_include", type: .selection, label: "Default Sales Price Include", computed: true,
                          selection: [("tax_included", "Tax Included"), ("tax_excluded", "Tax Excluded")]),
                ]
            } else {
                fields.append(.init(name: "price_include", type: .boolean, label: "Included in Price"))
            }
            return ("Tax", fields)
        case "sale.order":
            return ("Sales Order", [
                .init(name: "name", type: .char, label: "Order Reference", required: true),
                .init(name: "state", type: .selection, label: "Status",
                      selection: [("draft", "Quotation"), ("sent", "Quotation Sent"), ("sale", "Sales Order"),
                                  ("cancel", "Cancelled")] + (version < 17 ? [("done", "Locked")] : [])),
                .init(name: "partner_id", type: .many2one, label: "Customer", relation: "res.partner", required: true),
                .init(name: "partner_invoice_id", type: .many2one, label: "Invoice Address", relation: "res.partner", required: true),
                .init(name: "partner_shipping_id", type: .many2one, label: "Delivery Address", relation: "res.partner", required: true),
                .init(name: "pricelist_id", type: .many2one, label: "Pricelist", relation: "product.pricelist"),
                .init(name: "currency_id", type: .many2one, label: "Currency", relation: "res.currency", computed: true),
                .init(name: "company_id", type: .many2one, label: "Company", relation: "res.company", required: true),
                .init(name: "date_order", type: .datetime, label: "Order Date"),
                .init(name: "warehouse_id", type: .many2one, label: "Warehouse", relation: "stock.warehouse"),
                .init(name: "client_order_ref", type: .char, label: "Customer Reference"),
                .init(name: "origin", type: .char, label: "Source Document"),
                .init(name: "order_line", type: .one2many, label: "Order Lines", relation: "sale.order.line"),
                .init(name: "amount_untaxed", type: .monetary, label: "Untaxed Amount"),
                .init(name: "amount_tax", type: .monetary, label: "Taxes"),
                .init(name: "amount_total", type: .monetary, label: "Total"),
                .init(name: "picking_ids", type: .one2many, label: "Transfers", relation: "stock.picking"),
                .init(name: "delivery_status", type: .selection, label: "Delivery Status",
                      selection: [("pending", "Not Delivered"), ("started", "Started"), ("partial", "Partially Delivered"),
                                  ("full", "Fully Delivered")]),
                .init(name: "locked", type: .boolean, label: "Locked"),
            ])
        case "sale.order.line":
            let uomField = version >= 19 ? "product_uom_id" : "product_uom"
            return ("Sales Order Line", [
                .init(name: "order_id", type: .many2one, label: "Order Reference", relation: "sale.order", required: true),
                .init(name: "sequence", type: .integer, label: "Sequence"),
                .init(name: "display_type", type: .selection, label: "Display Type",
                      selection: [("line_section", "Section"), ("line_note", "Note")]
                          + (version >= 19 ? [("line_subsection", "Subsection")] : [])),
                .init(name: "product_id", type: .many2one, label: "Product", relation: "product.product"),
                .init(name: "name", type: .text, label: "Description", required: true),
                .init(name: "product_uom_qty", type: .float, label: "Quantity", required: true),
                .init(name: uomField, type: .many2one, label: "Unit", relation: "uom.uom"),
                .init(name: "price_unit", type: .float, label: "Unit Price", required: true),
                .init(name: "discount", type: .float, label: "Discount (%)"),
                .init(name: lineTaxField(version: version), type: .many2many, label: "Taxes", relation: "account.tax"),
                .init(name: "price_subtotal", type: .monetary, label: "Subtotal"),
                .init(name: "price_tax", type: .float, label: "Total Tax"),
                .init(name: "price_total", type: .monetary, label: "Total"),
                .init(name: "qty_delivered", type: .float, label: "Delivery Quantity"),
            ])
        case "stock.picking":
            return ("Transfer", [
                .init(name: "name", type: .char, label: "Reference"),
                .init(name: "origin", type: .char, label: "Source Document"),
                .init(name: "state", type: .selection, label: "Status",
                      selection: [("draft", "Draft"), ("waiting", "Waiting Another Operation"), ("confirmed", "Waiting"),
                                  ("assigned", "Ready"), ("done", "Done"), ("cancel", "Cancelled")]),
                .init(name: "sale_id", type: .many2one, label: "Sales Order", relation: "sale.order"),
                .init(name: "partner_id", type: .many2one, label: "Contact", relation: "res.partner"),
                .init(name: "location_id", type: .many2one, label: "Source Location", relation: "stock.location"),
                .init(name: "location_dest_id", type: .many2one, label: "Destination Location", relation: "stock.location"),
                .init(name: "move_ids", type: .one2many, label: "Stock Moves", relation: "stock.move"),
                .init(name: "date_done", type: .datetime, label: "Date of Transfer"),
                .init(name: "scheduled_date", type: .datetime, label: "Scheduled Date"),
                .init(name: "picking_type_id", type: .many2one, label: "Operation Type", relation: "stock.picking.type"),
                // Related to the operation type, not stored, searchable (`*/stock_picking_fields_get_subset.json`).
                .init(name: "picking_type_code", type: .selection, label: "Type of Operation", computed: true,
                      selection: [("incoming", "Receipt"), ("outgoing", "Delivery"), ("internal", "Internal Transfer")]),
                .init(name: "backorder_id", type: .many2one, label: "Back Order of", relation: "stock.picking"),
                .init(name: "backorder_ids", type: .one2many, label: "Back Orders", relation: "stock.picking", computed: true),
            ])
        case "stock.backorder.confirmation":
            // The wizard `button_validate` answers when a quantity is below the demand (ORDERS.md §5).
            return ("Backorder Confirmation", [
                .init(name: "pick_ids", type: .many2many, label: "Pick", relation: "stock.picking"),
                // One line per picking (`to_backorder`); the simulator keeps only their ids.
                .init(name: "backorder_confirmation_line_ids", type: .one2many, label: "Backorder Confirmation Lines",
                      relation: "stock.backorder.confirmation.line"),
                .init(name: "show_transfers", type: .boolean, label: "Show Transfers"),
            ])
        case "stock.move":
            return ("Stock Move", [
                .init(name: "picking_id", type: .many2one, label: "Transfer", relation: "stock.picking"),
                .init(name: "product_id", type: .many2one, label: "Product", relation: "product.product", required: true),
                .init(name: "product_uom_qty", type: .float, label: "Demand", required: true),
                .init(name: "quantity", type: .float, label: "Quantity"),
                .init(name: "picked", type: .boolean, label: "Picked"),
                .init(name: "sale_line_id", type: .many2one, label: "Sale Line", relation: "sale.order.line"),
                .init(name: "state", type: .selection, label: "Status",
                      selection: [("draft", "New"), ("confirmed", "Waiting Availability"), ("assigned", "Available"),
                                  ("done", "Done"), ("cancel", "Cancelled")]),
            ])
        default:
            return nil
        }
    }
}
