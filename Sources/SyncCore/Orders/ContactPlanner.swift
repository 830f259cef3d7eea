import ExactJSON
import Foundation

/// `res.partner` values the planner wants written. Optional fields are left out of a create (Odoo's defaults apply).
public struct OdooContactValues: Sendable, Hashable {
    public enum ContactType: String, Sendable, Hashable { case contact, delivery, invoice }

    public var type: ContactType
    public var name: String
    public var email: String?
    public var phone: String?
    /// `company_name`: the company a person belongs to, as text (no company contact is created for it).
    public var companyName: String?
    public var street: String?
    public var street2: String?
    public var city: String?
    public var zip: String?
    public var countryId: Int?
    public var stateId: Int?

    public init(type: ContactType, name: String, email: String? = nil, phone: String? = nil, companyName: String? = nil,
                street: String? = nil, street2: String? = nil, city: String? = nil, zip: String? = nil,
                countryId: Int? = nil, stateId: Int? = nil) {
        self.type = type; self.name = name; self.email = email; self.phone = phone; self.companyName = companyName
        self.street = street; self.street2 = street2; self.city = city; self.zip = zip
        self.countryId = countryId; self.stateId = stateId
    }

    /// The create values as Odoo field names (`partner_create_person.json`, `partner_create_child_delivery.json`).
    /// `parentId` is given by the client once the parent exists.
    public func createValues(parentId: Int?) -> [String: JSONValue] {
        var values: [String: JSONValue] = ["type": .string(type.rawValue), "name": .string(name)]
        if let parentId { values["parent_id"] = .number(Decimal(parentId)) } else { values["is_company"] = .bool(false) }
        func put(_ key: String, _ value: String?) { if let value { values[key] = .string(value) } }
        put("email", email); put("phone", phone); put("company_name", companyName)
        put("street", street); put("street2", street2); put("city", city); put("zip", zip)
        if let countryId { values["country_id"] = .number(Decimal(countryId)) }
        if let stateId { values["state_id"] = .number(Decimal(stateId)) }
        return values
    }

    /// Same place and person: what makes a child address reusable instead of a duplicate.
    func sameAddress(as other: OdooContactValues) -> Bool {
        name == other.name && street == other.street && street2 == other.street2 && city == other.city
            && zip == other.zip && countryId == other.countryId && stateId == other.stateId
    }
}

/// An Odoo contact the engine already read (by binding id, by email, or as a child of a matched contact).
public struct OdooContact: Sendable, Hashable {
    public var id: Int
    /// `parent_id`; nil for a top-level contact. An email search also returns children carrying the same email
    /// (ORDERS.md §3), which must not be taken for the customer.
    public var parentId: Int?
    public var values: OdooContactValues

    public init(id: Int, parentId: Int? = nil, values: OdooContactValues) {
        self.id = id; self.parentId = parentId; self.values = values
    }
}

/// What to do with the customer's contact.
public enum ParentContactAction: Sendable, Hashable {
    case create(OdooContactValues)
    /// An existing contact, with the fields that changed in Medusa (never empty).
    case update(id: Int, changes: [String: JSONValue])
    case keep(id: Int)

    public var existingId: Int? {
        switch self {
        case .create: nil
        case .update(let id, _), .keep(let id): id
        }
    }
}

/// What to do for a delivery or invoice address.
public enum ChildContactAction: Sendable, Hashable {
    /// Create a child of the parent with these values.
    case create(OdooContactValues)
    /// An existing child of the same type at the same address.
    case reuse(id: Int)
    /// The order has no such address: the parent itself is used (as Odoo does when the field is left empty).
    case useParent
}

/// The contact plan, or every reason the contact cannot be planned (then the order waits too).
public enum ContactPlanResult: Sendable, Hashable {
    case planned(ContactPlan)
    case held([OrderHold])
}

public struct ContactPlan: Sendable, Hashable {
    public var parent: ParentContactAction
    public var delivery: ChildContactAction
    public var invoice: ChildContactAction
    /// How the parent was found, for the outcome ("binding", "email", "new").
    public var matchedBy: String

    public init(parent: ParentContactAction, delivery: ChildContactAction, invoice: ChildContactAction, matchedBy: String) {
        self.parent = parent; self.delivery = delivery; self.invoice = invoice; self.matchedBy = matchedBy
    }
}

/// A Medusa customer (or a guest's order) → the Odoo contact and its delivery / invoice children.
/// Matching order: the customer's binding, then the email (exact, case-insensitive, top-level contacts only; the
/// lowest id wins when several match, so the answer is stable), and only then a new contact: never a duplicate.
/// A registered customer's name, phone and company are Medusa's to change, so an existing contact is updated with
/// them; a guest's order never rewrites an existing contact (its name is only what was typed at checkout).
public enum ContactPlanner {
    public static func plan(order: MedusaOrder, customer: MedusaCustomer?, boundPartnerId: Int?,
                            known: [OdooContact], regions: OdooRegions) -> ContactPlanResult {
        plan(order: order, customer: customer, boundPartnerId: boundPartnerId, known: KnownContacts(known),
             regions: regions)
    }

