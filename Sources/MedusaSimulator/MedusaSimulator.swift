import Foundation
import Hummingbird
import SimulatorSupport

/// An in-memory Medusa 2.0 Admin API on loopback that rejects exactly what real Medusa rejects: every JSON body is
/// validated against the schemas read from Medusa's zod validators, and the workflows' own rules (options, handles,
/// unique codes, replace semantics, soft delete, auto-created inventory items) answer with Medusa's messages.
public enum MedusaSimulator {
    /// Starts a simulator on `127.0.0.1` (`port` 0 picks a free port) and returns once it accepts connections.
    public static func start(configuration: MedusaSimulatorConfiguration = .init(), port: Int = 0) async throws
        -> RunningMedusaSimulator
    {
        let core = try SimulatorCore(configuration: configuration)
        let faults = FaultInjector(seed: configuration.faultSeed)
        let responder = MedusaResponder(core: core, faults: FaultInjectionMiddleware(faults))
        let server = try await SimulatorServer.start(responder: responder, host: "127.0.0.1", port: port,
                                                     name: "medusa-simulator")
        core.baseURL = server.baseURL
        return RunningMedusaSimulator(server: server, core: core, faults: faults)
    }
}

/// A started simulator: its address, its fault injector, and entry points for tests and benchmarks.
public final class RunningMedusaSimulator: Sendable {
    private let server: SimulatorServer
    let core: SimulatorCore
    /// Latency and faults for every request (scripted or random; `/_sim*` paths are exempt).
    public let faults: FaultInjector

    init(server: SimulatorServer, core: SimulatorCore, faults: FaultInjector) {
        self.server = server
        self.core = core
        self.faults = faults
    }

    /// `http://127.0.0.1:<port>` — the value for `MEDUSA_BACKEND_URL`.
    public var baseURL: String { server.baseURL }
    public var configuration: MedusaSimulatorConfiguration { core.configuration }

    /// All live products (with variants, prices, options, inventory levels, categories, images, sales channels),
    /// deleted products separately, categories, inventory items and uploads.
    public func snapshot() -> MedusaSimulatorSnapshot { core.snapshot() }

    /// Requests answered so far, by route.
    public var requestCounts: MedusaRequestCounts { core.requestCounts }

    /// Back to the freshly seeded store (products, categories, inventory, uploads, counters and JWTs cleared).
    /// Fault settings are left as they are.
    public func reset() { core.reset() }

    /// Invalidates every admin JWT issued so far, as if they had expired.
    public func expireAdminTokens() { core.authentication.expireTokens() }

    /// Stops the server and waits for it to shut down.
    public func stop() async { await server.stop() }
}

/// Puts the fault injector in front of the simulator's pipeline.
struct MedusaResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let core: SimulatorCore
    let faults: FaultInjectionMiddleware<BasicRequestContext>

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        try await faults.handle(request, context: context) { request, _ in await core.respond(to: request) }
    }
}
