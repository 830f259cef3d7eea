import Foundation
import Hummingbird
@_exported import SimulatorSupport
import SyncCore

/// An in-process Odoo 17 or 19 over real HTTP on loopback: JSON-RPC on both, JSON-2 on 19, the recorded value shapes
/// and errors, computed prices and stock like Odoo's, fault injection, and webhooks like Odoo's automation rules.
/// For tests, `--demo` and the benchmark.
public enum OdooSimulator {
    /// Starts serving `seed` on `host:port` (port 0 = an ephemeral port) and returns once it listens.
    public static func start(
        seed: OdooCatalogueSeed, configuration: OdooSimulatorConfiguration = OdooSimulatorConfiguration(),
        host: String = "127.0.0.1", port: Int = 0
    ) async throws -> RunningOdooSimulator {
        let server = SimulatedOdooServer(seed: seed, configuration: configuration)
        let faults = FaultInjector(seed: configuration.faultSeed)
        let router = OdooSimulatorRouter.build(server: server, faults: faults)
        let http = try await SimulatorServer.start(responder: router.buildResponder(), host: host, port: port,
                                                   name: "odoo-simulator-\(seed.majorVersion)")
        return RunningOdooSimulator(server: server, http: http, faults: faults)
    }
}

/// A running simulated Odoo: where it listens, its fault injector, request counters, and the mutation helpers that
/// change data the way Odoo does (including which `write_date`s move and which webhooks fire).
public final class RunningOdooSimulator: Sendable {
    let server: SimulatedOdooServer
    private let http: SimulatorServer
    let webhooks: OdooWebhookDispatcher
    /// Latency and faults for every request (`faults.update { $0.scripted = [.rateLimited] }`).
    public let faults: FaultInjector

    init(server: SimulatedOdooServer, http: SimulatorServer, faults: FaultInjector) {
        self.server = server
        self.http = http
        self.faults = faults
        webhooks = OdooWebhookDispatcher(sender: server.configuration.webhookSender,
                                         timeout: server.configuration.webhooks?.timeout ?? .seconds(1))
        let dispatcher = webhooks
        server.webhookOutlet.withLock { $0 = { posts in Task { await dispatcher.send(posts) } } }
    }

    /// e.g. `http://127.0.0.1:49152` — the `ODOO_URL` of this server.
    public var baseURL: String { http.baseURL }
    public var port: Int { http.port }
    public var database: String { server.database }
    public var serverVersion: String { server.serverVersion }
    public var majorVersion: Int { server.majorVersion }
    public var users: [OdooSimulatedUser] { server.configuration.users }
    /// Key of the first internal user (the one a sync would use).
    public var adminAPIKey: String { users.first { $0.role == .internal }?.apiKey ?? "" }
    public var adminLogin: String { users.first { $0.role == .internal }?.login ?? "" }

    public func stop() async { await http.stop() }

    // MARK: request counters

    /// Requests per `"<model>/<method>"` (e.g. `"product.product/search_read"`), `"common/<method>"` and
    /// `"GET /json/version"`, over both protocols.
    public var requestCounts: [String: Int] { server.requestCounts }
    public func requestCount(model: String, method: String) -> Int { server.requestCounts["\(model)/\(method)"] ?? 0 }
    public var totalRequestCount: Int { server.requestCounts.values.reduce(0, +) }
    public func resetRequestCounts() { server.resetCounts() }

    // MARK: inspection

    /// A record's `write_date` as reads show it (`"YYYY-MM-DD HH:MM:SS"`); nil when the record does not exist.
    public func writeDate(model: String, id: Int) -> String? {
        stamp(model: model, id: id)?.odooText
    }

    /// A record's `write_date` with microseconds, as stored (and as webhooks show it).
    public func storedWriteDate(model: String, id: Int) -> String? {
        stamp(model: model, id: id)?.textWithMicroseconds
    }

    private func stamp(model: String, id: Int) -> SimTimestamp? {
        server.state.withLock { database in
            if case .timestamp(let stamp) = database.tables[model]?.value(id: id, "write_date") { return stamp }
            return nil
        }
    }

    /// Reads the database under its lock (for the inspection helpers).
    func withDatabase<T>(_ body: (SimDatabase) -> T) -> T { server.state.withLock { body($0) } }

    /// Ids of a model's records (archived included), ascending.
    public func recordIds(model: String) -> [Int] { server.state.withLock { $0.tables[model]?.ids ?? [] } }

    /// Webhook POSTs sent so far, in order.
    public var webhookDeliveries: [OdooWebhookDelivery] { webhooks.deliveries }
    public func clearWebhookDeliveries() { webhooks.clearLog() }

