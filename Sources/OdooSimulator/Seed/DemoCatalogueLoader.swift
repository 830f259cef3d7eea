import ExactJSON
import Foundation
import SyncCore

/// Turns a catalogue export into simulator rows, keeping every value as the real server returned it. Where the
/// export carries no `write_date` (PTAVs, lines, pricelist items…), one is made up before the oldest exported one.
enum DemoCatalogueLoader {
    /// The server a catalogue is served as when that is not the one it was exported from.
    struct ServerIdentity: Sendable {
        var serverVersion: String
        var majorVersion: Int
        var database: String
    }

    static func load(_ bytes: [UInt8], servedAs identity: ServerIdentity? = nil) throws -> OdooCatalogueSeed {
        let root = try JSONText.parse(bytes)
        guard case .object(let server)? = root["server"], case .object(var models)? = root["models"] else {
            throw OdooSeedError("catalogue needs 'server' and 'models'")
        }
        guard case .object(let version)? = server["version"], case .string(let exportedVersion)? = version["server_version"],
              case .array(let info)? = version["server_version_info"], let exportedMajor = info.first?.intValue else {
            throw OdooSeedError("catalogue server block has no version")
        }
        let serverVersion = identity?.serverVersion ?? exportedVersion
        let major = identity?.majorVersion ?? exportedMajor
        let databaseName = identity?.database ?? server["database"]?.stringValue ?? "odoo\(major)"
        if exportedMajor < 18, major >= 18, case .array(let templates)? = models["product.template"] {
            models["product.template"] = .array(templates.map(storableAsOdoo18))
        }
        var data = SimDatabase(version: major)

        var oldestWrite: SimTimestamp?
        if case .array(let templates)? = models["product.template"] {
            for record in templates {
                if let text = record["write_date"]?.stringValue, let stamp = SimTimestamp.parse(text) {
                    oldestWrite = min(oldestWrite ?? stamp, stamp)
                }
            }
        }
        let syntheticWrite = (oldestWrite ?? SimTimestamp(Date(timeIntervalSince1970: 1_764_000_000))).adding(seconds: -3600)

        for (model, recordsValue) in models {
            guard var table = data.tables[model], case .array(let records) = recordsValue else { continue }
            table.reserveCapacity(records.count)
            for record in records {
                guard let id = record["id"]?.intValue else { continue }
                var row = table.blankRow(id: id)
                for field in table.schema.fields {
                    guard case .stored(let index) = field.storage, field.name != "id" else { continue }
                    guard let raw = record[field.name] else {
                        if field.name == "write_date" || field.name == "create_date" {
                            row[index] = .timestamp(syntheticWrite.adding(microseconds: Self.microseconds(model: model, id: id)))
                        }
                        continue
                    }
                    row[index] = convert(raw, field: field, model: model, id: id, foreignNames: &data.foreignNames)
                }
                table.put(id: id, row: row)
            }
            data.tables[model] = table
        }
        attachImages(root["images"], to: &data)
        linkParentLocations(in: &data)

        let company = server["company_id"]
        let companyId = company.flatMap { value -> Int? in
            if case .array(let pair) = value { return pair.first?.intValue }
            return nil
        } ?? 1
        let companyName: String = {
            if case .array(let pair)? = company, pair.count == 2 { return pair[1].stringValue ?? "My Company" }
            return "My Company"
        }()
        var others: [Int] = []
        if case .array(let ids)? = server["company_ids"] { others = ids.compactMap(\.intValue).filter { $0 != companyId } }
        let currencyCode = server["company_currency"]?.stringValue ?? "USD"
        data.rebuildIndexes()
        return OdooCatalogueSeed(serverVersion: serverVersion, majorVersion: major, database: databaseName,
                                 companyCurrencyCode: currencyCode, companyId: companyId, companyName: companyName,
                                 otherCompanyIds: others, data: data)
    }

