import Foundation
import RunStore
import Scheduler
import SyncCore

extension ServiceBuilder {
    /// Incremental runs on `SYNC_SCHEDULE`, full runs — the periodic reconcile — on `SYNC_FULL_SCHEDULE`; `/health`
    /// shows both. Each remembers its last fire in the store under its own name. A wrong setting is a start-up
    /// problem and leaves that schedule off.
    func makeSchedules(store: any RunStore, runner: JobRunner, health: ServiceHealth, problems: inout [String]) -> [SchedulerService] {
        let zone: TimeZone
        do {
            zone = try parseTimeZone(configuration.timeZone)
        } catch {
            problems.append("SYNC_TIMEZONE: \(error) — the schedules are off until this is fixed")
            return []
        }
        var settings = [
            ScheduleSlot(variable: "SYNC_SCHEDULE", text: configuration.schedule, name: "default", request: SyncRequest.incremental,
                         publish: health.publishSchedule),
            ScheduleSlot(variable: "SYNC_FULL_SCHEDULE", text: configuration.fullSchedule, name: "full", request: SyncRequest.full,
                         publish: health.publishFullSchedule),
        ]
        if configuration.orders.enabled {
            // Deliveries ride on the orders schedule: an orders run, then a deliveries run.
            settings.append(ScheduleSlot(variable: "ORDERS_SCHEDULE", text: configuration.orders.schedule, name: "orders",
                                         request: OrdersRequest(), then: DeliveriesRequest(),
                                         publish: health.publishOrdersSchedule))
        }
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
        var kind: JobKind
        /// What the job is called in the logs ("incremental syncs", "orders runs").
        var label: String
        var submit: @Sendable (JobRunner) async throws -> Void
        var publish: @Sendable (ScheduleStatus) -> Void

        init<Request: JobRequest>(variable: String, text: String, name: String, request: Request,
                                  publish: @escaping @Sendable (ScheduleStatus) -> Void) {
            self.variable = variable; self.text = text; self.name = name; self.kind = Request.kind
            if let sync = request as? SyncRequest { label = "\(sync.mode.rawValue) syncs" } else { label = "\(Request.kind) runs" }
            submit = { runner in _ = try await runner.submit(job: request, trigger: .schedule) }
            self.publish = publish
        }

        /// A slot that queues two kinds on each fire, the second only when this service can run it.
        init<First: JobRequest, Second: JobRequest>(variable: String, text: String, name: String, request: First,
                                                    then second: Second,
                                                    publish: @escaping @Sendable (ScheduleStatus) -> Void) {
            self.init(variable: variable, text: text, name: name, request: request, publish: publish)
            label = "\(First.kind) and \(Second.kind) runs"
            submit = { runner in
                _ = try await runner.submit(job: request, trigger: .schedule)
                if await runner.canRun(Second.kind) { _ = try await runner.submit(job: second, trigger: .schedule) }
            }
        }
    }

    private func makeScheduler(_ slot: ScheduleSlot, schedule: CronSchedule, zone: TimeZone, store: any RunStore,
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
        logger.info("\(slot.label) scheduled", metadata: [
            "schedule.variable": "\(slot.variable)",
            "schedule": "\(expression)", "schedule.description": "\(words)", "timezone": "\(zoneName)",
            "next_run_at": "\(schedule.nextDate(after: now(), in: zone).map { "\($0)" } ?? "never")",
        ])
        var scheduleLogger = logger
        scheduleLogger[metadataKey: "schedule.variable"] = "\(slot.variable)"
        let logger = self.logger, submit = slot.submit, kind = slot.kind
        return SchedulerService(
            schedule: schedule, timeZone: zone, store: StoredScheduleState(store: store, name: slot.name, replica: replica), now: now,
            logger: scheduleLogger,
            onUpcomingChange: publishSchedule,
            onFire: { _ in
                guard await runner.canRun(kind) else {
                    logger.warning("scheduled \(kind) run skipped: Odoo or Medusa is not configured")
                    return
                }
                try? await submit(runner)
            })
    }
}

/// The scheduler's memory, kept in the run store so a restart neither skips nor repeats a run, and replicas sharing
/// the store fire each slot once (the claim is the store's, in one transaction).
struct StoredScheduleState: ScheduleStateStore {
    let store: any RunStore
    let name: String
    let replica: String

    func lastFireTime() async throws -> Date? { try await store.lastFireTime(schedule: name) }
    func recordFirstStart(_ date: Date) async throws -> Date { try await store.recordFirstStart(schedule: name, at: date) }
    func claimFire(_ stamp: Date, slot: Date) async throws -> Bool {
        try await store.claimFire(schedule: name, at: stamp, slot: slot, replica: replica)
    }
}
