import HTTPTransport
import Logging
import RunStore
import SyncCore

/// The production deliveries executor: a `DeliveriesEngine` over the Odoo and Medusa clients and the run store,
/// clients built per run like the other kinds'.
struct EngineDeliveriesExecutor: JobExecutor {
    let settings: SyncSettings
    let deliveries: DeliveriesConfiguration
    let store: RunStore
    let odooTransport: any HTTPTransport
    let medusaTransport: any HTTPTransport
    let logger: Logger
    let health: ServiceHealth

    func execute(_ request: DeliveriesRequest, reporter: any RunReporter) async throws -> RunSummary {
        let odoo = Adapters.odoo(settings.odoo, transport: odooTransport, logger: logger)
        defer { if let server = odoo.serverInfo { health.publishOdooServer(server) } }
        let medusa = Adapters.medusa(settings.medusa, transport: medusaTransport, logger: logger)
        if let memo = try? await store.memo(.medusaCapabilities), let capabilities = MedusaCapabilities(memo: memo) {
            medusa.useCapabilities(capabilities)
        }
        let engine = DeliveriesEngine(medusa: medusa, odoo: odoo, state: store, configuration: deliveries)
        return try await engine.run(reporter: reporter)
    }
}