    // MARK: mutations (like real Odoo)

    /// Writes a template's `list_price`: bumps the template's and all its variants' `write_date`; fires the template
    /// rule once and the variant rule once per variant.
    public func setListPrice(templateId: Int, to price: Decimal) async throws {
        try await mutate { database, now, settings throws(OdooSimulatorError) in
            try database.setListPrice(templateId: templateId, to: price, now: now, webhooks: settings)
        }
    }

    /// Writes a PTAV's `price_extra`: the variants' `lst_price` changes, but no template or variant `write_date` moves
    /// and no webhook fires (as observed on Odoo 19). Only the PTAV's own `write_date` moves.
    public func setPriceExtra(templateAttributeValueId: Int, to extra: Decimal) async throws {
        try await mutate { database, now, _ throws(OdooSimulatorError) in
            try database.setPriceExtra(templateAttributeValueId: templateAttributeValueId, to: extra, now: now)
            return []
        }
    }

    /// Archives a template and its variants (write rule + archive rule fire).
    public func archiveTemplate(_ id: Int) async throws {
        try await mutate { database, now, settings throws(OdooSimulatorError) in
            try database.setTemplateActive(id, active: false, now: now, webhooks: settings)
        }
    }

    public func unarchiveTemplate(_ id: Int) async throws {
        try await mutate { database, now, settings throws(OdooSimulatorError) in
            try database.setTemplateActive(id, active: true, now: now, webhooks: settings)
        }
    }

    /// Deletes a template and everything hanging off it (unlink rule fires with the record's last data).
    public func deleteTemplate(_ id: Int) async throws {
        try await mutate { database, _, settings throws(OdooSimulatorError) in
            try database.deleteTemplate(id, webhooks: settings)
        }
    }

    /// Sets on-hand stock of a variant at a location (an inventory adjustment): no product `write_date` moves and no
    /// webhook fires, as in Odoo.
    public func setStock(variantId: Int, locationId: Int, quantity: Decimal) async throws {
        try await mutate { database, now, _ throws(OdooSimulatorError) in
            try database.setStock(variantId: variantId, locationId: locationId, quantity: quantity, now: now)
            return []
        }
    }

    /// Renames a template (bumps its `write_date`; write rule fires).
    public func renameTemplate(_ id: Int, to name: String) async throws {
        try await mutate { database, now, settings throws(OdooSimulatorError) in
            try database.renameTemplate(id, to: name, now: now, webhooks: settings)
        }
    }

    /// Writes a variant's barcode (bumps that variant only; variant rule fires).
    public func setVariantBarcode(variantId: Int, to barcode: String?) async throws {
        try await mutate { database, now, settings throws(OdooSimulatorError) in
            try database.setVariantBarcode(variantId, to: barcode, now: now, webhooks: settings)
        }
    }

    /// Creates a product and fires the create burst (`simulateCreateBurst`) like Odoo does on one create.
    @discardableResult
    public func createProduct(_ product: OdooNewProduct) async throws -> (templateId: Int, variantIds: [Int]) {
        let clock = server.configuration.clock
        let created = server.state.withLock { database in database.createProduct(product, now: clock()) }
        try await simulateCreateBurst(templateId: created.templateId)
        return created
    }

    /// Sends the ~16 POSTs one product create fires in Odoo (shape copied from the recording) for an existing template.
    public func simulateCreateBurst(templateId: Int) async throws {
        let settings = server.configuration.webhooks
        let posts = try server.state.withLock { database throws(OdooSimulatorError) in
            try database.createBurst(templateId: templateId, webhooks: settings)
        }
        await webhooks.send(posts)
    }

    /// Applies a change and sends its webhooks: after the commit (19), or — on 17, which posts inside the transaction —
    /// before the change is visible to readers.
    private func mutate(
        _ change: @escaping @Sendable (inout SimDatabase, Date, OdooWebhookSettings?) throws(OdooSimulatorError) -> [PendingWebhook]
    ) async throws {
        let settings = server.configuration.webhooks
        let now = server.configuration.clock()
        let beforeCommit = settings?.sendBeforeCommit ?? (server.majorVersion < 19)
        if beforeCommit, settings != nil {
            let (changed, posts) = try server.state.withLock { database throws(OdooSimulatorError) in
                var copy = database
                let posts = try change(&copy, now, settings)
                return (copy, posts)
            }
            await webhooks.send(posts)
            server.state.withLock { $0 = changed }
        } else {
            let posts = try server.state.withLock { database throws(OdooSimulatorError) in try change(&database, now, settings) }
            await webhooks.send(posts)
        }
    }
}
