import ExactJSON
import Foundation
import SyncCore

/// One model method call, as both protocols deliver it after authentication.
struct ORMCall: Sendable {
    var model: String
    var method: String
    /// Records of a record method (`read`): JSON-2 `ids`, or JSON-RPC's first positional argument.
    var ids: [Int]?
    /// JSON-RPC positional arguments after the ids.
    var positional: [JSONValue]
    var named: [String: JSONValue]
    var context: [String: JSONValue]
    var user: OdooSimulatedUser
    var viaJSON2: Bool
    /// The server's clock when the call arrived (for `write_date`s of what it creates or changes).
    var now = Date()
}

/// The methods the simulator implements (reads, and the writes and workflow actions of the orders sync), with Odoo's
/// signatures so positional and named arguments bind alike.
enum SimulatedMethod: String, Sendable, CaseIterable {
    case searchRead = "search_read"
    case read
    case search
    case searchCount = "search_count"
    case fieldsGet = "fields_get"
    case contextGet = "context_get"
    case create
    case write
    case actionConfirm = "action_confirm"
    case actionCancel = "action_cancel"
    case buttonValidate = "button_validate"
    case process
    case processCancelBackorder = "process_cancel_backorder"

    var parameters: [String] {
        switch self {
        case .searchRead: ["domain", "fields", "offset", "limit", "order"]
        case .read: ["fields", "load"]
        case .search: ["domain", "offset", "limit", "order"]
        case .searchCount: ["domain", "limit"]
        case .fieldsGet: ["allfields", "attributes"]
        case .contextGet: []
        case .create: ["vals_list"]
        case .write: ["vals"]
        case .actionConfirm, .actionCancel, .buttonValidate, .process, .processCancelBackorder: []
        }
    }

    /// Extra keywords accepted (`search_read` passes `load` on to the read).
    var extraKeywords: [String] { self == .searchRead ? ["load"] : [] }
    var isRecordMethod: Bool {
        [.read, .write, .actionConfirm, .actionCancel, .buttonValidate, .process, .processCancelBackorder].contains(self)
    }
    /// The model a workflow action belongs to (other models do not have it); nil for the ORM's own methods.
    var onlyModel: String? {
        switch self {
        case .actionConfirm, .actionCancel: "sale.order"
        case .buttonValidate: "stock.picking"
        case .process, .processCancelBackorder: "stock.backorder.confirmation"
        default: nil
        }
    }
}

extension SimDatabase {
    /// Runs a call and returns the JSON of its result, or raises what Odoo would raise.
    mutating func execute(_ call: ORMCall) throws(SimulatedOdooException) -> [UInt8] {
        if call.method.hasPrefix("_") { throw .privateMethod(call.model, call.method, version: version) }
        guard let table = tables[call.model] else { throw .unknownModel(call.model, json2: call.viaJSON2) }
        guard let method = SimulatedMethod(rawValue: call.method), method != .contextGet || call.model == "res.users",
              method.onlyModel.map({ $0 == call.model }) ?? true else {
            throw .unknownMethod(call.model, call.method, version: version, json2: call.viaJSON2)
        }
        if let denial = OrderAccessRights.denial(for: call, version: version) { throw denial }
        if call.user.role == .portal, SimulatedModels.internalOnly.contains(call.model) {
            throw .accessError(model: call.model, label: table.schema.label, version: version)
        }
        if call.viaJSON2, call.ids != nil, !method.isRecordMethod {
            throw SimulatedOdooException("werkzeug.exceptions.UnprocessableEntity",
                                         "cannot call \(call.model).\(call.method) with ids", json2Status: 422)
        }
        let arguments = try bind(call, method: method)
        let activeTest: Bool = {
            if case .bool(false)? = call.context["active_test"] { return false }
            return true
        }()
        var writer = JSONWriter(reservingCapacity: 1024)
        switch method {
        case .searchRead:
            let fields = try fieldList(arguments["fields"], schema: table.schema)
            let domain = try compileDomain(arguments["domain"] ?? .array([]), model: call.model)
            let positions = try search(model: call.model, domain: domain, order: arguments["order"]?.stringValue,
                                       offset: Self.integer(arguments["offset"]) ?? 0, limit: Self.integer(arguments["limit"]),
                                       activeTest: activeTest)
            writer.bytes.reserveCapacity(positions.count * 256)
            renderRecords(model: call.model, positions: positions, fields: fields, style: Self.style(arguments["load"]), into: &writer)
        case .read:
            let fields = try fieldList(arguments["fields"], schema: table.schema)
            let positions = (call.ids ?? []).compactMap { table.position(of: $0) }
            renderRecords(model: call.model, positions: positions, fields: fields, style: Self.style(arguments["load"]), into: &writer)
        case .search:
            let domain = try compileDomain(arguments["domain"] ?? .array([]), model: call.model)
            let positions = try search(model: call.model, domain: domain, order: arguments["order"]?.stringValue,
                                       offset: Self.integer(arguments["offset"]) ?? 0, limit: Self.integer(arguments["limit"]),
                                       activeTest: activeTest)
            writer.append(.array(positions.map { .number(Decimal(table.ids[$0])) }))
        case .searchCount:
            let domain = try compileDomain(arguments["domain"] ?? .array([]), model: call.model)
            let positions = try search(model: call.model, domain: domain, order: nil, offset: 0,
                                       limit: Self.integer(arguments["limit"]), activeTest: activeTest)
            writer.appendInt(positions.count)
        case .fieldsGet:
            writer.append(fieldsGet(schema: table.schema, fields: arguments["allfields"], attributes: arguments["attributes"]))
        case .contextGet:
            writer.append(.object(["lang": .string("en_US"), "tz": .string("Europe/Brussels"), "uid": .number(Decimal(call.user.uid))]))
        case .create:
            writer.append(try create(call, valsList: arguments["vals_list"]))
        case .write:
            writer.append(try write(call, vals: arguments["vals"]))
        case .actionConfirm:
            writer.append(try confirmSaleOrders(call))
        case .actionCancel:
            writer.append(try cancelSaleOrders(call))
        case .buttonValidate:
            writer.append(try validatePickings(call))
        case .process:
            writer.append(try processBackorderWizard(call, keepRemainder: true))
        case .processCancelBackorder:
            writer.append(try processBackorderWizard(call, keepRemainder: false))
        }
        return writer.bytes
    }

