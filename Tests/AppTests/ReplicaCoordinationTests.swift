import Foundation
import Logging
import RunStore
import SyncCore
import Testing

@testable import App

/// Runners sharing one store object model replicas sharing a PostgreSQL store: the store's run lease and queue lock
/// are what keeps them to one job at a time (the PostgreSQL store's own lease semantics are tested in RunStoreTests).
@Suite("Replica coordination")
struct ReplicaCoordinationTests {
    func runner(_ replica: String, store: any RunStore, executor: some SyncExecutor,
                lease: Duration = .seconds(15), poll: Duration? = .milliseconds(20)) -> JobRunner {
        var kinds = JobKinds()
        kinds.register(executor)
        return JobRunner(store: store, kinds: kinds, coordination: .init(replica: replica, lease: lease, poll: poll),
                         logger: Logger(label: "test"))
    }

    @Test("a run queued through one replica waits while another runs one, then runs once; each records its replica")
    func oneAtATimeAcrossReplicas() async throws {
        let store = try SQLiteRunStore()
        let executor = ControlledExecutor(autoRelease: false)
        let first = runner("replica-a", store: store, executor: executor)
        let second = runner("replica-b", store: store, executor: executor)
        let running = try await first.submit(.targeted([1]), trigger: .api).run
        let draining = Task { await first.drainQueue() }
        #expect(try await eventually { try await store.run(id: running.id)?.status == .running })
        let queued = try await second.submit(.targeted([2]), trigger: .webhook).run
        await second.drainQueue()  // the lease is replica-a's: nothing starts here
        #expect(try await store.run(id: queued.id)?.status == .queued)
        #expect(try await store.leaseHolder()?.replica == "replica-a")
        #expect(try await store.runs(withStatus: .running).count == 1)
        await executor.release()
        await draining.value  // replica-a goes on to the queued run once its own is done
        let finished = try await [store.run(id: running.id), store.run(id: queued.id)]
        #expect(finished.map { $0?.status } == [.succeeded, .succeeded])
        #expect(finished.map { $0?.replica } == ["replica-a", "replica-a"])
        #expect(await executor.executedCount == 2)
        #expect(try await store.leaseHolder() == nil, "the lease is given back after the last run")
    }

    @Test("an idle replica polling the shared queue runs what another replica queued")
    func pollingPicksUpOtherReplicasRuns() async throws {
        let store = try SQLiteRunStore()
        let executor = ControlledExecutor()
        let idle = runner("replica-a", store: store, executor: executor)
        let service = Task { try await idle.run() }
        // Queued without waking replica-a: only its poll can find it.
        let queued = try await store.createRun(trigger: .webhook, request: .targeted([5]))
        #expect(try await eventually(timeout: .seconds(20)) { try await store.run(id: queued.id)?.status == .succeeded })
        #expect(try await store.run(id: queued.id)?.replica == "replica-a")
        await idle.beginShutdown()
        try await service.value
    }

    @Test("a replica that loses its run lease stops the run as interrupted and says why")
    func lostLeaseStopsTheRun() async throws {
        let store = try SQLiteRunStore()
        let replica = runner("replica-a", store: store, executor: RunsUntilCancelled(), lease: .milliseconds(150))
        let run = try await replica.submit(.targeted([1]), trigger: .api).run
        let draining = Task { await replica.drainQueue() }
        #expect(try await eventually { try await store.run(id: run.id)?.status == .running })
        try await store.releaseLease(replica: "replica-a")  // as if it had expired and been taken
        #expect(try await store.leaseHolder() == nil)
        await draining.value  // the next renewal finds the lease gone and stops the job
        let stopped = try #require(try await store.run(id: run.id))
        #expect(stopped.status == .interrupted)
        #expect(stopped.error?.contains("lost the run lease") == true)
    }

    @Test("a cancel asked through another replica stops the run where it runs")
    func cancelThroughAnotherReplica() async throws {
        let store = try SQLiteRunStore()
        let owner = runner("replica-a", store: store, executor: RunsUntilCancelled(), lease: .milliseconds(150))
        let other = runner("replica-b", store: store, executor: RunsUntilCancelled(), lease: .milliseconds(150))
        let run = try await owner.submit(.targeted([1]), trigger: .api).run
        let draining = Task { await owner.drainQueue() }
        #expect(try await eventually { try await store.run(id: run.id)?.status == .running })
        guard case .cancelling = try await other.cancel(runId: run.id) else {
            Issue.record("a run running on another replica is cancelled there, not removed from the queue")
            return
        }
        #expect(try await store.run(id: run.id)?.status == .running, "only the replica running it ends it")
        await draining.value  // replica-a's next renewal reads the request and stops the job
        #expect(try await store.run(id: run.id)?.status == .cancelled)
    }
}

@Suite("A replica without its shared store")
struct SharedStoreMissingTests {
    @Test("a DATABASE_URL that cannot be used leaves the replica up but running no job and firing no schedule")
    func runsNothing() async throws {
        let configuration = TestService.configuration([
            "DATABASE_URL": "postgres://sync:hunter2@db:notaport/shop", "SYNC_SCHEDULE": "*/5 * * * *", "SYNC_ORDERS": "true",
        ])
        let runtime = await ServiceBuilder(configuration: configuration, logger: Logger(label: "test")).build()
        for kind in [JobKind.catalogue, .orders, .deliveries] {
            #expect(await runtime.runner.canRun(kind) == false, "\(kind)")
        }
        #expect(runtime.schedulers.isEmpty)
        #expect(runtime.startupProblems.contains { $0.contains("DATABASE_URL") && $0.contains("runs no job") })
        #expect(!runtime.startupProblems.contains { $0.contains("hunter2") })
        let run = try await runtime.runner.submit(.full, trigger: .api).run
        await runtime.runner.drainQueue()
        #expect(try await runtime.store.run(id: run.id)?.status == .failed)
    }
}

/// A job that runs until it is cancelled (bounded: 10 s), like a long sync stopped at its next safe point.
struct RunsUntilCancelled: SyncExecutor {
    func execute(_ request: SyncRequest, reporter: any RunReporter) async throws -> RunSummary {
        try await Task.sleep(for: .seconds(10))
        return RunSummary(counts: RunCounts())
    }
}
