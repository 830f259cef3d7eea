import Foundation

// The order and customer routes: strict query validation (`query_operations` of orders-request-schemas.json), the
// filters Medusa applies, `fields` projection, and the cancel / update workflows.
extension SimulatorCore {
    func handleOrdersAndCustomers(_ call: AdminCall) throws(SimulatedAPIError) -> Answer? {
        let key = call.route.key
        guard key.contains("/admin/orders") || key.contains("/admin/customers") else { return nil }
        let id = call.parameter("id")
        // Medusa 2.0.0's update route is a TODO stub with no middleware: it fails before anything is checked (§5g).
        if key == "POST /admin/orders/{id}", configuration.version == .v2_0 { throw .unknown }
        let query = try StrictQuery(call.rawQuery).validated(against: schemas.querySchema(for: key.hasPrefix("POST ")
            ? "GET /admin/orders/{id}" : key))
        switch key {
        case "GET /admin/orders":
            // The list workflow always adds `items.*`, even to a `fields` list that replaces the defaults (§2b).
            let requested = query["fields"]?.stringValue.map { $0 + "," } ?? ""
            let fields = FieldSelection(query: requested + "items.*", defaults: FieldSelection.orderListDefaults,
                                        relations: FieldSelection.orderRelations)
            return try readCopy { state throws(SimulatedAPIError) in
                let orders = try Self.filterOrders(state.orderBook, query: query)
                return Self.orderPage(orders, key: "orders", query: query, defaultLimit: 15) {
                    state.json(order: $0, fields: fields, isListRow: true)
                }
            }
        case "GET /admin/orders/{id}":
            // The detail workflow always adds `fulfillments.*` (scalars only; items and labels on request, §3).
            let requested = query["fields"]?.stringValue.map { $0 + "," } ?? ""
            let fields = FieldSelection(query: requested + "fulfillments.*", defaults: FieldSelection.orderDetailDefaults,
                                        relations: FieldSelection.orderRelations)
            return try readCopy { state throws(SimulatedAPIError) in
                .object([("order", state.json(order: try state.liveOrder(id), fields: fields, isListRow: false))])
            }
        case "POST /admin/orders/{id}/cancel":
            return try orderWrite(id: id, query: query) { state throws(SimulatedAPIError) in
                try state.cancelOrder(id: id)
                return nil
            }
        case "POST /admin/orders/{id}/fulfillments", "POST /admin/orders/{id}/fulfillments/{fulfillment_id}/shipments",
             "POST /admin/orders/{id}/fulfillments/{fulfillment_id}/mark-as-delivered",
             "POST /admin/orders/{id}/fulfillments/{fulfillment_id}/cancel":
            let fulfilmentId = call.parameter("fulfillment_id")
            let body = call.members
            return try orderWrite(id: id, query: query) { state throws(SimulatedAPIError) in
                switch key {
                case "POST /admin/orders/{id}/fulfillments":
                    try state.createFulfilment(orderId: id, body: body)
                case "POST /admin/orders/{id}/fulfillments/{fulfillment_id}/shipments":
                    try state.createShipment(orderId: id, fulfilmentId: fulfilmentId, body: body,
                                             eventCarriesNoNotification: configuration.version == .current)
                case "POST /admin/orders/{id}/fulfillments/{fulfillment_id}/mark-as-delivered":
                    try state.markDelivered(orderId: id, fulfilmentId: fulfilmentId)
                default:
                    try state.cancelFulfilment(orderId: id, fulfilmentId: fulfilmentId)
                }
            }
        case "POST /admin/orders/{id}":
            // Newer versions update (PR #10373, metadata from 2.5.0).
            let body = call.members
            return try orderWrite(id: id, query: query) { state throws(SimulatedAPIError) in
                try state.updateOrder(id: id, body: body)
                return nil
            }
        case "GET /admin/customers":
            let fields = try Self.customerFields(query)
            return try readCopy { state in
                var customers = state.orderBook.allCustomers
                if let ids = query["id"] {
                    if let list = OperatorFilter.plainList(ids) {
                        customers = customers.filter { list.contains($0.id) }
                    } else {
                        let filter = OperatorFilter(value: ids)
                        customers = customers.filter { filter.matches($0.id) }
                    }
                }
                if let emails = query["email"] {
                    let filter = OperatorFilter(value: emails)
                    customers = customers.filter { filter.matches($0.email) }
                }
                if let hasAccount = query["has_account"]?.booleanValue {
                    customers = customers.filter { $0.hasAccount == hasAccount }
                }
                if let q = query["q"]?.stringValue?.lowercased(), !q.isEmpty {
                    customers = customers.filter { customer in
                        [customer.email, customer.firstName, customer.lastName, customer.companyName, customer.phone]
                            .contains { $0?.lowercased().contains(q) ?? false }
                    }
                }
                return Self.orderPage(customers, key: "customers", query: query, defaultLimit: 50) {
                    fields.project(state.json(customer: $0))
                }
            }
        case "GET /admin/customers/{id}":
            let fields = try Self.customerFields(query)
            return try read { state throws(SimulatedAPIError) in
                guard let customer = state.orderBook.customers[id] else {
                    throw .notFound("Customer with id: \(id) not found")
                }
                return .object([("customer", fields.project(state.json(customer: customer)))])
            }
        default:
            return nil
        }
    }

