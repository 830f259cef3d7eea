import HTTPTransport
import Logging
import MedusaClient
import OdooClient
import RunStore
import SyncCore

/// The Odoo and Medusa clients one run of the order-side kinds (orders, deliveries) works with: built per run like the
/// catalogue's, the Medusa client told what the catalogue's probe found (so the run does not probe again), and the
/// Odoo server it connected to published to `/health` when the run ends.
struct RunClients {
    let odoo: OdooClient
    let medusa: MedusaClient

    static func make(settings: SyncSettings, store: RunStore, odooTransport: any HTTPTransport,
                     medusaTransport: any HTTPTransport, logger: Logger) async -> RunClients {
        let odoo = Adapters.odoo(settings.odoo, transport: odooTransport, logger: logger)
        let medusa = Adapters.medusa(settings.medusa, transport: medusaTransport, logger: logger)
        if let memo = try? await store.memo(.medusaCapabilities), let capabilities = MedusaCapabilities(memo: memo) {
            medusa.useCapabilities(capabilities)
        }
        return RunClients(odoo: odoo, medusa: medusa)
    }

    func publishServer(to health: ServiceHealth) {
        if let server = odoo.serverInfo { health.publishOdooServer(server) }
    }
}
