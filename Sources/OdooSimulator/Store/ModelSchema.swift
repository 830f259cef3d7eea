import Foundation

/// Field types as `fields_get` names them.
enum FieldType: String, Sendable {
    case char, text, html, boolean, integer, float, monetary, selection, datetime, binary
    case many2one, one2many, many2many

    var isRelational: Bool { self == .many2one || self == .one2many || self == .many2many }
    var isNumeric: Bool { self == .integer || self == .float || self == .monetary }
}

/// One field of a simulated model: stored (a column in the row) or computed on read like Odoo's computed fields.
struct FieldSpec: Sendable {
    enum Storage: Sendable, Equatable { case stored(Int), computed }

    let name: String
    let type: FieldType
    let label: String
    let relation: String?
    let storage: Storage
    let required: Bool
    let readonly: Bool
    let selection: [(String, String)]?

    var isStored: Bool { storage != .computed }
}

/// The fields of one simulated model, for one Odoo version.
struct ModelSchema: Sendable {
    let model: String
    /// `_description`, used in access error messages ("You are not allowed to access 'Product' (product.template)").
    let label: String
    let fields: [FieldSpec]
    private let positions: [String: Int]
    let storedCount: Int

    init(model: String, label: String, definitions: [FieldDefinition]) {
        self.model = model
        self.label = label
        var fields: [FieldSpec] = []
        var storedIndex = 0
        for definition in definitions {
            let storage: FieldSpec.Storage
            if definition.computed { storage = .computed } else { storage = .stored(storedIndex); storedIndex += 1 }
            fields.append(FieldSpec(name: definition.name, type: definition.type, label: definition.label,
                                    relation: definition.relation, storage: storage, required: definition.required,
                                    readonly: definition.computed || ["id", "create_date", "write_date"].contains(definition.name),
                                    selection: definition.selection))
        }
        self.fields = fields
        self.storedCount = storedIndex
        var positions: [String: Int] = [:]
        for (index, field) in fields.enumerated() { positions[field.name] = index }
        self.positions = positions
    }

    func field(_ name: String) -> FieldSpec? { positions[name].map { fields[$0] } }
    var hasActiveField: Bool { positions["active"] != nil }

    func storedIndex(_ name: String) -> Int? {
        guard let field = field(name), case .stored(let index) = field.storage else { return nil }
        return index
    }
}

/// How a field is declared in the simulator's model table.
struct FieldDefinition: Sendable {
    let name: String
    let type: FieldType
    let label: String
    var relation: String? = nil
    var computed = false
    var required = false
    var selection: [(String, String)]? = nil
}

/// The models the simulator serves and their fields, as Odoo 17 and 19 define them (only what the sync and the
/// recordings touch). `id` is stored like any field so rows are self-describing.
enum SimulatedModels {
    static let names = [
        "product.template", "product.product", "product.template.attribute.line", "product.template.attribute.value",
        "product.attribute", "product.attribute.value", "product.category", "res.currency", "product.pricelist",
        "product.pricelist.item", "stock.location", "stock.quant", "res.users", "res.company",
    ] + orderModelNames

    /// Models a portal user may not read (Odoo's ACLs give portal users no product or stock rights).
    static let internalOnly: Set<String> = [
        "product.template", "product.product", "product.template.attribute.line", "product.template.attribute.value",
        "product.attribute", "product.attribute.value", "product.category", "product.pricelist",
        "product.pricelist.item", "stock.location", "stock.quant",
    ]

    static func schema(for model: String, version: Int) -> ModelSchema? {
        guard let (label, definitions) = definitions(model: model, version: version) else { return nil }
        let common: [FieldDefinition] = [
            FieldDefinition(name: "id", type: .integer, label: "ID"),
            FieldDefinition(name: "display_name", type: .char, label: "Display Name", computed: true),
            FieldDefinition(name: "create_date", type: .datetime, label: "Created on"),
            FieldDefinition(name: "write_date", type: .datetime, label: "Last Updated on"),
        ]
        return ModelSchema(model: model, label: label, definitions: common + definitions)
    }

