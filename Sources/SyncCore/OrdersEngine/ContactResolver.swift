import ExactJSON
import Foundation

/// Finds or creates the Odoo contacts of a run's orders, never twice: all contacts are read in one search (emails
/// OR'ed, plus the bound ids, with their children; `find`), then planned per order by `ContactPlanner`. New
/// customers are created in one batch (one per customer, however many orders they placed), then the new addresses in
/// a second, re-planning in between so a second order of the same customer reuses what the first one created.
struct ContactResolver {
    let odoo: any OdooSales
    let state: any OrderStateStore

    struct Result {
        var contacts: [String: OrderContacts] = [:]
        var holds: [String: [OrderHold]] = [:]
    }

    /// The contacts already bound or found by email: needs no countries or states, so it is read while they are.
    struct Found: Sendable {
        var bound: [String: Int]
        var known: [OdooContact]
    }

    func find(_ orders: [MedusaOrder], customers: [String: MedusaCustomer]) async throws -> Found {
        let customerIds = Array(Set(orders.compactMap(\.customerId))).sorted()
        let bound = try await state.contactLinks(customerIds: customerIds)
        let emails = Set(orders.compactMap { order in
            (order.customerId.flatMap { customers[$0]?.email } ?? order.email)?.lowercased()
        }).sorted()
        return Found(bound: bound, known: try await odoo.contacts(emails: emails, ids: Array(Set(bound.values)).sorted()))
    }

    func resolve(_ orders: [MedusaOrder], customers: [String: MedusaCustomer], regions: OdooRegions,
                 found: Found) async throws -> Result {
        var bound = found.bound
        var known = found.known

        // 1. Customers that are new to Odoo: one create each, keyed by Medusa customer (or email for a guest).
        var parents: [String: OdooContactValues] = [:]
        var parentOwners: [String: [String]] = [:]
        let byId = Dictionary(orders.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (orderId, plan) in Self.plans(orders, customers, bound, known, regions).sorted(by: { $0.key < $1.key }) {
            guard case .planned(let contactPlan) = plan, case .create(let values) = contactPlan.parent,
                  let order = byId[orderId] else { continue }
            let key = order.customerId ?? "email:\((values.email ?? "").lowercased())"
            if parents[key] == nil { parents[key] = values }
            parentOwners[key, default: []].append(orderId)
        }
        if !parents.isEmpty {
            let keys = parents.keys.sorted()
            let ids = try await odoo.createContacts(keys.map { (values: parents[$0]!, parentId: nil) })
            var links: [String: Int] = [:]
            for (key, id) in zip(keys, ids) {
                known.append(OdooContact(id: id, values: parents[key]!))
                if !key.hasPrefix("email:") { links[key] = id; bound[key] = id }
            }
            try await state.saveContactLinks(links)
        }

        // 2. Changed customers and new addresses, against the contacts as they now are.
        var updates: [Int: [String: JSONValue]] = [:]
        var children: [(values: OdooContactValues, parentId: Int)] = []
        var links: [String: Int] = [:]
        let current = Self.plans(orders, customers, bound, known, regions)
        for order in orders {
            guard case .planned(let plan)? = current[order.id], let parentId = plan.parent.existingId else { continue }
            if case .update(let id, let changes) = plan.parent { updates[id, default: [:]].merge(changes) { _, new in new } }
            if let customerId = order.customerId, bound[customerId] != parentId { links[customerId] = parentId }
            for child in [plan.delivery, plan.invoice] {
                guard case .create(let values) = child,
                      !children.contains(where: { $0.parentId == parentId && $0.values == values }) else { continue }
                children.append((values, parentId))
            }
        }
        for (id, changes) in updates.sorted(by: { $0.key < $1.key }) {
            try await odoo.updateContact(id: id, changes: changes)
            if let index = known.firstIndex(where: { $0.id == id }) { known[index].values.apply(changes) }
        }
        if !children.isEmpty {
            let ids = try await odoo.createContacts(children.map { (values: $0.values, parentId: Optional($0.parentId)) })
            for (child, id) in zip(children, ids) { known.append(OdooContact(id: id, parentId: child.parentId, values: child.values)) }
        }
        if !links.isEmpty {
            try await state.saveContactLinks(links)
            bound.merge(links) { _, new in new }
        }

        // 3. Every order's contacts, now all existing.
        var result = Result()
        for (orderId, plan) in Self.plans(orders, customers, bound, known, regions) {
            switch plan {
            case .held(let holds): result.holds[orderId] = holds
            case .planned(let plan):
                guard let partnerId = plan.parent.existingId else { continue }
                result.contacts[orderId] = OrderContacts(partnerId: partnerId, invoiceId: Self.reusedId(plan.invoice),
                                                         shippingId: Self.reusedId(plan.delivery))
            }
        }
        return result
    }

    /// Every order's contact plan against the contacts as they are now (a plain function of its inputs: planned again
    /// after each create, so later orders of the same customer find what the earlier ones created).
    private static func plans(_ orders: [MedusaOrder], _ customers: [String: MedusaCustomer], _ bound: [String: Int],
                              _ known: [OdooContact], _ regions: OdooRegions) -> [String: ContactPlanResult] {
        let knownIds = Set(known.map(\.id))
        let index = KnownContacts(known)
        var result: [String: ContactPlanResult] = [:]
        for order in orders {
            let customer = order.customerId.flatMap { customers[$0] }
            let boundId = order.customerId.flatMap { bound[$0] }.flatMap { knownIds.contains($0) ? $0 : nil }
            result[order.id] = ContactPlanner.plan(order: order, customer: customer, boundPartnerId: boundId,
                                                   known: index, regions: regions)
        }
        return result
    }

    /// Not inlined: inlined into `resolve`, Swift 6.3.1's optimizer (CopyPropagation) breaks the ownership of the
    /// switch over the borrowed plan and the release build crashes the compiler.
    @inline(never)
    private static func reusedId(_ action: ChildContactAction) -> Int? {
        if case .reuse(let id) = action { return id }
        return nil
    }
}

extension OdooContactValues {
    /// The values after a `write` of `changes` (the fields `ContactPlanner` updates).
    mutating func apply(_ changes: [String: JSONValue]) {
        if case .string(let name)? = changes["name"] { self.name = name }
        if case .string(let phone)? = changes["phone"] { self.phone = phone }
        if case .string(let company)? = changes["company_name"] { self.companyName = company }
    }
}
