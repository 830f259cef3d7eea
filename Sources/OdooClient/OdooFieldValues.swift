import ExactJSON
import Foundation
import SyncCore

/// One record as Odoo sent it, read through Odoo's value conventions in one place:
/// `false` means empty, many2one is `[id, "name"]` (or `{"id", "name"}` from `web_search_read`, or a bare id with
/// `load: null` and in webhooks), datetimes are `"YYYY-MM-DD HH:MM:SS"` UTC, numbers are exact decimals.
/// Fields the record does not carry read as absent (nil / default), so partial reads decode too.
public struct OdooFieldValues: Sendable, Hashable {
    public let model: String
    public let values: [String: JSONValue]

    public init(model: String, values: [String: JSONValue]) {
        self.model = model
        self.values = values
    }

    public init(model: String, json: JSONValue) throws(OdooError) {
        guard case .object(let object) = json else {
            throw OdooError(kind: .unexpectedData, model: model, message: "expected a record object")
        }
        self.init(model: model, values: object)
    }

    /// The records of a `search_read`/`read` result (a list) or of a `web_search_read` result (`{"records": [...]}`).
    public static func records(model: String, from result: JSONValue) throws(OdooError) -> [OdooFieldValues] {
        let list: [JSONValue]
        switch result {
        case .array(let items): list = items
        case .object(let object):
            guard case .array(let items)? = object["records"] else {
                throw OdooError(kind: .unexpectedData, model: model, message: "expected a list of records")
            }
            list = items
        default:
            throw OdooError(kind: .unexpectedData, model: model, message: "expected a list of records")
        }
        var records: [OdooFieldValues] = []
        records.reserveCapacity(list.count)
        for item in list { records.append(try OdooFieldValues(model: model, json: item)) }
        return records
    }

    public func has(_ field: String) -> Bool { values[field] != nil }

    public subscript(field: String) -> JSONValue? { values[field] }

    // MARK: scalars

    public func int(_ field: String) throws(OdooError) -> Int {
        guard let value = try optionalInt(field) else { throw problem(field, "is missing or empty") }
        return value
    }

    public func optionalInt(_ field: String) throws(OdooError) -> Int? {
        switch values[field] {
        case nil, .null?, .bool(false)?: return nil
        case .number(let number)?:
            guard let value = Self.exactInt(number) else { throw problem(field, "is not a whole number: \(number)") }
            return value
        default: throw problem(field, "is not a number")
        }
    }

    public func string(_ field: String) throws(OdooError) -> String {
        guard let value = try optionalString(field) else { throw problem(field, "is missing or empty") }
        return value
    }

    /// `false`, `null` and absent all mean "no value" (Odoo sends `false` for an empty char field).
    public func optionalString(_ field: String) throws(OdooError) -> String? {
        switch values[field] {
        case nil, .null?, .bool(false)?: return nil
        case .string(let text)?: return text
        default: throw problem(field, "is not text")
        }
    }

    public func bool(_ field: String, default fallback: Bool) throws(OdooError) -> Bool {
        switch values[field] {
        case nil, .null?: return fallback
        case .bool(let flag)?: return flag
        default: throw problem(field, "is not a boolean")
        }
    }