    private static func definitions(model: String, version: Int) -> (String, [FieldDefinition])? {
        let modern = version >= 18
        switch model {
        case "product.template":
            var fields: [FieldDefinition] = [
                .init(name: "name", type: .char, label: "Name", required: true),
                .init(name: "active", type: .boolean, label: "Active"),
                .init(name: "sale_ok", type: .boolean, label: modern ? "Sales" : "Can be Sold"),
                .init(name: "purchase_ok", type: .boolean, label: modern ? "Purchase" : "Can be Purchased"),
                .init(name: "type", type: .selection, label: "Product Type", required: modern,
                      selection: modern ? [("consu", "Goods"), ("service", "Service"), ("combo", "Combo")]
                          : [("consu", "Consumable"), ("service", "Service"), ("product", "Storable Product")]),
                .init(name: "default_code", type: .char, label: "Internal Reference"),
                .init(name: "barcode", type: .char, label: "Barcode"),
                .init(name: "list_price", type: .float, label: "Sales Price"),
                .init(name: "standard_price", type: .float, label: "Cost"),
                .init(name: "currency_id", type: .many2one, label: "Currency", relation: "res.currency"),
                .init(name: "categ_id", type: .many2one, label: "Product Category", relation: "product.category", required: !modern),
                .init(name: "description_sale", type: .text, label: "Sales Description"),
                .init(name: "description", type: .html, label: "Description"),
                .init(name: "weight", type: .float, label: "Weight"),
                .init(name: "volume", type: .float, label: "Volume"),
                .init(name: "uom_id", type: .many2one, label: modern ? "Unit" : "Unit of Measure", relation: "uom.uom", required: true),
                .init(name: "attribute_line_ids", type: .one2many, label: "Product Attributes", relation: "product.template.attribute.line"),
                .init(name: "product_variant_ids", type: .one2many, label: "Products", relation: "product.product"),
                .init(name: "image_1920", type: .binary, label: "Image"),
                .init(name: "image_256", type: .binary, label: "Image 256"),
                .init(name: "image_128", type: .binary, label: "Image 128", computed: true),
                .init(name: "product_variant_count", type: .integer, label: "# Product Variants", computed: true),
            ]
            if modern { fields.insert(.init(name: "is_storable", type: .boolean, label: "Track Inventory"), at: 5) }
            return ("Product", fields)
        case "product.product":
            return ("Product Variant", [
                .init(name: "product_tmpl_id", type: .many2one, label: "Product Template", relation: "product.template", required: true),
                .init(name: "active", type: .boolean, label: "Active"),
                .init(name: "default_code", type: .char, label: "Internal Reference"),
                .init(name: "barcode", type: .char, label: "Barcode"),
                .init(name: "product_template_attribute_value_ids", type: .many2many, label: "Attribute Values",
                      relation: "product.template.attribute.value"),
                .init(name: "combination_indices", type: .char, label: "Combination Indices"),
                .init(name: "weight", type: .float, label: "Weight"),
                .init(name: "image_variant_1920", type: .binary, label: "Variant Image"),
                .init(name: "lst_price", type: .float, label: "Sales Price", computed: true),
                .init(name: "price_extra", type: .float, label: "Variant Price Extra", computed: true),
                .init(name: "qty_available", type: .float, label: "Quantity On Hand", computed: true),
                .init(name: "name", type: .char, label: "Name", computed: true),
                .init(name: "sale_ok", type: .boolean, label: modern ? "Sales" : "Can be Sold", computed: true),
                .init(name: "categ_id", type: .many2one, label: "Product Category", relation: "product.category", computed: true),
                .init(name: "list_price", type: .float, label: "Sales Price", computed: true),
                .init(name: "currency_id", type: .many2one, label: "Currency", relation: "res.currency", computed: true),
                .init(name: "type", type: .selection, label: "Product Type", computed: true),
            ])
        case "product.template.attribute.line":
            return ("Product Template Attribute Line", [
                .init(name: "product_tmpl_id", type: .many2one, label: "Product Template", relation: "product.template", required: true),
                .init(name: "attribute_id", type: .many2one, label: "Attribute", relation: "product.attribute", required: true),
                .init(name: "value_ids", type: .many2many, label: "Values", relation: "product.attribute.value"),
                .init(name: "product_template_value_ids", type: .one2many, label: "Product Attribute Values",
                      relation: "product.template.attribute.value"),
                .init(name: "active", type: .boolean, label: "Active"),
            ])
        case "product.template.attribute.value":
            return ("Product Template Attribute Value", [
                .init(name: "name", type: .char, label: "Value"),
                .init(name: "product_tmpl_id", type: .many2one, label: "Product Template", relation: "product.template"),
                .init(name: "attribute_id", type: .many2one, label: "Attribute", relation: "product.attribute"),
                .init(name: "product_attribute_value_id", type: .many2one, label: "Attribute Value", relation: "product.attribute.value", required: true),
                .init(name: "attribute_line_id", type: .many2one, label: "Attribute Line", relation: "product.template.attribute.line", required: true),
                .init(name: "price_extra", type: .float, label: "Extra Price"),
                .init(name: "ptav_active", type: .boolean, label: "Active"),
            ])
        case "product.attribute":
            var fields: [FieldDefinition] = [
                .init(name: "name", type: .char, label: "Attribute", required: true),
                .init(name: "create_variant", type: .selection, label: "Variant Creation",
                      selection: [("always", "Instantly"), ("dynamic", "Dynamically"), ("no_variant", "Never")]),
                .init(name: "display_type", type: .selection, label: "Display Type",
                      selection: [("radio", "Radio"), ("pills", "Pills"), ("select", "Select"), ("color", "Color"), ("multi", "Multi-checkbox")]),
                .init(name: "sequence", type: .integer, label: "Sequence"),
                .init(name: "value_ids", type: .one2many, label: "Values", relation: "product.attribute.value"),
            ]
            if version >= 19 { fields.append(.init(name: "active", type: .boolean, label: "Active")) }
            return ("Product Attribute", fields)
        case "product.attribute.value":
            var fields: [FieldDefinition] = [
                .init(name: "name", type: .char, label: "Value", required: true),
                .init(name: "attribute_id", type: .many2one, label: "Attribute", relation: "product.attribute", required: true),
                .init(name: "sequence", type: .integer, label: "Sequence"),
                .init(name: "default_extra_price", type: .float, label: "Default Extra Price"),
                .init(name: "html_color", type: .char, label: "Color"),
            ]
            if version >= 19 { fields.append(.init(name: "active", type: .boolean, label: "Active")) }
            return ("Attribute Value", fields)
        case "product.category":
            return ("Product Category", [
                .init(name: "name", type: .char, label: "Name", required: true),
                .init(name: "complete_name", type: .char, label: "Complete Name"),
                .init(name: "parent_id", type: .many2one, label: "Parent Category", relation: "product.category"),
            ])
        case "res.currency":
            return ("Currency", [
                .init(name: "name", type: .char, label: "Currency", required: true),
                .init(name: "symbol", type: .char, label: "Symbol"),
                .init(name: "rounding", type: .float, label: "Rounding Factor"),
                .init(name: "decimal_places", type: .integer, label: "Decimal Places"),
                .init(name: "rate", type: .float, label: "Current Rate"),
                .init(name: "position", type: .selection, label: "Symbol Position", selection: [("after", "After Amount"), ("before", "Before Amount")]),
                .init(name: "active", type: .boolean, label: "Active"),
            ])
        case "product.pricelist":
            return ("Pricelist", [
                .init(name: "name", type: .char, label: "Pricelist Name", required: true),
                .init(name: "currency_id", type: .many2one, label: "Currency", relation: "res.currency", required: true),
                .init(name: "active", type: .boolean, label: "Active"),
                .init(name: "item_ids", type: .one2many, label: "Pricelist Rules", relation: "product.pricelist.item"),
                .init(name: "company_id", type: .many2one, label: "Company", relation: "res.company"),
            ])
        case "product.pricelist.item":
            return ("Pricelist Rule", [
                .init(name: "pricelist_id", type: .many2one, label: "Pricelist", relation: "product.pricelist", required: true),
                .init(name: "applied_on", type: .selection, label: "Apply On", required: true,
                      selection: [("3_global", "All Products"), ("2_product_category", "Product Category"),
                                  ("1_product", "Product"), ("0_product_variant", "Product Variant")]),
                .init(name: "product_tmpl_id", type: .many2one, label: "Product", relation: "product.template"),
                .init(name: "product_id", type: .many2one, label: "Variant", relation: "product.product"),
                .init(name: "categ_id", type: .many2one, label: "Product Category", relation: "product.category"),
                .init(name: "compute_price", type: .selection, label: "Price Type", required: true,
                      selection: [("fixed", "Fixed Price"), ("percentage", "Discount"), ("formula", "Formula")]),
                .init(name: "fixed_price", type: .float, label: "Fixed Price"),
                .init(name: "percent_price", type: .float, label: "Percentage Price"),
                .init(name: "price_discount", type: .float, label: "Price Discount"),
                .init(name: "price_surcharge", type: .float, label: "Extra Fee"),
                .init(name: "price_round", type: .float, label: "Rounding Method"),
                .init(name: "price_min_margin", type: .float, label: "Min. Price Margin"),
                .init(name: "price_max_margin", type: .float, label: "Max. Price Margin"),
                .init(name: "base", type: .selection, label: "Based on", required: true,
                      selection: [("list_price", "Sales Price"), ("standard_price", "Cost"), ("pricelist", "Other Pricelist")]),
                .init(name: "base_pricelist_id", type: .many2one, label: "Other Pricelist", relation: "product.pricelist"),
                .init(name: "min_quantity", type: .float, label: "Min. Quantity"),
                .init(name: "date_start", type: .datetime, label: "Start Date"),
                .init(name: "date_end", type: .datetime, label: "End Date"),
            ])
        case "stock.location":
            return ("Inventory Locations", [
                .init(name: "name", type: .char, label: "Location Name", required: true),
                .init(name: "complete_name", type: .char, label: "Full Location Name"),
                .init(name: "usage", type: .selection, label: "Location Type", required: true,
                      selection: [("supplier", "Vendor"), ("view", "Virtual"), ("internal", "Internal"), ("customer", "Customer"),
                                  ("inventory", "Inventory Loss"), ("production", "Production"), ("transit", "Transit")]),
                .init(name: "warehouse_id", type: .many2one, label: "Warehouse", relation: "stock.warehouse"),
                .init(name: "location_id", type: .many2one, label: "Parent Location", relation: "stock.location"),
                .init(name: "active", type: .boolean, label: "Active"),
            ])
        case "stock.quant":
            return ("Quants", [
                .init(name: "product_id", type: .many2one, label: "Product", relation: "product.product", required: true),
                .init(name: "location_id", type: .many2one, label: "Location", relation: "stock.location", required: true),
                .init(name: "quantity", type: .float, label: "Quantity"),
                .init(name: "reserved_quantity", type: .float, label: "Reserved Quantity"),
                .init(name: "available_quantity", type: .float, label: "Available Quantity"),
            ])
        case "res.users":
            return ("User", [
                .init(name: "name", type: .char, label: "Name"),
                .init(name: "login", type: .char, label: "Login", required: true),
                .init(name: "active", type: .boolean, label: "Active"),
                .init(name: "company_id", type: .many2one, label: "Company", relation: "res.company", required: true),
            ])
        case "res.company":
            return ("Companies", [
                .init(name: "name", type: .char, label: "Company Name", required: true),
                .init(name: "currency_id", type: .many2one, label: "Currency", relation: "res.currency", required: true),
            ])
        default:
            return orderDefinitions(model: model, version: version)
        }
    }
}
