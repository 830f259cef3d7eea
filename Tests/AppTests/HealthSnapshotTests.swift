import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import RunStore
import Synchronization
import SyncCore
import Testing

@testable import App

/// `/health` answers from `ServiceHealth`, which the runner, the scheduler and the database monitor keep current —
/// never from a database read per request.
@Suite("Health snapshot")
struct HealthSnapshotTests {
    static func health(_ client: some TestClientProtocol) async throws -> [String: Any] {
        try await client.execute(uri: "/health", method: .get) { response in
            #expect(response.status == .ok)
            return response.json
        }
    }

    @Test("queue depth and the finished run come from the runner's transitions, not from reading the store per request")
    func runTransitions() async throws {
        let executor = ControlledExecutor(autoRelease: false)
        let service = try await TestService(executor: executor)
        let runner = service.runner
        try await service.application().test(.router) { client in
            let first = try await runner.submit(.targeted([1]), trigger: .api).run
            _ = try await runner.submit(SyncRequest(mode: .full, dryRun: true), trigger: .api)
            #expect(try await Self.health(client)["queueDepth"] as? Int == 2)

            let draining = Task { await runner.drainQueue() }
            #expect(try await eventually { await executor.executedCount == 1 })
            #expect(try await Self.health(client)["queueDepth"] as? Int == 2, "one running plus one queued")
            await executor.release()
            await draining.value

            var json = try await Self.health(client)
            #expect(json["queueDepth"] as? Int == 0)
            let lastRun = try #require(json["lastRun"] as? [String: Any])
            #expect(lastRun["status"] as? String == "succeeded")
            #expect(lastRun["id"] as? Int != Int(first.id), "the dry run finished last and has the higher id")
            #expect(json["lastSuccessAt"] as? String != nil, "the first (non-dry) run succeeded")

            // Behind the runner's back: a run recorded straight into the store. A per-request read would show it.
            let sideways = try await service.store.createRun(trigger: .cli, request: .full)
            try await service.store.finishRun(id: sideways.id, status: .failed, error: "recorded directly")
            json = try await Self.health(client)
            #expect((json["lastRun"] as? [String: Any])?["id"] as? Int == lastRun["id"] as? Int)

            // Reading the store again (as at start-up and crash recovery) publishes it.
            await runner.publishRunState()
            json = try await Self.health(client)
            #expect((json["lastRun"] as? [String: Any])?["id"] as? Int == Int(sideways.id))
            #expect((json["lastRun"] as? [String: Any])?["status"] as? String == "failed")
        }
    }

    @Test("the database monitor turns /health to database error in the background; the last run stays visible")
    func databaseFailure() async throws {
        let service = try await TestService()
        let runner = service.runner
        _ = try await runner.submit(.targeted([3]), trigger: .api)
        await runner.drainQueue()

        let databaseAnswers = Switch(true)
        let checks = Counter()
        let monitor = DatabaseHealthMonitor(health: runner.health, interval: .milliseconds(20), logger: Logger(label: "test")) {
            checks.increment()
            return databaseAnswers.isOn
        }
        let monitoring = Task { try await monitor.run() }
        defer { monitoring.cancel() }

        try await service.application().test(.router) { client in
            #expect(try await Self.health(client)["database"] as? String == "ok")
            databaseAnswers.isOn = false
            #expect(try await eventually {
                try await Self.health(client)["database"] as? String == "error"
            })
            let json = try await Self.health(client)
            #expect(json["status"] as? String == "degraded")
            #expect((json["lastRun"] as? [String: Any])?["status"] as? String == "succeeded", "served from memory")

