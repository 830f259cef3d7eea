import Foundation
import MedusaSimulator
import SyncCore

/// The Medusa order commands of the simulators' control (what the storefront and the payment provider would do):
///
///     {"cmd": "place_order", "email": "jane@example.com", "guest": false, "firstName": "Jane", "lastName": "Doe",
///      "currency": "eur", "items": [{"variantId": "variant_…", "quantity": 2, "unitPrice": 12.5,
///      "taxInclusive": true, "taxRate": 21, "discount": 2.5}],
///      "shipping": {"name": "Standard", "amount": 4.95, "taxRate": 21, "taxInclusive": true},
///      "address": {"firstName": "Jane", "lastName": "Doe", "address1": "…", "city": "…", "postalCode": "…",
///                  "countryCode": "de", "province": "DE-BY"}}          → {"orderId", "displayId", "customerId"}
///     {"cmd": "capture_payment", "orderId": "order_…"}
///     {"cmd": "cancel_order", "orderId": "order_…"}
///     {"cmd": "order_fulfilments", "orderId": "order_…"}  → {"fulfilments": [{"id", "locationId", "items":
///      [{"lineItemId", "quantity"}], "packedAt", "shippedAt", "deliveredAt", "canceledAt", "labels": [{"trackingNumber",
///      "trackingUrl", "labelUrl"}]}], "items": [{"lineItemId", "variantId", "quantity", "fulfilled", "shipped",
///      "delivered"}]} (quantities as strings, dates ISO 8601 or null); unknown order → ok false
extension SimulatorControl {
    /// nil when `command` is not an order command.
    func handleOrderCommand(_ command: String, _ object: [String: Any]) throws -> [String: Any]? {
        switch command {
        case "place_order":
            let placed = try medusa.placeOrder(try Self.orderInput(object))
            return ["ok": true, "orderId": placed.id, "displayId": placed.displayId, "customerId": placed.customerId]
        case "capture_payment":
            guard let id = object["orderId"] as? String else { throw ControlError("orderId is required") }
            try medusa.capturePayment(orderId: id)
            return ["ok": true]
        case "cancel_order":
            guard let id = object["orderId"] as? String else { throw ControlError("orderId is required") }
            try medusa.cancelOrder(orderId: id)
            return ["ok": true]
        case "order_fulfilments":
            guard let id = object["orderId"] as? String else { throw ControlError("orderId is required") }
            guard let fulfilments = medusa.fulfilments(orderId: id), let lines = medusa.lineQuantities(orderId: id) else {
                throw ControlError("unknown order \(id)")
            }
            return ["ok": true, "fulfilments": fulfilments.map(Self.summary), "items": lines.map { line in
                ["lineItemId": line.lineItemId, "variantId": line.variantId ?? NSNull(), "quantity": "\(line.quantity)",
                 "fulfilled": "\(line.fulfilled)", "shipped": "\(line.shipped)", "delivered": "\(line.delivered)"]
                    as [String: Any]
            }]
        default:
            return nil
        }
    }

    static func summary(_ fulfilment: SimulatedFulfilment) -> [String: Any] {
        func date(_ value: Date?) -> Any { value.map { $0.formatted(.iso8601) } ?? NSNull() }
        return [
            "id": fulfilment.id, "locationId": fulfilment.locationId,
            "items": fulfilment.items.map { ["lineItemId": $0.lineItemId, "quantity": "\($0.quantity)"] },
            "packedAt": date(fulfilment.packedAt), "shippedAt": date(fulfilment.shippedAt),
            "deliveredAt": date(fulfilment.deliveredAt), "canceledAt": date(fulfilment.canceledAt),
            "labels": fulfilment.labels.map {
                ["trackingNumber": $0.trackingNumber, "trackingUrl": $0.trackingURL, "labelUrl": $0.labelURL]
            },
        ]
    }

    static func orderInput(_ object: [String: Any]) throws -> SimulatedOrderInput {
        guard let email = object["email"] as? String else { throw ControlError("email is required") }
        guard let items = object["items"] as? [[String: Any]], !items.isEmpty else {
            throw ControlError("items is required: [{variantId, quantity, unitPrice}]")
        }
        let customer: SimulatedOrderInput.Customer = (object["guest"] as? Bool ?? false)
            ? .guest(email: email)
            : .registered(email: email, firstName: object["firstName"] as? String, lastName: object["lastName"] as? String)
        let lines = try items.map { item -> SimulatedLineItemInput in
            guard let variantId = item["variantId"] as? String, let price = decimal(item["unitPrice"]) else {
                throw ControlError("every item needs variantId and unitPrice")
            }
            return SimulatedLineItemInput(
                variantId: variantId, quantity: decimal(item["quantity"]) ?? 1, unitPrice: price,
                isTaxInclusive: item["taxInclusive"] as? Bool ?? false,
                taxLines: decimal(item["taxRate"]).map { [MedusaTaxLine(code: "tax", rate: $0)] } ?? [],
                adjustments: decimal(item["discount"]).map { [MedusaAdjustment(code: "PROMO", amount: $0)] } ?? [])
        }
        let shipping = (object["shipping"] as? [String: Any]).map { method in
            SimulatedShippingMethodInput(
                name: method["name"] as? String ?? "Standard Shipping", amount: decimal(method["amount"]) ?? 0,
                isTaxInclusive: method["taxInclusive"] as? Bool ?? false,
                taxLines: decimal(method["taxRate"]).map { [MedusaTaxLine(code: "tax", rate: $0)] } ?? [])
        }
        let address = (object["address"] as? [String: Any]).map { fields in
            MedusaAddress(firstName: fields["firstName"] as? String, lastName: fields["lastName"] as? String,
                          company: fields["company"] as? String, address1: fields["address1"] as? String,
                          city: fields["city"] as? String, province: fields["province"] as? String,
                          postalCode: fields["postalCode"] as? String, countryCode: fields["countryCode"] as? String,
                          phone: fields["phone"] as? String)
        }
        return SimulatedOrderInput(customer: customer, email: email, currencyCode: object["currency"] as? String ?? "eur",
                                   items: lines, shippingMethods: shipping.map { [$0] } ?? [], shippingAddress: address,
                                   billingAddress: address)
    }

    /// A JSON number read through its text, so 12.5 stays 12.5.
    private static func decimal(_ value: Any?) -> Decimal? {
        (value as? NSNumber).flatMap { Decimal(string: $0.stringValue, locale: Locale(identifier: "en_US_POSIX")) }
    }
}
