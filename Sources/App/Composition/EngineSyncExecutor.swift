import HTTPTransport
import Logging
import MedusaClient
import OdooClient
import RunStore
import SyncCore

/// The production `SyncExecutor`: a `SyncEngine` over the Odoo and Medusa clients and the run store.
/// Clients are built per run; the engine resumes the Odoo session the last run remembered (a full run, or any run
/// after a failed one, detects the server again: servers get upgraded).
struct EngineSyncExecutor: SyncExecutor {
    let odoo: OdooConfiguration
    let medusa: MedusaConfiguration
    let engineConfiguration: SyncConfiguration
    let store: RunStore
    let transport: any HTTPTransport
    let metrics: SyncMetrics?
    let logger: Logger

    func execute(_ request: SyncRequest, reporter: any RunReporter) async throws -> RunSummary {
        let engine = SyncEngine(
            odoo: OdooClient(configuration: odoo, transport: metrics?.instrument(transport, system: "odoo") ?? transport, logger: logger),
            medusa: MedusaClient(configuration: medusa, transport: metrics?.instrument(transport, system: "medusa") ?? transport, logger: logger),
            state: store,
            configuration: engineConfiguration)
        return try await engine.run(request, reporter: reporter)
    }
}

extension AppConfiguration {
    /// Client and engine settings for the configured integrations; nil while either is missing.
    func syncSettings() -> (odoo: OdooConfiguration, medusa: MedusaConfiguration, engine: SyncConfiguration)? {
        guard let odoo, let medusa else { return nil }
        let odooConfiguration = OdooConfiguration(
            url: odoo.url, database: odoo.database, username: odoo.username, apiKey: odoo.apiKey,
            apiProtocol: OdooConfiguration.APIProtocolChoice(rawValue: odoo.apiProtocol) ?? .auto,
            pageSize: odoo.pageSize)
        let authentication: MedusaConfiguration.Authentication = switch medusa.credentials {
        case .secretKey(let key): .secretKey(key)
        case .emailPassword(let email, let password): .emailPassword(email: email, password: password)
        }
        let medusaConfiguration = MedusaConfiguration(
            backendURL: medusa.backendURL, authentication: authentication,
            salesChannelId: medusa.salesChannelId, stockLocationId: medusa.stockLocationId)
        let engine = SyncConfiguration(
            pageSize: odoo.pageSize,
            archiveMode: archiveMode == .delete ? .delete : .draft,
            syncStock: syncStock,
            odooLocationIds: odooLocationIds,
            medusaLocationId: medusa.stockLocationId,
            salesChannelId: medusa.salesChannelId,
            pricelistByCurrency: pricelistByCurrency,
            syncImages: syncImages)
        return (odooConfiguration, medusaConfiguration, engine)
    }
}