    private func bind(_ call: ORMCall, method: SimulatedMethod) throws(SimulatedOdooException) -> [String: JSONValue] {
        let parameters = method.parameters
        guard call.positional.count <= parameters.count else {
            throw .typeError("BaseModel.\(method.rawValue)() takes from 1 to \(parameters.count + 1) positional arguments but \(call.positional.count + 1) were given")
        }
        var bound: [String: JSONValue] = [:]
        for (index, value) in call.positional.enumerated() { bound[parameters[index]] = value }
        for (name, value) in call.named {
            guard parameters.contains(name) || method.extraKeywords.contains(name) else {
                throw .unexpectedKeyword(name, method: method.rawValue)
            }
            if bound[name] != nil { throw .typeError("BaseModel.\(method.rawValue)() got multiple values for argument '\(name)'") }
            bound[name] = value
        }
        return bound
    }

    /// The fields to render: all of them when none are named; an unknown name is Odoo's ValueError.
    private func fieldList(_ value: JSONValue?, schema: ModelSchema) throws(SimulatedOdooException) -> [FieldSpec] {
        guard case .array(let names)? = value, !names.isEmpty else { return schema.fields }
        var fields: [FieldSpec] = []
        for name in names {
            guard case .string(let text) = name else { throw .valueError("Invalid field \(PythonRepr.value(name))") }
            guard let field = schema.field(text) else { throw .invalidField(text, model: schema.model, version: version) }
            fields.append(field)
        }
        return fields
    }

    private func fieldsGet(schema: ModelSchema, fields: JSONValue?, attributes: JSONValue?) -> JSONValue {
        var wanted: Set<String>?
        if case .array(let names)? = fields, !names.isEmpty { wanted = Set(names.compactMap(\.stringValue)) }
        var attributeFilter: Set<String>?
        if case .array(let names)? = attributes, !names.isEmpty { attributeFilter = Set(names.compactMap(\.stringValue)) }
        var result: [String: JSONValue] = [:]
        for field in schema.fields where wanted?.contains(field.name) ?? true {
            var description: [String: JSONValue] = [
                "type": .string(field.type.rawValue), "string": .string(field.label), "readonly": .bool(field.readonly),
                "required": .bool(field.required), "store": .bool(field.isStored),
            ]
            if let relation = field.relation { description["relation"] = .string(relation) }
            if let selection = field.selection {
                description["selection"] = .array(selection.map { .array([.string($0.0), .string($0.1)]) })
            }
            if let attributeFilter { description = description.filter { attributeFilter.contains($0.key) } }
            result[field.name] = .object(description)
        }
        return .object(result)
    }

    private static func integer(_ value: JSONValue?) -> Int? {
        guard case .number(let number)? = value else { return nil }
        return NSDecimalNumber(decimal: number).intValue
    }

    /// `load: null` (JSON-2) or `load: "_classic_write"` returns many2one as a bare id.
    private static func style(_ load: JSONValue?) -> RenderStyle {
        switch load {
        case .null?: .readBareIds
        case .string("_classic_write")?: .readBareIds
        default: .read
        }
    }
}
