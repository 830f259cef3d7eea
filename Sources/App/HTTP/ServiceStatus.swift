import Foundation

/// What `/health` reports about the schedule; supplied by the composition root so the HTTP layer stays unaware of cron.
public struct ScheduleStatus: Sendable {
    public var enabled: Bool
    public var expression: String?
    public var description: String?
    public var timeZone: String?
    public var nextRunAt: Date?

    public init(enabled: Bool, expression: String? = nil, description: String? = nil, timeZone: String? = nil, nextRunAt: Date? = nil) {
        self.enabled = enabled
        self.expression = expression
        self.description = description
        self.timeZone = timeZone
        self.nextRunAt = nextRunAt
    }

    public static let disabled = ScheduleStatus(enabled: false)
}
