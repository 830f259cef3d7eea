import Foundation
import Logging
import RunStore
import ServiceLifecycle
import SyncCore
import Testing

@testable import App

@Suite("Job runner")
struct JobRunnerTests {
    /// The runner as `serve` builds it, keeping 3 runs; without an executor, with Odoo and Medusa unconfigured.
    func makeRunner(_ executor: (any SyncExecutor)?, store: (any RunStore)? = nil) async throws -> (JobRunner, RunStore) {
        let configuration = executor == nil
            ? AppConfiguration.load(from: EnvironmentSource(["RUNS_RETENTION": "3"]))
            : TestService.configuration(["RUNS_RETENTION": "3"])
        var builder = ServiceBuilder(configuration: configuration, logger: Logger(label: "test"))
        builder.store = try store ?? SQLiteRunStore()
        builder.catalogueExecutor = executor
        let runtime = await builder.build()
        return (runtime.runner, runtime.store)
    }

    @Test("queued → running → succeeded, with outcomes and counts recorded")
    func succeeds() async throws {
        let executor = ControlledExecutor()
        let (runner, store) = try await makeRunner(executor)
        let submission = try await runner.submit(.targeted([4, 5]), trigger: .api)
        #expect(submission.run.status == .queued && !submission.coalesced)
        await runner.drainQueue()
        let run = try #require(try await store.run(id: submission.run.id))
        #expect(run.status == .succeeded)
        #expect(run.counts.created == 2)
        #expect(run.startedAt != nil && run.finishedAt != nil)
        #expect(run.progress?.phase == "done")
    }

    @Test("a run with a failed product ends partially_failed")
    func partiallyFailed() async throws {
        let executor = ControlledExecutor()
        await executor.setOutcome(.failed)
        let (runner, store) = try await makeRunner(executor)
        let run = try await runner.submit(.full, trigger: .schedule).run
        await runner.drainQueue()
        #expect(try await store.run(id: run.id)?.status == .partiallyFailed)
    }

    @Test("an executor error fails the run with the error and its class")
    func failed() async throws {
        struct Boom: ClassifiedError {
            var failureClass: FailureClass { .configuration }
            var system: String { "odoo" }
            var description: String { "Odoo rejected the API key" }
        }
        struct Failing: SyncExecutor {
            func execute(_ request: SyncRequest, reporter: any RunReporter) async throws -> RunSummary { throw Boom() }
        }
        let (runner, store) = try await makeRunner(Failing())
        let run = try await runner.submit(.full, trigger: .api).run
        await runner.drainQueue()
        let finished = try #require(try await store.run(id: run.id))
        #expect(finished.status == .failed)
        #expect(finished.error == "Odoo rejected the API key")
        #expect(finished.errorClass == .configuration)
    }

    @Test("queued requests merge: full absorbs incremental and targeted; targeted ones merge ids; dry runs stay apart")
    func coalescing() async throws {
        let (runner, store) = try await makeRunner(ControlledExecutor())
        let a = try await runner.submit(.targeted([1]), trigger: .webhook)
        let b = try await runner.submit(.targeted([2, 1]), trigger: .webhook)
        #expect(b.coalesced && b.run.id == a.run.id)
        #expect(try await store.run(id: a.run.id)?.request == .targeted([1, 2]))
        let c = try await runner.submit(.full, trigger: .api)
        #expect(c.coalesced && c.run.id == a.run.id)
        #expect(try await store.run(id: a.run.id)?.request == .full)
        let d = try await runner.submit(.incremental, trigger: .schedule)
        #expect(d.coalesced && d.run.id == a.run.id)
        let e = try await runner.submit(.targeted([9], dryRun: true), trigger: .api)
        #expect(!e.coalesced && e.run.id != a.run.id)
        #expect(try await store.runs(withStatus: .queued).count == 2)
    }

