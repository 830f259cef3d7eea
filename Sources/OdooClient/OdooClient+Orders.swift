import ExactJSON
import Foundation
import SyncCore

/// The orders side (`OdooSales`): lookups, contacts and sale orders over JSON-2 or JSON-RPC, following what real Odoo
/// 17 and 19 did in `shared/contracts/odoo/ORDERS.md`. The version differences stay here: the line tax field
/// (`tax_id` on 17 and 18, `tax_ids` on 19) and 17's cancel wizard. Every failure is a classified `OdooError`; an
/// `AccessError` is `.accessDenied` (`.configuration`) and its description carries Odoo's own message, which names
/// the model, the operation and the groups that would grant it.
extension OdooClient: OdooSales {
    // MARK: lookups

    public func countries(codes: [String]) async throws -> [String: Int] {
        let wanted = Self.unique(codes.map { $0.uppercased() })
        guard !wanted.isEmpty else { return [:] }
        let records = try await searchReadRecords(
            model: "res.country", domain: .condition("code", "in", .array(wanted.map(JSONValue.string))),
            fields: ["id", "code"], order: "id asc", context: nil)
        var byCode: [String: Int] = [:]
        for record in records { byCode[try record.string("code").uppercased()] = try record.int("id") }
        return byCode
    }

    public func states(countryIds: [Int: String]) async throws -> [String: [String: Int]] {
        guard !countryIds.isEmpty else { return [:] }
        let records = try await searchReadRecords(
            model: "res.country.state", domain: .field("country_id", in: countryIds.keys.sorted()),
            fields: ["id", "code", "country_id"], order: "id asc", context: nil)
        var byCountry: [String: [String: Int]] = [:]
        for record in records {
            guard let countryId = try record.many2oneId("country_id"), let countryCode = countryIds[countryId] else { continue }
            byCountry[countryCode.uppercased(), default: [:]][try record.string("code")] = try record.int("id")
        }
        return byCountry
    }

    /// Filtered by the user's company: without it a multi-company user sees every company's taxes (ORDERS.md §2).
    public func saleTaxes() async throws -> [OdooSaleTax] {
        let companyId = try await userCompanyId()
        let domain = OdooDomain.condition("type_tax_use", "=", .string("sale"))
            .and(.condition("company_id", "=", .number(Decimal(companyId))))
            .and(.condition("amount_type", "=", .string("percent")))
        let records = try await searchReadRecords(model: "account.tax", domain: domain,
                                                  fields: ["id", "amount", "price_include"], order: "id asc", context: nil)
        return try records.map { record in
            OdooSaleTax(id: try record.int("id"), rate: try record.decimal("amount"),
                        priceIncluded: try record.bool("price_include", default: false))
        }
    }

    /// Pricelists of the user's company or shared ones (`company_id` false). The currency's code is its display name
    /// in the many2one (`[1, "USD"]`); a server that sends no name gets it from `res.currency`.
    public func salePricelists() async throws -> [OdooSalePricelist] {
        let companyId = try await userCompanyId()
        let records = try await searchReadRecords(
            model: "product.pricelist",
            domain: .condition("company_id", "in", .array([.bool(false), .number(Decimal(companyId))])),
            fields: ["id", "name", "currency_id", "company_id"], order: "id asc", context: nil)
        var unnamedCurrencies: [Int] = []
        for record in records where try record.many2oneName("currency_id") == nil {
            if let id = try record.many2oneId("currency_id") { unnamedCurrencies.append(id) }
        }
        var currencyCodes: [Int: String] = [:]
        if !unnamedCurrencies.isEmpty {
            let currencies = try await recordsMatching(model: "res.currency", ids: unnamedCurrencies, fields: ["id", "name"],
                                                       includeArchived: true)
            for currency in currencies { currencyCodes[try currency.int("id")] = try currency.string("name") }
        }
        return try records.compactMap { record in
            guard let currencyId = try record.many2oneId("currency_id"),
                  let code = try record.many2oneName("currency_id") ?? currencyCodes[currencyId] else { return nil }
            return OdooSalePricelist(id: try record.int("id"), name: try record.string("name"), currencyCode: code,
                                     companyId: try record.many2oneId("company_id"))
        }
    }

