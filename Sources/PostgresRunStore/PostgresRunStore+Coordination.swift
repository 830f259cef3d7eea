import Foundation
import PostgresNIO
import RunStore
import SyncCore

/// Coordination between replicas through the database: the run lease is one row whose expiry is the database's clock
/// (`now()`), taken under a row lock; `exclusively` is a session advisory lock, which a killed replica's closed
/// connection gives back.
extension PostgresRunStore {
    /// One transaction: lock the lease row; give up when another replica holds it live; otherwise interrupt the runs
    /// still `running` (only the lease holder may have one, and it is dead or is us between runs), take the oldest
    /// queued run and the lease with it. Nothing queued: the lease is left free (the interruptions still commit).
    public func claimNextRun(replica: String, lease: Duration, at now: Date) async throws -> RunRecord? {
        let stamp = Self.ms(now)
        let seconds = lease.seconds
        return try await transaction { connection in
            guard try await Self.leaseIsTakeable(by: replica, on: connection, self.logger) else { return nil }
            _ = try await connection.rows("""
                UPDATE run SET status = 'interrupted', error = \(RunLease.orphanReason), finishedAtMs = \(stamp)
                WHERE status = 'running'
                """, self.logger)
            guard let queued = try await connection.rows("""
                SELECT id FROM run WHERE status = 'queued' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
                """, self.logger).first else {
                _ = try await connection.rows("""
                    UPDATE runLease SET replica = NULL, runId = NULL, expiresAt = NULL WHERE name = \(Self.leaseName)
                    """, self.logger)
                return nil
            }
            let id = try Columns(queued).int64("id")
            let claimed = try await connection.rows("""
                UPDATE run SET status = 'running', startedAtMs = \(stamp), replica = \(replica) WHERE id = \(id) RETURNING *
                """, self.logger).first.map(Self.runRecord)
            _ = try await connection.rows("""
                UPDATE runLease SET replica = \(replica), runId = \(id), expiresAt = now() + make_interval(secs => \(seconds))
                WHERE name = \(Self.leaseName)
                """, self.logger)
            return claimed
        }
    }

    /// Locks the lease row (creating it if a hand-edited database lost it) and says whether `replica` may take it:
    /// free, expired, or already its own.
    private static func leaseIsTakeable(by replica: String?, on connection: PostgresConnection, _ logger: Logger) async throws -> Bool {
        _ = try await connection.rows("INSERT INTO runLease (name) VALUES (\(leaseName)) ON CONFLICT (name) DO NOTHING", logger)
        guard let row = try await connection.rows("""
            SELECT replica, replica IS NOT NULL AND expiresAt IS NOT NULL AND expiresAt > now() AS live
            FROM runLease WHERE name = \(leaseName) FOR UPDATE
            """, logger).first else { return true }
        let c = Columns(row)
        guard try c.bool("live") else { return true }
        return try c.optionalText("replica") == replica && replica != nil
    }

    public func renewLease(replica: String, lease: Duration) async throws -> Bool {
        try await read("""
            UPDATE runLease SET expiresAt = now() + make_interval(secs => \(lease.seconds))
            WHERE name = \(Self.leaseName) AND replica = \(replica)
            RETURNING name
            """).count == 1
    }

    public func releaseLease(replica: String) async throws {
        _ = try await read("""
            UPDATE runLease SET replica = NULL, runId = NULL, expiresAt = NULL WHERE name = \(Self.leaseName) AND replica = \(replica)
            """)
    }

    public func leaseHolder() async throws -> RunLease? {
        guard let row = try await read("""
            SELECT replica, runId, expiresAt FROM runLease
            WHERE name = \(Self.leaseName) AND replica IS NOT NULL AND expiresAt > now()
            """).first else { return nil }
        let c = Columns(row)
        return RunLease(replica: try c.text("replica"), runId: try c.optionalInt64("runId"),
                        expiresAt: try c.value("expiresAt", as: Date.self))
    }

    /// At start-up: another replica may be running a run right now, so runs are orphans only while the lease is
    /// free or expired (its holder is gone). Decided under the lease row's lock, so a replica claiming at the same
    /// moment waits.
    @discardableResult
    public func interruptOrphanedRuns(reason: String, at now: Date) async throws -> [Int64] {
        let stamp = Self.ms(now)
        return try await transaction { connection in
            guard try await Self.leaseIsTakeable(by: nil, on: connection, self.logger) else { return [] }
            return try await connection.rows("""
                UPDATE run SET status = 'interrupted', error = \(reason), finishedAtMs = \(stamp)
                WHERE status = 'running' RETURNING id
                """, self.logger).map { try Columns($0).int64("id") }.sorted()
        }
    }

    /// A session-level advisory lock on one leased connection for the body's duration, released on that same
    /// connection (advisory locks belong to the session that took them). A replica killed mid-body releases it by
    /// losing its connection. Callers of this replica first queue on an in-process lock: waiting for the advisory
    /// lock holds a pooled connection, and 20 waiters would hold the whole pool while the holder's body needs one.
    public func exclusively<T: Sendable>(_ lock: StoreLock, _ body: @Sendable () async throws -> T) async throws -> T {
        try await processLocks.lock(lock).withLock {
            try await self.databaseExclusively(lock, body)
        }
    }

    private func databaseExclusively<T: Sendable>(_ lock: StoreLock, _ body: @Sendable () async throws -> T) async throws -> T {
        let key = lockKey(lock.rawValue)
        let logger = self.logger
        // The body's own failure passes through untouched; only the database's becomes a store error.
        let outcome: Result<T, any Error>
        do {
            outcome = try await client.withConnection { connection in
                _ = try await connection.rows("SELECT pg_advisory_lock(hashtext(\(key)))", logger)
                let result: Result<T, any Error>
                do { result = .success(try await body()) } catch { result = .failure(error) }
                _ = try await connection.rows("SELECT pg_advisory_unlock(hashtext(\(key)))", logger)
                return result
            }
        } catch {
            throw Self.storeError(error)
        }
        return try outcome.get()
    }
}
