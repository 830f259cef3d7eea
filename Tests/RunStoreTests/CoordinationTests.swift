import Foundation
import RunStore
import Synchronization
import SyncCore
import Testing

@testable import PostgresRunStore

/// A count several tasks change.
final class Counter: Sendable {
    private let value = Mutex(0)
    func add(_ delta: Int) -> Int { value.withLock { $0 += delta; return $0 } }
}

/// What lets replicas share a store: the run lease, `exclusively`, schedule-fire claims and migrations that tolerate
/// replicas starting together. On PostgreSQL each replica is its own `PostgresRunStore` (own connections) on one
/// schema; on SQLite one process owns the file, so the "replicas" are names on the same object.
@Suite("Store coordination")
struct CoordinationTests {
    static let cases: [StoreCase] = [
        StoreCase("the run lease: claimed by one replica, refused to another while live, taken over after expiry with the orphan interrupted") { (h: StoreHandle) async throws in
            let a = h.store
            let b = try await h.replica()
            let first = try await a.createRun(trigger: .api, request: .full)
            // Long enough to stay live on a loaded machine; the expiry below is made by renewing with a tiny lease.
            let lease = Duration.seconds(30)
            let claimed = try #require(try await a.claimNextRun(replica: "a", lease: lease, at: Date()))
            #expect(claimed.id == first.id && claimed.status == .running && claimed.replica == "a" && claimed.startedAt != nil)
            #expect(try await b.leaseHolder()?.replica == "a")
            #expect(try await b.leaseHolder()?.runId == first.id)

            let second = try await b.createRun(trigger: .api, request: .incremental)
            #expect(try await b.claimNextRun(replica: "b", lease: lease, at: Date()) == nil)
            #expect(try await a.renewLease(replica: "a", lease: .milliseconds(1)))
            #expect(try await b.run(id: second.id)?.status == .queued)

            // a stops renewing: its lease runs out.
            try await Task.sleep(for: .milliseconds(50))
            #expect(try await b.leaseHolder() == nil)
            let taken = try #require(try await b.claimNextRun(replica: "b", lease: .seconds(30), at: Date()))
            #expect(taken.id == second.id && taken.replica == "b")
            let orphan = try #require(try await b.run(id: first.id))
            #expect(orphan.status == .interrupted && orphan.error == RunLease.orphanReason && orphan.finishedAt != nil)
            #expect(try await a.renewLease(replica: "a", lease: lease) == false)
            #expect(try await a.leaseHolder()?.replica == "b")

            // Releasing is the holder's: a's release leaves b's lease, b's frees it.
            try await a.releaseLease(replica: "a")
            #expect(try await a.leaseHolder()?.replica == "b")
            try await b.finishRun(id: taken.id, status: .succeeded)
            try await b.releaseLease(replica: "b")
            #expect(try await a.leaseHolder() == nil)
            // Nothing queued: no run, and the lease stays free.
            #expect(try await a.claimNextRun(replica: "a", lease: lease, at: Date()) == nil)
            #expect(try await b.leaseHolder() == nil)
        },
        StoreCase("the lease holder claims its next run without waiting for its own lease to expire") { (h: StoreHandle) async throws in
            let first = try await h.store.createRun(trigger: .api, request: .full)
            let second = try await h.store.createRun(trigger: .api, request: .full)
            #expect(try await h.store.claimNextRun(replica: "a", lease: .seconds(30), at: Date())?.id == first.id)
            try await h.store.finishRun(id: first.id, status: .succeeded)
            #expect(try await h.store.claimNextRun(replica: "a", lease: .seconds(30), at: Date())?.id == second.id)
            #expect(try await h.store.run(id: first.id)?.status == .succeeded)
        },
        StoreCase("exclusively: a second replica's body waits until the first's has ended, also when it threw") { (h: StoreHandle) async throws in
            let a = h.store
            let b = try await h.replica()
            let log = Mutex<[String]>([])
            let entered = Mutex(false)
            let first = Task { try await a.exclusively(.queue) {
                log.withLock { $0.append("a in") }
                entered.withLock { $0 = true }
                try await Task.sleep(for: .milliseconds(400))
                log.withLock { $0.append("a out") }
                throw CancellationError()
            } }
            while !entered.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
            let value = try await b.exclusively(.queue) {
                log.withLock { $0.append("b in") }
                return 42
            }
            #expect(value == 42)
            await #expect(throws: CancellationError.self) { try await first.value }
            #expect(log.withLock { $0 } == ["a in", "a out", "b in"])
            // Another lock's name does not wait for it.
            #expect(try await b.exclusively(StoreLock(rawValue: "other")) { 1 } == 1)
        },
        StoreCase("40 bodies waiting for the same lock at once all run, each using the store inside") { (h: StoreHandle) async throws in
            // More waiters than PostgresNIO's pool has connections (20): waiting must not hold them all while the
            // holder's body needs one.
            let store = h.store
            let inside = Counter()
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        try await store.exclusively(.queue) {
                            let concurrent = inside.add(1)
                            let runs = try await store.listRuns(limit: 1).count
                            _ = inside.add(-1)
                            return concurrent + runs
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts == Array(repeating: 1, count: 40))
        },
        StoreCase("a scheduled slot claimed 20 times by each of 3 replicas at once is fired once") { (h: StoreHandle) async throws in
            let replicas: [any RunStore] = [h.store, try await h.replica(), try await h.replica()]
            let slot = Date(timeIntervalSince1970: 1_790_000_000)
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for (index, store) in replicas.enumerated() {
                    for attempt in 0..<20 {
                        group.addTask {
                            try await store.claimFire(schedule: "nightly", at: slot.addingTimeInterval(Double(attempt) / 1000),
                                                      slot: slot, replica: "r\(index)")
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
            #expect(try await h.store.fireLog(schedule: "nightly", limit: 100).count == 1)
        },
        StoreCase("start-up interrupts orphans only while no replica holds a live lease") { (h: StoreHandle) async throws in
            let a = h.store
            let b = try await h.replica()
            let run = try await a.createRun(trigger: .api, request: .full)
            #expect(try await a.claimNextRun(replica: "a", lease: .seconds(30), at: Date())?.id == run.id)
            if h.kind == .postgresql {
                // Another replica starting now must not take a's live run away.
                #expect(try await b.interruptOrphanedRuns(reason: "restart") == [])
                #expect(try await b.run(id: run.id)?.status == .running)
                // a stops renewing: its lease runs out.
                #expect(try await a.renewLease(replica: "a", lease: .milliseconds(1)))
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try await b.interruptOrphanedRuns(reason: "restart") == [run.id])
            #expect(try await b.run(id: run.id)?.error == "restart")
        },
    ]

    @Test("SQLite store", arguments: cases)
    func sqlite(_ storeCase: StoreCase) async throws {
        try await StoreKind.sqlite.withStores(storeCase.body)
    }

    // Skipped (and reported as skipped) when TEST_DATABASE_URL is unset; scripts/with-test-postgres.sh sets it.
    @Test("PostgreSQL store", .enabled(if: TestDatabase.isConfigured, TestDatabase.skipReason), .timeLimit(.minutes(2)),
          arguments: cases)
    func postgresql(_ storeCase: StoreCase) async throws {
        try await StoreKind.postgresql.withStores(storeCase.body)
    }

    // PostgreSQL only: SQLite's migrations run in the one process that opens the file.
    @Test("two replicas opening a new schema at once both end migrated, each migration applied once",
          .enabled(if: TestDatabase.isConfigured, TestDatabase.skipReason))
    func concurrentMigrations() async throws {
        try await StoreKind.postgresql.withStores { h in
            // h.store made the schema; two more open a second, empty schema together.
            let url = try #require(TestDatabase.url)
            let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            async let one = PostgresRunStore(url: url, schema: schema)
            async let two = PostgresRunStore(url: url, schema: schema)
            let (first, second) = try await (one, two)
            #expect(try await first.appliedMigrations() == allMigrationIds)
            #expect(try await second.appliedMigrations() == allMigrationIds)
            let leaseRows = try await first.read("SELECT name FROM runLease").count
            #expect(leaseRows == 1)
            let reopened = try await PostgresRunStore(url: url, schema: schema)
            #expect(try await reopened.appliedMigrations() == allMigrationIds)
            #expect(reopened.description.location.hasSuffix("schema \(schema)"))
            if let password = url.password, !password.isEmpty { #expect(!reopened.description.location.contains(password)) }
            try await first.dropSchema()
            await first.shutdown()
            await second.shutdown()
            await reopened.shutdown()
        }
    }

    @Test("an unreachable server is a store error, not a hang or a crash",
          .enabled(if: TestDatabase.isConfigured, TestDatabase.skipReason), .timeLimit(.minutes(1)))
    func unreachable() async throws {
        var url = try #require(TestDatabase.url)
        url.port = 1
        let started = ContinuousClock.now
        let error = await #expect(throws: RunStoreError.self) {
            try await PostgresRunStore(url: url, schema: "unreachable", openTimeout: .seconds(2))
        }
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(error?.message.contains("127.0.0.1:1/") == true)
        if let password = url.password, !password.isEmpty { #expect(error?.message.contains(password) == false) }
    }
}
