import ExactJSON
import Foundation
@testable import SyncCore

/// The shop's orders, in memory: pages by `(updated_at, id)` like Medusa's `updated_at[$gte]&order=updated_at`.
actor FakeShopOrders: MedusaOrderSource {
    var orders: [String: MedusaOrder] = [:]
    var customers: [String: MedusaCustomer] = [:]
    private(set) var requests = 0
    private(set) var recorded: [String: String] = [:]
    var supportsUpdate = false

    func place(_ order: MedusaOrder, customer: MedusaCustomer? = nil) {
        orders[order.id] = order
        if let customer { customers[customer.id] = customer }
    }

    func update(_ id: String, _ change: (inout MedusaOrder) -> Void) {
        guard var order = orders[id] else { return }
        change(&order)
        orders[id] = order
    }

    private(set) var summaryPages = 0

    func orders(updatedSince since: Date?, offset: Int, limit: Int, detail: MedusaOrderDetail) -> MedusaOrderPage {
        requests += 1
        if detail == .summary { summaryPages += 1 }
        let matching = orders.values.filter { order in since.map { order.updatedAt >= $0 } ?? true }
            .sorted { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) }
        let page = Array(matching.dropFirst(offset).prefix(limit))
        return MedusaOrderPage(orders: detail == .full ? page : page.map(Self.summary), count: matching.count)
    }

    /// What a summary page carries (`MedusaOrderDetail.summary`): planning from it would find no lines, no
    /// addresses and no total.
    static func summary(_ order: MedusaOrder) -> MedusaOrder {
        MedusaOrder(id: order.id, displayId: order.displayId, email: nil, currencyCode: "", customerId: nil,
                    createdAt: order.createdAt, updatedAt: order.updatedAt, status: order.status,
                    canceledAt: order.canceledAt, paymentStatus: order.paymentStatus, items: [], total: 0)
    }

    /// Every id asked for with `orders(ids:)`, in order.
    private(set) var readInFull: [String] = []

    func orders(ids: [String]) -> [MedusaOrder] {
        requests += 1
        readInFull += ids
        return ids.compactMap { orders[$0] }
    }

    func customers(ids: [String]) -> [MedusaCustomer] {
        guard !ids.isEmpty else { return [] }
        requests += 1
        return ids.compactMap { customers[$0] }
    }

    func canRecordOdooOrders() -> Bool { supportsUpdate }

    func recordOdooOrder(orderId: String, odooOrderName: String, odooOrderId: Int) throws {
        guard supportsUpdate else { throw MedusaRouteMissing(method: "POST", path: "/admin/orders/{id}") }
        requests += 1
        recorded[orderId] = odooOrderName
    }

    func resetRequests() { requests = 0; summaryPages = 0; readInFull = [] }
}

