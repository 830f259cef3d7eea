import MedusaClient
import OdooClient
import SyncCore

/// The client and engine settings the configuration gives, when both integrations are configured.
struct SyncSettings: Sendable {
    var odoo: OdooConfiguration
    var medusa: MedusaConfiguration
    var engine: SyncConfiguration
}

extension AppConfiguration {
    /// Client and engine settings for the configured integrations; nil while either is missing.
    func syncSettings() -> SyncSettings? {
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
        var engine = SyncConfiguration(
            pageSize: odoo.pageSize,
            archiveMode: archiveMode == .delete ? .delete : .draft,
            syncStock: syncStock,
            odooLocationIds: odooLocationIds,
            medusaLocationId: medusa.stockLocationId,
            salesChannelId: medusa.salesChannelId,
            pricelistByCurrency: pricelistByCurrency,
            syncImages: syncImages)
        engine.retrySchedule = RetrySchedule(maxAttempts: retryMaxAttempts)
        engine.medusaOwnedFields = medusaOwnedFields
        return SyncSettings(odoo: odooConfiguration, medusa: medusaConfiguration, engine: engine)
    }
}
