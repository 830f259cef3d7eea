import Foundation

/// Where the scheduler remembers the last instant it fired for, so a restart can tell
/// "missed a run while down" from "first start ever" and never fire twice for one instant.
/// The App backs it with its database; the scheduler knows nothing else about storage.
public protocol ScheduleStateStore: Sendable {
    /// The instant last recorded with `recordFire`, or nil if the scheduler never ran.
    func lastFireTime() async throws -> Date?
    /// Persist `date` as handled; called before `onFire` runs.
    func recordFire(_ date: Date) async throws
}

/// A store that forgets on restart: for tests and for running without persistence.
public actor InMemoryScheduleStateStore: ScheduleStateStore {
    private var last: Date?

    public init(lastFireTime: Date? = nil) {
        last = lastFireTime
    }

    public func lastFireTime() -> Date? { last }

    public func recordFire(_ date: Date) { last = date }
}