    public func serviceProduct(named name: String) async throws -> Int? {
        let domain = OdooDomain.condition("name", "=", .string(name))
            .and(.condition("type", "=", .string("service")))
        return try await search(model: "product.product", domain: domain, limit: 1, order: "id asc").first
    }

    /// `type: service` is accepted by 17 (beside its `detailed_type`) and 19 alike (`setup_product_product_create_shipping_service.json`).
    /// `taxes_id` is cleared: Odoo would otherwise put the company's default sale tax on it, and each order line
    /// carries its own taxes anyway. `sale_ok` is false, as for Odoo's own delivery products ("Local Delivery"): the
    /// ORM accepts it on an order line (the domain is the form's), and the catalogue sync, which publishes only
    /// saleable products, does not put a "Shipping" product in the shop.
    public func createServiceProduct(named name: String) async throws -> Int {
        let values: [String: JSONValue] = [
            "name": .string(name), "type": .string("service"), "sale_ok": .bool(false), "purchase_ok": .bool(false),
            "list_price": .number(0), "taxes_id": Self.replaceAll(with: []),
        ]
        let ids = try await createRecords(model: "product.product", values: [values])
        guard let id = ids.first else {
            throw OdooError(kind: .unexpectedData, model: "product.product", method: "create", message: "create returned no id")
        }
        return id
    }

    // MARK: contacts

    static let contactFields = [
        "id", "name", "email", "phone", "type", "parent_id", "company_name", "street", "street2", "city", "zip",
        "country_id", "state_id",
    ]

