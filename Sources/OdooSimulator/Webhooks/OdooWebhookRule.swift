import ExactJSON
import Foundation
import SyncCore

/// The automation rules the simulated Odoo can have, named and numbered like the recorded ones.
enum OdooWebhookRule: Sendable, CaseIterable {
    case templateCreateOrWrite, templateArchive, templateUnlink, templateCreateWithoutFields, variantCreateOrWrite
    /// stock.picking, on state set to done (ORDERS.md §9).
    case pickingDone

    /// `_action`: 19 keeps the name we gave the action; 17 recomputes it to "Send Webhook Notification".
    func actionLabel(version: Int) -> String {
        if version < 19 {
            let id: Int
            switch self {
            case .templateCreateOrWrite: id = 423
            case .templateArchive: id = 424
            case .templateUnlink: id = 425
            case .templateCreateWithoutFields: id = 426
            case .variantCreateOrWrite: id = 427
            case .pickingDone: id = 426
            }
            return "Send Webhook Notification(#\(id))"
        }
        switch self {
        case .templateCreateOrWrite: return "Medusa webhook on_create_or_write(#462)"
        case .templateArchive: return "Medusa webhook on_archive(#463)"
        case .templateUnlink: return "Medusa webhook on_unlink(#464)"
        case .templateCreateWithoutFields: return "Medusa webhook on_create_no_fields(#465)"
        case .variantCreateOrWrite: return "Medusa webhook variant(#466)"
        case .pickingDone: return "Medusa webhook picking done(#461)"
        }
    }

    var model: String {
        switch self {
        case .variantCreateOrWrite: "product.product"
        case .pickingDone: "stock.picking"
        default: "product.template"
        }
    }

    func isEnabled(in settings: OdooWebhookSettings) -> Bool {
        switch self {
        case .templateCreateOrWrite: settings.templateOnCreateOrWrite
        case .templateArchive: settings.templateOnArchive
        case .templateUnlink: settings.templateOnUnlink
        case .templateCreateWithoutFields: settings.templateOnCreateWithoutFields
        case .variantCreateOrWrite: settings.variantOnCreateOrWrite
        case .pickingDone: settings.pickingOnDone
        }
    }

    func fields(in settings: OdooWebhookSettings) -> [String] {
        switch self {
        case .templateCreateWithoutFields: []
        case .variantCreateOrWrite: settings.variantFields
        case .pickingDone: settings.pickingFields
        default: settings.templateFields
        }
    }
}

/// A POST the simulated Odoo is about to send.
struct PendingWebhook: Sendable {
    var url: String
    var body: [UInt8]
    var model: String
    var id: Int
    var action: String
}

extension SimDatabase {
    /// The body Odoo sends: `_action`, `_id`, `_model` and the rule's fields, keys sorted, many2one as bare ids,
    /// `write_date` with microseconds. `overrides` replace field values (for the intermediate states of a create).
    func webhookBody(rule: OdooWebhookRule, id: Int, settings: OdooWebhookSettings, overrides: [String: SimValue] = [:]) -> [UInt8]? {
        guard let table = tables[rule.model], let position = table.position(of: id) else { return nil }
        var entries: [(key: String, write: (inout JSONWriter) -> Void)] = [
            ("_action", { $0.appendString(rule.actionLabel(version: self.version)) }),
            ("_id", { $0.appendInt(id) }),
            ("_model", { $0.appendString(rule.model) }),
        ]
        for name in rule.fields(in: settings) {
            guard let field = table.schema.field(name) else { continue }
            let value = overrides[name] ?? self.value(field, in: table, at: position)
            entries.append((name, { self.render(value, field: field, style: .webhook, into: &$0) }))
        }
        entries.sort { $0.key < $1.key }
        var writer = JSONWriter(reservingCapacity: 512)
        writer.appendRaw("{")
        for (index, entry) in entries.enumerated() {
            if index > 0 { writer.appendRaw(", ") }
            writer.appendString(entry.key)
            writer.appendRaw(": ")
            entry.write(&writer)
        }
        writer.appendRaw("}")
        return writer.bytes
    }

    func pendingWebhook(_ rule: OdooWebhookRule, id: Int, settings: OdooWebhookSettings?, overrides: [String: SimValue] = [:]) -> [PendingWebhook] {
        guard let settings, rule.isEnabled(in: settings),
              let body = webhookBody(rule: rule, id: id, settings: settings, overrides: overrides) else { return [] }
        var posts = [PendingWebhook(url: settings.url, body: body, model: rule.model, id: id, action: rule.actionLabel(version: version))]
        if rule == .templateCreateOrWrite, version < 19, settings.odoo17ArchiveRuleFiresOnEverySave, settings.templateOnArchive,
           let archiveBody = webhookBody(rule: .templateArchive, id: id, settings: settings, overrides: overrides) {
            posts.append(PendingWebhook(url: settings.url, body: archiveBody, model: rule.model, id: id,
                                        action: OdooWebhookRule.templateArchive.actionLabel(version: version)))
        }
        return posts
    }
}
