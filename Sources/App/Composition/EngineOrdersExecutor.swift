import HTTPTransport
import Logging
import RunStore
import SyncCore

/// The production orders executor: an `OrdersEngine` over the Medusa and Odoo clients and the run store, clients
/// built per run like the catalogue's.
struct EngineOrdersExecutor: JobExecutor {
    let settings: SyncSettings
    let orders: OrdersConfiguration
    let store: RunStore
    let odooTransport: any HTTPTransport
    let medusaTransport: any HTTPTransport
    let logger: Logger
    let health: ServiceHealth

    func execute(_ request: OrdersRequest, reporter: any RunReporter) async throws -> RunSummary {
        let odoo = Adapters.odoo(settings.odoo, transport: odooTransport, logger: logger)
        defer { if let server = odoo.serverInfo { health.publishOdooServer(server) } }
        let medusa = Adapters.medusa(settings.medusa, transport: medusaTransport, logger: logger)
        // What the catalogue's probe found (whether Medusa takes the Odoo name back), so this run does not probe again.
        if let memo = try? await store.memo(.medusaCapabilities), let capabilities = MedusaCapabilities(memo: memo) {
            medusa.useCapabilities(capabilities)
        }
        let engine = OrdersEngine(medusa: medusa, odoo: odoo, state: store, configuration: orders)
        return try await engine.run(reporter: reporter)
    }
}
