import Foundation

/// Where the scheduler remembers the last instant it fired for, so a restart can tell
/// "missed a run while down" from "first start ever" and never fire twice for one instant — and, when several
/// replicas share the store, so exactly one of them fires each slot.
/// The App backs it with its database; the scheduler knows nothing else about storage.
public protocol ScheduleStateStore: Sendable {
    /// The instant last recorded, or nil if the scheduler never ran.
    func lastFireTime() async throws -> Date?
    /// First start: records `date` unless a fire is already recorded (another replica started first); returns the
    /// instant recorded.
    func recordFirstStart(_ date: Date) async throws -> Date
    /// Records `stamp` as the fire of the slot due at `slot`, unless a fire at or after `slot` is already recorded.
    /// True when this call recorded it: only then does the scheduler fire. Called before `onFire` runs.
    func claimFire(_ stamp: Date, slot: Date) async throws -> Bool
}

/// A store that forgets on restart: for tests and for running without persistence.
public actor InMemoryScheduleStateStore: ScheduleStateStore {
    private var last: Date?

    public init(lastFireTime: Date? = nil) {
        last = lastFireTime
    }

    public func lastFireTime() -> Date? { last }

    public func recordFirstStart(_ date: Date) -> Date {
        if let last { return last }
        last = date
        return date
    }

    public func claimFire(_ stamp: Date, slot: Date) -> Bool {
        if let last, last >= slot { return false }
        last = stamp
        return true
    }
}