            databaseAnswers.isOn = true
            #expect(try await eventually { try await Self.health(client)["database"] as? String == "ok" })
        }
        #expect(checks.value >= 2)
    }

    @Test("a store failure has the database checked at once, not at the next interval")
    func checkOnRequest() async throws {
        let health = ServiceHealth()
        let databaseAnswers = Switch(true)
        let monitor = DatabaseHealthMonitor(health: health, interval: .seconds(3600), logger: Logger(label: "test")) {
            databaseAnswers.isOn
        }
        let monitoring = Task { try await monitor.run() }
        defer { monitoring.cancel() }

        databaseAnswers.isOn = false
        try await Task.sleep(for: .milliseconds(50))
        #expect(health.snapshot.databaseOK, "nothing asked for a check yet, and the interval is an hour")
        health.requestDatabaseCheck()
        #expect(try await eventually { !health.snapshot.databaseOK })
    }

    @Test("the cached GET /health is the generated route's answer byte for byte, headers included")
    func cachedEqualsGenerated() async throws {
        let service = try await TestService()
        _ = try await service.runner.submit(.targeted([3]), trigger: .api)
        await service.runner.drainQueue()
        var generatedRoute = service.dependencies
        generatedRoute.cachesHealthResponses = false

        func fetch(_ dependencies: HTTPDependencies) async throws -> (body: String, headers: [String]) {
            try await Application(router: try buildRouter(dependencies)).test(.router) { client in
                try await client.execute(uri: "/health", method: .get) { response in
                    let body = String(buffer: response.body)
                        .replacingOccurrences(of: #""uptimeSeconds":[0-9]+"#, with: #""uptimeSeconds":0"#, options: .regularExpression)
                    return (body, response.headers.map { "\($0.name): \($0.value)" }.sorted())
                }
            }
        }
        let cached = try await fetch(service.dependencies)
        let generated = try await fetch(generatedRoute)
        #expect(cached.body.contains(#""lastRun":{"#), "the document carries the finished run")
        #expect(cached.body == generated.body)
        #expect(cached.headers == generated.headers)
    }

    @Test("start-up fills the snapshot from an existing database: a restart shows the last run and the queue")
    func startUpLoad() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("health-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sync.sqlite").path
        let previous = try SQLiteRunStore(path: path)
        let succeeded = try await previous.createRun(trigger: .schedule, request: .full)
        try await previous.markRunning(id: succeeded.id)
        try await previous.finishRun(id: succeeded.id, status: .succeeded)
        let crashed = try await previous.createRun(trigger: .api, request: .full)
        try await previous.markRunning(id: crashed.id)  // the process "died" here
        _ = try await previous.createRun(trigger: .webhook, request: .targeted([7]))

        let configuration = TestService.configuration(["DATABASE_PATH": path, "SYNC_SCHEDULE": "0 * * * *"])
        let runtime = await ServiceBuilder(configuration: configuration, logger: Logger(label: "test")).build()
        var snapshot = runtime.health.snapshot
        #expect(snapshot.databaseOK)
        #expect(snapshot.lastFinishedRun?.id == succeeded.id)
        #expect(snapshot.lastSuccessfulRun?.id == succeeded.id)
        #expect(snapshot.queueDepth == 1)
        #expect(snapshot.schedule.enabled && snapshot.schedule.expression == "0 * * * *")
        #expect(snapshot.schedule.nextRunAt.map { $0 > Date() } == true)

        // Crash recovery marks the abandoned run interrupted, which makes it the last finished one.
        try await runtime.runner.recoverAfterCrash()
        snapshot = runtime.health.snapshot
        #expect(snapshot.lastFinishedRun?.id == crashed.id)
        #expect(snapshot.lastFinishedRun?.status == .interrupted)
        #expect(snapshot.lastSuccessfulRun?.id == succeeded.id)

        try await Application(router: try buildRouter(runtime.httpDependencies)).test(.router) { client in
            let json = try await Self.health(client)
            #expect((json["lastRun"] as? [String: Any])?["id"] as? Int == Int(crashed.id))
            #expect(json["queueDepth"] as? Int == 1)
            #expect((json["schedule"] as? [String: Any])?["nextRunAt"] as? String != nil)
        }
    }
}

/// A flag a test flips while a background task reads it.
final class Switch: Sendable {
    private let state: Mutex<Bool>
    init(_ isOn: Bool) { state = Mutex(isOn) }
    var isOn: Bool {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
