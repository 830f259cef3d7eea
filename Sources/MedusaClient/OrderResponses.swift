import ExactJSON
import Foundation
import SyncCore

// Order and customer bodies, read from the exact JSON tree (`JSONText.parse`) rather than `JSONDecoder`, so every
// amount is the decimal written on the wire (82.64462809917356 stays that, never a binary double). Loose where Medusa is
// loose (a relation not selected is absent, most scalars may be null); `id` stays required.

/// A body that is not what the order or customer routes return.
struct OrderBodyError: Error, Sendable {
    var reason: String
}

enum OrderResponses {
    static func orderList(_ body: [UInt8]) throws(OrderBodyError) -> (orders: [MedusaOrder], count: Int) {
        let root = try parse(body)
        guard case .array(let rows)? = root["orders"] else { throw OrderBodyError(reason: "no 'orders' list") }
        let orders = try rows.map { row throws(OrderBodyError) in try order(row) }
        return (orders, root["count"]?.intValue ?? orders.count)
    }

    /// Summary rows (`MedusaOrderDetail.summary`): the items a list row always carries are not read.
    static func orderSummaryList(_ body: [UInt8]) throws(OrderBodyError) -> (orders: [MedusaOrder], count: Int) {
        let root = try parse(body)
        guard case .array(let rows)? = root["orders"] else { throw OrderBodyError(reason: "no 'orders' list") }
        let orders = try rows.map { row throws(OrderBodyError) in try orderSummary(row) }
        return (orders, root["count"]?.intValue ?? orders.count)
    }

    static func customerList(_ body: [UInt8]) throws(OrderBodyError) -> (customers: [MedusaCustomer], count: Int) {
        let root = try parse(body)
        guard case .array(let rows)? = root["customers"] else { throw OrderBodyError(reason: "no 'customers' list") }
        let customers = try rows.map { row throws(OrderBodyError) in try customer(row) }
        return (customers, root["count"]?.intValue ?? customers.count)
    }

    /// Every member name the readers below look at, at any depth. A page of orders is mostly what nothing here reads
    /// (raw amounts, product columns, totals of each line, the summary); those are checked but not built.
    /// `OrderDecodingTests` decodes the same bodies from the whole tree, so a name missing here fails there.
    static let readMembers = JSONMemberFilter([
        "orders", "customers", "count",
        // order
        "id", "display_id", "email", "currency_code", "customer_id", "created_at", "updated_at", "status",
        "canceled_at", "payment_status", "items", "shipping_methods", "shipping_address", "billing_address", "total",
        // line item, shipping method, tax line, adjustment
        "title", "variant_id", "variant_sku", "quantity", "detail", "unit_price", "is_tax_inclusive", "tax_lines",
        "adjustments", "name", "amount", "code", "rate", "tax_rate_id", "promotion_id",
        // address, customer
        "first_name", "last_name", "company", "address_1", "address_2", "city", "province", "postal_code",
        "country_code", "phone", "company_name", "has_account",
    ])

    private static func parse(_ body: [UInt8]) throws(OrderBodyError) -> JSONValue {
        do {
            return try JSONText.parse(body, keepingMembers: readMembers)
        } catch {
            throw OrderBodyError(reason: error.description)
        }
    }

    static func orderSummary(_ json: JSONValue) throws(OrderBodyError) -> MedusaOrder {
        guard let id = json["id"]?.text else { throw OrderBodyError(reason: "an order without 'id'") }
        return MedusaOrder(
            id: id, displayId: json["display_id"]?.intValue ?? 0, email: nil, currencyCode: "", customerId: nil,
            createdAt: date(json["created_at"]) ?? Date(timeIntervalSince1970: 0),
            updatedAt: date(json["updated_at"]) ?? Date(timeIntervalSince1970: 0),
            status: MedusaOrderStatus(rawValue: json["status"]?.text ?? "pending"), canceledAt: date(json["canceled_at"]),
            paymentStatus: json["payment_status"]?.text.flatMap(MedusaPaymentStatus.init(rawValue:)) ?? .notPaid,
            items: [], shippingMethods: [], shippingAddress: nil, billingAddress: nil, total: 0)
    }

    static func order(_ json: JSONValue) throws(OrderBodyError) -> MedusaOrder {
        guard let id = json["id"]?.text else { throw OrderBodyError(reason: "an order without 'id'") }
        let items = try list(json["items"]).map { item throws(OrderBodyError) in try lineItem(item, orderId: id) }
        let shipping = try list(json["shipping_methods"]).map { method throws(OrderBodyError) in
            guard let methodId = method["id"]?.text else {
                throw OrderBodyError(reason: "a shipping method of \(id) without 'id'")
            }
            return MedusaShippingMethod(
                id: methodId, name: method["name"]?.text ?? "", amount: amount(method, "amount") ?? 0,
                isTaxInclusive: method["is_tax_inclusive"]?.flag ?? false,
                taxLines: list(method["tax_lines"]).map(taxLine), adjustments: list(method["adjustments"]).map(adjustment))
        }
        return MedusaOrder(
            id: id, displayId: json["display_id"]?.intValue ?? 0, email: json["email"]?.text,
            currencyCode: (json["currency_code"]?.text ?? "").lowercased(), customerId: json["customer_id"]?.text,
            createdAt: date(json["created_at"]) ?? Date(timeIntervalSince1970: 0),
            updatedAt: date(json["updated_at"]) ?? Date(timeIntervalSince1970: 0),
            status: MedusaOrderStatus(rawValue: json["status"]?.text ?? "pending"), canceledAt: date(json["canceled_at"]),
            paymentStatus: json["payment_status"]?.text.flatMap(MedusaPaymentStatus.init(rawValue:)) ?? .notPaid,
            items: items, shippingMethods: shipping, shippingAddress: address(json["shipping_address"]),
            billingAddress: address(json["billing_address"]), total: amount(json, "total") ?? 0)
    }

