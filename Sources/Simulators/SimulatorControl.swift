import Foundation
import MedusaSimulator
import OdooSimulator
import SimulatorSupport

enum ControlEvent: Sendable {
    case line(String)
    case stop
}

/// Applies the control commands of `simulators` to the running simulators. One JSON line in, one out:
///
///     {"cmd": "faults", "target": "odoo"|"medusa"|"both", "faultRate": 0.1, "latencyMs": 30, "timeoutDelayMs": 200,
///      "faults": ["server_error", "rate_limited", "timeout", "connection_reset", "truncated_body"],
///      "lostAnswerRate": 0.2}      (lost_answer: the request is applied, then answered 500 — also valid in "faults")
///     {"cmd": "stats"}                                    → requests seen and faults injected per simulator
///     {"cmd": "create_product", "name": "…", "listPrice": 12.5, "defaultCode": "…"}   → {"templateId", "variantIds"}
///     {"cmd": "rename", "templateId": 12, "name": "…"}
///     {"cmd": "place_order", …} / {"cmd": "capture_payment", …} / {"cmd": "cancel_order", …}  (SimulatorControl+Orders)
///     {"cmd": "sale_orders"}                              → the Odoo sale orders: id, name, origin, state, totals, lines
///     {"cmd": "validate_delivery", …} / {"cmd": "set_tracking", …}  (SimulatorControl+Deliveries)
///     {"cmd": "quit"}
struct SimulatorControl: Sendable {
    let odoo: RunningOdooSimulator
    let medusa: RunningMedusaSimulator

    func injectors(_ target: String) -> [FaultInjector] {
        switch target {
        case "odoo": [odoo.faults]
        case "medusa": [medusa.faults]
        default: [odoo.faults, medusa.faults]
        }
    }

    func applyFaults(target: String, rate: Double?, latencyMs: Int?, timeoutDelayMs: Int?, kinds: [InjectedFault]?,
                     lostAnswerRate: Double? = nil) {
        for injector in injectors(target) {
            injector.update { settings in
                if let rate { settings.faultRate = rate }
                if let lostAnswerRate { settings.lostAnswerRate = lostAnswerRate }
                if let latencyMs { settings.latency = .milliseconds(latencyMs) }
                if let timeoutDelayMs { settings.timeoutDelay = .milliseconds(timeoutDelayMs) }
                if let kinds { settings.faults = kinds }
            }
        }
    }

    func handle(_ line: String) async -> (answer: [String: Any], quit: Bool) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let command = object["cmd"] as? String
        else { return (["ok": false, "error": "expected a JSON object with \"cmd\""], false) }
        do {
            switch command {
            case "faults":
                let target = object["target"] as? String ?? "both"
                guard ["odoo", "medusa", "both"].contains(target) else { throw ControlError("target must be odoo, medusa or both") }
                var kinds: [InjectedFault]?
                if let names = object["faults"] as? [String] {
                    kinds = try names.map { name in
                        guard let fault = InjectedFault(rawValue: name) else { throw ControlError("unknown fault \(name)") }
                        return fault
                    }
                }
                let rate = (object["faultRate"] as? NSNumber)?.doubleValue
                if let rate, !(0...1).contains(rate) { throw ControlError("faultRate must be between 0 and 1") }
                let lostAnswerRate = (object["lostAnswerRate"] as? NSNumber)?.doubleValue
                if let lostAnswerRate, !(0...1).contains(lostAnswerRate) {
                    throw ControlError("lostAnswerRate must be between 0 and 1")
                }
                applyFaults(target: target, rate: rate, latencyMs: (object["latencyMs"] as? NSNumber)?.intValue,
                            timeoutDelayMs: (object["timeoutDelayMs"] as? NSNumber)?.intValue, kinds: kinds,
                            lostAnswerRate: lostAnswerRate)
                return (["ok": true], false)
            case "stats":
                return (["ok": true, "odoo": Self.stats(odoo.faults), "medusa": Self.stats(medusa.faults)], false)
            case "create_product":
                guard let name = object["name"] as? String else { throw ControlError("name is required") }
                let price = (object["listPrice"] as? NSNumber).map { Decimal(string: $0.stringValue) ?? 10 } ?? 10
                let created = try await odoo.createProduct(OdooNewProduct(
                    name: name, listPrice: price, defaultCode: object["defaultCode"] as? String,
                    barcode: object["barcode"] as? String))
                return (["ok": true, "templateId": created.templateId, "variantIds": created.variantIds], false)
            case "rename":
                guard let id = (object["templateId"] as? NSNumber)?.intValue, let name = object["name"] as? String else {
                    throw ControlError("templateId and name are required")
                }
                try await odoo.renameTemplate(id, to: name)
                return (["ok": true], false)
            case "sale_orders":
                return (["ok": true, "orders": odoo.saleOrders().map(Self.summary)], false)
            case "quit":
                return (["ok": true], true)
            default:
                if let answer = try handleOrderCommand(command, object) { return (answer, false) }
                if let answer = try await handleDeliveryCommand(command, object) { return (answer, false) }
                throw ControlError("unknown command \(command); use faults, stats, create_product, rename, place_order, "
                    + "capture_payment, cancel_order, order_fulfilments, sale_orders, validate_delivery, set_tracking or quit")
            }
        } catch {
            return (["ok": false, "error": "\(error)"], false)
        }
    }

    static func summary(_ order: OdooSimulatedSaleOrder) -> [String: Any] {
        [
            "id": order.id, "name": order.name, "origin": order.origin ?? NSNull(), "state": order.state,
            "clientOrderRef": order.clientOrderRef ?? NSNull(), "partnerId": order.partnerId ?? NSNull(),
            "amountTotal": "\(order.amountTotal)", "amountTax": "\(order.amountTax)",
            "deliveryStatus": order.deliveryStatus ?? NSNull(),
            "lines": order.lines.map { line in
                ["productId": line.productId ?? NSNull(), "name": line.name, "quantity": "\(line.quantity)",
                 "priceUnit": "\(line.priceUnit)", "discount": "\(line.discount)", "taxIds": line.taxIds] as [String: Any]
            },
        ]
    }

    static func stats(_ injector: FaultInjector) -> [String: Any] {
        var injected: [String: Int] = [:]
        for (fault, count) in injector.injectedCounts { injected[fault.rawValue] = count }
        return ["requests": injector.requestCount, "injected": injected]
    }

    static func emit(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}

struct ControlError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
