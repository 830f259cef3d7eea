import App
import Foundation
import HTTPTransport
import HTTPTypes
import Logging
import RunStore
import Simulators
import SyncCore
import Testing

@Suite("Retry set: what failed is healed by the next runs, without a full run")
struct RetrySetTests {
    static let medusa500 = #"{"code":"unknown_error","type":"unknown_error","message":"An unknown error occurred."}"#
    static let medusa400 = #"{"type":"invalid_data","message":"Invalid request: the product was refused"}"#

    /// Restaurant Expenses (template 1): its batch create and its own create.
    static func failingCreates(_ timing: ScriptedTransport.Timing) -> [ScriptedTransport.Rule] {
        [.init(method: .post, path: "/admin/products/batch", timing: timing, remaining: 1_000, bodyContains: "restaurant-expenses"),
         .init(method: .post, path: "/admin/products", timing: timing, remaining: 1_000, bodyContains: "restaurant-expenses")]
    }

    @Test("A product whose create Medusa answered 500 is in Medusa after the next incremental run, with no full run")
    func failedCreateIsHealedByTheNextIncrementalRun() async throws {
        let transport = ScriptedTransport(rules: Self.failingCreates(.answers(status: 500, body: Self.medusa500)))
        try await withHarness(.odoo19, transport: transport) { harness in
            let first = try await harness.run(.incremental)  // the first run walks every template
            #expect(first.templates(.failed) == [1])
            #expect(first.outcome(1)?.failureClass == .retryable)
            #expect(first.counts.created == 35)
            let item = try #require(try await harness.state.retryItems(kind: .product, odooIds: [1])[1])
            #expect(item.attempts == 1 && item.errorClass == .retryable && item.system == "medusa" && !item.isStuck)
            #expect(item.lastError.contains("500"), "\(item.lastError)")
            #expect(item.title == "Restaurant Expenses")

            transport.stop()  // Medusa is well again; nothing changes in Odoo
            let next = try await harness.run(.incremental)
            #expect(next.summary.status == .succeeded)
            #expect(next.outcomes.map(\.odooTemplateId) == [1], "only the retried product")
            #expect(next.templates(.created) == [1])
            #expect(try await harness.state.allRetryItems().isEmpty, "a success removes it")
            let shop = harness.shop()
            expectOdoo19DemoShop(shop, salesChannel: harness.medusa.configuration.defaultSalesChannel.id)
            expectNoDuplicates(shop)

            let quiet = try await harness.run(.incremental)
            #expect(quiet.outcomes.isEmpty && quiet.medusaWrites.isEmpty)
        }
    }

    @Test("A product Medusa refuses (400) is not retried until it changes in Odoo; then it is")
    func permanentFailureWaitsForAnOdooChange() async throws {
        let transport = ScriptedTransport(rules: Self.failingCreates(.answers(status: 400, body: Self.medusa400)))
        try await withHarness(.odoo19, transport: transport) { harness in
            let first = try await harness.run(.incremental)
            #expect(first.outcome(1)?.failureClass == .permanent)
            let item = try #require(try await harness.state.retryItems(kind: .product, odooIds: [1])[1])
            #expect(item.isStuck && item.errorClass == .permanent)
            transport.stop()

            let unchanged = try await harness.run(.incremental)
            #expect(unchanged.outcomes.isEmpty, "no change in Odoo: not retried")
            #expect(harness.medusa.snapshot().product(handle: "restaurant-expenses") == nil)

            try await harness.odoo.renameTemplate(1, to: "Restaurant Expenses")  // a write: write_date moves
            let changed = try await harness.run(.incremental)
            #expect(changed.templates(.created) == [1])
            #expect(try await harness.state.allRetryItems().isEmpty)
        }
    }

    @Test("Through the App: a permanent failure shows in /health and GET /retries; \"retry now\" queues a targeted run that heals it")
    func healthListsStuckItemsAndRetryNowHealsThem() async throws {
        let (odoo, medusa) = try await startAppSimulators()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-retries-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let token = "e2e-api-token-0123456789abcdef"
        let configuration = AppConfiguration.load(from: EnvironmentSource(appEnvironment(
            odoo: odoo, medusa: medusa, token: token, databasePath: directory.appendingPathComponent("sync.sqlite").path,
            extra: ["RETRY_MAX_ATTEMPTS": "3"])))
        #expect(configuration.problems.isEmpty, "\(configuration.problems)")
        var logger = Logger(label: "e2e-retries")
        logger.logLevel = .critical
        let transport = ScriptedTransport(rules: Self.failingCreates(.answers(status: 400, body: Self.medusa400)))
        var builder = ServiceBuilder(configuration: configuration, logger: logger)
        builder.transport = transport
        let runtime = await builder.build()
        try await whileServing(runtime, odoo: odoo, medusa: medusa) { port in
            try await Self.exercise(port: port, token: token, transport: transport, medusa: medusa)
        }
    }

