import Foundation
import HTTPTypes
import SyncCore

/// What newer Medusa 2.x servers offer beyond 2.0.0 (`MedusaCapabilities`): the probe, and the calls that use it.
/// Sources for each capability are in `docs/medusa.md` (version table).
extension MedusaClient {
    /// An `external_id` no product has: a server that honours the filter finds nothing.
    static let probeExternalId = "odoo-medusa-sync-capability-probe"
    static let levelsBatchPath = "/admin/inventory-items/location-levels/batch"
    /// Most levels in one batch request: well under the 2 MB body limit (about 130 bytes a level), and small enough
    /// that one refused batch costs a bounded per-level fallback.
    static let maxLevelsPerBatchRequest = 1_000

    /// Three reads at once, nothing written: `GET /admin/plugins` (Medusa 2.7.0+; its 200 means the levels batch of
    /// 2.3.0 is there — on older servers the batch is tried once by the first stock write, because the batch route runs
    /// its workflow even for an empty body and is never used as a probe); and the product count with and without an
    /// `external_id` filter no product matches: the filter is applied when the first is 0 and the second is not (an
    /// empty shop cannot tell, and counts as not applied until the next probe).
    public func probeCapabilities() async throws -> MedusaCapabilities {
        func count(_ filter: [(String, String)]) async throws -> Int {
            let listing = try await api.send(AdminRequest(method: .get, path: "/admin/products",
                                                          query: filter + [("limit", "1"), ("fields", "id")]),
                                             decoding: ProductIdListEnvelope.self)
            return listing.count ?? listing.products.count
        }
        async let plugins = routeExists(AdminRequest(method: .get, path: "/admin/plugins"))
        async let filtered = count([("external_id", Self.probeExternalId)])
        async let all = count([])
        let (hasPlugins, matching, total) = try await (plugins, filtered, all)
        // The order update route (PR #10373) predates 2.7.0's plugins route; its own probe would be a write.
        orderUpdateSupport.withLock { $0 = hasPlugins }
        return MedusaCapabilities(stockLevelsBatch: hasPlugins ? .available : .untried,
                                  externalIdFilter: matching == 0 && total > 0, orderUpdate: hasPlugins)
    }

    public func products(externalId: String) async throws -> [MedusaProduct] {
        let request = AdminRequest(method: .get, path: "/admin/products", query: [
            ("external_id", externalId), ("limit", "10"), ("fields", Self.productFields),
        ])
        // Checked again: a server that ignores the filter answers with the first products of the catalogue.
        return try await api.send(request, decoding: ProductListEnvelope.self).products.map(\.model)
            .filter { $0.externalId == externalId }
    }

    public func batchStockLevels(create: [StockLevelWrite], update: [StockLevelWrite]) async throws {
        let entries = create.map { (true, $0) } + update.map { (false, $0) }
        for start in stride(from: 0, to: entries.count, by: Self.maxLevelsPerBatchRequest) {
            let chunk = entries[start..<min(start + Self.maxLevelsPerBatchRequest, entries.count)]
            let body = try api.encode(AdminPayloads.stockLevelsBatch(create: chunk.filter(\.0).map(\.1),
                                                                      update: chunk.filter { !$0.0 }.map(\.1)),
                                      limit: configuration.batchLimits.maxBatchBodyBytes, method: "POST",
                                      path: Self.levelsBatchPath, subject: "\(chunk.count) stock levels")
            do {
                _ = try await api.send(AdminRequest(method: .post, path: Self.levelsBatchPath, body: .json(body)))
            } catch let error as MedusaError where Self.isUnknownRoute(error) {
                throw MedusaRouteMissing(method: "POST", path: Self.levelsBatchPath)
            }
        }
    }

    /// A 404 that is not Medusa's JSON `not_found`: the route does not exist on this server.
    static func isUnknownRoute(_ error: MedusaError) -> Bool {
        error.kind == .response && error.status == 404 && error.type == nil
    }

    func routeExists(_ request: AdminRequest) async throws -> Bool {
        do {
            _ = try await api.send(request)
            return true
        } catch let error as MedusaError where Self.isUnknownRoute(error) {
            return false
        }
    }
}

struct ProductIdListEnvelope: Decodable {
    struct Item: Decodable { var id: String }
    var products: [Item]
    var count: Int?
}
