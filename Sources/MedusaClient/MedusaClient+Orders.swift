import ExactJSON
import Foundation
import HTTPTypes
import SyncCore

/// The orders side (`MedusaOrderSource`): live orders by `updated_at` cursor or by id, customers by id, and the Odoo
/// reference written into an order's metadata where the server can update orders (orders.md §2–§5, §10).
extension MedusaClient: MedusaOrderSource {
    /// Everything planning reads, asked for explicitly: the default payload has no e-mail, currency, customer or
    /// `canceled_at` (orders.md §0.1), list rows carry no totals unless one is asked for (§3c), and a list row's items
    /// have quantities only with their `detail` (§2b). `payment_status` is always computed by the GET workflows.
    static let orderFields = [
        "+email", "+currency_code", "+customer_id", "+canceled_at", "+metadata", "+total", "*items", "*items.tax_lines",
        "*items.adjustments", "*items.detail", "*shipping_methods", "*shipping_methods.tax_lines",
        "*shipping_methods.adjustments", "*shipping_address", "*billing_address",
    ].joined(separator: ",")

    /// Ids per `id[]=` request: keeps the URL well under common 8 kB limits (order ids are 32 characters).
    static let maxIdsPerRequest = 100
    /// `id[]=` chunks read at once.
    static let concurrentChunkReads = 4
    static let ordersPath = "/admin/orders"
    static let customersPath = "/admin/customers"

    /// A summary row: the fields deciding reads (the list workflow adds `payment_status` and `items.*` itself,
    /// orders.md §2b; the items are not read). Replaces the defaults, so no totals are computed.
    static let orderSummaryFields = "id,display_id,status,created_at,updated_at,canceled_at"

    public func orders(updatedSince since: Date?, offset: Int, limit: Int,
                       detail: MedusaOrderDetail) async throws -> MedusaOrderPage {
        var query: [(String, String)] = []
        if let since { query.append(("updated_at[$gte]", OrderResponses.filterText(since))) }
        query += [("order", "updated_at"), ("limit", String(max(1, limit))), ("offset", String(max(0, offset))),
                  ("fields", detail == .summary ? Self.orderSummaryFields : Self.orderFields)]
        let request = AdminRequest(method: .get, path: Self.ordersPath, query: query)
        let page = try await decode(request, detail == .summary ? OrderResponses.orderSummaryList : OrderResponses.orderList)
        return MedusaOrderPage(orders: page.orders, count: page.count)
    }

    public func orders(ids: [String]) async throws -> [MedusaOrder] {
        try await readChunks(of: ids) { chunk in
            let request = AdminRequest(method: .get, path: Self.ordersPath, query: chunk.map { ("id[]", $0) } + [
                ("limit", String(chunk.count)), ("fields", Self.orderFields),
            ])
            return try await self.decode(request, OrderResponses.orderList).orders
        }
    }

    public func customers(ids: [String]) async throws -> [MedusaCustomer] {
        try await readChunks(of: ids) { chunk in
            let request = AdminRequest(method: .get, path: Self.customersPath,
                                       query: chunk.map { ("id[]", $0) } + [("limit", String(chunk.count))])
            return try await self.decode(request, OrderResponses.customerList).customers
        }
    }

    /// Reads `ids` in `id[]=` chunks, `concurrentChunkReads` at a time (they are independent reads), answers in
    /// chunk order.
    private func readChunks<Row: Sendable>(of ids: [String],
                                           _ read: @escaping @Sendable ([String]) async throws -> [Row]) async throws -> [Row] {
        let chunks = Self.chunks(of: ids)
        return try await withThrowingTaskGroup(of: (Int, [Row]).self) { group in
            var answers = [[Row]](repeating: [], count: chunks.count)
            var next = 0
            func launch() {
                let index = next
                group.addTask { (index, try await read(chunks[index])) }
                next += 1
            }
            while next < min(Self.concurrentChunkReads, chunks.count) { launch() }
            while let (index, rows) = try await group.next() {
                answers[index] = rows
                if next < chunks.count { launch() }
            }
            return answers.flatMap { $0 }
        }
    }

    /// `POST /admin/orders/{id}` with `{"metadata": {"odoo_order_name", "odoo_order_id"}}` (merged with the kept keys).
    /// - Throws: `MedusaRouteMissing` without sending anything where the server has no order update (2.0.0's route is
    ///   a stub answering 500: a write must not be tried and retried there).
    public func recordOdooOrder(orderId: String, odooOrderName: String, odooOrderId: Int) async throws {
        let path = "\(Self.ordersPath)/\(AdminAPI.segment(orderId))"
        guard try await supportsOrderUpdate() else { throw MedusaRouteMissing(method: "POST", path: "/admin/orders/{id}") }
        let body = WireJSON.object([("metadata", .object([
            ("odoo_order_name", .string(odooOrderName)), ("odoo_order_id", .int(odooOrderId)),
        ]))])
        let bytes = try api.encode(body, limit: configuration.batchLimits.maxBodyBytes, method: "POST", path: path,
                                   subject: "the Odoo reference of order \(orderId)")
        do {
            // `fields=id`: the answer is not read, so Medusa need not render the whole order.
            _ = try await api.send(AdminRequest(method: .post, path: path, query: [("fields", "id")], body: .json(bytes)))
        } catch let error as MedusaError where Self.isUnknownRoute(error) {
            orderUpdateSupport.withLock { $0 = false }
            throw MedusaRouteMissing(method: "POST", path: "/admin/orders/{id}")
        }
    }

    public func canRecordOdooOrders() async throws -> Bool { try await supportsOrderUpdate() }

    /// Tells the client what a remembered probe found, so it does not look again (`MedusaCapabilityMemory`).
    public func useCapabilities(_ capabilities: MedusaCapabilities) {
        orderUpdateSupport.withLock { $0 = capabilities.orderUpdate }
    }

    /// Known from the probe or the memo; else `GET /admin/plugins` once (the same inference as the probe), one read
    /// shared by every caller that asks meanwhile. A failed read is asked again by the next caller.
    private func supportsOrderUpdate() async throws -> Bool {
        if let known = orderUpdateSupport.withLock({ $0 }) { return known }
        let probe = orderUpdateProbe.withLock { running in
            if let running { return running }
            let started = Task { try await self.routeExists(AdminRequest(method: .get, path: "/admin/plugins")) }
            running = started
            return started
        }
        do {
            let exists = try await probe.value
            orderUpdateSupport.withLock { $0 = exists }
            return exists
        } catch {
            orderUpdateProbe.withLock { if $0 == probe { $0 = nil } }
            throw error
        }
    }

    private func decode<T>(_ request: AdminRequest, _ read: ([UInt8]) throws(OrderBodyError) -> T) async throws -> T {
        let response = try await api.send(request)
        do {
            return try read(response.body)
        } catch {
            throw MedusaError(kind: .undecodableResponse, status: response.head.status.code,
                              message: "the response body is not what \(request.method) \(request.path) returns: "
                                  + error.reason,
                              method: request.method.rawValue, path: request.path, failureClass: .permanent)
        }
    }

    private static func chunks(of ids: [String]) -> [[String]] {
        var seen = Set<String>()
        let unique = ids.filter { seen.insert($0).inserted }
        return stride(from: 0, to: unique.count, by: maxIdsPerRequest).map {
            Array(unique[$0..<min($0 + maxIdsPerRequest, unique.count)])
        }
    }
}