/// Odoo's sales side, in memory, with the behaviours the engine must cope with: a batch create is all or nothing,
/// confirmation is not idempotent, a product id that does not exist fails the batch.
actor FakeOdooSales: OdooSales {
    struct Order: Sendable {
        var id: Int
        var name: String
        var values: SaleOrderValues
        var state: OdooSaleOrder.State
        var deliveryStatus: String?
    }

    nonisolated func connect() async throws -> OdooServerInfo { OdooServerInfo(serverVersion: "19.0", majorVersion: 19, apiProtocol: .json2, uid: 2) }
    nonisolated func sessionMemo() -> String? { nil }
    nonisolated func resumeSession(memo: String) -> Bool { false }

    var products: Set<Int> = []
    var taxes: [OdooSaleTax] = [OdooSaleTax(id: 1, rate: 15, priceIncluded: false), OdooSaleTax(id: 2, rate: 20, priceIncluded: true)]
    var pricelists = [OdooSalePricelist(id: 1, name: "Default", currencyCode: "usd"), OdooSalePricelist(id: 2, name: "Medusa EUR", currencyCode: "eur")]
    private(set) var contacts: [OdooContact] = []
    private(set) var orders: [Int: Order] = [:]
    private(set) var writes = 0
    private(set) var requests = 0
    private var nextId = 100
    /// Fails the next `createSaleOrders` after creating (a lost answer: the orders exist, the caller does not know).
    var loseNextCreateAnswer = false
    var refuseWrites: String?
    /// Fails the next `createContacts` after creating (the contacts exist, the caller does not know).
    var loseNextContactAnswer = false
    /// Creates this many batches, then fails the next create with a connection error (nothing created).
    var failCreateAfter: Int?

    func addProducts(_ ids: [Int]) { products.formUnion(ids) }
    func setDelivery(orderId: Int, status: String) { orders[orderId]?.deliveryStatus = status }

    func countries(codes: [String]) -> [String: Int] {
        requests += 1
        let table = ["US": 233, "DE": 57, "FR": 75]
        return table.filter { codes.contains($0.key) }
    }
    /// When set, `states` answers only once the contact search has been asked, or after 2 s (then noting it waited in
    /// vain): the two reads must be in flight together.
    var holdStatesForContactSearch = false
    private(set) var statesWaitedInVain = false
    private var contactSearches = 0
    func setHoldStatesForContactSearch() { holdStatesForContactSearch = true }

    func states(countryIds: [Int: String]) async -> [String: [String: Int]] {
        requests += 1
        if holdStatesForContactSearch {
            let deadline = ContinuousClock.now + .seconds(2)
            while contactSearches == 0, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
            if contactSearches == 0 { statesWaitedInVain = true }
        }
        return ["US": ["IL": 10, "CA": 11], "DE": ["DE-BY": 20]].filter { countryIds.values.contains($0.key) }
    }
    func saleTaxes() -> [OdooSaleTax] { requests += 1; return taxes }
    func salePricelists() -> [OdooSalePricelist] { requests += 1; return pricelists }
    func serviceProduct(named name: String) -> Int? { requests += 1; return nil }
    func createServiceProduct(named name: String) -> Int {
        requests += 1; writes += 1
        products.insert(9000)
        return 9000
    }

    func contacts(emails: [String], ids: [Int]) -> [OdooContact] {
        requests += 1
        contactSearches += 1
        let wanted = Set(emails.map { $0.lowercased() })
        let top = contacts.filter { contact in
            ids.contains(contact.id) || (contact.values.email.map { wanted.contains($0.lowercased()) } ?? false)
        }
        let parents = Set(top.map { $0.parentId ?? $0.id })
        return contacts.filter { parents.contains($0.id) || ($0.parentId.map(parents.contains) ?? false) }
    }

    func createContacts(_ new: [(values: OdooContactValues, parentId: Int?)]) throws -> [Int] {
        requests += 1
        if let refuseWrites { throw SyncFailure(refuseWrites, failureClass: .configuration, system: "odoo") }
        writes += 1
        let ids = new.map { item in
            nextId += 1
            contacts.append(OdooContact(id: nextId, parentId: item.parentId, values: item.values))
            return nextId
        }
        if loseNextContactAnswer {
            loseNextContactAnswer = false
            throw SyncFailure("connection reset", failureClass: .retryable, system: "odoo")
        }
        return ids
    }

    func updateContact(id: Int, changes: [String: JSONValue]) {
        requests += 1; writes += 1
        if let index = contacts.firstIndex(where: { $0.id == id }) { contacts[index].values.apply(changes) }
    }

    func saleOrders(origins: [String], ids: [Int]) -> [OdooSaleOrder] {
        requests += 1
        return orders.values.filter { origins.contains($0.values.origin) || ids.contains($0.id) }.sorted { $0.id < $1.id }
            .map { OdooSaleOrder(id: $0.id, name: $0.name, origin: $0.values.origin, state: $0.state,
                                 amountTotal: Self.total($0.values), deliveryStatus: $0.deliveryStatus) }
    }

    func createSaleOrders(_ values: [SaleOrderValues]) throws -> [Int] {
        requests += 1
        if let refuseWrites { throw SyncFailure(refuseWrites, failureClass: .configuration, system: "odoo") }
        if let remaining = failCreateAfter {
            if remaining == 0 { throw SyncFailure("connection refused", failureClass: .retryable, system: "odoo") }
            failCreateAfter = remaining - 1
        }
        if let bad = values.flatMap(\.lines).first(where: { !products.contains($0.productId) }) {
            nextId += values.count
            throw SyncFailure("Record does not exist or has been deleted. (Record: product.product(\(bad.productId),))",
                              failureClass: .permanent, system: "odoo")
        }
        writes += 1
        let ids = values.map { value in
            nextId += 1
            orders[nextId] = Order(id: nextId, name: String(format: "S%05d", nextId), values: value, state: .draft)
            return nextId
        }
        if loseNextCreateAnswer {
            loseNextCreateAnswer = false
            throw SyncFailure("connection reset", failureClass: .retryable, system: "odoo")
        }
        return ids
    }

    func confirmSaleOrders(ids: [Int]) throws {
        requests += 1
        guard ids.allSatisfy({ orders[$0]?.state.needsConfirmation == true }) else {
            throw SyncFailure("Some orders are not in a state requiring confirmation.", failureClass: .permanent, system: "odoo")
        }
        writes += 1
        for id in ids { orders[id]?.state = .sale }
    }

    func cancelSaleOrder(id: Int) {
        requests += 1; writes += 1
        orders[id]?.state = .cancel
    }

    /// Odoo's total: lines at their price less discount, taxes added on top unless price-included.
    static func total(_ values: SaleOrderValues) -> Decimal {
        values.lines.reduce(Decimal(0)) { sum, line in
            var amount = line.priceUnit * line.quantity
            if let discount = line.discount { amount -= amount * discount / 100 }
            let excluded = line.taxIds.contains(1) ? amount * Decimal(string: "0.15")! : 0
            return sum + amount + excluded
        }
    }
}

