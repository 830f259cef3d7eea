import ExactJSON
import Foundation
import SyncCore

/// `create` and `write` as the orders sync uses them: `vals_list` (a dict alone on JSON-RPC answers a bare id), Odoo's
/// value conventions (`false` empties, many2many commands), an unknown field as Odoo's ValueError, and a many2one to a
/// record that does not exist as the foreign-key ValidationError real Odoo gives (`partner_create_invalid_country.json`).
/// Ids are taken before the values are checked, so a failed create consumes them as in PostgreSQL.
extension SimDatabase {
    /// Models the simulator creates and writes with the generic path (sale orders and products have their own).
    static let plainlyWritableModels: Set<String> = ["res.partner", "account.tax", "res.country", "res.country.state"]

    mutating func create(_ call: ORMCall, valsList: JSONValue?) throws(SimulatedOdooException) -> JSONValue {
        let single: Bool
        let list: [JSONValue]
        switch valsList {
        case .object?: single = true; list = [valsList!]
        case .array(let items)?: single = false; list = items
        default: throw .typeError("create() missing 1 required positional argument: 'vals_list'")
        }
        var objects: [[String: JSONValue]] = []
        for item in list {
            guard case .object(let object) = item else { throw .valueError("vals_list must be a list of dictionaries") }
            objects.append(object)
        }
        let ids: [Int]
        switch call.model {
        case "sale.order": ids = try createSaleOrders(objects, call: call)
        case "stock.backorder.confirmation": ids = try createBackorderWizards(objects, call: call)
        case "product.product": ids = try objects.map { values throws(SimulatedOdooException) in try createServiceProduct(values, call: call) }
        case let model where Self.plainlyWritableModels.contains(model):
            ids = try createPlainRecords(model: model, objects, call: call)
        default:
            throw .unknownMethod(call.model, "create", version: version, json2: call.viaJSON2)
        }
        if single, let id = ids.first { return .number(Decimal(id)) }
        return .array(ids.map { .number(Decimal($0)) })
    }

    /// Written by a warehouse user (move quantities, `picked`; a picking's tracking reference, also once done).
    static let stockWritableModels: Set<String> = ["stock.move", "stock.picking"]

    mutating func write(_ call: ORMCall, vals: JSONValue?) throws(SimulatedOdooException) -> JSONValue {
        guard Self.plainlyWritableModels.contains(call.model) || Self.stockWritableModels.contains(call.model) else {
            throw .unknownMethod(call.model, "write", version: version, json2: call.viaJSON2)
        }
        guard case .object(let object)? = vals else { throw .typeError("write() missing 1 required positional argument: 'vals'") }
        let ids = call.ids ?? []
        for id in ids where tables[call.model]?.position(of: id) == nil { throw .missingRecord(model: call.model, ids: [id], uid: call.user.uid) }
        let values = try convertValues(object, model: call.model)
        let stamp = nextWriteStamp(now: call.now)
        for id in ids { setValues(call.model, id: id, values, stamp: stamp) }
        return .bool(true)
    }

    // MARK: pieces

    private mutating func createPlainRecords(model: String, _ objects: [[String: JSONValue]], call: ORMCall) throws(SimulatedOdooException) -> [Int] {
        let ids = allocateIds(model, count: objects.count)
        var rows: [[String: SimValue]] = []
        for object in objects {
            var values = try convertValues(object, model: model)
            if model == "res.partner", values["type"] == nil { values["type"] = .text("contact") }
            rows.append(values)
        }
        let stamp = nextWriteStamp(now: call.now)
        for (id, values) in zip(ids, rows) { insertSeedRecord(model, id: id, stamp: stamp, values: values) }
        return ids
    }

    /// A product created over the API (the shipping service): a template with one variant; `taxes_id` and other
    /// accounting keys are accepted and not kept (the simulator has no product taxes).
    private mutating func createServiceProduct(_ object: [String: JSONValue], call: ORMCall) throws(SimulatedOdooException) -> Int {
        guard let name = object["name"]?.stringValue, !name.isEmpty else {
            throw SimulatedOdooException("odoo.exceptions.ValidationError", "The operation cannot be completed: Missing required value for the field 'Name' (name).", json2Status: 422)
        }
        var listPrice: Decimal = 0
        if case .number(let price)? = object["list_price"] { listPrice = price }
        let product = OdooNewProduct(name: name, listPrice: listPrice, defaultCode: object["default_code"]?.stringValue,
                                     saleOk: object["sale_ok"] != .bool(false))
        let created = createProduct(product, now: call.now)
        var template: [String: SimValue] = ["type": .text(object["type"]?.stringValue ?? "consu")]
        if case .bool(let purchase)? = object["purchase_ok"] { template["purchase_ok"] = .bool(purchase) }
        setValues("product.template", id: created.templateId, template, stamp: nil)
        return created.variantIds.first ?? 0
    }

    mutating func allocateIds(_ model: String, count: Int) -> [Int] {
        guard var table = tables[model] else { return [] }
        tables[model] = nil
        let ids = (0..<count).map { _ in table.allocateId() }
        tables[model] = table
        return ids
    }

