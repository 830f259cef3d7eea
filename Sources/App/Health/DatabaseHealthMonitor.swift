import Foundation
import Logging
import RunStore
import ServiceLifecycle

/// Checks the database in the background — every `interval`, and at once when a store call failed — and publishes
/// the result to `ServiceHealth`, so `/health` reports the database without touching it per request.
public struct DatabaseHealthMonitor: Service {
    let health: ServiceHealth
    let interval: Duration
    let logger: Logger
    let check: @Sendable () async -> Bool

    public init(health: ServiceHealth, store: any RunStore, interval: Duration = .seconds(5), logger: Logger) {
        self.init(health: health, interval: interval, logger: logger, check: { await store.isHealthy() })
    }

    /// `check` answers whether the database is usable; injectable so tests can break it.
    init(health: ServiceHealth, interval: Duration, logger: Logger, check: @escaping @Sendable () async -> Bool) {
        self.health = health
        self.interval = interval
        self.logger = logger
        self.check = check
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { [health, interval] in
                while !Task.isCancelled {
                    do { try await Task.sleep(for: interval) } catch { return }
                    health.requestDatabaseCheck()
                }
            }
            for await _ in health.databaseCheckRequests.cancelOnGracefulShutdown() {
                await checkOnce()
            }
            group.cancelAll()
        }
    }

    func checkOnce() async {
        let ok = await check()
        let wasOK = health.snapshot.databaseOK
        health.publishDatabaseCheck(ok: ok)
        if ok != wasOK {
            if ok {
                logger.info("database answers again")
            } else {
                logger.error("database check failed: /health reports database \"error\" until it answers")
            }
        }
    }
}
