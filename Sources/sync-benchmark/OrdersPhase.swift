import Foundation
import SyncCore

/// Runs the orders engine once (phase spec mode `orders`), built as the App builds it (`EngineOrdersExecutor`), on the
/// phase's store, which holds the variant bindings the catalogue phases wrote.
enum OrdersPhase {
    static func run(_ spec: PhaseSpec) async throws -> PhaseResult {
        let clients = try await PhaseClients(spec)
        // The simulated payment provider only authorizes; every order of the backlog was placed after "enabling".
        let engine = OrdersEngine(medusa: clients.medusa, odoo: clients.odoo, state: clients.store,
                                  configuration: OrdersConfiguration(paymentRequirement: .authorized,
                                                                     since: Date(timeIntervalSince1970: 0)))
        var result = try await clients.measure(spec) { reporter in try await engine.run(reporter: reporter) }
        result.writtenTemplateIds = []
        return result
    }
}