    @Test("one sync at a time: a request arriving while one runs is queued and runs afterwards")
    func singleFlight() async throws {
        let executor = ControlledExecutor(autoRelease: false)
        let (runner, store) = try await makeRunner(executor)
        let first = try await runner.submit(.full, trigger: .api).run
        let drain = Task { await runner.drainQueue() }
        #expect(try await eventually { try await store.run(id: first.id)?.status == .running })
        let second = try await runner.submit(.full, trigger: .api)
        #expect(!second.coalesced, "a running run never absorbs new requests: they may concern newer data")
        #expect(await runner.queueDepth() == 2)
        await executor.release()
        await drain.value
        #expect(try await store.run(id: first.id)?.status == .succeeded)
        #expect(try await store.run(id: second.run.id)?.status == .succeeded)
        #expect(await executor.executedCount == 2)
    }

    @Test("cancelling a running run stops it at a safe point and records cancelled")
    func cancelRunning() async throws {
        let executor = ControlledExecutor(autoRelease: false)
        let (runner, store) = try await makeRunner(executor)
        let run = try await runner.submit(.full, trigger: .api).run
        let drain = Task { await runner.drainQueue() }
        #expect(try await eventually { try await store.run(id: run.id)?.status == .running })
        guard case .cancelling = try await runner.cancel(runId: run.id) else { Issue.record("expected cancelling"); return }
        await executor.release()
        await drain.value
        let finished = try #require(try await store.run(id: run.id))
        #expect(finished.status == .cancelled)
        #expect(finished.cancelRequested)
    }

    @Test("graceful shutdown interrupts the running sync, records it, and leaves queued runs for the next start")
    func gracefulShutdown() async throws {
        let executor = ControlledExecutor(autoRelease: false)
        let (runner, store) = try await makeRunner(executor)
        let first = try await runner.submit(.full, trigger: .api).run
        let service = Task { try await runner.run() }
        #expect(try await eventually { try await store.run(id: first.id)?.status == .running })
        let queued = try await runner.submit(.targeted([7], dryRun: true), trigger: .api).run
        await runner.beginShutdown()
        await executor.release()
        try await service.value
        #expect(try await store.run(id: first.id)?.status == .interrupted)
        #expect(try await store.run(id: queued.id)?.status == .queued)
    }

    @Test("runs left running by a crash become interrupted; queued ones resume on start")
    func crashRecovery() async throws {
        let store = try SQLiteRunStore()
        let crashed = try await store.createRun(trigger: .api, request: .full)
        try await store.markRunning(id: crashed.id)
        let waiting = try await store.createRun(trigger: .schedule, request: .incremental)
        let (runner, _) = try await makeRunner(ControlledExecutor(), store: store)
        try await runner.recoverAfterCrash()
        #expect(try await store.run(id: crashed.id)?.status == .interrupted)
        await runner.drainQueue()
        #expect(try await store.run(id: waiting.id)?.status == .succeeded)
    }

    @Test("without an executor (integrations unconfigured) a queued run fails with a configuration error")
    func noExecutor() async throws {
        let (runner, store) = try await makeRunner(nil)
        #expect(await runner.canRun == false)
        let run = try await runner.submit(.full, trigger: .schedule).run
        await runner.drainQueue()
        let finished = try #require(try await store.run(id: run.id))
        #expect(finished.status == .failed && finished.errorClass == .configuration)
    }

    @Test("retention applies after each run")
    func retention() async throws {
        let (runner, store) = try await makeRunner(ControlledExecutor())
        for id in 1...5 {
            _ = try await runner.submit(.targeted([id], dryRun: id.isMultiple(of: 2)), trigger: .api)
            await runner.drainQueue()
        }
        #expect(try await store.listRuns(limit: 10).map(\.id) == [5, 4, 3])
    }
}

/// A second kind of job with a parameter (the orders kind has none): a request type, an executor, a registration.
struct ExampleKindRequest: JobRequest {
    static var kind: JobKind { JobKind(rawValue: "example") }
    var full: Bool
    init(full: Bool) { self.full = full }
    init(storedForm: SyncRequest) { full = storedForm.mode == .full }
    var storedForm: SyncRequest { full ? .full : .incremental }
    func covers(_ other: ExampleKindRequest) -> Bool { full || !other.full }
    func merged(with other: ExampleKindRequest) -> ExampleKindRequest? { ExampleKindRequest(full: full || other.full) }
}

