import App
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
