import HTTPTransport
import Logging
import RunStore
import SyncCore

/// The production deliveries executor: a `DeliveriesEngine` over the Odoo and Medusa clients and the run store.
struct EngineDeliveriesExecutor: JobExecutor {
    let settings: SyncSettings
    let deliveries: DeliveriesConfiguration
    let store: RunStore
    let odooTransport: any HTTPTransport
    let medusaTransport: any HTTPTransport
    let logger: Logger
    let health: ServiceHealth

    func execute(_ request: DeliveriesRequest, reporter: any RunReporter) async throws -> RunSummary {
        let clients = await RunClients.make(settings: settings, store: store, odooTransport: odooTransport,
                                            medusaTransport: medusaTransport, logger: logger)
        defer { clients.publishServer(to: health) }
        let engine = DeliveriesEngine(medusa: clients.medusa, odoo: clients.odoo, state: store, configuration: deliveries)
        return try await engine.run(reporter: reporter)
    }
}
