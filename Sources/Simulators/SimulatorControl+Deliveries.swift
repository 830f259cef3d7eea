import Foundation
import OdooSimulator

/// The Odoo warehouse commands of the simulators' control (what a warehouse user does in Odoo):
///
///     {"cmd": "validate_delivery", "saleOrderId": 12 | "origin": "medusa:order_…",
///      "quantities": {"<product.product id>": 2}, "trackingReference": "1Z…"}      → {"pickingId", "backorderId"}
///     {"cmd": "set_tracking", "pickingId": 17, "reference": "1Z…"}
///
/// `quantities` left out delivers everything outstanding; a partial delivery makes a backorder. The tracking reference
/// needs the delivery module (`--odoo-delivery-module`).
extension SimulatorControl {
    /// nil when `command` is not a delivery command.
    func handleDeliveryCommand(_ command: String, _ object: [String: Any]) async throws -> [String: Any]? {
        switch command {
        case "validate_delivery":
            var quantities: [Int: Decimal]?
            if let given = object["quantities"] as? [String: Any] {
                var parsed: [Int: Decimal] = [:]
                for (key, value) in given {
                    guard let productId = Int(key), let number = value as? NSNumber,
                          let quantity = Decimal(string: number.stringValue, locale: Locale(identifier: "en_US_POSIX")) else {
                        throw ControlError("quantities is {\"<product.product id>\": quantity}")
                    }
                    parsed[productId] = quantity
                }
                quantities = parsed
            }
            let reference = object["trackingReference"] as? String
            let done: OdooSimulatedValidation
            if let id = (object["saleOrderId"] as? NSNumber)?.intValue {
                done = try await odoo.validateDelivery(saleOrderId: id, quantities: quantities, trackingReference: reference)
            } else if let origin = object["origin"] as? String {
                done = try await odoo.validateDelivery(origin: origin, quantities: quantities, trackingReference: reference)
            } else {
                throw ControlError("saleOrderId or origin is required")
            }
            return ["ok": true, "pickingId": done.pickingId, "backorderId": done.backorderId ?? NSNull()]
        case "set_tracking":
            guard let id = (object["pickingId"] as? NSNumber)?.intValue, let reference = object["reference"] as? String else {
                throw ControlError("pickingId and reference are required")
            }
            try await odoo.setTrackingReference(pickingId: id, reference: reference)
            return ["ok": true]
        default:
            return nil
        }
    }
}
