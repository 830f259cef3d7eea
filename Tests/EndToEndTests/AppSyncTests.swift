import App
import Foundation
import HTTPTransport
import HTTPTypes
import Logging
import RunStore
import Simulators
import SyncCore
import Testing

@Suite("Through the App: POST /sync → job runner → EngineSyncExecutor → run record and /metrics")
struct AppSyncTests {
    @Test("An API-triggered sync is recorded with its counts and outcomes, and /metrics reports it")
    func apiTriggeredRunIsRecordedAndMeasured() async throws {
        let (odoo, medusa) = try await startAppSimulators()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-app-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let token = "e2e-api-token-0123456789abcdef"
        let configuration = AppConfiguration.load(from: EnvironmentSource(appEnvironment(
            odoo: odoo, medusa: medusa, token: token, databasePath: directory.appendingPathComponent("sync.sqlite").path,
            extra: ["ODOO_WEBHOOK_TOKEN": "e2e-webhook-token-0123456789"])))
        #expect(configuration.problems.isEmpty, "\(configuration.problems)")
        var logger = Logger(label: "e2e-app")
        logger.logLevel = .critical
        let runtime = await ServiceBuilder(configuration: configuration, logger: logger).build()
        #expect(runtime.startupProblems.isEmpty, "\(runtime.startupProblems)")

        try await whileServing(runtime, odoo: odoo, medusa: medusa) { port in
            try await Self.exercise(runtime: runtime, port: port, token: token, medusa: medusa)
        }
    }

