import OpenAPIRuntime
import RunStore
import SyncAPI
import SyncCore

extension APIHandler {
    /// Why a `POST /sync` was refused, as the response to send.
    struct SyncRefusal: Error {
        let output: Operations.StartSync.Output
    }

    /// The catalogue part of `POST /sync`: validates the catalogue options and queues the run.
    func submitCatalogue(_ body: Components.Schemas.SyncRequest?) async throws -> Result<JobRunner.Submission, SyncRefusal> {
        func refuse(_ output: Operations.StartSync.Output) -> Result<JobRunner.Submission, SyncRefusal> {
            .failure(SyncRefusal(output: output))
        }
        guard await runner.canRun else {
            let missing = configuration.missingOdoo + configuration.missingMedusa
            return refuse(.serviceUnavailable(.init(body: .json(.error(code: "not_configured",
                message: "sync is not possible until Odoo and Medusa are configured: set \(missing.joined(separator: ", "))")))))
        }
        let ids = body?.productIds ?? []
        guard ids.count <= 10_000 else {
            return refuse(.badRequest(.init(body: .json(.error(code: "invalid_request", message: "productIds holds \(ids.count) ids; at most 10000 per request")))))
        }
        if let bad = ids.first(where: { $0 < 1 || $0 > Int64(Int32.max) }) {
            return refuse(.badRequest(.init(body: .json(.error(code: "invalid_request", message: "productIds must be positive Odoo ids; got \(bad)")))))
        }
        let dryRun = body?.dryRun ?? false
        let request: SyncRequest
        switch (body?.mode, ids.isEmpty) {
        case (.full?, true): request = SyncRequest(mode: .full, dryRun: dryRun)
        case (.full?, false):
            return refuse(.badRequest(.init(body: .json(.error(code: "invalid_request", message: "mode full syncs everything; leave productIds out, or use mode incremental with productIds for a targeted run")))))
        case (_, false): request = .targeted(ids.map { Int($0) }, dryRun: dryRun)
        case (_, true): request = SyncRequest(mode: .incremental, dryRun: dryRun)
        }
        return .success(try await runner.submit(request, trigger: .api))
    }

    /// 503 for an orders (or deliveries) run this service cannot run, saying what to set.
    static func ordersUnavailable(_ configuration: AppConfiguration) -> Operations.StartSync.Output {
        if !configuration.orders.enabled {
            return .serviceUnavailable(.init(body: .json(.error(code: "orders_off",
                message: "orders sync is off: set SYNC_ORDERS=true (the Odoo user needs rights on contacts and sales; see docs/orders.md)"))))
        }
        let missing = configuration.missingOdoo + configuration.missingMedusa
        return .serviceUnavailable(.init(body: .json(.error(code: "not_configured",
            message: "orders sync is not possible until Odoo and Medusa are configured: set \(missing.joined(separator: ", "))"))))
    }
}