    public func optionalBool(_ field: String) throws(OdooError) -> Bool? {
        switch values[field] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        default: throw problem(field, "is not a boolean")
        }
    }

    /// An exact decimal (money, quantities). Odoo never sends `false` for a float, but an absent field is an error.
    public func decimal(_ field: String) throws(OdooError) -> Decimal {
        guard let value = try optionalDecimal(field) else { throw problem(field, "is missing") }
        return value
    }

    public func optionalDecimal(_ field: String) throws(OdooError) -> Decimal? {
        switch values[field] {
        case nil, .null?, .bool(false)?: return nil
        case .number(let number)?: return number
        default: throw problem(field, "is not a number")
        }
    }

    // MARK: relations

    /// Id of a many2one: `[id, "name"]`, `{"id": id, …}`, a bare id, or `false`.
    public func many2oneId(_ field: String) throws(OdooError) -> Int? {
        switch values[field] {
        case nil, .null?, .bool(false)?: return nil
        case .number(let number)?:
            guard let id = Self.exactInt(number) else { throw problem(field, "is not a record id") }
            return id
        case .array(let pair)?:
            guard pair.count == 2, case .number(let number) = pair[0], let id = Self.exactInt(number) else {
                throw problem(field, "is not a [id, name] pair")
            }
            return id
        case .object(let object)?:
            guard case .number(let number)? = object["id"], let id = Self.exactInt(number) else {
                throw problem(field, "is not an {id, name} object")
            }
            return id
        default: throw problem(field, "is not a many2one value")
        }
    }

    /// Display name of a many2one, when the form carries one.
    public func many2oneName(_ field: String) throws(OdooError) -> String? {
        switch values[field] {
        case .array(let pair)? where pair.count == 2:
            if case .string(let name) = pair[1] { return name }
            return nil
        case .object(let object)?:
            if case .string(let name)? = object["display_name"] ?? object["name"] { return name }
            return nil
        default:
            _ = try many2oneId(field)
            return nil
        }
    }

    /// Ids of an x2many (`[1, 2]`; `web_search_read` may nest `{"id": 1, …}` objects); `false`/absent → `[]`.
    public func ids(_ field: String) throws(OdooError) -> [Int] {
        switch values[field] {
        case nil, .null?, .bool(false)?: return []
        case .array(let items)?:
            var ids: [Int] = []
            ids.reserveCapacity(items.count)
            for item in items {
                switch item {
                case .number(let number):
                    guard let id = Self.exactInt(number) else { throw problem(field, "holds a non-id") }
                    ids.append(id)
                case .object(let object):
                    guard case .number(let number)? = object["id"], let id = Self.exactInt(number) else {
                        throw problem(field, "holds a record without id")
                    }
                    ids.append(id)
                default: throw problem(field, "holds a non-id")
                }
            }
            return ids
        default: throw problem(field, "is not a list of ids")
        }
    }

    /// The nested records of an x2many read with a `web_search_read` specification.
    public func nestedRecords(_ field: String, model nestedModel: String) throws(OdooError) -> [OdooFieldValues] {
        switch values[field] {
        case nil, .null?, .bool(false)?: return []
        case .array(let items)?:
            var records: [OdooFieldValues] = []
            for item in items { records.append(try OdooFieldValues(model: nestedModel, json: item)) }
            return records
        default: throw problem(field, "is not a list of records")
        }
    }

    // MARK: dates and binaries

    /// `"YYYY-MM-DD HH:MM:SS"` (UTC; webhooks add microseconds, which are dropped); `false` → nil.
    public func dateTime(_ field: String) throws(OdooError) -> OdooDateTime? {
        switch values[field] {
        case nil, .null?, .bool(false)?: return nil
        case .string(let text)?:
            guard let value = OdooDateTime(text) else { throw problem(field, "is not an Odoo datetime: \(text)") }
            return value
        default: throw problem(field, "is not a datetime")
        }
    }

    public func requiredDateTime(_ field: String) throws(OdooError) -> OdooDateTime {
        guard let value = try dateTime(field) else { throw problem(field, "is missing") }
        return value
    }

    /// Bytes of a binary field sent as base64; `false` → nil. (Recordings cut images short and add
    /// `<field>__full_length`; such extra keys are simply not read.)
    public func base64(_ field: String) throws(OdooError) -> [UInt8]? {
        guard let text = try optionalString(field) else { return nil }
        guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
            throw problem(field, "is not base64")
        }
        return Array(data)
    }

    // MARK: helpers

    static func exactInt(_ number: Decimal) -> Int? {
        guard !number.isNaN else { return nil }
        let candidate = NSDecimalNumber(decimal: number).intValue
        return Decimal(candidate) == number ? candidate : nil
    }

    private func problem(_ field: String, _ what: String) -> OdooError {
        let id = values["id"].flatMap { value -> String? in
            if case .number(let number) = value { return "\(number)" }
            return nil
        }
        let subject = id.map { "\(model)(\($0)).\(field)" } ?? "\(model).\(field)"
        return OdooError(kind: .unexpectedData, model: model, message: "\(subject) \(what)")
    }
}
