import ExactJSON
import Foundation
import SyncCore

// The order workflows: placing (the control's stand-in for cart completion), capture, cancel (`CF/order/workflows/
// cancel-order.ts`, orders.md §5e) and the newer order update (`updateOrderWorkflow`, PR #10373).
extension CatalogState {
    mutating func placeOrder(_ input: SimulatedOrderInput) throws(SimulatedAPIError) -> SimulatedPlacedOrder {
        let now = OrderClock.truncated(input.placedAt ?? Date())
        guard !input.items.isEmpty else { throw .invalidData("An order needs at least one item") }
        var items: [OrderLineItemRecord] = []
        for line in input.items {
            guard let variant = liveVariant(line.variantId) else {
                throw .notFound("Variant id not found: \(line.variantId)")
            }
            let product = products[variant.productId]
            items.append(OrderLineItemRecord(
                id: ids.next("ordli"), detailId: ids.next("orditem"), title: variant.title, variantId: variant.id,
                productId: variant.productId, productTitle: product?.title, variantSku: variant.sku,
                variantTitle: variant.title, quantity: line.quantity, unitPrice: line.unitPrice,
                isTaxInclusive: line.isTaxInclusive, taxLines: taxLines(line.taxLines),
                adjustments: adjustments(line.adjustments)))
        }
        let shipping = input.shippingMethods.map { method in
            OrderShippingMethodRecord(id: ids.next("ordsm"), name: method.name, amount: method.amount,
                                      isTaxInclusive: method.isTaxInclusive, shippingOptionId: method.shippingOptionId,
                                      taxLines: taxLines(method.taxLines), adjustments: adjustments(method.adjustments))
        }
        let customerId = try customerForOrder(input.customer, at: now)
        let customerEmail = orderBook.customers[customerId]?.email
        orderBook.lastDisplayId += 1
        let order = OrderRecord(
            id: ids.next("order"), displayId: orderBook.lastDisplayId, status: "pending", version: 1,
            isDraft: input.isDraft, email: input.email ?? customerEmail, currencyCode: input.currencyCode.lowercased(),
            customerId: customerId, regionId: "reg_default", salesChannelId: store.defaultSalesChannelId,
            items: items, shippingMethods: shipping,
            shippingAddress: input.shippingAddress.map { OrderAddressRecord(id: ids.next("ordaddr"), address: $0) },
            billingAddress: input.billingAddress.map { OrderAddressRecord(id: ids.next("ordaddr"), address: $0) },
            payment: OrderPaymentRecord(id: ids.next("pay"), collectionId: ids.next("pay_col"),
                                        status: input.paymentStatus,
                                        capturedAt: input.paymentStatus == .captured ? now : nil),
            metadata: input.metadata.map(OrderedJSON.init), createdAt: now, updatedAt: now, canceledAt: nil)
        orderBook.orders[order.id] = order
        orderBook.orderOrder.append(order.id)
        return SimulatedPlacedOrder(id: order.id, displayId: order.displayId, customerId: customerId)
    }

    private mutating func customerForOrder(_ customer: SimulatedOrderInput.Customer, at now: Date)
        throws(SimulatedAPIError) -> String
    {
        switch customer {
        case .existing(let id):
            guard orderBook.customers[id] != nil else { throw .notFound("Customer with id: \(id) not found") }
            return id
        case .guest(let email):
            if let found = orderBook.customer(email: email, hasAccount: false) { return found.id }
            return addCustomer(CustomerRecord(id: ids.next("cus"), email: email, hasAccount: false, addresses: [],
                                              createdAt: now, updatedAt: now))
        case .registered(let email, let firstName, let lastName, let phone, let companyName):
            if let found = orderBook.customer(email: email, hasAccount: true) { return found.id }
            return addCustomer(CustomerRecord(id: ids.next("cus"), email: email, firstName: firstName,
                                              lastName: lastName, companyName: companyName, phone: phone,
                                              hasAccount: true, addresses: [], createdAt: now, updatedAt: now))
        }
    }

    private mutating func addCustomer(_ customer: CustomerRecord) -> String {
        orderBook.customers[customer.id] = customer
        orderBook.customerOrder.append(customer.id)
        return customer.id
    }

    private mutating func taxLines(_ lines: [MedusaTaxLine]) -> [OrderTaxLineRecord] {
        lines.map { OrderTaxLineRecord(id: ids.next("ordtxl"), code: $0.code ?? "tax", rate: $0.rate, taxRateId: $0.taxRateId) }
    }

    private mutating func adjustments(_ adjustments: [MedusaAdjustment]) -> [OrderAdjustmentRecord] {
        adjustments.map {
            OrderAdjustmentRecord(id: ids.next("ordadj"), code: $0.code, amount: $0.amount, promotionId: $0.promotionId)
        }
    }

