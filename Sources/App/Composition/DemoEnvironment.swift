import Foundation
import HTTPTransport
import ServiceLifecycle
import Simulators
import Synchronization

/// `serve --demo`: the whole service against in-process Odoo 19 and Medusa simulators seeded with Odoo's real demo
/// catalogue, with a throw-away database and a generated API token — for a newcomer with neither system at hand.
/// It hands `ServiceBuilder` a configuration pointing at the simulators; the service is built as `serve` builds it.
public struct DemoEnvironment: Sendable {
    public let configuration: AppConfiguration
    public let odoo: RunningOdooSimulator
    public let medusa: RunningMedusaSimulator
    let databaseDirectory: URL
    /// Where the simulated Odoo's picking webhook goes: the service's own `/webhooks/odoo`, known once it listens.
    let webhookTarget: DemoWebhookTarget
    /// The simulated shop's subscriber (docs/medusa.md §8), pushing its order events to this service.
    public let shopSubscriber: SignedEventForwarder

    /// The simulated carrier's tracking page (`<shipmenttrackingnumber>` is Odoo's placeholder).
    public static let carrierTrackingURL = "https://tracking.example.com/?n=<shipmenttrackingnumber>"

    public static func start(base: AppConfiguration) async throws -> DemoEnvironment {
        let webhookToken = base.webhookToken ?? Self.generateToken()
        let target = DemoWebhookTarget()
        // Odoo 19 with the delivery module (tracking numbers on pickings, a carrier with a tracking page) and the
        // automation rule of docs/odoo.md on pickings reaching done, posting to this service once it listens.
        var odooConfiguration = OdooSimulatorConfiguration(deliveryModuleInstalled: true,
                                                           carrierTrackingURL: Self.carrierTrackingURL)
        odooConfiguration.webhooks = OdooWebhookSettings(
            url: "/webhooks/odoo?token=\(webhookToken)", templateOnCreateOrWrite: false, templateOnArchive: false,
            templateOnUnlink: false, templateOnCreateWithoutFields: false, pickingOnDone: true)
        odooConfiguration.webhookSender = { path, body in try await target.post(path: path, body: body) }
        let odoo = try await OdooSimulator.start(seed: .demo(.odoo19), configuration: odooConfiguration)
        let medusa: RunningMedusaSimulator
        let medusaWebhookSecret = base.medusaWebhookSecret ?? Self.generateToken()
        let shopSubscriber = SignedEventForwarder(secret: medusaWebhookSecret, transport: AsyncHTTPClientTransport()) {
            target.url.map { $0 + "/webhooks/medusa" }
        }
        do {
            // The newest Medusa we model: what a shop installing today gets, with the subscriber of docs/medusa.md §8
            // pushing its order events, signed, to this service once it listens.
            var medusaConfiguration = MedusaSimulatorConfiguration(version: .current)
            medusaConfiguration.eventSubscriber = shopSubscriber.subscriber
            medusa = try await MedusaSimulator.start(configuration: medusaConfiguration)
        } catch {
            await odoo.stop()
            throw error
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("odoo-medusa-sync-demo-\(UUID().uuidString)")
        var configuration = base
        configuration.odoo = AppConfiguration.Odoo(
            url: odoo.baseURL, database: odoo.database, username: odoo.adminLogin, apiKey: odoo.adminAPIKey,
            apiProtocol: base.odoo?.apiProtocol ?? "auto", pageSize: base.odoo?.pageSize ?? 500)
        configuration.missingOdoo = []
        configuration.medusa = AppConfiguration.Medusa(
            backendURL: medusa.baseURL, credentials: .secretKey(medusa.configuration.secretAPIKey),
            salesChannelId: base.medusa?.salesChannelId, stockLocationId: base.medusa?.stockLocationId,
            adminURL: medusa.baseURL + "/app")
        configuration.missingMedusa = []
        configuration.syncAPIToken = base.syncAPIToken ?? Self.generateToken()
        configuration.webhookToken = webhookToken
        configuration.medusaWebhookSecret = medusaWebhookSecret
        configuration.databasePath = directory.appendingPathComponent("demo.sqlite").path
        // Orders flow too: the demo places a few after the first catalogue sync (`DemoOrders`). The simulated payment
        // provider only authorizes, and the orders are placed after the service started.
        configuration.orders.enabled = true
        configuration.orders.paymentRequirement = .authorized
        configuration.orders.since = configuration.orders.since ?? Date()
        // The settings replaced above no longer apply, and neither do their problems (e.g. an invalid ODOO_URL in .env).
        let replaced = ["ODOO_URL", "ODOO_DB_NAME", "ODOO_USERNAME", "ODOO_API_KEY", "MEDUSA_BACKEND_URL", "MEDUSA_API_KEY",
                        "MEDUSA_ADMIN_EMAIL", "MEDUSA_ADMIN_PASSWORD", "DATABASE_PATH"]
        configuration.problems.removeAll { problem in replaced.contains { problem.hasPrefix($0 + "=") || problem.hasPrefix($0 + " ") } }
        return DemoEnvironment(configuration: configuration, odoo: odoo, medusa: medusa, databaseDirectory: directory,
                               webhookTarget: target, shopSubscriber: shopSubscriber)
    }

    /// The demo's pieces of the service: the simulated warehouse behind `POST /demo/deliveries`, and the shop placing
    /// orders after the first catalogue sync. `serve --demo` and the tests wire them the same way.
    public func wire(_ runtime: inout ServiceRuntime) -> [any Service] {
        runtime.demoWarehouse = SimulatedWarehouse(odoo: odoo)
        return [DemoOrders(medusa: medusa, store: runtime.store, runner: runtime.runner, logger: runtime.logger)]
    }

    /// The service listens on `port` of `host`: from now on the simulated Odoo's picking webhook reaches it.
    public func serviceListening(host: String, port: Int) {
        let reachable = switch host {
        case "0.0.0.0", "": "127.0.0.1"
        case "::": "[::1]"
        default: host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        }
        webhookTarget.base.withLock { $0 = "http://\(reachable):\(port)" }
    }

    /// What a newcomer needs to start: where to look and the token to use.
    public func printWelcome(host: String, port: Int) {
        let shownHost = (host == "0.0.0.0" || host == "::") ? "127.0.0.1" : host
        let url = "http://\(shownHost):\(port)"
        let token = configuration.syncAPIToken ?? ""
        let text = """

            odoo-medusa-sync demo: simulated Odoo \(odoo.serverVersion) at \(odoo.baseURL), simulated Medusa at \(medusa.baseURL)
              dashboard:  \(url)/
              API token:  \(token)
              try:        curl -X POST -H 'Authorization: Bearer \(token)' \(url)/sync
                          curl -H 'Authorization: Bearer \(token)' \(url)/runs
              orders:     after the first catalogue sync a few shop orders are placed in the simulated Medusa and sent
                          to the simulated Odoo: curl -H 'Authorization: Bearer \(token)' \(url)/orders
              deliveries: validate an order's delivery in the simulated Odoo (the Orders view has a button):
                          curl -X POST -H 'Authorization: Bearer \(token)' -H 'Content-Type: application/json' \\
                            -d '{"medusaOrderId":"<order id>","trackingNumber":"1Z999"}' \(url)/demo/deliveries
                          Odoo's picking webhook starts a deliveries run: a fulfilment and shipment in Medusa.
            Nothing here touches a real Odoo or Medusa; the database is a temporary file removed at exit.


            """
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    public func stop() async {
        await odoo.stop()
        await medusa.stop()
        try? FileManager.default.removeItem(at: databaseDirectory)
    }

    static func generateToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}

/// The service's base URL for the simulated Odoo's webhook POSTs; nil until the service listens (a POST before that is
/// dropped, as Odoo's would fail against a server that is not up).
final class DemoWebhookTarget: Sendable {
    let base = Mutex<String?>(nil)

    private let poster = OdooWebhookPoster()

    /// The service's address once it listens, nil before.
    var url: String? { base.withLock { $0 } }

    /// One POST like Odoo's (`OdooWebhookPoster`): a failure is Odoo's to log, never retried.
    func post(path: String, body: [UInt8]) async throws {
        guard let base = url else { throw DemoWebhookError(description: "the service is not listening yet") }
        try await poster.post(url: base + path, body: body)
    }
}

struct DemoWebhookError: Error, CustomStringConvertible {
    var description: String
}