struct ExampleKindExecutor: JobExecutor {
    let executed = SubmittedExampleRequests()
    func execute(_ request: ExampleKindRequest, reporter: any RunReporter) async throws -> RunSummary {
        await executed.append(request)
        return RunSummary(counts: RunCounts())
    }
}

actor SubmittedExampleRequests {
    private(set) var requests: [ExampleKindRequest] = []
    func append(_ request: ExampleKindRequest) { requests.append(request) }
}

@Suite("Job kinds")
struct JobKindTests {
    @Test("each kind runs through its own executor; queued requests merge within their kind only")
    func twoKinds() async throws {
        let store = try SQLiteRunStore()
        let catalogue = ControlledExecutor(), orders = ExampleKindExecutor()
        var kinds = JobKinds()
        kinds.register(catalogue)
        kinds.register(orders)
        let runner = JobRunner(store: store, kinds: kinds, logger: Logger(label: "test"))
        let sync = try await runner.submit(.incremental, trigger: .schedule)
        let first = try await runner.submit(job: ExampleKindRequest(full: false), trigger: .schedule)
        #expect(!first.coalesced, "an orders request never merges into a catalogue run")
        let second = try await runner.submit(job: ExampleKindRequest(full: true), trigger: .api)
        #expect(second.coalesced && second.run.id == first.run.id)
        #expect(await runner.queueDepth() == 2)
        await runner.drainQueue()
        #expect(await catalogue.executedCount == 1)
        #expect(await orders.executed.requests.map(\.full) == [true])
        #expect(try await store.run(id: sync.run.id)?.kind == .catalogue)
        #expect(try await store.run(id: first.run.id)?.kind == ExampleKindRequest.kind)
        #expect(try await store.run(id: first.run.id)?.status == .succeeded)
    }
}

@Suite("Webhook intake")
struct WebhookIntakeTests {
    @Test("a burst collapses into one targeted request after the quiet period")
    func burst() async throws {
        let submitted = SubmittedRequests()
        let intake = WebhookIntake(debounce: .milliseconds(40), resolveVariantTemplates: { $0 }, submit: { await submitted.append($0) },
                                   logger: Logger(label: "test"))
        for _ in 0..<15 { _ = await intake.receive(model: "product.template", recordId: 9) }
        _ = await intake.receive(model: "product.template", recordId: 10)
        #expect(try await eventually { await submitted.requests.count == 1 })
        try await Task.sleep(for: .milliseconds(100))
        #expect(await submitted.requests == [.targeted([9, 10])])
    }

    @Test("a never-ending stream still flushes by the maximum delay")
    func maxDelay() async throws {
        let submitted = SubmittedRequests()
        let intake = WebhookIntake(debounce: .milliseconds(400), maxDelay: .milliseconds(250), resolveVariantTemplates: { $0 },
                                   submit: { await submitted.append($0) }, logger: Logger(label: "test"))
        // Events every 50 ms for about a second: the quiet period (400 ms) never comes, the 250 ms cap must flush.
        for index in 0..<20 {
            _ = await intake.receive(model: "product.template", recordId: 1 + index % 3)
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await eventually(timeout: .seconds(3)) { await submitted.requests.count >= 2 })
    }

    @Test("unresolvable variants are logged and dropped, templates still go through")
    func resolverFailure() async throws {
        struct Down: Error {}
        let submitted = SubmittedRequests()
        let intake = WebhookIntake(debounce: .milliseconds(10), resolveVariantTemplates: { _ in throw Down() },
                                   submit: { await submitted.append($0) }, logger: Logger(label: "test"))
        _ = await intake.receive(model: "product.product", recordId: 13)
        _ = await intake.receive(model: "product.template", recordId: 2)
        #expect(try await eventually { await submitted.requests == [.targeted([2])] })
    }
}
