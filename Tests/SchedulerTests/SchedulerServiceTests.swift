import Foundation
import Logging
import Scheduler
import ServiceLifecycle
import Testing

/// The service's restart and timing rules, driven by a fake clock (no real waiting).
@Suite("Scheduler service")
struct SchedulerServiceTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let hourly = try! CronSchedule(parsing: "0 * * * *")

    static func at(_ time: String) -> Date {
        try! isoDate("2025-06-01T\(time)+00:00")
    }

    static func makeService(
        _ schedule: CronSchedule = hourly,
        store: any ScheduleStateStore,
        clock: ManualClock,
        fires: FireLog,
        onFire: (@Sendable (Date) async -> Void)? = nil
    ) -> SchedulerService {
        SchedulerService(
            schedule: schedule, timeZone: utc, store: store,
            now: { clock.now }, sleep: { try await clock.sleep($0) },
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            onFire: { date in
                fires.append(date)
                await onFire?(date)
            }
        )
    }

    @Test func firstEverStartRecordsNowAndWaitsForTheNextSlot() async throws {
        let store = RecordingStateStore()
        let clock = ManualClock(now: Self.at("10:20:00"), sleepBudget: 1)
        let fires = FireLog()
        try await Self.makeService(store: store, clock: clock, fires: fires).run()

        #expect(fires.dates == [Self.at("11:00:00")])
        #expect(await store.recorded == [Self.at("10:20:00"), Self.at("11:00:00")])
        #expect(clock.sleeps == [.seconds(40 * 60)])
    }

    @Test func everyChangeOfTheNextFireIsReported() async throws {
        let store = RecordingStateStore()
        let clock = ManualClock(now: Self.at("10:20:00"), sleepBudget: 1)
        let changes = Locked<[Date?]>([])
        let service = SchedulerService(
            schedule: Self.hourly, timeZone: Self.utc, store: store,
            now: { clock.now }, sleep: { try await clock.sleep($0) },
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            onUpcomingChange: { date in changes.update { $0.append(date) } },
            onFire: { _ in })
        try await service.run()

        // Waiting for 11:00, then (after firing) for 12:00, then stopped: nothing is upcoming.
        #expect(changes.value == [Self.at("11:00:00"), Self.at("12:00:00"), nil])
    }

    @Test func missedRunsWhileDownCollapseIntoOneImmediateFire() async throws {
        let store = RecordingStateStore(last: Self.at("06:00:00"))
        let clock = ManualClock(now: Self.at("10:20:00"), sleepBudget: 1)
        let fires = FireLog()
        try await Self.makeService(store: store, clock: clock, fires: fires).run()

        // 07:00, 08:00, 09:00 and 10:00 were missed: one catch-up now, then the regular 11:00.
        #expect(fires.dates == [Self.at("10:20:00"), Self.at("11:00:00")])
        #expect(await store.recorded == [Self.at("10:20:00"), Self.at("11:00:00")])
    }

    @Test func aSingleMissedSlotFiresForThatSlot() async throws {
        let store = RecordingStateStore(last: Self.at("09:00:00"))
        let clock = ManualClock(now: Self.at("10:20:00"), sleepBudget: 0)
        let fires = FireLog()
        try await Self.makeService(store: store, clock: clock, fires: fires).run()

        #expect(fires.dates == [Self.at("10:00:00")])
        #expect(await store.last == Self.at("10:00:00"))
    }

    @Test func nothingMissedMeansNoFireAtStart() async throws {
        let store = RecordingStateStore(last: Self.at("10:00:00"))
        let clock = ManualClock(now: Self.at("10:20:00"), sleepBudget: 0)
        let fires = FireLog()
        try await Self.makeService(store: store, clock: clock, fires: fires).run()

        #expect(fires.dates.isEmpty)
        #expect(await store.recorded.isEmpty)
    }

    @Test func schedulersSharingAStoreFireEachSlotOnce() async throws {
        // Two replicas, down since 06:00, start five seconds apart: one of them catches up, then each hourly slot
        // is claimed by whichever gets there first.
        let store = RecordingStateStore(last: Self.at("06:00:00"))
        let first = FireLog(), second = FireLog()
        async let a: Void = Self.makeService(store: store, clock: ManualClock(now: Self.at("10:20:00"), sleepBudget: 2),
                                             fires: first).run()
        async let b: Void = Self.makeService(store: store, clock: ManualClock(now: Self.at("10:20:05"), sleepBudget: 2),
                                             fires: second).run()
        _ = try await (a, b)

        let hours = (first.dates + second.dates).map { Calendar(identifier: .gregorian).dateComponents(in: Self.utc, from: $0).hour! }
        #expect(hours.count == Set(hours).count, "a slot fired twice: \(first.dates) \(second.dates)")
        #expect(hours.filter { $0 == 10 }.count == 1, "the missed slots are caught up once")
        #expect(await store.recorded == (first.dates + second.dates).sorted())
    }

    @Test func theFireIsRecordedBeforeOnFireRuns() async throws {
        let store = RecordingStateStore(last: Self.at("10:00:00"))
        let clock = ManualClock(now: Self.at("10:59:00"), sleepBudget: 1)
        let fires = FireLog()
        let seenDuringFire = Locked<[Date?]>([])
        let service = Self.makeService(store: store, clock: clock, fires: fires) { _ in
            let recorded = await store.last
            seenDuringFire.update { $0.append(recorded) }
        }
        try await service.run()

        #expect(fires.dates == [Self.at("11:00:00")])
        #expect(seenDuringFire.value == [Self.at("11:00:00")])
    }

    @Test func aRestartRightAfterAFireDoesNotRepeatIt() async throws {
        let store = RecordingStateStore(last: Self.at("10:00:00"))
        let firstClock = ManualClock(now: Self.at("10:59:59"), sleepBudget: 1)
        let firstFires = FireLog()
        try await Self.makeService(store: store, clock: firstClock, fires: firstFires).run()
        #expect(firstFires.dates == [Self.at("11:00:00")])

        // The process dies during that fire and comes back at 11:00:30.
        let secondClock = ManualClock(now: Self.at("11:00:30"), sleepBudget: 1)
        let secondFires = FireLog()
        try await Self.makeService(store: store, clock: secondClock, fires: secondFires).run()
        #expect(secondFires.dates == [Self.at("12:00:00")])
        #expect(secondClock.sleeps == [.seconds(59 * 60 + 30)])
    }

    @Test func aRestartJustBeforeASlotNeitherSkipsNorRepeatsIt() async throws {
        let store = RecordingStateStore(last: Self.at("10:00:00"))
        let clock = ManualClock(now: Self.at("11:00:00").addingTimeInterval(0.5), sleepBudget: 0)
        let fires = FireLog()
        // Down from 10:59 to just after 11:00: the 11:00 slot is caught up exactly once.
        try await Self.makeService(store: store, clock: clock, fires: fires).run()
        #expect(fires.dates == [Self.at("11:00:00")])

        let again = FireLog()
        try await Self.makeService(store: store, clock: ManualClock(now: Self.at("11:00:01"), sleepBudget: 0), fires: again).run()
        #expect(again.dates.isEmpty)
    }

    @Test func oversleepingPastSeveralSlotsFiresOnce() async throws {
        let store = RecordingStateStore(last: Self.at("10:00:00"))
        // The first sleep ends three hours late (e.g. the machine was suspended).
        let clock = ManualClock(now: Self.at("10:30:00"), sleepBudget: 1, drift: [3 * 3600])
        let fires = FireLog()
        try await Self.makeService(store: store, clock: clock, fires: fires).run()

        #expect(fires.dates == [Self.at("14:00:00")])
    }

    @Test func wakingEarlySleepsAgainInsteadOfFiringEarly() async throws {
        let store = RecordingStateStore(last: Self.at("10:00:00"))
        let clock = ManualClock(now: Self.at("10:30:00"), sleepBudget: 2, drift: [-60])
        let fires = FireLog()
        try await Self.makeService(store: store, clock: clock, fires: fires).run()

        #expect(clock.sleeps == [.seconds(30 * 60), .seconds(60)])
        #expect(fires.dates == [Self.at("11:00:00")])
    }

    @Test func aStoreThatCannotRecordSkipsTheFireRatherThanRiskARepeat() async throws {
        let store = RecordingStateStore(last: Self.at("09:00:00"), failRecording: true)
        let clock = ManualClock(now: Self.at("10:20:00"), sleepBudget: 1)
        let fires = FireLog()
        try await Self.makeService(store: store, clock: clock, fires: fires).run()

        #expect(fires.dates.isEmpty)
        #expect(clock.sleeps == [.seconds(40 * 60)])
    }

    @Test func nextFireTimeShowsTheSlotBeingWaitedFor() async throws {
        let store = RecordingStateStore(last: Self.at("10:00:00"))
        let clock = ManualClock(now: Self.at("10:20:00"), sleepBudget: 2)
        let fires = FireLog()
        let service = Self.makeService(store: store, clock: clock, fires: fires)
        let seen = Locked<[Date?]>([])
        clock.whenSleeping { seen.update { $0.append(service.nextFireTime) } }
        #expect(service.nextFireTime == nil)

        try await service.run()

        #expect(seen.value == [Self.at("11:00:00"), Self.at("12:00:00"), Self.at("13:00:00")])
        #expect(service.nextFireTime == nil)
    }

    @Test func gracefulShutdownEndsTheWaitWithoutFiring() async throws {
        let store = RecordingStateStore(last: Self.at("10:00:00"))
        let fires = FireLog()
        let service = SchedulerService(
            schedule: Self.hourly, timeZone: Self.utc, store: store,
            now: { Self.at("10:20:00") },
            sleep: { try await Task.sleep(for: $0) },  // a real, cancellable 40-minute sleep
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            onFire: { fires.append($0) }
        )
        let group = ServiceGroup(services: [service], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Self.waitUntil { service.nextFireTime != nil }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }

        #expect(fires.dates.isEmpty)
        #expect(service.nextFireTime == nil)
    }

    @Test func aScheduleThatNeverFiresIdlesUntilShutdown() async throws {
        let store = RecordingStateStore(last: Self.at("10:00:00"))
        let fires = FireLog()
        let service = SchedulerService(
            schedule: try CronSchedule(parsing: "0 0 30 2 *"), timeZone: Self.utc, store: store,
            now: { Self.at("10:20:00") },
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            onFire: { fires.append($0) }
        )
        let group = ServiceGroup(services: [service], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let finished = Locked(false)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                try await group.run()
                finished.update { $0 = true }
            }
            // Returning early would stop the whole service group, so it must still be running.
            try await Task.sleep(for: .milliseconds(50))
            #expect(finished.value == false)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(fires.dates.isEmpty)
        #expect(service.nextFireTime == nil)
    }

    /// Polls in 10 ms steps, at most 2 s in all.
    static func waitUntil(_ condition: @Sendable () -> Bool) async throws {
        for _ in 0..<200 where !condition() {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(condition(), "condition not reached within 2 s")
    }
}
