import CryptoDigest
import HTTPTransport
import Logging
import RunStore
import SyncCore

/// The production `SyncExecutor`: a `SyncEngine` over the Odoo and Medusa clients and the run store.
/// Clients are built per run; the engine resumes the Odoo session the last run remembered (a full run, or any run
/// after a failed one, detects the server again: servers get upgraded).
struct EngineSyncExecutor: SyncExecutor {
    let settings: SyncSettings
    let store: any RunStore
    /// Each side's transport, already instrumented for `/metrics`.
    let odooTransport: any HTTPTransport
    let medusaTransport: any HTTPTransport
    let logger: Logger
    /// Where the Odoo version and protocol the run found are shown (`/health`).
    let health: ServiceHealth

    func execute(_ request: SyncRequest, reporter: any RunReporter) async throws -> RunSummary {
        let odoo = Adapters.odoo(settings.odoo, transport: odooTransport, logger: logger)
        defer { if let server = odoo.serverInfo { health.publishOdooServer(server) } }
        let engine = SyncEngine(
            odoo: odoo,
            medusa: Adapters.medusa(settings.medusa, transport: medusaTransport, logger: logger),
            state: store,
            digest: SHA256ContentDigest(),
            configuration: settings.engine)
        let summary = try await engine.run(request, reporter: reporter)
        await health.publishMedusaCapabilities(from: store)
        return summary
    }
}
