import Synchronization
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import RunStore
import SyncCore

@testable import App

/// An executor whose runs block until released, so tests can observe queued/running states deterministically.
actor ControlledExecutor: SyncExecutor {
    private(set) var executed: [SyncRequest] = []
    private var gates: [CheckedContinuation<Void, Never>] = []
    private var autoRelease: Bool
    var outcome: ProductOutcome.Kind = .created

    init(autoRelease: Bool = true) { self.autoRelease = autoRelease }

    nonisolated func execute(_ request: SyncRequest, reporter: any RunReporter) async throws -> RunSummary {
        await record(request)
        await reporter.progress(RunProgress(phase: "products", done: 0, total: max(1, request.productIds.count)))
        await waitForRelease()
        try Task.checkCancellation()
        let kind = await outcome
        let ids = request.productIds.isEmpty ? [1] : request.productIds
        try await reporter.outcomes(ids.map { ProductOutcome(odooTemplateId: $0, kind: kind, message: kind == .failed ? "boom" : nil) })
        await reporter.progress(RunProgress(phase: "done", done: ids.count, total: ids.count))
        var counts = RunCounts()
        for _ in ids { counts.add(kind) }
        return RunSummary(counts: counts)
    }

    private func record(_ request: SyncRequest) { executed.append(request) }

    private func waitForRelease() async {
        if autoRelease { return }
        await withCheckedContinuation { gates.append($0) }
    }

    func release() {
        autoRelease = true
        for gate in gates { gate.resume() }
        gates = []
    }

    func setOutcome(_ kind: ProductOutcome.Kind) { outcome = kind }
    var executedCount: Int { executed.count }
}

/// Polls `condition` every 10 ms, at most `timeout`; bounded so a broken test fails instead of hanging.
func eventually(timeout: Duration = .seconds(5), _ condition: @Sendable () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}

struct TestService {
    static let apiToken = "test-api-token-0123456789"
    static let webhookToken = "test-webhook-token-abcdef"

    let store: any RunStore
    let runner: JobRunner
    let intake: WebhookIntake?
    var dependencies: HTTPDependencies

    static func configuration(_ overrides: [String: String] = [:]) -> AppConfiguration {
        var env = [
            "ODOO_URL": "http://127.0.0.1:1", "ODOO_DB_NAME": "odoo", "ODOO_USERNAME": "sync", "ODOO_API_KEY": "odoo-key-xyz",
            "MEDUSA_BACKEND_URL": "http://127.0.0.1:2", "MEDUSA_API_KEY": "sk_test_secret",
            "SYNC_API_TOKEN": apiToken, "ODOO_WEBHOOK_TOKEN": webhookToken,
            "CORS_ALLOWED_ORIGINS": "https://admin.example.com", "LOG_FORMAT": "text",
        ]
        for (key, value) in overrides { env[key] = value.isEmpty ? nil : value }
        return AppConfiguration.load(from: EnvironmentSource(env))
    }

    /// The service as `serve` builds it (`ServiceBuilder`), with an in-memory store, `executor` for the catalogue
    /// sync, and webhook variants mapped to template `id + 1000` instead of asking Odoo. A nil executor builds the
    /// production one, which an unconfigured `configuration` leaves out.
    init(configuration: AppConfiguration = TestService.configuration(), executor: (any SyncExecutor)? = ControlledExecutor(),
         ordersExecutor: (any JobExecutor<OrdersRequest>)? = nil,
         deliveriesExecutor: (any JobExecutor<DeliveriesRequest>)? = nil,
         debounce: Duration = .milliseconds(50)) async throws {
        var configuration = configuration
        configuration.webhookDebounce = debounce
        var builder = ServiceBuilder(configuration: configuration, logger: Logger(label: "test"))
        builder.store = try SQLiteRunStore()
        builder.catalogueExecutor = executor
        builder.ordersExecutor = ordersExecutor
        builder.deliveriesExecutor = deliveriesExecutor
        builder.variantTemplates = { ids in ids.map { $0 + 1000 } }
        let runtime = await builder.build()
        store = runtime.store
        runner = runtime.runner
        intake = runtime.intake
        dependencies = runtime.httpDependencies
    }

    /// The requests webhooks queued: the webhook-triggered runs, oldest first.
    func webhookRequests() async throws -> [SyncRequest] {
        try await store.listRuns(trigger: .webhook, limit: 1000).reversed().map(\.request)
    }

    func application() throws -> some ApplicationProtocol {
        Application(router: try buildRouter(dependencies))
    }
}

actor SubmittedRequests {
    private(set) var requests: [SyncRequest] = []
    func append(_ request: SyncRequest) { requests.append(request) }
}

extension TestResponse {
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }
}

func bearer(_ token: String = TestService.apiToken) -> HTTPFields {
    [.authorization: "Bearer \(token)", .contentType: "application/json"]
}

extension ByteBuffer {
    init(json: String) { self.init(string: json) }
}

/// A thread-safe count, for handlers and callbacks that run on other threads.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