    /// The exports carry no `location_id` (parent) on locations; Odoo's `complete_name` is the parent's plus `/name`,
    /// so `WH/Stock/Shelf 1` is a child of `WH/Stock` (when the export has it). `child_of` follows these parents.
    static func linkParentLocations(in data: inout SimDatabase) {
        guard var locations = data.tables["stock.location"] else { return }
        var byPath: [String: Int] = [:]
        for id in locations.ids { if let path = locations.value(id: id, "complete_name").text { byPath[path] = id } }
        for id in locations.ids where locations.value(id: id, "location_id").id == nil {
            guard let path = locations.value(id: id, "complete_name").text, let slash = path.lastIndex(of: "/"),
                  let parent = byPath[String(path[..<slash])], parent != id else { continue }
            locations.set(id: id, "location_id", .many2one(parent))
        }
        data.tables["stock.location"] = locations
    }

    /// Odoo 18 replaced the "product" (storable) type by "consu" with `is_storable` (DIFFS.md).
    private static func storableAsOdoo18(_ template: JSONValue) -> JSONValue {
        guard case .object(var record) = template else { return template }
        let storable = record["type"]?.stringValue == "product"
        if storable { record["type"] = .string("consu") }
        record["is_storable"] = .bool(storable)
        return .object(record)
    }

    /// Stable made-up microseconds, because the export (like every read) shows write dates cut to seconds.
    static func microseconds(model: String, id: Int) -> Int64 {
        var hash: UInt64 = 1469598103934665603
        for byte in model.utf8 { hash = (hash ^ UInt64(byte)) &* 1099511628211 }
        hash = (hash ^ UInt64(truncatingIfNeeded: id)) &* 1099511628211
        return Int64(hash % 999_999) + 1
    }

    static func convert(_ raw: JSONValue, field: FieldSpec, model: String, id: Int, foreignNames: inout [String: [Int: String]]) -> SimValue {
        switch (field.type, raw) {
        case (_, .bool(false)) where field.type != .boolean:
            return field.type == .float || field.type == .monetary ? .decimal(0) : .empty
        case (.boolean, .bool(let flag)): return .bool(flag)
        case (.integer, .number(let number)): return .int(NSDecimalNumber(decimal: number).intValue)
        case (.float, .number(let number)), (.monetary, .number(let number)): return .decimal(number)
        case (.char, .string(let text)), (.text, .string(let text)), (.html, .string(let text)),
             (.selection, .string(let text)), (.binary, .string(let text)):
            return .text(text)
        case (.many2one, .array(let pair)):
            guard let relatedId = pair.first?.intValue else { return .empty }
            if let relation = field.relation, SimulatedModels.schema(for: relation, version: 19) == nil,
               pair.count == 2, let name = pair[1].stringValue {
                foreignNames[relation, default: [:]][relatedId] = name
            }
            return .many2one(relatedId)
        case (.many2one, .number(let number)): return .many2one(NSDecimalNumber(decimal: number).intValue)
        case (.one2many, .array(let items)), (.many2many, .array(let items)): return .ids(items.compactMap(\.intValue))
        case (.datetime, .string(let text)):
            guard var stamp = SimTimestamp.parse(text) else { return .empty }
            if field.name == "write_date" || field.name == "create_date", !text.contains(".") {
                stamp = stamp.adding(microseconds: microseconds(model: model, id: id))
            }
            return .timestamp(stamp)
        default:
            return .empty
        }
    }

    /// `images`: template id → `image_256` (and `image_1920` for a few). The export kept full 1920 images only for
    /// three templates, so `image_1920` falls back to the 256 px image, which is what a reader needs: real image bytes.
    private static func attachImages(_ images: JSONValue?, to data: inout SimDatabase) {
        guard case .object(let byTemplate)? = images, var templates = data.tables["product.template"] else { return }
        for (key, value) in byTemplate {
            guard let id = Int(key), templates.position(of: id) != nil else { continue }
            let small = value["image_256"]?.stringValue
            let large = value["image_1920"]?.stringValue ?? small
            if let large { templates.set(id: id, "image_1920", .text(large)) }
            if let small { templates.set(id: id, "image_256", .text(small)) }
        }
        data.tables["product.template"] = templates
    }
}