    /// A live (non-draft) order or Medusa's 404.
    func liveOrder(_ id: String) throws(SimulatedAPIError) -> OrderRecord {
        guard let order = orderBook.orders[id], !order.isDraft else { throw .notFound("Order id not found: \(id)") }
        return order
    }

    /// Records a capture: only the payment and the summary change, so `updated_at` stays (orders.md §3d).
    mutating func capturePayment(orderId: String, at date: Date = Date()) throws(SimulatedAPIError) {
        var order = try liveOrder(orderId)
        if order.canceledAt != nil { throw .notAllowed("Order with id \(orderId) has been canceled.") }
        order.payment.status = .captured
        order.payment.capturedAt = OrderClock.truncated(date)
        orderBook.orders[orderId] = order
    }

    /// `POST /admin/orders/{id}/cancel`, checked in the workflow's order (orders.md §5e). The collection keeps its
    /// status (so `payment_status` stays `authorized`); the payment gets `canceled_at`.
    mutating func cancelOrder(id: String, at date: Date = Date()) throws(SimulatedAPIError) {
        var order = try liveOrder(id)
        if order.status == "canceled" || order.canceledAt != nil {
            throw .invalidData("Order with id \(id) has been canceled.")
        }
        if order.payment.capturedAt != nil || order.payment.status == .captured
            || order.payment.status == .partiallyCaptured {
            throw .notAllowed("Order with payment capture(s) cannot be canceled")
        }
        if order.payment.status == .refunded || order.payment.status == .partiallyRefunded {
            throw .notAllowed("Order with payment refund(s) cannot be canceled")
        }
        if order.fulfillments.contains(where: { $0.canceledAt == nil }) {
            throw .notAllowed("All fulfillments must be canceled before canceling an order")
        }
        let now = max(OrderClock.truncated(date), order.updatedAt)
        order.status = "canceled"
        order.canceledAt = now
        order.updatedAt = now
        order.payment.canceledAt = now
        orderBook.orders[id] = order
    }

    /// `POST /admin/orders/{id}` on newer Medusa: e-mail, addresses and metadata; metadata keys merge (a null value
    /// removes its key). Moves `updated_at` and `version`.
    mutating func updateOrder(id: String, body: OrderedJSON.Members, at date: Date = Date()) throws(SimulatedAPIError) {
        var order = try liveOrder(id)
        if let email = body["email"]?.stringValue { order.email = email }
        for (key, keyPath) in [("shipping_address", \OrderRecord.shippingAddress),
                               ("billing_address", \OrderRecord.billingAddress)] {
            guard let changes = body[key]?.members else { continue }
            var record = order[keyPath: keyPath] ?? OrderAddressRecord(id: ids.next("ordaddr"), address: MedusaAddress())
            record.address.apply(changes)
            order[keyPath: keyPath] = record
        }
        if let metadata = body["metadata"] {
            var merged = order.metadata?.members ?? OrderedJSON.Members()
            for (key, value) in metadata.members?.pairs ?? [] { merged[key] = value.isNull ? nil : value }
            order.metadata = .object(merged)
        }
        order.version += 1
        order.updatedAt = max(OrderClock.truncated(date), order.updatedAt)
        orderBook.orders[id] = order
    }

    func simulatedState(_ order: OrderRecord) -> SimulatedOrderState {
        SimulatedOrderState(id: order.id, displayId: order.displayId, status: order.status,
                            paymentStatus: order.payment.status, customerId: order.customerId,
                            createdAt: order.createdAt, updatedAt: order.updatedAt, canceledAt: order.canceledAt,
                            metadata: order.metadata.map(JSONValue.init), total: OrderTotals(order).total)
    }
}

extension MedusaAddress {
    /// Sets the fields present in an address body (`null` clears one).
    mutating func apply(_ changes: OrderedJSON.Members) {
        let fields: [(String, WritableKeyPath<MedusaAddress, String?>)] = [
            ("first_name", \.firstName), ("last_name", \.lastName), ("company", \.company), ("address_1", \.address1),
            ("address_2", \.address2), ("city", \.city), ("province", \.province), ("postal_code", \.postalCode),
            ("country_code", \.countryCode), ("phone", \.phone),
        ]
        for (key, keyPath) in fields {
            if let value = changes[key] { self[keyPath: keyPath] = value.stringValue }
        }
    }
}

extension OrderedJSON {
    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(OrderedJSON.init))
        case .object(let members): self = .object(members.keys.sorted().map { ($0, OrderedJSON(members[$0]!)) })
        }
    }
}