    static func exercise(runtime: ServiceRuntime, port: PortBox, token: String, medusa: RunningMedusaSimulator) async throws {
        #expect(try await eventually { await port.value != nil }, "the server started listening")
        let base = "http://127.0.0.1:\(try #require(await port.value))"
        let http = AsyncHTTPClientTransport()
        let auth: HTTPFields = [.authorization: "Bearer \(token)"]

        // "Sync now": a full run through the API.
        let accepted = try await http.send(HTTPRequestData(
            method: .post, url: "\(base)/sync", headerFields: auth + [HTTPField(name: .contentType, value: "application/json")],
            body: Array(#"{"mode":"full"}"#.utf8), timeout: .seconds(5)))
        #expect(accepted.status == 202, "\(accepted.bodyText)")
        let location = try #require(accepted.header("Location"))
        let runId = try #require(Int64(location.split(separator: "/").last.map(String.init) ?? ""))
        #expect(location == "/runs/\(runId)")

        // Poll GET /runs/{id} until the run has finished (bounded).
        var detail: [String: Any]?
        let deadline = ContinuousClock.now + .seconds(30)
        while detail == nil, ContinuousClock.now < deadline {
            let response = try await http.send(HTTPRequestData(method: .get, url: "\(base)\(location)?itemsLimit=100",
                                                               headerFields: auth, timeout: .seconds(5)))
            if response.status == 200,
               let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
               let run = json["run"] as? [String: Any], let status = run["status"] as? String,
               !["queued", "running"].contains(status) {
                detail = json
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        let finished = try #require(detail, "run \(runId) finished within 30 s")
        let apiRun = try #require(finished["run"] as? [String: Any])
        #expect(apiRun["status"] as? String == "succeeded")
        #expect(apiRun["trigger"] as? String == "api")
        #expect(apiRun["mode"] as? String == "full")
        let apiCounts = try #require(apiRun["counts"] as? [String: Any])
        #expect(apiCounts["created"] as? Int == 36)
        #expect(apiCounts["failed"] as? Int == 0)
        let items = try #require(finished["items"] as? [[String: Any]])
        #expect(items.count == 36)
        #expect(items.allSatisfy { $0["outcome"] as? String == "created" && ($0["medusaProductId"] as? String)?.isEmpty == false })

        // The same run in the store: counts and one outcome per product.
        let record = try #require(try await runtime.store.run(id: runId))
        #expect(record.status == .succeeded)
        #expect(record.trigger == .api)
        #expect(record.counts.created == 36)
        #expect(record.counts.total == 36)
        #expect(record.finishedAt != nil)
        let stored = try await runtime.store.items(runId: runId, limit: 200)
        #expect(Set(stored.map(\.outcome.odooTemplateId)) == Set(ExpectedCatalogue.odoo19.map(\.templateId)))
        let desk = try #require(stored.first { $0.outcome.odooTemplateId == 9 }?.outcome)
        #expect(desk.kind == .created)
        #expect(desk.title == "Customizable Desk")
        #expect(desk.medusaProductId == medusa.snapshot().product(handle: "customizable-desk")?.id)
        #expect(medusa.snapshot().products.count == 36)

        // /health names the Odoo version and protocol the run found, and a restarted service still shows them
        // (from the session the run remembered) before its first run.
        let health = try await http.send(HTTPRequestData(method: .get, url: "\(base)/health", timeout: .seconds(5)))
        let healthJSON = try JSONSerialization.jsonObject(with: Data(health.body)) as? [String: Any]
        let odooHealth = try #require(healthJSON?["odoo"] as? [String: Any])
        #expect((odooHealth["serverVersion"] as? String)?.hasPrefix("19.0") == true, "\(odooHealth)")
        #expect(odooHealth["apiProtocol"] as? String == "json2")
        // …and what the Medusa probe found: this simulator is Medusa 2.0, so the levels batch was tried once and is
        // absent; the shop was empty at the probe, so the external_id filter counts as not applied.
        let medusaHealth = try #require(healthJSON?["medusa"] as? [String: Any])
        let features = try #require(medusaHealth["features"] as? [String: Any], "\(medusaHealth)")
        #expect(features["stockLevelsBatch"] as? String == "absent")
        #expect(features["externalIdFilter"] as? Bool == false)
        var quiet = Logger(label: "e2e-restarted")
        quiet.logLevel = .critical
        let restarted = await ServiceBuilder(configuration: runtime.configuration, logger: quiet).build()
        #expect(restarted.health.snapshot.odooServer?.apiProtocol == .json2)
        #expect(restarted.health.snapshot.odooServer?.majorVersion == 19)
        #expect(restarted.health.snapshot.medusaCapabilities == MedusaCapabilities(stockLevelsBatch: .absent, externalIdFilter: false))

        // /metrics (open endpoint), after the run.
        let metrics = try await http.send(HTTPRequestData(method: .get, url: "\(base)/metrics", timeout: .seconds(5)))
        #expect(metrics.status == 200)
        let text = metrics.bodyText
        #expect(Self.value(of: #"sync_runs_total{trigger="api",status="succeeded"}"#, in: text) == 1, "\(text)")
        #expect(Self.value(of: #"sync_products_total{outcome="created"}"#, in: text) == 36)
        #expect((Self.value(of: #"sync_outbound_requests_total{system="odoo",status="200"}"#, in: text) ?? 0) > 0)
        #expect((Self.value(of: #"sync_outbound_requests_total{system="medusa",status="200"}"#, in: text) ?? 0) > 0)
        let odooRequests = Self.value(of: #"sync_outbound_requests_total{system="odoo",status="200"}"#, in: text) ?? -1
        #expect(Self.value(of: #"sync_outbound_request_duration_seconds_count{system="odoo"}"#, in: text) == odooRequests,
                "every Odoo request is timed")
        #expect(text.contains(#"sync_outbound_request_duration_seconds_bucket{system="medusa",le="0.005"}"#))
        #expect(Self.value(of: #"sync_outbound_request_duration_seconds_bucket{system="medusa",le="+Inf"}"#, in: text) ?? 0 > 0)
        #expect(Self.value(of: "sync_queue_depth", in: text) == 0)
        let lastSuccess = try #require(Self.value(of: "sync_last_success_timestamp_seconds", in: text))
        let finishedAt = try #require(record.finishedAt).timeIntervalSince1970
        #expect(abs(lastSuccess - finishedAt) < 1, "last success \(lastSuccess) vs finished \(finishedAt)")
    }

    /// The value of one series in Prometheus text exposition (`name{labels} value`).
    static func value(of series: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1).split(separator: " ").first ?? "")
        }
        return nil
    }
}

actor PortBox {
    private(set) var value: Int?
    func set(_ port: Int) { value = port }
}
