import App
import ArgumentParser

/// `odoo-medusa-sync simulators`: the Odoo and Medusa simulators in a process of their own, so a black-box test can
/// run the real service (not `--demo`) against them, kill it with SIGKILL and restart it while the shop's state lives
/// on. Hidden from `--help`: a tool for the reliability suite (Tests/reliability) and for poking at the service by hand.
///
/// Prints one JSON line when both listen (`{"odoo": {"url", "database", "login", "apiKey", "version"}, "medusa":
/// {"url", "secretKey", ...}}`), then answers JSON-line commands on standard input (Simulators' `SimulatorControl`).
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

    @Option(name: .customLong("medusa-version"), help: "The Medusa the simulated shop behaves as: 2.0 or current.")
    var medusaVersion = "current"

    @Option(name: .customLong("odoo-webhook-url"),
            help: "Give the simulated Odoo a stock.picking 'state set to done' automation rule POSTing here (e.g. the service's /webhooks/odoo).")
    var odooWebhookURL: String?

    @Flag(name: .customLong("odoo-delivery-module"), help: "The simulated Odoo has stock_delivery (tracking numbers on pickings).")
    var odooDeliveryModule = false

    @Option(name: .customLong("medusa-subscriber-url"),
            help: "The simulated shop's subscriber (docs/medusa.md §8) POSTs its order events here, signed (e.g. the service's /webhooks/medusa).")
    var medusaSubscriberURL: String?

    @Option(name: .customLong("medusa-webhook-secret"), help: "The subscriber's signing secret (the service's MEDUSA_WEBHOOK_SECRET).")
    var medusaWebhookSecret: String?

    func validate() throws {
        guard SimulatedMedusaVersion(rawValue: medusaVersion) != nil else {
            throw ValidationError("--medusa-version must be 2.0 or current")
        }
        guard (0...65535).contains(odooPort), (0...65535).contains(medusaPort) else { throw ValidationError("ports are 0…65535") }
        guard (0...1).contains(faultRate) else { throw ValidationError("--fault-rate must be between 0 and 1") }
        guard ["odoo", "medusa", "both"].contains(faultTarget) else { throw ValidationError("--fault-target must be odoo, medusa or both") }
        guard latencyMs >= 0, timeoutDelayMs >= 0 else { throw ValidationError("delays must not be negative") }
        guard ["odoo17", "odoo18", "odoo19", "generated"].contains(catalogue) else {
            throw ValidationError("--catalogue must be odoo17, odoo18, odoo19 or generated")
        }
        guard (medusaSubscriberURL == nil) == (medusaWebhookSecret == nil) else {
            throw ValidationError("--medusa-subscriber-url and --medusa-webhook-secret go together")
        }
        guard (1...100_000).contains(templates), (1...100).contains(variantsPerTemplate) else {
            throw ValidationError("--templates must be 1…100000 and --variants-per-template 1…100")
        }
    }

    func run() async throws {
        var options = SimulatorsOptions()
        options.odooPort = odooPort
        options.medusaPort = medusaPort
        options.catalogue = catalogue
        options.templates = templates
        options.variantsPerTemplate = variantsPerTemplate
        options.faultRate = faultRate
        options.faultTarget = faultTarget
        options.latencyMs = latencyMs
        options.timeoutDelayMs = timeoutDelayMs
        options.faultSeed = faultSeed
        options.medusaVersion = SimulatedMedusaVersion(rawValue: medusaVersion) ?? .current
        options.odooWebhookURL = odooWebhookURL
        options.odooDeliveryModule = odooDeliveryModule
        if let medusaSubscriberURL, let medusaWebhookSecret {
            options.medusaSubscriber = (url: medusaSubscriberURL, secret: medusaWebhookSecret)
        }
        try await Commands.simulators(options)
    }
}