/// `SyncStateStore` + `OrderStateStore` + `DeliveryStateStore` in memory: variant bindings, memos, the orders and the
/// deliveries tables.
actor FakeOrderStore: SyncStateStore, OrderStateStore, DeliveryStateStore {
    private(set) var deliveryLinks: [Int: DeliveryLink] = [:]
    private(set) var pendingDeliveryEntries: [Int: PendingDelivery] = [:]
    private(set) var variants: [VariantBinding] = []
    private(set) var memos: [SyncMemo: String] = [:]
    private(set) var links: [String: OrderLink] = [:]
    private(set) var contactLinks: [String: Int] = [:]
    private(set) var pending: [String: PendingOrder] = [:]

    func bind(variant medusaId: String, to odooId: Int) {
        variants.append(VariantBinding(odooVariantId: odooId, medusaVariantId: medusaId, productId: nil, inventory: .unknown))
    }
    func forgetLinks() { links = [:] }

    func bindings(kind: Binding.Kind, odooIds: [Int]) -> [Int: Binding] {
        guard kind == .variant else { return [:] }
        let wanted = Set(odooIds)
        return Dictionary(variants.filter { wanted.contains($0.odooVariantId) }.map { ($0.odooVariantId, $0.binding) },
                          uniquingKeysWith: { a, _ in a })
    }
    func allBindings(kind: Binding.Kind) -> [Binding] { kind == .variant ? variants.map(\.binding) : [] }
    func saveBindings(_ bindings: [Binding]) {}
    func deleteBindings(kind: Binding.Kind, odooIds: [Int]) {}
    func cursor(stream: SyncStream) -> ModelCursor? { nil }
    func advanceCursor(stream: SyncStream, to cursor: ModelCursor) {}
    func memo(_ key: SyncMemo) -> String? { memos[key] }
    func saveMemo(_ key: SyncMemo, value: String?) { memos[key] = value }
    func retryItems(kind: RetryItem.Kind, odooIds: [Int]) -> [Int: RetryItem] { [:] }
    func allRetryItems() -> [RetryItem] { [] }
    func saveRetryItems(_ items: [RetryItem]) {}
    func removeRetryItems(kind: RetryItem.Kind, odooIds: [Int]) {}

    func orderLinks(medusaOrderIds: [String]) -> [String: OrderLink] { links.filter { medusaOrderIds.contains($0.key) } }
    func recentOrderLinks(limit: Int) -> [OrderLink] { Array(links.values.sorted { $0.updatedAt > $1.updatedAt }.prefix(limit)) }
    func saveOrderLinks(_ new: [OrderLink]) { for link in new { links[link.medusaOrderId] = link } }
    func contactLinks(customerIds: [String]) -> [String: Int] { contactLinks.filter { customerIds.contains($0.key) } }
    func saveContactLinks(_ new: [String: Int]) { contactLinks.merge(new) { _, b in b } }
    func pendingOrders() -> [PendingOrder] { Array(pending.values) }
    func savePendingOrders(_ orders: [PendingOrder]) { for order in orders { pending[order.medusaOrderId] = order } }
    func removePendingOrders(ids: [String]) { for id in ids { pending[id] = nil } }

    func deliveryLinks(pickingIds: [Int]) -> [Int: DeliveryLink] { deliveryLinks.filter { pickingIds.contains($0.key) } }
    func deliveryLinks(medusaOrderIds: [String]) -> [DeliveryLink] {
        deliveryLinks.values.filter { medusaOrderIds.contains($0.medusaOrderId) }.sorted { $0.pickingId < $1.pickingId }
    }
    func saveDeliveryLinks(_ new: [DeliveryLink]) { for link in new { deliveryLinks[link.pickingId] = link } }
    func orderLinks(odooOrderIds: [Int]) -> [Int: OrderLink] {
        Dictionary(links.values.filter { odooOrderIds.contains($0.odooOrderId) }.map { ($0.odooOrderId, $0) },
                   uniquingKeysWith: { a, _ in a })
    }
    func pendingDeliveries() -> [PendingDelivery] { Array(pendingDeliveryEntries.values) }
    func savePendingDeliveries(_ new: [PendingDelivery]) { for entry in new { pendingDeliveryEntries[entry.pickingId] = entry } }
    func removePendingDeliveries(pickingIds: [Int]) { for id in pickingIds { pendingDeliveryEntries[id] = nil } }
}
