import ExactJSON
import Foundation
import SyncCore

// The order and customer tables, shaped after Medusa 2.0's order and customer modules (order, order_item,
// order_line_item, order_shipping_method, their tax lines and adjustments, order_address, customer). Orders are placed
// through the simulator's control (`RunningMedusaSimulator.placeOrder`), never by the admin API, as in a real shop
// where they come from the storefront.

struct CustomerRecord: Sendable {
    var id: String
    var email: String
    var firstName: String?
    var lastName: String?
    var companyName: String?
    var phone: String?
    /// false for a guest: checkout's find-or-create customer `{email}` (orders.md §4).
    var hasAccount: Bool
    var addresses: [OrderAddressRecord]
    var createdAt: Date
    var updatedAt: Date
}

struct OrderAddressRecord: Sendable {
    var id: String
    var address: MedusaAddress
}

struct OrderTaxLineRecord: Sendable {
    var id: String
    var code: String
    var rate: Decimal
    var taxRateId: String?
}

struct OrderAdjustmentRecord: Sendable {
    var id: String
    var code: String?
    /// For the whole line, in the line's tax mode.
    var amount: Decimal
    var promotionId: String?
}

struct OrderLineItemRecord: Sendable {
    /// `ordli_…`: stable across order versions.
    var id: String
    /// `orditem_…`: the `detail` row, new with every order version.
    var detailId: String
    var title: String
    var variantId: String?
    var productId: String?
    var productTitle: String?
    var variantSku: String?
    var variantTitle: String?
    var quantity: Decimal
    var unitPrice: Decimal
    var isTaxInclusive: Bool
    var taxLines: [OrderTaxLineRecord]
    var adjustments: [OrderAdjustmentRecord]
    /// `detail.fulfilled_quantity`, `shipped_quantity`, `delivered_quantity` (orders.md §5).
    var fulfilledQuantity: Decimal = 0
    var shippedQuantity: Decimal = 0
    var deliveredQuantity: Decimal = 0
}

struct OrderShippingMethodRecord: Sendable {
    var id: String
    var name: String
    var amount: Decimal
    var isTaxInclusive: Bool
    var shippingOptionId: String?
    var taxLines: [OrderTaxLineRecord]
    var adjustments: [OrderAdjustmentRecord]
}

/// The payment collection of an order, reduced to what `payment_status` is computed from.
struct OrderPaymentRecord: Sendable {
    var id: String
    var collectionId: String
    var status: MedusaPaymentStatus
    var capturedAt: Date?
    var canceledAt: Date?
}

struct OrderRecord: Sendable {
    var id: String
    var displayId: Int
    var status: String
    var version: Int
    var isDraft: Bool
    var email: String?
    var currencyCode: String
    var customerId: String?
    var regionId: String?
    var salesChannelId: String?
    var items: [OrderLineItemRecord]
    var shippingMethods: [OrderShippingMethodRecord]
    var shippingAddress: OrderAddressRecord?
    var billingAddress: OrderAddressRecord?
    var payment: OrderPaymentRecord
    var metadata: OrderedJSON?
    var createdAt: Date
    var updatedAt: Date
    var canceledAt: Date?
    /// Linked through the order-fulfillment link; in creation order.
    var fulfillments: [FulfilmentRecord] = []
}

/// Customers and orders, kept beside the catalogue (items copy their variant's title and sku at placing time).
struct OrderBook: Sendable {
    var customers: [String: CustomerRecord] = [:]
    var customerOrder: [String] = []
    var orders: [String: OrderRecord] = [:]
    var orderOrder: [String] = []
    var lastDisplayId = 0

    var allCustomers: [CustomerRecord] { customerOrder.compactMap { customers[$0] } }
    var allOrders: [OrderRecord] { orderOrder.compactMap { orders[$0] } }

    /// The live customer with this e-mail and account flag: `(email, has_account)` is unique (orders.md §4).
    func customer(email: String, hasAccount: Bool) -> CustomerRecord? {
        allCustomers.first { $0.email.lowercased() == email.lowercased() && $0.hasAccount == hasAccount }
    }
}

/// Medusa stores JavaScript `Date`s: millisecond precision. Order times are cut to the millisecond when written, so an
/// `updated_at[$gte]=<a value read back>` filter finds the row it was read from.
enum OrderClock {
    static func now() -> Date { truncated(Date()) }

    static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// `2024-11-05T09:14:02.318Z`, from the whole milliseconds (Foundation's formatter may print .317 for .318).
    /// Plain integer arithmetic (`ProlepticGregorian`, in UTC):
    /// a `Calendar` and `String(format:)` per date were a tenth of the time rendering an order page.
    static func text(_ date: Date) -> String {
        let total = milliseconds(date)
        let (days, dayMillis) = floorDivide(total, 86_400_000)
        let (year, month, day) = ProlepticGregorian.civil(fromDays: Int(days))
        let secondOfDay = dayMillis / 1000
        var text = ""
        text.reserveCapacity(24)
        text += padded(Int64(year), 4); text += "-"; text += padded(Int64(month), 2); text += "-"
        text += padded(Int64(day), 2)
        text += "T"; text += padded(secondOfDay / 3600, 2); text += ":"; text += padded(secondOfDay / 60 % 60, 2)
        text += ":"; text += padded(secondOfDay % 60, 2); text += "."; text += padded(dayMillis % 1000, 3); text += "Z"
        return text
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
        return (quotient, value - quotient * divisor)
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// What Postgres accepts for a timestamp filter value: ISO 8601 with or without fractional seconds.
    /// Format styles rather than a new `ISO8601DateFormatter` per call (an ICU formatter each time: it dominated the
    /// simulator's CPU when a filter was checked against every order).
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return (try? withFraction.parse(trimmed)) ?? (try? withoutFraction.parse(trimmed))
    }

    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutFraction = Date.ISO8601FormatStyle()
}

extension OrderedJSON {
    /// An order-side date, printed from its whole milliseconds.
    static func orderDate(_ value: Date?) -> OrderedJSON { value.map { .string(OrderClock.text($0)) } ?? .null }

    /// An amount as Medusa's `BigNumber.toJSON()` prints it: a JavaScript number (the nearest double, shortest
    /// digits), so 100 / 1.21 comes out as 82.64462809917356 (orders.md §3c).
    static func amount(_ value: Decimal) -> OrderedJSON {
        // Up to 15 significant digits a decimal is its own nearest double's shortest form (DBL_DIG): most amounts
        // (prices, quantities, rates) skip the round trip through text, which dominated rendering an order page.
        if value.significand.magnitude < maxExactDoubleDigits { return .number(value) }
        // Through the text: NSDecimalNumber's doubleValue is not correctly rounded on Linux (87.9 came out 87.89999999999996).
        guard let double = Double(value.description), double.isFinite else { return .number(value) }
        return .number(Decimal(string: "\(double)", locale: Locale(identifier: "en_US_POSIX")) ?? value)
    }

    /// 10^15.
    private static let maxExactDoubleDigits = Decimal(sign: .plus, exponent: 15, significand: 1)

    /// `raw_<name>`: `{value: <exact text>, precision: 20}`. `DecimalText.plain` prints what `description` does,
    /// without its digit-by-digit division (every amount of every rendered order has one).
    static func rawAmount(_ value: Decimal) -> OrderedJSON {
        .object(distinct: [("value", .string(DecimalText.plain(value))), ("precision", .number(20))])
    }
}