    /// The same against contacts indexed once (`KnownContacts`): a run plans every order against the same contacts.
    public static func plan(order: MedusaOrder, customer: MedusaCustomer?, boundPartnerId: Int?,
                            known: KnownContacts, regions: OdooRegions) -> ContactPlanResult {
        var holds: [OrderHold] = []
        let email = (customer?.email ?? order.email)?.trimmedBlanks(.whitespaces)
        guard let email, !email.isEmpty else { return .held([.noEmail(orderId: order.id)]) }

        func contact(_ type: OdooContactValues.ContactType, from address: MedusaAddress?, name: String) -> OdooContactValues {
            var values = OdooContactValues(type: type, name: name)
            guard let address else { return values }
            values.street = clean(address.address1); values.street2 = clean(address.address2)
            values.city = clean(address.city); values.zip = clean(address.postalCode); values.phone = clean(address.phone)
            switch regions.resolve(countryCode: address.countryCode, province: address.province) {
            case .success(let ids): values.countryId = ids.countryId; values.stateId = ids.stateId
            case .failure(let hold): if !holds.contains(hold) { holds.append(hold) }
            }
            return values
        }

        let mainAddress = order.billingAddress ?? order.shippingAddress
        let customerName = clean([customer?.firstName, customer?.lastName].compactMap { clean($0) }.joined(separator: " "))
        let name = customerName ?? order.billingAddress?.personName ?? order.shippingAddress?.personName ?? email
        var desired = contact(.contact, from: mainAddress, name: name)
        desired.email = email
        desired.phone = clean(customer?.phone) ?? desired.phone
        desired.companyName = clean(customer?.companyName) ?? clean(mainAddress?.company)

        let delivery = order.shippingAddress.map {
            contact(.delivery, from: $0, name: $0.personName ?? name)
        }
        let invoice = order.billingAddress.map {
            contact(.invoice, from: $0, name: $0.personName ?? name)
        }
        if !holds.isEmpty { return .held(holds) }

        let parent: ParentContactAction
        let matchedBy: String
        let registered = customer?.hasAccount ?? false
        if let boundPartnerId {
            matchedBy = "binding"
            parent = existing(id: boundPartnerId, known: known, desired: desired, registered: registered)
        } else if let match = known.topLevelId(email: email) {
            matchedBy = "email"
            parent = existing(id: match, known: known, desired: desired, registered: registered)
        } else {
            matchedBy = "new"
            parent = .create(desired)
        }
        let children = parent.existingId.map { known.children(of: $0) } ?? []
        return .planned(ContactPlan(parent: parent, delivery: child(delivery, children), invoice: child(invoice, children),
                                    matchedBy: matchedBy))
    }

    /// Exact, case-insensitive email equality (Odoo's `=ilike` without wildcards); surrounding blanks ignored.
    public static func emailsMatch(_ a: String) -> (String) -> Bool {
        let wanted = normalizedEmail(a)
        return { normalizedEmail($0) == wanted }
    }

    /// The form two emails are compared in (`emailsMatch`).
    static func normalizedEmail(_ email: String) -> String { email.trimmedBlanks(.whitespaces).lowercased() }

    private static func existing(id: Int, known: KnownContacts, desired: OdooContactValues,
                                 registered: Bool) -> ParentContactAction {
        guard registered, let current = known.contact(id: id)?.values else { return .keep(id: id) }
        var changes: [String: JSONValue] = [:]
        if desired.name != current.name { changes["name"] = .string(desired.name) }
        if let phone = desired.phone, phone != current.phone { changes["phone"] = .string(phone) }
        if let company = desired.companyName, company != current.companyName { changes["company_name"] = .string(company) }
        return changes.isEmpty ? .keep(id: id) : .update(id: id, changes: changes)
    }

    private static func child(_ desired: OdooContactValues?, _ children: [OdooContact]) -> ChildContactAction {
        guard let desired else { return .useParent }
        if let same = children.filter({ $0.values.type == desired.type && $0.values.sameAddress(as: desired) })
            .min(by: { $0.id < $1.id }) {
            return .reuse(id: same.id)
        }
        return .create(desired)
    }

    private static func clean(_ text: String?) -> String? {
        guard let trimmed = text?.trimmedBlanks(.whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}

/// The contacts a run read or created, indexed for planning: by id, top-level contacts by normalized email, children
/// by parent. Planning a backlog asks these for every order; a scan of the list per order was quadratic.
public struct KnownContacts: Sendable {
    private let byId: [Int: OdooContact]
    /// The lowest id among the top-level contacts with that email (the stable choice `ContactPlanner` documents).
    private let topLevelByEmail: [String: Int]
    private let childrenByParent: [Int: [OdooContact]]

    public init(_ contacts: [OdooContact]) {
        byId = Dictionary(contacts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var byEmail: [String: Int] = [:]
        var children: [Int: [OdooContact]] = [:]
        for contact in contacts {
            if let parentId = contact.parentId {
                children[parentId, default: []].append(contact)
            } else if let email = contact.values.email {
                let key = ContactPlanner.normalizedEmail(email)
                byEmail[key] = min(byEmail[key] ?? contact.id, contact.id)
            }
        }
        topLevelByEmail = byEmail
        childrenByParent = children
    }

    func contact(id: Int) -> OdooContact? { byId[id] }
    func topLevelId(email: String) -> Int? { topLevelByEmail[ContactPlanner.normalizedEmail(email)] }
    func children(of parentId: Int) -> [OdooContact] { childrenByParent[parentId] ?? [] }
}
