import Foundation
import Simulators

/// `serve --demo`: the whole service against in-process Odoo 19 and Medusa simulators seeded with Odoo's real demo
/// catalogue, with a throw-away database and a generated API token — for a newcomer with neither system at hand.
/// It hands `ServiceBuilder` a configuration pointing at the simulators; the service is built as `serve` builds it.
public struct DemoEnvironment: Sendable {
    public let configuration: AppConfiguration
    public let odoo: RunningOdooSimulator
    public let medusa: RunningMedusaSimulator
    let databaseDirectory: URL

    public static func start(base: AppConfiguration) async throws -> DemoEnvironment {
        let odoo = try await OdooSimulator.start(seed: .demo(.odoo19))
        let medusa: RunningMedusaSimulator
        do {
            // The newest Medusa we model: what a shop installing today gets.
            medusa = try await MedusaSimulator.start(configuration: MedusaSimulatorConfiguration(version: .current))
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
        configuration.webhookToken = base.webhookToken ?? Self.generateToken()
        configuration.medusaWebhookSecret = base.medusaWebhookSecret ?? Self.generateToken()
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
        return DemoEnvironment(configuration: configuration, odoo: odoo, medusa: medusa, databaseDirectory: directory)
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