    mutating func setValues(_ model: String, id: Int, _ values: [String: SimValue], stamp: SimTimestamp?) {
        guard var table = tables[model] else { return }
        tables[model] = nil
        for (name, value) in values { table.set(id: id, name, value) }
        if let stamp { table.set(id: id, "write_date", .timestamp(stamp)) }
        tables[model] = table
    }

    /// Field values as stored, checked like Odoo checks them. Computed fields without an inverse are ignored (Odoo
    /// only logs a warning); one2many values are left to the model's own create.
    func convertValues(_ object: [String: JSONValue], model: String) throws(SimulatedOdooException) -> [String: SimValue] {
        guard let schema = schema(model) else { throw .unknownModel(model, json2: false) }
        var values: [String: SimValue] = [:]
        for (name, raw) in object {
            guard let field = schema.field(name) else { throw .invalidField(name, model: model, version: version) }
            guard field.isStored, name != "id", field.type != .one2many else { continue }
            values[name] = try convert(raw, field: field, model: model, schema: schema)
        }
        return values
    }

    private func convert(_ raw: JSONValue, field: FieldSpec, model: String, schema: ModelSchema) throws(SimulatedOdooException) -> SimValue {
        if raw == .bool(false) || raw == .null { return field.type == .boolean ? .bool(false) : (field.type == .many2many ? .ids([]) : .empty) }
        switch field.type {
        case .char, .text, .html, .selection:
            guard case .string(let text) = raw else { throw .valueError("Wrong value for \(model).\(field.name): \(PythonRepr.value(raw))") }
            if let choices = field.selection, !choices.contains(where: { $0.0 == text }) {
                throw .valueError("Wrong value for \(model).\(field.name): \(PythonRepr.value(raw))")
            }
            return .text(text)
        case .boolean:
            return .bool(raw != .bool(false) && raw != .number(0))
        case .integer:
            guard let number = raw.intValue else { throw .valueError("invalid literal for int(): \(PythonRepr.value(raw))") }
            return .int(number)
        case .float, .monetary:
            guard case .number(let number) = raw else { throw .valueError("could not convert to float: \(PythonRepr.value(raw))") }
            return .decimal(number)
        case .many2one:
            guard let id = raw.intValue else { throw .valueError("Wrong value for \(model).\(field.name): \(PythonRepr.value(raw))") }
            if let relation = field.relation, let related = tables[relation], related.position(of: id) == nil {
                throw .foreignKey(model: model, label: schema.label, field: field, version: version)
            }
            return .many2one(id)
        case .many2many:
            return .ids(try Self.many2manyIds(raw, current: []))
        case .datetime:
            guard case .string(let text) = raw, let stamp = SimTimestamp.parse(text, lenient: true) else {
                throw .valueError("time data \(PythonRepr.value(raw)) does not match format '%Y-%m-%d %H:%M:%S'")
            }
            return .timestamp(stamp)
        case .binary, .one2many:
            return .empty
        }
    }

    /// `[[6, 0, ids]]`, `[[4, id]]`, `[[3, id]]`, `[[5]]`, or a plain list of ids.
    static func many2manyIds(_ raw: JSONValue, current: [Int]) throws(SimulatedOdooException) -> [Int] {
        guard case .array(let items) = raw else { throw .valueError("Wrong many2many value \(PythonRepr.value(raw))") }
        var ids = current
        for item in items {
            if let id = item.intValue { if !ids.contains(id) { ids.append(id) }; continue }
            guard case .array(let command) = item, let code = command.first?.intValue else {
                throw .valueError("Wrong many2many command \(PythonRepr.value(item))")
            }
            switch code {
            case 6:
                guard command.count == 3, case .array(let list) = command[2] else { throw .valueError("Wrong many2many command \(PythonRepr.value(item))") }
                ids = list.compactMap(\.intValue)
            case 4: if let id = command.count > 1 ? command[1].intValue : nil, !ids.contains(id) { ids.append(id) }
            case 3: if let id = command.count > 1 ? command[1].intValue : nil { ids.removeAll { $0 == id } }
            case 5: ids = []
            default: throw .valueError("Wrong many2many command \(PythonRepr.value(item))")
            }
        }
        return ids
    }
}

extension SimulatedOdooException {
    /// PostgreSQL's foreign-key violation as Odoo words it (a misleading "delete" text, recorded on 19 and 17).
    static func foreignKey(model: String, label: String, field: FieldSpec, version: Int) -> Self {
        let message = version >= 19
            ? "The operation cannot be completed: Another model is using the record you are trying to delete.\n\nThe troublemaker is: '\(label)' (\(model))\nThanks to the following constraint: '\(field.label)' (\(field.name))\nHow about archiving the record instead?"
            : "The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\nModel: \(label) (\(model))\nConstraint: \(model.replacingOccurrences(of: ".", with: "_"))_\(field.name)_fkey\n"
        return Self("odoo.exceptions.ValidationError", message, json2Status: 422)
    }

    static func missingRecord(model: String, ids: [Int], uid: Int) -> Self {
        let list = ids.map(String.init).joined(separator: ", ")
        return Self("odoo.exceptions.MissingError",
                    "Record does not exist or has been deleted.\n(Record: \(model)(\(list),), User: \(uid))", json2Status: 404)
    }

    static func userError(_ message: String) -> Self { Self("odoo.exceptions.UserError", message, json2Status: 422) }
}
