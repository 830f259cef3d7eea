import Foundation
import Hummingbird
import HummingbirdTesting
import SyncCore
import Testing

@testable import App

@Suite("Run events (SSE)")
struct RunEventsTests {
    @Test("a finished run answers one finished event and ends")
    func finishedRun() async throws {
        let service = try await TestService()
        let run = try await service.store.createRun(trigger: .api, request: .full)
        try await service.store.finishRun(id: run.id, status: .succeeded)
        try await service.application().test(.router) { client in
            try await client.execute(uri: "/runs/\(run.id)/events", method: .get, headers: bearer()) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/event-stream") == true)
                let text = String(buffer: response.body)
                #expect(text.hasPrefix("event: finished\ndata: {"))
                #expect(text.contains(#""status":"succeeded""#))
            }
        }
    }

    @Test("a running run streams its progress, then finished, then the stream ends")
    func runningRun() async throws {
        let executor = ControlledExecutor(autoRelease: false)
        let service = try await TestService(executor: executor)
        let run = try await service.runner.submit(.targeted([1, 2]), trigger: .api).run
        let drain = Task { await service.runner.drainQueue() }
        #expect(try await eventually { try await service.store.run(id: run.id)?.status == .running })
        // Let the run finish only once the event stream is listening, so the test sees progress, then finished.
        let release = Task {
            _ = try await eventually { await service.dependencies.progressHub.listenerCount(runId: run.id) > 0 }
            await executor.release()
        }
        try await service.application().test(.live) { client in
            try await client.execute(uri: "/runs/\(run.id)/events", method: .get, headers: bearer()) { response in
                let text = String(buffer: response.body)
                let events = text.components(separatedBy: "\n\n").filter { $0.hasPrefix("event:") }
                #expect(events.first?.hasPrefix("event: progress") == true, "\(text)")
                #expect(events.contains { $0.contains(#""phase":"done""#) })
                #expect(events.last?.hasPrefix("event: finished") == true)
                #expect(events.last?.contains(#""status":"succeeded""#) == true)
            }
        }
        try await release.value
        await drain.value
    }

    @Test("events of an unknown run are a 404; without the token a 401")
    func errors() async throws {
        try await TestService().application().test(.router) { client in
            try await client.execute(uri: "/runs/77/events", method: .get, headers: bearer()) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/runs/77/events", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }
}

@Suite("Metrics endpoint")
struct MetricsEndpointTests {
    @Test("/metrics serves the Prometheus text with the queue depth and counted runs")
    func metrics() async throws {
        let metrics = SyncMetrics()
        metrics.recordRun(trigger: .api, status: .succeeded, dryRun: false, counts: {
            var counts = RunCounts(); counts.created = 3; counts.failed = 1; return counts
        }(), finishedAt: Date(timeIntervalSince1970: 1_800_000_000))
        let service = try await TestService()
        _ = try await service.runner.submit(.full, trigger: .api)
        var dependencies = service.dependencies
        dependencies.metrics = metrics
        try await Application(router: try buildRouter(dependencies)).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(#"sync_runs_total{trigger="api",status="succeeded"} 1"#))
                #expect(text.contains(#"sync_products_total{outcome="created"} 3"#))
                #expect(text.contains(#"sync_products_total{outcome="failed"} 1"#))
                #expect(text.contains("sync_queue_depth 1"))
                #expect(text.contains("sync_last_success_timestamp_seconds 1800000000"))
            }
        }
    }
}
