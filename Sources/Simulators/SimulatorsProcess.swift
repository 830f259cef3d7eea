import Dispatch
import Foundation
import HTTPTransport
import MedusaSimulator
import OdooSimulator

/// The simulators in a process of their own (`odoo-medusa-sync simulators`): a black-box test runs the real service
/// against them, kills it and restarts it while the shop's state lives on. Prints one JSON line when both listen,
/// then answers JSON-line commands on standard input (see `SimulatorControl`) until SIGTERM, SIGINT, `quit` or the
/// end of standard input.
public enum SimulatorsProcess {
    public struct Options: Sendable {
        public var odooPort = 0
        public var medusaPort = 0
        /// odoo19, odoo18, odoo17 or generated.
        public var catalogue = "odoo19"
        public var templates = 100
        public var variantsPerTemplate = 1
        public var faultRate = 0.0
        /// odoo, medusa or both.
        public var faultTarget = "both"
        public var latencyMs = 0
        public var timeoutDelayMs = 5000
        public var faultSeed: UInt64?
        /// The Medusa version the Medusa simulator behaves as (`2.0` or `current`).
        public var medusaVersion: MedusaServerVersion = .current
        /// Where the simulated Odoo's picking "state set to done" rule POSTs (e.g. the service's `/webhooks/odoo`); nil:
        /// no automation rule.
        public var odooWebhookURL: String?
        /// Whether the simulated Odoo has `stock_delivery` (tracking fields on pickings).
        public var odooDeliveryModule = false
        /// Where the simulated shop's subscriber POSTs its order events, signed with `secret` (`SignedEventForwarder`).
        public var medusaSubscriber: (url: String, secret: String)?

        public init() {}
    }

    public static func run(_ options: Options) async throws {
        let seed: OdooCatalogueSeed = switch options.catalogue {
        case "generated": .generated(GeneratedCatalogueOptions(templates: options.templates, variantsPerTemplate: options.variantsPerTemplate))
        case "odoo17": try .demo(.odoo17)
        case "odoo18": try .demo(.odoo18)
        default: try .demo(.odoo19)
        }
        var odooConfiguration = OdooSimulatorConfiguration(deliveryModuleInstalled: options.odooDeliveryModule)
        if let url = options.odooWebhookURL {
            // Only the picking rule: the catalogue rules have their own tests, and would flood a delivery test.
            odooConfiguration.webhooks = OdooWebhookSettings(
                url: url, templateOnCreateOrWrite: false, templateOnArchive: false, templateOnUnlink: false,
                templateOnCreateWithoutFields: false, pickingOnDone: true)
            let poster = OdooWebhookPoster()
            odooConfiguration.webhookSender = { url, body in try await poster.post(url: url, body: body) }
        }
        var medusaConfiguration = MedusaSimulatorConfiguration(version: options.medusaVersion)
        if let subscriber = options.medusaSubscriber {
            medusaConfiguration.eventSubscriber = SignedEventForwarder(secret: subscriber.secret, transport: AsyncHTTPClientTransport()) {
                subscriber.url
            }.subscriber
        }
        if let faultSeed = options.faultSeed {
            odooConfiguration.faultSeed = faultSeed
            medusaConfiguration.faultSeed = faultSeed &+ 1
        }
        let odoo = try await OdooSimulator.start(seed: seed, configuration: odooConfiguration, port: options.odooPort)
        let medusa: RunningMedusaSimulator
        do {
            medusa = try await MedusaSimulator.start(configuration: medusaConfiguration, port: options.medusaPort)
        } catch {
            await odoo.stop()
            throw error
        }
        let control = SimulatorControl(odoo: odoo, medusa: medusa)
        control.applyFaults(target: options.faultTarget, rate: options.faultRate, latencyMs: options.latencyMs, timeoutDelayMs: options.timeoutDelayMs, kinds: nil)

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
                "version": medusa.configuration.version.rawValue,
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
