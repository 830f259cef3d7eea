import Foundation
import GRDB
import Synchronization

/// Coordination on SQLite: one process owns the file, so the run lease and the named locks live in memory. The
/// queued run is still taken in one write transaction, so a second process on the same file (a foreground `sync`)
/// never starts the same run.
extension SQLiteRunStore {
    /// Taking over another replica's expired lease interrupts the runs that replica left `running` (only those: a
    /// foreground `sync` of another process on the file runs without a replica and is left alone).
    public func claimNextRun(replica: String, lease: Duration, at now: Date) async throws -> RunRecord? {
        let take = coordination.takeLease(replica: replica, until: now.addingTimeInterval(lease.seconds))
        guard take.taken else { return nil }
        let claimed = try await writer.write { db -> Row? in
            if let previous = take.expiredHolder {
                try db.execute(
                    sql: "UPDATE run SET status = 'interrupted', error = ?, finishedAtMs = ? WHERE status = 'running' AND replica = ?",
                    arguments: [RunLease.orphanReason, Self.ms(now), previous])
            }
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM run WHERE status = 'queued' ORDER BY id LIMIT 1") else {
                return nil
            }
            try db.execute(sql: "UPDATE run SET status = 'running', startedAtMs = ?, replica = ? WHERE id = ?",
                           arguments: [Self.ms(now), replica, id])
            return try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id])
        }.map(Self.runRecord)
        coordination.settle(replica: replica, runId: claimed?.id)
        return claimed
    }

    public func renewLease(replica: String, lease: Duration) async throws -> Bool {
        coordination.renew(replica: replica, until: Date().addingTimeInterval(lease.seconds))
    }

    public func releaseLease(replica: String) async throws {
        coordination.release(replica: replica)
    }

    public func leaseHolder() async throws -> RunLease? {
        coordination.holder(at: Date())
    }

    public func exclusively<T: Sendable>(_ lock: StoreLock, _ body: @Sendable () async throws -> T) async throws -> T {
        try await coordination.lock(lock).withLock(body)
    }
}

/// The in-process run lease and locks of a store that one process owns.
final class ProcessCoordination: Sendable {
    private let lease = Mutex<RunLease?>(nil)
    private let locks = ProcessLocks()

    /// Taken when the lease was free, expired or already `replica`'s; `expiredHolder` names another replica whose
    /// expired lease this took over.
    func takeLease(replica: String, until: Date) -> (taken: Bool, expiredHolder: String?) {
        lease.withLock { current in
            if let held = current, held.replica != replica, held.expiresAt > Date() { return (false, nil) }
            let previous = current.flatMap { $0.replica != replica ? $0.replica : nil }
            current = RunLease(replica: replica, runId: nil, expiresAt: until)
            return (true, previous)
        }
    }

    /// Keeps the lease for the claimed run, or gives it back when nothing was queued.
    func settle(replica: String, runId: Int64?) {
        lease.withLock { current in
            guard current?.replica == replica else { return }
            if let runId { current?.runId = runId } else { current = nil }
        }
    }

    func renew(replica: String, until: Date) -> Bool {
        lease.withLock { current in
            guard current?.replica == replica else { return false }
            current?.expiresAt = until
            return true
        }
    }

    func release(replica: String) {
        lease.withLock { current in
            if current?.replica == replica { current = nil }
        }
    }

    func holder(at now: Date) -> RunLease? {
        lease.withLock { current in current.flatMap { $0.expiresAt > now ? $0 : nil } }
    }

    func lock(_ name: StoreLock) -> AsyncLock { locks.lock(name) }
}

/// One in-process `AsyncLock` per lock name (both stores: SQLite's whole lock, PostgreSQL's queue in front of the
/// database's).
public final class ProcessLocks: Sendable {
    private let locks = Mutex<[StoreLock: AsyncLock]>([:])

    public init() {}

    public func lock(_ name: StoreLock) -> AsyncLock {
        locks.withLock { locks in
            if let existing = locks[name] { return existing }
            let created = AsyncLock()
            locks[name] = created
            return created
        }
    }
}

/// A first-come, first-served lock for async code (waiters resume in order; no thread is blocked). Public for the
/// PostgreSQL store, which queues its own callers here before taking the database's lock.
public actor AsyncLock {
    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init() {}

    public func withLock<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty { held = false } else { waiters.removeFirst().resume() }
    }
}