    /// `quantity` from the item, or from its `detail` when a list row left it out (orders.md §2b).
    private static func lineItem(_ json: JSONValue, orderId: String) throws(OrderBodyError) -> MedusaLineItem {
        guard let id = json["id"]?.text else { throw OrderBodyError(reason: "an item of \(orderId) without 'id'") }
        guard let quantity = amount(json, "quantity") ?? json["detail"].flatMap({ amount($0, "quantity") }) else {
            throw OrderBodyError(reason: "item \(id) of \(orderId) has no quantity (ask for *items.detail)")
        }
        return MedusaLineItem(
            id: id, title: json["title"]?.text ?? "", variantId: json["variant_id"]?.text,
            variantSku: json["variant_sku"]?.text, quantity: quantity, unitPrice: amount(json, "unit_price") ?? 0,
            isTaxInclusive: json["is_tax_inclusive"]?.flag ?? false, taxLines: list(json["tax_lines"]).map(taxLine),
            adjustments: list(json["adjustments"]).map(adjustment))
    }

    private static func taxLine(_ json: JSONValue) -> MedusaTaxLine {
        MedusaTaxLine(code: json["code"]?.text, rate: amount(json, "rate") ?? 0, taxRateId: json["tax_rate_id"]?.text)
    }

    private static func adjustment(_ json: JSONValue) -> MedusaAdjustment {
        MedusaAdjustment(code: json["code"]?.text, amount: amount(json, "amount") ?? 0,
                         promotionId: json["promotion_id"]?.text)
    }

    private static func address(_ json: JSONValue?) -> MedusaAddress? {
        guard let json, case .object = json else { return nil }
        return MedusaAddress(
            firstName: json["first_name"]?.text, lastName: json["last_name"]?.text, company: json["company"]?.text,
            address1: json["address_1"]?.text, address2: json["address_2"]?.text, city: json["city"]?.text,
            province: json["province"]?.text, postalCode: json["postal_code"]?.text,
            countryCode: json["country_code"]?.text?.lowercased(), phone: json["phone"]?.text)
    }

    static func customer(_ json: JSONValue) throws(OrderBodyError) -> MedusaCustomer {
        guard let id = json["id"]?.text else { throw OrderBodyError(reason: "a customer without 'id'") }
        return MedusaCustomer(id: id, email: json["email"]?.text ?? "", firstName: json["first_name"]?.text,
                              lastName: json["last_name"]?.text, companyName: json["company_name"]?.text,
                              phone: json["phone"]?.text, hasAccount: json["has_account"]?.flag ?? true)
    }

    /// The JSON number as written; a numeric string (Medusa's raw values) is read exactly too.
    static func amount(_ json: JSONValue, _ key: String) -> Decimal? {
        switch json[key] {
        case .number(let value)?: value
        case .string(let text)?: JSONText.decimal(fromNumberText: text.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }

    private static func list(_ json: JSONValue?) -> [JSONValue] {
        if case .array(let items)? = json { return items }
        return []
    }

    /// ISO 8601 with or without fractional seconds (Medusa prints milliseconds).
    /// Format styles, not `ISO8601DateFormatter`: a formatter per date builds an ICU formatter each time, which was
    /// most of the client's CPU when decoding a page of orders.
    static func date(_ json: JSONValue?) -> Date? {
        guard case .string(let text)? = json else { return nil }
        return (try? withFraction.parse(text)) ?? (try? withoutFraction.parse(text))
    }

    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutFraction = Date.ISO8601FormatStyle()

    /// `2024-11-05T09:14:02.318Z`: what `updated_at[$gte]=` is sent as (UTC, whole milliseconds rounded to the
    /// nearest, which gives back exactly the value a date was parsed from; Foundation's formatter may print .317 for it).
    static func filterText(_ date: Date) -> String {
        let milliseconds = date.timeIntervalSince1970 * 1000
        // Rounded down unless it is a parsed whole millisecond: a cursor must never pass an order it has not seen.
        let nearest = milliseconds.rounded()
        let total = Int64(abs(milliseconds - nearest) < 0.001 ? nearest : milliseconds.rounded(.down))
        let seconds = Int64((Double(total) / 1000).rounded(.down))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                            from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, Int(total - seconds * 1000))
    }
}

private extension JSONValue {
    /// A string value only (numbers are not ids or names here); null and absent are nil.
    var text: String? { if case .string(let value) = self { value } else { nil } }
    var flag: Bool? { if case .bool(let value) = self { value } else { nil } }
}
