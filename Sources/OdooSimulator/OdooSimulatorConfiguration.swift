import Foundation

/// A user the simulated Odoo knows, with the API key that authenticates as them.
public struct OdooSimulatedUser: Sendable, Hashable {
    /// `internal` reads the catalogue and sells; `portal` authenticates but gets AccessError / 403 on product and stock
    /// models, like a portal user's key on a real server; `withoutSales` is an internal user with only
    /// `base.group_user` (the recordings' `<API_KEY_NOACCESS>`, ORDERS.md §8): it reads products and contacts, but
    /// creating a contact or a sale order, or reading sale orders, answers Odoo's AccessError naming the groups.
    public enum Role: String, Sendable, Hashable { case `internal`, portal, withoutSales }

    public var uid: Int
    public var login: String
    public var name: String
    public var apiKey: String
    public var role: Role

    public init(uid: Int, login: String, name: String, apiKey: String, role: Role = .internal) {
        self.uid = uid; self.login = login; self.name = name; self.apiKey = apiKey; self.role = role
    }

    public static let defaultAdmin = OdooSimulatedUser(uid: 2, login: "admin", name: "Mitchell Admin", apiKey: "sim-admin-api-key")
    public static let defaultPortal = OdooSimulatedUser(uid: 7, login: "portal", name: "Joel Willis", apiKey: "sim-portal-api-key", role: .portal)
    public static let defaultWithoutSales = OdooSimulatedUser(uid: 8, login: "nosales", name: "No Sales Rights",
                                                              apiKey: "sim-nosales-api-key", role: .withoutSales)
}

/// How a simulated Odoo behaves beyond its catalogue: who may log in, which database name it answers to, and where
/// its automation rules send webhooks.
public struct OdooSimulatorConfiguration: Sendable {
    /// Database name; nil takes the seed's (`odoo19` / `odoo17` for the demo catalogues).
    public var database: String?
    public var users: [OdooSimulatedUser]
    /// When true, a JSON-2 request without `X-Odoo-Database` gets the 404 "No database is selected" page, as on a
    /// server that lists several databases; false behaves like a single-database server (the header may be omitted).
    public var multipleDatabases: Bool
    public var webhooks: OdooWebhookSettings?
    /// Sends one webhook POST. The simulator adds the 1 s timeout and never retries.
    public var webhookSender: OdooWebhookSender?
    /// The clock for new `write_date`s (never goes back behind the newest one stored).
    public var clock: @Sendable () -> Date
    /// Seed of the fault injector's random choices.
    public var faultSeed: UInt64
    /// Whether `stock_delivery` is installed (ORDERS.md §6). False is a fresh Odoo: stock.picking has no
    /// `carrier_tracking_ref`, `carrier_tracking_url` or `carrier_id`, and asking for them is Odoo's ValueError.
    public var deliveryModuleInstalled: Bool
    /// The carrier's `tracking_url` (`…<shipmenttrackingnumber>…`) that 19 fills into `carrier_tracking_url` of pickings
    /// with a carrier; nil = a carrier without one. 17 never gives a URL.
    public var carrierTrackingURL: String?

    public init(
        database: String? = nil, users: [OdooSimulatedUser] = [.defaultAdmin, .defaultPortal, .defaultWithoutSales], multipleDatabases: Bool = false,
        webhooks: OdooWebhookSettings? = nil, webhookSender: OdooWebhookSender? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }, faultSeed: UInt64 = 0x0D00,
        deliveryModuleInstalled: Bool = false, carrierTrackingURL: String? = nil
    ) {
        self.database = database; self.users = users; self.multipleDatabases = multipleDatabases
        self.webhooks = webhooks; self.webhookSender = webhookSender; self.clock = clock; self.faultSeed = faultSeed
        self.deliveryModuleInstalled = deliveryModuleInstalled; self.carrierTrackingURL = carrierTrackingURL
    }
}

