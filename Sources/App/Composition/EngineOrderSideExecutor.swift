import HTTPTransport
import Logging
import MedusaClient
import OdooClient
import RunStore
import SyncCore

/// The orders executor: an `OrdersEngine` per run.
typealias EngineOrdersExecutor = EngineOrderSideExecutor<OrdersRequest>
/// The deliveries executor: a `DeliveriesEngine` per run.
typealias EngineDeliveriesExecutor = EngineOrderSideExecutor<DeliveriesRequest>

/// The production executor of the order-side kinds (orders, deliveries). Per run it builds the Odoo and Medusa clients
/// (like the catalogue's), tells the Medusa client what the catalogue's probe found so the run does not probe again,
/// runs the kind's engine over them and the run store, and publishes the Odoo server it met to `/health`.
struct EngineOrderSideExecutor<Request: JobRequest>: JobExecutor {
    typealias Run = @Sendable (_ odoo: OdooClient, _ medusa: MedusaClient, _ store: any RunStore,
                               _ reporter: any RunReporter) async throws -> RunSummary

    let settings: SyncSettings
    let store: any RunStore
    let odooTransport: any HTTPTransport
    let medusaTransport: any HTTPTransport
    let logger: Logger
    let health: ServiceHealth
    let run: Run

    func execute(_ request: Request, reporter: any RunReporter) async throws -> RunSummary {
        let odoo = Adapters.odoo(settings.odoo, transport: odooTransport, logger: logger)
        defer { if let server = odoo.serverInfo { health.publishOdooServer(server) } }
        let medusa = Adapters.medusa(settings.medusa, transport: medusaTransport, logger: logger)
        if let memo = try? await store.memo(.medusaCapabilities), let capabilities = MedusaCapabilities(memo: memo) {
            medusa.useCapabilities(capabilities)
        }
        return try await run(odoo, medusa, store, reporter)
    }
}
