import HTTPTransport
import Logging
import RunStore
import SyncCore

/// The production orders executor: an `OrdersEngine` over the Medusa and Odoo clients and the run store.
struct EngineOrdersExecutor: JobExecutor {
    let settings: SyncSettings
    let orders: OrdersConfiguration
    let store: RunStore
    let odooTransport: any HTTPTransport
    let medusaTransport: any HTTPTransport
    let logger: Logger
    let health: ServiceHealth

    func execute(_ request: OrdersRequest, reporter: any RunReporter) async throws -> RunSummary {
        let clients = await RunClients.make(settings: settings, store: store, odooTransport: odooTransport,
                                            medusaTransport: medusaTransport, logger: logger)
        defer { clients.publishServer(to: health) }
        let engine = OrdersEngine(medusa: clients.medusa, odoo: clients.odoo, state: store, configuration: orders)
        return try await engine.run(reporter: reporter)
    }
}