    /// Runs an order workflow and answers `{order}` with the detail defaults, without the computed statuses or the
    /// fulfillments (mutation responses do not carry them, orders.md §0.3, §5) unless `fields` is sent. The event the
    /// workflow returns goes to the subscriber once the change is committed.
    private func orderWrite(id: String, query: OrderedJSON.Members,
                            _ work: (inout CatalogState) throws(SimulatedAPIError) -> MedusaSimulatedEvent?)
        throws(SimulatedAPIError) -> Answer
    {
        let fields = FieldSelection(query: query["fields"]?.stringValue, defaults: FieldSelection.orderDetailDefaults,
                                    relations: FieldSelection.orderRelations)
        var event: MedusaSimulatedEvent?
        defer { if let event { emit(event) } }
        return try write({ state throws(SimulatedAPIError) in
            event = try work(&state)
            return ()
        }, render: { state, _ in
            guard let order = state.orderBook.orders[id] else { return .object([("order", .null)]) }
            var rendered = state.json(order: order, fields: fields, isListRow: false)
            if query["fields"] == nil, case .object(var members) = rendered {
                members["payment_status"] = nil
                members["fulfillment_status"] = nil
                rendered = .object(members)
            }
            return .object([("order", rendered)])
        })
    }

    /// Hands an event to the configured subscriber without waiting, as Medusa's local event bus does.
    func emit(_ event: MedusaSimulatedEvent) {
        guard let subscriber = configuration.eventSubscriber else { return }
        Task { await subscriber(event) }
    }

    /// `id`, `status`, `created_at`, `updated_at` and `order` (any column; ties broken by id so pages are stable).
    /// Live orders (no drafts) in placing order, filtered and sorted. An `id[]=` list is matched on the ids before any
    /// order is copied out of the book: a read of 100 orders by id no longer copies all of them.
    static func filterOrders(_ book: OrderBook, query: OrderedJSON.Members) throws(SimulatedAPIError) -> [OrderRecord] {
        var kept: [OrderRecord] = []
        let idList = query["id"].flatMap(OperatorFilter.plainList)
        let idFilter = idList == nil ? query["id"].map(OperatorFilter.init(value:)) : nil
        // Built once per request, not once per row.
        let statusFilter = query["status"].map(OperatorFilter.init(value:))
        let createdFilter = query["created_at"].map(OperatorFilter.init(dates:))
        let updatedFilter = query["updated_at"].map(OperatorFilter.init(dates:))
        for id in book.orderOrder {
            if let idList { if !idList.contains(id) { continue } } else if let idFilter, !idFilter.matches(id) { continue }
            guard let order = book.orders[id], !order.isDraft else { continue }
            if let statusFilter, !statusFilter.matches(order.status) { continue }
            if let createdFilter, try !createdFilter.matches(order.createdAt) { continue }
            if let updatedFilter, try !updatedFilter.matches(order.updatedAt) { continue }
            kept.append(order)
        }
        guard let order = query["order"]?.stringValue, !order.isEmpty else { return kept }
        let descending = order.hasPrefix("-")
        let field = descending ? String(order.dropFirst()) : order
        // Numbers compare as numbers and texts as texts, as the database does; "" for a field that is not a column.
        let sortKey: (OrderRecord) -> OrderSortKey = switch field {
        case "created_at": { .number(OrderClock.milliseconds($0.createdAt)) }
        case "updated_at": { .number(OrderClock.milliseconds($0.updatedAt)) }
        case "display_id": { .number(Int64($0.displayId)) }
        case "status": { .text($0.status) }
        case "email": { .text($0.email ?? "") }
        default: { _ in .text("") }
        }
        // Each key computed once, not twice per comparison; positions are sorted, not the records themselves.
        let keys = kept.map(sortKey)
        return kept.indices.sorted { lhs, rhs in
            if keys[lhs] != keys[rhs] { return descending ? keys[lhs] > keys[rhs] : keys[lhs] < keys[rhs] }
            return kept[lhs].id < kept[rhs].id
        }.map { kept[$0] }
    }

    /// `fields` of the customer routes is checked against an allow-list: the defaults plus `addresses` and `groups`.
    static func customerFields(_ query: OrderedJSON.Members) throws(SimulatedAPIError) -> FieldSelection {
        let requested = query["fields"]?.stringValue
        let allowed = Set(FieldSelection.customerDefaults + ["addresses", "groups"])
        let refused = (requested ?? "").split(separator: ",").map { entry -> String in
            var name = entry.trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("+") || name.hasPrefix("-") || name.hasPrefix("*") { name.removeFirst() }
            if name.hasSuffix(".*") { name.removeLast(2) }
            return String(name.split(separator: ".").first ?? "")
        }.filter { !$0.isEmpty && !allowed.contains($0) }
        if !refused.isEmpty { throw .invalidData("Requested fields [\(refused.joined(separator: ", "))] are not valid") }
        return FieldSelection(query: requested, defaults: FieldSelection.customerDefaults,
                              relations: FieldSelection.customerRelations)
    }

    /// `{<key>: page, count, offset, limit}` with the route's default limit and no maximum.
    static func orderPage<Item>(_ items: [Item], key: String, query: OrderedJSON.Members, defaultLimit: Int,
                                render: (Item) -> OrderedJSON) -> OrderedJSON {
        let offset = max(0, query["offset"]?.decimalValue.map { NSDecimalNumber(decimal: $0).intValue } ?? 0)
        let limit = max(0, query["limit"]?.decimalValue.map { NSDecimalNumber(decimal: $0).intValue } ?? defaultLimit)
        let slice = offset < items.count ? items[offset..<min(items.count, offset + limit)] : []
        return .object([(key, .array(slice.map(render))), ("count", .number(Decimal(items.count))),
                        ("offset", .number(Decimal(offset))), ("limit", .number(Decimal(limit)))])
    }
}

/// What `order=` sorts orders by.
enum OrderSortKey: Comparable {
    case number(Int64)
    case text(String)
}
