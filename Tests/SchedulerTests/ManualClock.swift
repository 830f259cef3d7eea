import Foundation
import Scheduler
import Synchronization

/// A fake wall clock for `SchedulerService`: `sleep` advances `now` instantly instead of waiting,
/// and after `sleepBudget` sleeps it throws `CancellationError`, which ends the service's run.
/// Tests therefore never wait in real time.
final class ManualClock: Sendable {
    struct State {
        var now: Date
        var sleeps: [Duration] = []
        var budget: Int
        /// Extra time added to (or, if negative, taken from) the next sleeps, one per sleep.
        var drift: [TimeInterval] = []
    }

    private let state: Mutex<State>
    private let onSleep = Mutex<(@Sendable () -> Void)?>(nil)

    init(now: Date, sleepBudget: Int, drift: [TimeInterval] = []) {
        state = Mutex(State(now: now, budget: sleepBudget, drift: drift))
    }

    var now: Date { state.withLock { $0.now } }
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// Runs at the start of every sleep, e.g. to look at the service while it waits.
    func whenSleeping(_ action: @escaping @Sendable () -> Void) {
        onSleep.withLock { $0 = action }
    }

    func sleep(_ duration: Duration) async throws {
        onSleep.withLock { $0 }?()
        try state.withLock { state in
            guard state.budget > 0 else { throw CancellationError() }
            state.budget -= 1
            state.sleeps.append(duration)
            let drift = state.drift.isEmpty ? 0 : state.drift.removeFirst()
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            state.now = state.now.addingTimeInterval(seconds + drift)
        }
    }
}

/// Records every call, optionally failing every record, so tests can check order and contents.
actor RecordingStateStore: ScheduleStateStore {
    private(set) var last: Date?
    private(set) var recorded: [Date] = []
    let failRecording: Bool

    init(last: Date? = nil, failRecording: Bool = false) {
        self.last = last
        self.failRecording = failRecording
    }

    func lastFireTime() -> Date? { last }

    func recordFirstStart(_ date: Date) throws -> Date {
        if failRecording { throw StoreDown() }
        if let last { return last }
        recorded.append(date)
        last = date
        return date
    }

    func claimFire(_ stamp: Date, slot: Date) throws -> Bool {
        if failRecording { throw StoreDown() }
        if let last, last >= slot { return false }
        recorded.append(stamp)
        last = stamp
        return true
    }

    struct StoreDown: Error {}
}

/// Collects what `onFire` received.
final class FireLog: Sendable {
    private let fires = Mutex<[Date]>([])
    var dates: [Date] { fires.withLock { $0 } }
    func append(_ date: Date) { fires.withLock { $0.append(date) } }
}

/// A value shared between a test and the closures it hands to the service.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    var value: Value { mutex.withLock { $0 } }
    func update(_ change: (inout Value) -> Void) { mutex.withLock { change(&$0) } }
}
