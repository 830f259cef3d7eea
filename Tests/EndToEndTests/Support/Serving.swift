import App
import Foundation
import Simulators

/// Serves `runtime` on its configured loopback port while `body` runs (the port it listens on arrives in the
/// `PortBox`), then shuts the runner down and stops both simulators, whatever `body` does.
func whileServing(_ runtime: ServiceRuntime, odoo: RunningOdooSimulator, medusa: RunningMedusaSimulator,
                  _ body: (PortBox) async throws -> Void) async throws {
    let port = PortBox()
    let server = Task { try await runtime.serve(onServerRunning: { await port.set($0) }) }
    let result: Result<Void, any Error>
    do {
        result = .success(try await body(port))
    } catch {
        result = .failure(error)
    }
    server.cancel()
    await runtime.runner.beginShutdown()
    _ = await server.result
    await odoo.stop()
    await medusa.stop()
    try result.get()
}

/// Both simulators for a test of the whole App (Odoo's 19 demo catalogue, a Medusa 2.0 shop); the Odoo one is stopped
/// again when the Medusa one fails to start.
func startAppSimulators() async throws -> (odoo: RunningOdooSimulator, medusa: RunningMedusaSimulator) {
    let odoo = try await OdooSimulator.start(seed: try .demo(.odoo19))
    do {
        return (odoo, try await MedusaSimulator.start())
    } catch {
        await odoo.stop()
        throw error
    }
}

/// The environment of a service pointed at the simulators, on an ephemeral loopback port with no schedules and quiet
/// logs; `extra` adds or overrides variables.
func appEnvironment(odoo: RunningOdooSimulator, medusa: RunningMedusaSimulator, token: String, databasePath: String,
                    extra: [String: String] = [:]) -> [String: String] {
    [
        "ODOO_URL": odoo.baseURL, "ODOO_DB_NAME": odoo.database, "ODOO_USERNAME": odoo.adminLogin,
        "ODOO_API_KEY": odoo.adminAPIKey,
        "MEDUSA_BACKEND_URL": medusa.baseURL, "MEDUSA_API_KEY": medusa.configuration.secretAPIKey,
        "SYNC_API_TOKEN": token, "DATABASE_PATH": databasePath,
        "HOST": "127.0.0.1", "PORT": "0", "SYNC_SCHEDULE": "off", "SYNC_FULL_SCHEDULE": "off", "LOG_FORMAT": "text",
        "LOG_LEVEL": "error",
    ].merging(extra) { _, override in override }
}
