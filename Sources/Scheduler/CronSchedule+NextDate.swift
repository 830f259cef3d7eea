import Foundation

/// Next fire times in a time zone, with croniter's daylight-saving rules (croniter is the oracle):
/// - a wall time skipped by spring-forward fires at the first minute after the gap (`30 2 * * *`
///   fires at 03:00 that day), unless the hour field is `*`, in which case the skipped minutes are
///   simply dropped (`*/15 * * * *` goes 01:45, 03:00);
/// - a wall time repeated by fall-back fires on both passes (`30 1 * * *` in New York fires at
///   01:30 EDT and again at 01:30 EST). Vixie cron fires once there; croniter wins.
extension CronSchedule {
    /// The first fire time strictly after `date`, or nil when none exists within 50 years.
    public func nextDate(after date: Date, in timeZone: TimeZone) -> Date? {
        // Far outside any plausible clock (±300,000 years) the integer arithmetic could overflow.
        guard abs(date.timeIntervalSince1970) < 1e13 else { return nil }
        let zone = ZoneClock(timeZone: timeZone)
        guard dayOr else { return next(after: date, zone: zone, days: .both) }
        let byDayOfMonth = next(after: date, zone: zone, days: .dayOfMonthOnly)
        let byDayOfWeek = next(after: date, zone: zone, days: .dayOfWeekOnly)
        guard let byDayOfMonth else { return byDayOfWeek }
        guard let byDayOfWeek else { return byDayOfMonth }
        // croniter compares the two candidates by wall clock, and keeps the second on a tie.
        return zone.wallSeconds(at: byDayOfMonth) < zone.wallSeconds(at: byDayOfWeek) ? byDayOfMonth : byDayOfWeek
    }

    /// Up to `count` consecutive fire times after `date` (fewer if the schedule runs out).
    public func nextDates(after date: Date, in timeZone: TimeZone, count: Int) -> [Date] {
        var result: [Date] = []
        var cursor = date
        while result.count < count, let next = nextDate(after: cursor, in: timeZone) {
            result.append(next)
            cursor = next
        }
        return result
    }

    /// croniter's `_calc` for a zone-aware start: search on the wall clock, attach the zone,
    /// then look again from the start shifted by the offset change, in case that is earlier.
    private func next(after date: Date, zone: ZoneClock, days: DayFilter) -> Date? {
        let now = date.timeIntervalSince1970
        let nowWall = zone.wallSeconds(at: date)
        guard var wall = firstWallClockMatch(after: nowWall, days: days) else { return nil }
        var (instant, exists) = zone.attach(wall, after: now)
        if !exists, !(Double(instant) > now) || hours.isFull(CronField.hour.range) {
            while !exists {
                guard let later = firstWallClockMatch(after: Double(wall.wallSeconds), days: days) else { return nil }
                wall = later
                (instant, exists) = zone.attach(wall, after: now)
            }
        }
        let nowOffset = Double(nowWall - now)
        let offsetChange = Double(zone.offset(at: instant)) - nowOffset
        let found = Date(timeIntervalSince1970: TimeInterval(instant))
        guard offsetChange != 0 else { return found }

        guard let alternativeWall = firstWallClockMatch(after: nowWall + offsetChange, days: days) else { return found }
        let (alternative, alternativeExists) = zone.attach(alternativeWall, after: now)
        // A time produced by jumping a gap is not one the expression names; keep the regular one.
        guard alternativeExists, Double(alternative) > now, instant > alternative else { return found }
        return Date(timeIntervalSince1970: TimeInterval(alternative))
    }
}

extension ZoneClock {
    /// croniter's `_add_tzinfo`: the instant for `wall`, and whether that wall time exists.
    /// In a gap it moves minute by minute to the first wall time that exists; in an overlap it
    /// takes the earlier pass unless that is not after `previous`.
    func attach(_ wall: WallClockTime, after previous: Double) -> (instant: Int64, exists: Bool) {
        let candidates = instants(showing: wall)
        if let first = candidates.first {
            if candidates.count > 1, !(Double(first) > previous) {
                return (candidates[candidates.count - 1], true)
            }
            return (first, true)
        }
        var seconds = wall.wallSeconds
        // Gaps are at most a day long (Samoa, 2011); the bound only guards against bad zone data.
        for _ in 0..<(2 * 1440) {
            seconds += 60
            if let first = instants(showing: WallClockTime(wallSeconds: seconds)).first {
                return (first, false)
            }
        }
        return (wall.wallSeconds - offset(at: wall.wallSeconds), false)
    }
}
