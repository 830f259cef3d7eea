import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Fires `onFire` on a cron schedule, as a swift-service-lifecycle `Service`.
///
/// It knows nothing about syncing: the App passes what to do. Semantics:
/// - First start ever (nothing recorded): records "now" and waits for the next slot, so
///   deploying does not trigger an immediate run.
/// - Slots missed while the process was down (or while a fire ran long) collapse into one
///   immediate fire.
/// - Each fire is recorded *before* `onFire` runs, so a restart never repeats a slot; a crash
///   during `onFire` therefore does not retry it (at most once per slot).
/// - Several schedulers on one shared store (replicas): the record is a claim, and only the one
///   whose claim took fires; the others move on to the next slot.
/// - Graceful shutdown ends `run()` while waiting, without firing. A fire already running is
///   left to finish (it is not cancelled by graceful shutdown).
public final class SchedulerService: Service, Sendable {
    public typealias Sleep = @Sendable (Duration) async throws -> Void

    public let schedule: CronSchedule
    public let timeZone: TimeZone
    private let store: any ScheduleStateStore
    private let now: @Sendable () -> Date
    private let sleep: Sleep
    private let logger: Logger
    private let onFire: @Sendable (Date) async -> Void
    private let upcoming = Mutex<Date?>(nil)
    private let onUpcomingChange: @Sendable (Date?) -> Void

    /// - Parameters:
    ///   - now: the wall clock; injectable so tests control time.
    ///   - sleep: waits for a duration; must throw `CancellationError` when cancelled.
    ///   - onFire: receives the scheduled instant, or for a collapsed catch-up the time it ran.
    ///   - onUpcomingChange: told each time `nextFireTime` changes, so a status page can keep a copy instead of asking.
    public init(
        schedule: CronSchedule,
        timeZone: TimeZone,
        store: any ScheduleStateStore,
        now: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping Sleep = { try await Task.sleep(for: $0) },
        logger: Logger = Logger(label: "scheduler"),
        onUpcomingChange: @escaping @Sendable (Date?) -> Void = { _ in },
        onFire: @escaping @Sendable (Date) async -> Void
    ) {
        self.schedule = schedule
        self.timeZone = timeZone
        self.store = store
        self.now = now
        self.sleep = sleep
        self.logger = logger
        self.onFire = onFire
        self.onUpcomingChange = onUpcomingChange
    }

    /// The instant the scheduler is waiting for, for the health endpoint; nil before start,
    /// after shutdown, or when the schedule never fires again.
    public var nextFireTime: Date? {
        upcoming.withLock { $0 }
    }

    public func run() async throws {
        defer { setUpcoming(nil) }
        var last: Date
        if let recorded = try await store.lastFireTime() {
            last = recorded
        } else {
            let started = now()
            last = try await store.recordFirstStart(started)
            if last == started {
                logger.info("first start: nothing fires until the next scheduled time", metadata: ["recorded": "\(formatFireTime(last, in: timeZone))"])
            }
        }

        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let current = now()
            guard let due = schedule.nextDate(after: last, in: timeZone) else {
                logger.warning("schedule never fires again", metadata: ["schedule": "\(schedule.expression)"])
                setUpcoming(nil)
                try? await gracefulShutdown()
                return
            }
            guard due <= current else {
                setUpcoming(due)
                do {
                    try await cancelWhenGracefulShutdown { [sleep] in try await sleep(due.timeIntervalSince(current).asDuration) }
                } catch is CancellationError {
                    return
                }
                continue  // re-read the clock: the sleep may end early or late
            }
            // Everything up to `current` is pending: fire once for all of it.
            let missedMore = schedule.nextDate(after: due, in: timeZone).map { $0 <= current } ?? false
            let stamp = missedMore ? current : due
            if Task.isShuttingDownGracefully { return }
            do {
                guard try await store.claimFire(stamp, slot: due) else {
                    // Another replica fired this slot: follow its record.
                    last = try await store.lastFireTime() ?? stamp
                    logger.debug("slot fired by another replica", metadata: ["scheduled": "\(formatFireTime(due, in: timeZone))"])
                    continue
                }
            } catch {
                // Firing without a record could repeat this slot after a restart; skip it instead.
                logger.error("could not record fire time; skipping this run", metadata: ["error": "\(error)"])
                last = stamp
                continue
            }
            last = stamp
            logger.info("firing", metadata: ["scheduled": "\(formatFireTime(due, in: timeZone))", "collapsed": "\(missedMore)"])
            await onFire(stamp)
        }
    }
}

extension SchedulerService {
    private func setUpcoming(_ date: Date?) {
        let changed = upcoming.withLock { upcoming in
            defer { upcoming = date }
            return upcoming != date
        }
        if changed { onUpcomingChange(date) }
    }
}

extension TimeInterval {
    /// Seconds as a `Duration`, never negative.
    var asDuration: Duration {
        .nanoseconds(Int64((Swift.max(self, 0) * 1e9).rounded(.up)))
    }
}