    static func exercise(port: PortBox, token: String, transport: ScriptedTransport, medusa: RunningMedusaSimulator) async throws {
        #expect(try await eventually { await port.value != nil }, "the server started listening")
        let base = "http://127.0.0.1:\(try #require(await port.value))"
        let http = AsyncHTTPClientTransport()
        let auth: HTTPFields = [.authorization: "Bearer \(token)"]
        func json(_ method: HTTPRequest.Method, _ path: String, body: String? = nil) async throws -> (Int, [String: Any]) {
            var fields = auth
            if body != nil { fields.append(HTTPField(name: .contentType, value: "application/json")) }
            let response = try await http.send(HTTPRequestData(method: method, url: base + path, headerFields: fields,
                                                               body: body.map { Array($0.utf8) }, timeout: .seconds(5)))
            return (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:])
        }
        func waitForRun(_ location: String) async throws -> [String: Any] {
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline {
                let (status, detail) = try await json(.get, location)
                if status == 200, let run = detail["run"] as? [String: Any], let state = run["status"] as? String,
                   !["queued", "running"].contains(state) { return run }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw SyncFailure("run \(location) did not finish within 30 s")
        }

        let (_, before) = try await json(.get, "/health")
        #expect((before["itemsFailing"] as? [String: Any])?["count"] as? Int == 0)

        let (accepted, body) = try await json(.post, "/sync", body: #"{"mode":"full"}"#)
        #expect(accepted == 202)
        let location = try #require((body["run"] as? [String: Any])?["id"] as? Int).description
        let first = try await waitForRun("/runs/\(location)")
        #expect(first["status"] as? String == "partially_failed")

        // /health: one item no longer retried (a permanent error), first failed during that run.
        let (_, health) = try await json(.get, "/health")
        let failing = try #require(health["itemsFailing"] as? [String: Any], "\(health)")
        #expect(failing["count"] as? Int == 1)
        #expect(failing["retrying"] as? Int == 0)
        #expect(failing["oldestFailedAt"] is String)
        let oldest = try #require(failing["oldest"] as? [String: Any])
        #expect(oldest["odooId"] as? Int == 1 && oldest["kind"] as? String == "product" && oldest["stuck"] as? Bool == true)

        // GET /retries lists it with its error.
        let (listed, list) = try await json(.get, "/retries")
        #expect(listed == 200)
        #expect(list["maxAttempts"] as? Int == 3)
        let items = try #require(list["items"] as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items.first?["title"] as? String == "Restaurant Expenses")
        #expect(items.first?["errorClass"] as? String == "permanent")
        #expect((items.first?["lastError"] as? String)?.contains("Invalid request") == true, "\(items)")
        #expect(items.first?["nextAttemptAt"] == nil)

        let (unknown, _) = try await json(.post, "/retries/product/12/retry")
        #expect(unknown == 404, "a product that has not failed")

        // "Retry now", once Medusa takes the product: a targeted run of that product heals it.
        transport.stop()
        let (retried, retryBody) = try await json(.post, "/retries/product/1/retry")
        #expect(retried == 202, "\(retryBody)")
        let retryRun = try #require(retryBody["run"] as? [String: Any])
        #expect(retryRun["mode"] as? String == "targeted")
        #expect(retryRun["productIds"] as? [Int] == [1])
        let healed = try await waitForRun("/runs/\(try #require(retryRun["id"] as? Int))")
        #expect(healed["status"] as? String == "succeeded")
        #expect(medusa.snapshot().product(handle: "restaurant-expenses") != nil)
        let (_, after) = try await json(.get, "/health")
        #expect((after["itemsFailing"] as? [String: Any])?["count"] as? Int == 0)
        let (_, emptied) = try await json(.get, "/retries")
        #expect((emptied["items"] as? [Any])?.isEmpty == true)
    }
}
