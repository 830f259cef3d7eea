import ExactJSON
import Foundation
import SyncCore

/// (Test support: the service reads webhooks through the OpenAPI types; this decodes recordings for checks.)
///
/// One POST from Odoo's "Send Webhook Notification" server action.
///
/// Odoo signs nothing, sends intermediate states (one product create fires ~15 POSTs) and, on 17, may send before its
/// transaction commits. So a receiver trusts nothing here but `model` and `id`: it treats the POST as a hint and re-reads
/// the record from Odoo. The other fields are kept as sent (`fields`) for logs and diagnostics only.
///
/// Body shape (keys sorted by Odoo): `{"_action": "Medusa webhook on_create_or_write(#462)", "_id": 9,
/// "_model": "product.template", …selected fields…}`; many2one as a bare id, `write_date` with microseconds.
struct OdooWebhookPayload: Decodable, Sendable, Hashable {
    /// `_model`, e.g. "product.template" or "product.product".
    var model: String
    /// `_id`: the record's id.
    var id: Int
    /// `_action`: the server action's name and id, e.g. "Medusa webhook on_archive(#463)" (17 always says
    /// "Send Webhook Notification(#423)"). Absent when the sender left it out.
    var action: String?
    /// Every other key of the body, as sent (untrusted).
    var fields: [String: JSONValue]

    init(model: String, id: Int, action: String? = nil, fields: [String: JSONValue] = [:]) {
        self.model = model
        self.id = id
        self.action = action
        self.fields = fields
    }

    /// The server action id from `_action` ("…(#462)" → 462), to tell rules apart without matching names.
    var actionId: Int? {
        guard let action, let open = action.range(of: "(#", options: .backwards),
              let close = action.range(of: ")", options: .backwards), open.upperBound <= close.lowerBound
        else { return nil }
        return Int(action[open.upperBound..<close.lowerBound])
    }

    /// `write_date` if the rule selected it (microseconds dropped).
    var writeDate: OdooDateTime? {
        fields["write_date"]?.stringValue.flatMap(OdooDateTime.init)
    }

    /// `active` if the rule selected it.
    var active: Bool? {
        if case .bool(let flag)? = fields["active"] { return flag }
        return nil
    }

    /// Parses a raw request body (exact numbers, no Foundation decoder needed).
    init(jsonBody: [UInt8]) throws {
        let value = try JSONText.parse(jsonBody)
        guard case .object(var object) = value else { throw PayloadError.notAnObject }
        guard case .string(let model)? = object.removeValue(forKey: "_model"), !model.isEmpty else {
            throw PayloadError.missing("_model")
        }
        guard let idValue = object.removeValue(forKey: "_id"), let id = Self.exactInt(idValue), id > 0 else {
            throw PayloadError.missing("_id")
        }
        let action = object.removeValue(forKey: "_action")?.stringValue
        self.init(model: model, id: id, action: action, fields: object)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        model = try container.decode(String.self, forKey: AnyKey("_model"))
        id = try container.decode(Int.self, forKey: AnyKey("_id"))
        action = try container.decodeIfPresent(String.self, forKey: AnyKey("_action"))
        var rest: [String: JSONValue] = [:]
        for key in container.allKeys where !["_model", "_id", "_action"].contains(key.stringValue) {
            rest[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        fields = rest
    }

    enum PayloadError: Error, Sendable, Hashable, CustomStringConvertible {
        case notAnObject
        case missing(String)

        public var description: String {
            switch self {
            case .notAnObject: "webhook body is not a JSON object"
            case .missing(let key): "webhook body has no valid \(key)"
            }
        }
    }

    private static func exactInt(_ value: JSONValue) -> Int? {
        guard case .number(let number) = value else { return nil }
        let candidate = NSDecimalNumber(decimal: number).intValue
        return Decimal(candidate) == number ? candidate : nil
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
