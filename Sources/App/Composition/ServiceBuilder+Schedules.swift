import Foundation
import RunStore
import Scheduler
import SyncCore

extension ServiceBuilder {
    /// Incremental runs on `SYNC_SCHEDULE`, full runs — the periodic reconcile — on `SYNC_FULL_SCHEDULE`; `/health`
    /// shows both. Each remembers its last fire in the store under its own name. A wrong setting is a start-up
    /// problem and leaves that schedule off.
    func makeSchedules(store: RunStore, runner: JobRunner, health: ServiceHealth, problems: inout [String]) -> [SchedulerService] {
        let zone: TimeZone
        do {
            zone = try parseTimeZone(configuration.timeZone)
        } catch {
            problems.append("SYNC_TIMEZONE: \(error) — the schedules are off until this is fixed")
            return []
        }
        let settings = [
            ScheduleSlot(variable: "SYNC_SCHEDULE", text: configuration.schedule, name: "default", request: .incremental,
                         publish: health.publishSchedule),
            ScheduleSlot(variable: "SYNC_FULL_SCHEDULE", text: configuration.fullSchedule, name: "full", request: .full,
                         publish: health.publishFullSchedule),
        ]
        return settings.compactMap { slot in
            do {
                guard let schedule = try ScheduleSetting(parsing: slot.text).schedule else { return nil }
                return makeScheduler(slot, schedule: schedule, zone: zone, store: store, runner: runner)
            } catch {
                problems.append("\(slot.variable): \(error) — this schedule is off until it is fixed")
                return nil
            }
        }
    }

    /// One schedule: what it is read from, what it submits, and where `/health` shows it.
    struct ScheduleSlot {
        var variable: String
        var text: String
        var name: String
        var request: SyncRequest
        var publish: @Sendable (ScheduleStatus) -> Void
    }

    private func makeScheduler(_ slot: ScheduleSlot, schedule: CronSchedule, zone: TimeZone, store: RunStore,
                               runner: JobRunner) -> SchedulerService {
        let expression = schedule.expression, words = schedule.humanDescription, zoneName = configuration.timeZone
        let now = self.now, publish = slot.publish
        // While the scheduler is not waiting (before start, after stop) the next slot is computed from now.
        let publishSchedule: @Sendable (Date?) -> Void = { upcoming in
            publish(ScheduleStatus(
                enabled: true, expression: expression, description: words, timeZone: zoneName,
                nextRunAt: upcoming ?? schedule.nextDate(after: now(), in: zone)))
        }
        publishSchedule(nil)
        logger.info("\(slot.request.mode.rawValue) syncs scheduled", metadata: [
            "schedule.variable": "\(slot.variable)",
            "schedule": "\(expression)", "schedule.description": "\(words)", "timezone": "\(zoneName)",
            "next_run_at": "\(schedule.nextDate(after: now(), in: zone).map { "\($0)" } ?? "never")",
        ])
        var scheduleLogger = logger
        scheduleLogger[metadataKey: "schedule.variable"] = "\(slot.variable)"
        let logger = self.logger, request = slot.request
        return SchedulerService(
            schedule: schedule, timeZone: zone, store: StoredScheduleState(store: store, name: slot.name), now: now,
            logger: scheduleLogger,
            onUpcomingChange: publishSchedule,
            onFire: { _ in
                guard await runner.canRun else {
                    logger.warning("scheduled sync skipped: Odoo or Medusa is not configured")
                    return
                }
                _ = try? await runner.submit(request, trigger: .schedule)
            })
    }
}

/// The scheduler's memory, kept in the run store so a restart neither skips nor repeats a run.
struct StoredScheduleState: ScheduleStateStore {
    let store: RunStore
    let name: String

    func lastFireTime() async throws -> Date? { try await store.lastFireTime(schedule: name) }
    func recordFire(_ date: Date) async throws { try await store.recordFire(schedule: name, at: date) }
}