/// Sends a webhook body to a URL; throws when the receiver fails or is unreachable.
public typealias OdooWebhookSender = @Sendable (_ url: String, _ body: [UInt8]) async throws -> Void

/// The automation rules ("Send Webhook Notification" actions) of the simulated Odoo, all posting to one URL as
/// docs/odoo.md sets them up.
public struct OdooWebhookSettings: Sendable {
    public var url: String
    /// product.template: on create and update (selected fields in `templateFields`).
    public var templateOnCreateOrWrite: Bool
    /// product.template: on archive.
    public var templateOnArchive: Bool
    /// product.template: on deletion.
    public var templateOnUnlink: Bool
    /// product.template: on creation, no fields selected (body is only `_action`, `_id`, `_model`).
    public var templateOnCreateWithoutFields: Bool
    /// product.product: on create and update (selected fields in `variantFields`).
    public var variantOnCreateOrWrite: Bool
    /// stock.picking: when `state` is set to `done` (ORDERS.md §9): one POST per picking reaching done.
    public var pickingOnDone: Bool
    public var pickingFields: [String]
    public var templateFields: [String]
    public var variantFields: [String]
    /// Per POST; Odoo's `requests.post(..., timeout=1)`.
    public var timeout: Duration
    /// nil: as the version does — 19 sends after commit, 17 inside the transaction (before a re-read would see it).
    public var sendBeforeCommit: Bool?
    /// Odoo 17 pitfall (DIFFS.md): an on_archive rule created over RPC without trigger fields fires on every save.
    public var odoo17ArchiveRuleFiresOnEverySave: Bool

    public init(
        url: String, templateOnCreateOrWrite: Bool = true, templateOnArchive: Bool = true, templateOnUnlink: Bool = true,
        templateOnCreateWithoutFields: Bool = true, variantOnCreateOrWrite: Bool = false,
        templateFields: [String] = OdooWebhookSettings.recordedTemplateFields,
        variantFields: [String] = OdooWebhookSettings.recordedVariantFields, timeout: Duration = .seconds(1),
        sendBeforeCommit: Bool? = nil, odoo17ArchiveRuleFiresOnEverySave: Bool = false, pickingOnDone: Bool = false,
        pickingFields: [String] = OdooWebhookSettings.recordedPickingFields
    ) {
        self.pickingOnDone = pickingOnDone; self.pickingFields = pickingFields
        self.url = url; self.templateOnCreateOrWrite = templateOnCreateOrWrite; self.templateOnArchive = templateOnArchive
        self.templateOnUnlink = templateOnUnlink; self.templateOnCreateWithoutFields = templateOnCreateWithoutFields
        self.variantOnCreateOrWrite = variantOnCreateOrWrite; self.templateFields = templateFields
        self.variantFields = variantFields; self.timeout = timeout; self.sendBeforeCommit = sendBeforeCommit
        self.odoo17ArchiveRuleFiresOnEverySave = odoo17ArchiveRuleFiresOnEverySave
    }

    /// The fields the recorded rules selected (fixtures odoo19/webhook).
    public static let recordedTemplateFields = [
        "active", "attribute_line_ids", "barcode", "categ_id", "default_code", "id", "list_price", "name",
        "product_variant_ids", "sale_ok", "write_date",
    ]
    /// The fields of the recorded picking rule (`odoo19/webhook_picking/webhook_backorder_process_12.json`); the
    /// carrier ones are left out of the body when the delivery module is not installed.
    public static let recordedPickingFields = [
        "backorder_id", "carrier_id", "carrier_tracking_ref", "date_done", "id", "move_ids", "name", "origin", "partner_id",
        "picking_type_code", "sale_id", "scheduled_date", "state", "write_date",
    ]
    public static let recordedVariantFields = [
        "active", "barcode", "default_code", "id", "lst_price", "price_extra", "product_template_attribute_value_ids",
        "product_tmpl_id", "write_date",
    ]
}
