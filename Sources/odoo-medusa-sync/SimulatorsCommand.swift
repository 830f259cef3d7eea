import ArgumentParser
import Dispatch
import Foundation
import Simulators

/// `odoo-medusa-sync simulators`: the Odoo and Medusa simulators in a process of their own, so a black-box test can
/// run the real service (not `--demo`) against them, kill it with SIGKILL and restart it while the shop's state lives
/// on. Hidden from `--help`: a tool for the reliability suite (Tests/reliability) and for poking at the service by hand.
///
/// Prints one JSON line when both listen (`{"odoo": {"url", "database", "login", "apiKey", "version"}, "medusa":
/// {"url", "secretKey", ...}}`), then reads JSON-line commands on standard input and answers each with one JSON line
/// on standard output:
///
///     {"cmd": "faults", "target": "odoo"|"medusa"|"both", "faultRate": 0.1, "latencyMs": 30, "timeoutDelayMs": 200,
///      "faults": ["server_error", "rate_limited", "timeout", "connection_reset", "truncated_body"]}
///     {"cmd": "stats"}                                    → requests seen and faults injected per simulator
///     {"cmd": "create_product", "name": "…", "listPrice": 12.5, "defaultCode": "…"}   → {"templateId", "variantIds"}
///     {"cmd": "rename", "templateId": 12, "name": "…"}
///     {"cmd": "quit"}
///
/// Stops on SIGTERM, SIGINT, `quit`, or end of standard input (so it never outlives the process that started it).
struct SimulatorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulators",
        abstract: "Run the Odoo and Medusa simulators until SIGTERM (for black-box tests); prints their URLs and keys as JSON.",
        shouldDisplay: false)

    @Option(name: .customLong("odoo-port"), help: "Port of the simulated Odoo (0 = ephemeral).")
    var odooPort = 0

    @Option(name: .customLong("medusa-port"), help: "Port of the simulated Medusa (0 = ephemeral).")
    var medusaPort = 0

    @Option(help: "odoo19, odoo18 or odoo17 (Odoo's demo catalogue, served as that version), or generated (see --templates).")
    var catalogue = "odoo19"

    @Option(help: "Templates of a generated catalogue.")
    var templates = 100

    @Option(name: .customLong("variants-per-template"), help: "Variants per template of a generated catalogue.")
    var variantsPerTemplate = 1

    @Option(name: .customLong("fault-rate"), help: "Probability (0…1) that a request gets an injected fault.")
    var faultRate = 0.0

    @Option(name: .customLong("fault-target"), help: "Which simulator --fault-rate and --latency-ms apply to: odoo, medusa or both.")
    var faultTarget = "both"

    @Option(name: .customLong("latency-ms"), help: "Latency added to every request, in milliseconds.")
    var latencyMs = 0

    @Option(name: .customLong("timeout-delay-ms"), help: "How long an injected timeout holds the request before its 504.")
    var timeoutDelayMs = 5000

    @Option(name: .customLong("fault-seed"), help: "Seed of the fault injectors' random choices (reproducible faults).")
    var faultSeed: UInt64?

    func validate() throws {
        guard (0...65535).contains(odooPort), (0...65535).contains(medusaPort) else { throw ValidationError("ports are 0…65535") }
        guard (0...1).contains(faultRate) else { throw ValidationError("--fault-rate must be between 0 and 1") }
        guard ["odoo", "medusa", "both"].contains(faultTarget) else { throw ValidationError("--fault-target must be odoo, medusa or both") }
        guard latencyMs >= 0, timeoutDelayMs >= 0 else { throw ValidationError("delays must not be negative") }
        guard ["odoo17", "odoo18", "odoo19", "generated"].contains(catalogue) else {
            throw ValidationError("--catalogue must be odoo17, odoo18, odoo19 or generated")
        }
        guard (1...100_000).contains(templates), (1...100).contains(variantsPerTemplate) else {
            throw ValidationError("--templates must be 1…100000 and --variants-per-template 1…100")
        }
    }

    func run() async throws {
        let seed: OdooCatalogueSeed = switch catalogue {
        case "generated": .generated(GeneratedCatalogueOptions(templates: templates, variantsPerTemplate: variantsPerTemplate))
        case "odoo17": try .demo(.odoo17)
        case "odoo18": try .demo(.odoo18)
        default: try .demo(.odoo19)
        }
        var odooConfiguration = OdooSimulatorConfiguration()
        var medusaConfiguration = MedusaSimulatorConfiguration()
        if let faultSeed {
            odooConfiguration.faultSeed = faultSeed
            medusaConfiguration.faultSeed = faultSeed &+ 1
        }
        let odoo = try await OdooSimulator.start(seed: seed, configuration: odooConfiguration, port: odooPort)
        let medusa: RunningMedusaSimulator
        do {
            medusa = try await MedusaSimulator.start(configuration: medusaConfiguration, port: medusaPort)
        } catch {
            await odoo.stop()
            throw error
        }
        let control = SimulatorControl(odoo: odoo, medusa: medusa)
        control.applyFaults(target: faultTarget, rate: faultRate, latencyMs: latencyMs, timeoutDelayMs: timeoutDelayMs, kinds: nil)

        let (events, continuation) = AsyncStream.makeStream(of: ControlEvent.self)
        var signalSources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { continuation.yield(.stop) }
            source.resume()
            signalSources.append(source)
        }
        // Standard input is read on a thread of its own: a blocking read must not hold one of the few cooperative threads.
        let reader = Thread {
            while let line = readLine(strippingNewline: true) { continuation.yield(.line(line)) }
            continuation.yield(.stop)
        }
        reader.start()

        SimulatorControl.emit([
            "odoo": [
                "url": odoo.baseURL, "port": odoo.port, "database": odoo.database, "login": odoo.adminLogin,
                "apiKey": odoo.adminAPIKey, "version": odoo.serverVersion,
                "templates": seed.templateCount, "variants": seed.variantCount,
            ] as [String: Any],
            "medusa": [
                "url": medusa.baseURL, "secretKey": medusa.configuration.secretAPIKey,
                "salesChannelId": medusa.configuration.defaultSalesChannel.id,
                "stockLocationId": medusa.configuration.defaultStockLocation.id,
            ] as [String: Any],
            "pid": Int(ProcessInfo.processInfo.processIdentifier),
        ])

        loop: for await event in events {
            switch event {
            case .stop: break loop
            case .line(let line):
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                let (answer, quit) = await control.handle(line)
                SimulatorControl.emit(answer)
                if quit { break loop }
            }
        }
        for source in signalSources { source.cancel() }
        await odoo.stop()
        await medusa.stop()
    }
}

enum ControlEvent: Sendable {
    case line(String)
    case stop
}

/// Applies the control commands of `simulators` to the running simulators.
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

    func applyFaults(target: String, rate: Double?, latencyMs: Int?, timeoutDelayMs: Int?, kinds: [InjectedFault]?) {
        for injector in injectors(target) {
            injector.update { settings in
                if let rate { settings.faultRate = rate }
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
                applyFaults(target: target, rate: rate, latencyMs: (object["latencyMs"] as? NSNumber)?.intValue,
                            timeoutDelayMs: (object["timeoutDelayMs"] as? NSNumber)?.intValue, kinds: kinds)
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
            case "quit":
                return (["ok": true], true)
            default:
                throw ControlError("unknown command \(command); use faults, stats, create_product, rename or quit")
            }
        } catch {
            return (["ok": false, "error": "\(error)"], false)
        }
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