    /// `=ilike` is Odoo's case-insensitive equality (no `%` added); `_` and `%` in an address still act as wildcards
    /// there, so the planner's exact comparison has the last word. Two reads: the contacts, then their children.
    public func contacts(emails: [String], ids: [Int]) async throws -> [OdooContact] {
        let emailList = Self.unique(emails.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        let idList = Self.unique(ids)
        guard !emailList.isEmpty || !idList.isEmpty else { return [] }
        var domain: OdooDomain?
        if !emailList.isEmpty {
            let byEmail = emailList.dropFirst().reduce(OdooDomain.condition("email", "=ilike", .string(emailList[0]))) {
                $0.or(.condition("email", "=ilike", .string($1)))
            }
            domain = OdooDomain.condition("parent_id", "=", .bool(false)).and(byEmail)
        }
        if !idList.isEmpty {
            let byId = OdooDomain.ids(in: idList)
            domain = domain.map { $0.or(byId) } ?? byId
        }
        let found = try await searchReadRecords(model: "res.partner", domain: domain ?? .all, fields: Self.contactFields,
                                                order: "id asc", context: nil)
        var contacts = try found.map(Self.contact)
        let parentIds = contacts.map(\.id)
        if !parentIds.isEmpty {
            let children = try await searchReadRecords(model: "res.partner", domain: .field("parent_id", in: parentIds),
                                                       fields: Self.contactFields, order: "id asc", context: nil)
            let known = Set(parentIds)
            contacts += try children.map(Self.contact).filter { !known.contains($0.id) }
        }
        return contacts
    }

    public func createContacts(_ contacts: [(values: OdooContactValues, parentId: Int?)]) async throws -> [Int] {
        guard !contacts.isEmpty else { return [] }
        let ids = try await createRecords(model: "res.partner", values: contacts.map { $0.values.createValues(parentId: $0.parentId) })
        try Self.expectCount(ids, contacts.count, model: "res.partner")
        return ids
    }

    public func updateContact(id: Int, changes: [String: JSONValue]) async throws {
        guard !changes.isEmpty else { return }
        try await writeRecords(model: "res.partner", ids: [id], values: changes)
    }

    // MARK: sale orders

    static let saleOrderFields = ["id", "name", "origin", "state", "amount_total", "delivery_status"]

    public func saleOrders(origins: [String], ids: [Int]) async throws -> [OdooSaleOrder] {
        let originList = Self.unique(origins), idList = Self.unique(ids)
        guard !originList.isEmpty || !idList.isEmpty else { return [] }
        var domain: OdooDomain?
        if !originList.isEmpty { domain = .condition("origin", "in", .array(originList.map(JSONValue.string))) }
        if !idList.isEmpty { domain = domain.map { $0.or(.ids(in: idList)) } ?? .ids(in: idList) }
        let records = try await searchReadRecords(model: "sale.order", domain: domain ?? .all, fields: Self.saleOrderFields,
                                                  order: "id asc", context: nil)
        return try records.map { record in
            OdooSaleOrder(id: try record.int("id"), name: try record.string("name"), origin: try record.optionalString("origin"),
                          state: .init(rawValue: try record.string("state")), amountTotal: try record.decimal("amount_total"),
                          deliveryStatus: try record.optionalString("delivery_status"))
        }
    }

    /// One `create` with the whole list: Odoo runs it as one transaction, so a bad order (a `MissingError` for a
    /// deleted product, a `ValidationError`, a `UserError`) fails all of them as `.permanent`, for the engine to split.
    public func createSaleOrders(_ orders: [SaleOrderValues]) async throws -> [Int] {
        guard !orders.isEmpty else { return [] }
        let taxField = try await lineTaxField()
        let ids = try await createRecords(model: "sale.order", values: orders.map { $0.createValues(taxField: taxField) })
        try Self.expectCount(ids, orders.count, model: "sale.order")
        return ids
    }

    public func confirmSaleOrders(ids: [Int]) async throws {
        let idList = Self.unique(ids)
        guard !idList.isEmpty else { return }
        let answer = try await call(model: "sale.order", method: "action_confirm", ids: idList, retrying: false)
        guard answer == .bool(true) else {
            throw OdooError(kind: .unexpectedData, model: "sale.order", method: "action_confirm",
                            message: "action_confirm answered \(Self.brief(answer)) instead of true")
        }
    }

    /// 17 (and 18) answer a plain `action_cancel` on a confirmed order with the `sale.order.cancel` wizard and cancel
    /// nothing; `disable_cancel_warning` makes them cancel directly (ORDERS.md §7). An action coming back all the same
    /// means nothing was cancelled: that is an error, never a success.
    public func cancelSaleOrder(id: Int) async throws {
        let major = try await currentSession().info.majorVersion
        let context: [String: JSONValue]? = major < 19 ? ["disable_cancel_warning": .bool(true)] : nil
        let answer = try await call(model: "sale.order", method: "action_cancel", ids: [id], context: context, retrying: false)
        switch answer {
        case .bool(true), .null:
            return
        case .object(let action):
            let wizard = action["res_model"]?.stringValue ?? action["type"]?.stringValue ?? "an action"
            throw OdooError(kind: .userError, model: "sale.order", method: "action_cancel",
                            message: "sale.order(\(id)) was not cancelled: Odoo answered with the \(wizard) wizard")
        default:
            throw OdooError(kind: .unexpectedData, model: "sale.order", method: "action_cancel",
                            message: "action_cancel answered \(Self.brief(answer)) instead of true")
        }
    }

    // MARK: helpers

    /// `tax_ids` from 19 on; 17 and 18 name the line's taxes `tax_id` (ORDERS.md §1).
    func lineTaxField() async throws -> OdooLineTaxField {
        try await currentSession().info.majorVersion >= 19 ? .taxIds : .taxId
    }

    /// The company of the API key's user (`res.users.company_id`), read once per session.
    func userCompanyId() async throws -> Int {
        let session = try await currentSession()
        if let known = session.companyId { return known }
        let read = companyIdRead.withLock { running in
            if let running { return running }
            let started = Task { try await self.readUserCompanyId(session) }
            running = started
            return started
        }
        // Done either way: the session now holds the answer, and a failed read is asked again by the next caller.
        defer { companyIdRead.withLock { if $0 == read { $0 = nil } } }
        return try await read.value
    }

    private func readUserCompanyId(_ session: OdooSession) async throws -> Int {
        let users = try OdooFieldValues.records(
            model: "res.users", from: try await read(model: "res.users", ids: [session.uid], fields: ["id", "company_id"]))
        guard let companyId = try users.first?.many2oneId("company_id") else {
            throw OdooError(kind: .unexpectedData, model: "res.users", method: "read",
                            message: "the API key's user (uid \(session.uid)) has no company")
        }
        updateSession { $0.companyId = companyId }
        return companyId
    }

    /// `create` with a list of values: JSON-2 takes `vals_list` and answers a list; JSON-RPC with a list also answers a
    /// list (a single id when a server answers one record with a bare id). One attempt only: a create retried after a
    /// timeout that hid its success would make the records twice (the engine searches by origin before creating again).
    func createRecords(model: String, values: [[String: JSONValue]]) async throws -> [Int] {
        let list = JSONValue.array(values.map(JSONValue.object))
        let session = try await currentSession()
        let answer = session.info.apiProtocol == .json2
            ? try await call(model: model, method: "create", kwargs: ["vals_list": list], retrying: false)
            : try await call(model: model, method: "create", args: [list], retrying: false)
        if case .number(let number) = answer, let id = OdooFieldValues.exactInt(number) { return [id] }
        return try OdooFieldValues(model: model, values: ["ids": answer]).ids("ids")
    }

    func writeRecords(model: String, ids: [Int], values: [String: JSONValue]) async throws {
        let session = try await currentSession()
        let answer = session.info.apiProtocol == .json2
            ? try await call(model: model, method: "write", ids: ids, kwargs: ["vals": .object(values)])
            : try await call(model: model, method: "write", ids: ids, args: [.object(values)])
        guard answer == .bool(true) else {
            throw OdooError(kind: .unexpectedData, model: model, method: "write", message: "write answered \(Self.brief(answer))")
        }
    }

    static func contact(_ record: OdooFieldValues) throws -> OdooContact {
        let type = OdooContactValues.ContactType(rawValue: try record.optionalString("type") ?? "contact") ?? .contact
        let values = OdooContactValues(
            type: type, name: try record.optionalString("name") ?? "", email: try record.optionalString("email"),
            phone: try record.optionalString("phone"), companyName: try record.optionalString("company_name"),
            street: try record.optionalString("street"), street2: try record.optionalString("street2"),
            city: try record.optionalString("city"), zip: try record.optionalString("zip"),
            countryId: try record.many2oneId("country_id"), stateId: try record.many2oneId("state_id"))
        return OdooContact(id: try record.int("id"), parentId: try record.many2oneId("parent_id"), values: values)
    }

    /// `[[6, 0, ids]]`: replace the many2many with exactly these ids (none clears it).
    static func replaceAll(with ids: [Int]) -> JSONValue {
        .array([.array([.number(6), .number(0), .array(ids.map { .number(Decimal($0)) })])])
    }

    static func expectCount(_ ids: [Int], _ expected: Int, model: String) throws {
        guard ids.count == expected else {
            throw OdooError(kind: .unexpectedData, model: model, method: "create",
                            message: "create of \(expected) records answered \(ids.count) ids")
        }
    }

    static func unique<T: Hashable>(_ items: [T]) -> [T] {
        var seen = Set<T>()
        return items.filter { seen.insert($0).inserted }
    }

    static func brief(_ value: JSONValue) -> String {
        let text = JSONText.serializedString(value, sortedKeys: true)
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}
