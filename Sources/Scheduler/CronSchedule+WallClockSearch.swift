/// The field-by-field search on the wall clock, before any time zone is involved.
extension CronSchedule {
    /// Which day fields a search honours. croniter evaluates the OR rule as two searches
    /// (day-of-month alone, day-of-week alone) and keeps the earlier, so the DST handling
    /// runs once per side; `nextDate` mirrors that.
    enum DayFilter: Sendable {
        case both, dayOfMonthOnly, dayOfWeekOnly
    }

    /// croniter gives up after 50 years without a match (e.g. `0 0 30 2 *`).
    static let searchYears = 50

    /// The first matching wall-clock minute strictly after `wallSeconds`.
    func firstWallClockMatch(after wallSeconds: Double, days filter: DayFilter) -> WallClockTime? {
        let start = WallClockTime(wallSeconds: Int64(wallSeconds.rounded(.down)) + 60)
        return firstWallClockMatch(atOrAfter: start, days: filter)
    }

    /// The first matching wall-clock minute at or after `start`, jumping whole fields at a time:
    /// a bounded number of steps per month, so a schedule that never fires ends quickly.
    func firstWallClockMatch(atOrAfter start: WallClockTime, days filter: DayFilter) -> WallClockTime? {
        var t = start
        let lastYear = start.year + Self.searchYears
        while t.year <= lastYear {
            guard months.contains(t.month) else {
                if let month = months.first(atOrAfter: t.month + 1) {
                    t = WallClockTime(year: t.year, month: month, day: 1, hour: 0, minute: 0)
                } else {
                    t = WallClockTime(year: t.year + 1, month: months.first ?? 1, day: 1, hour: 0, minute: 0)
                }
                continue
            }
            guard t.day <= WallClockTime.daysInMonth(year: t.year, month: t.month) else {
                t = t.month == 12
                    ? WallClockTime(year: t.year + 1, month: 1, day: 1, hour: 0, minute: 0)
                    : WallClockTime(year: t.year, month: t.month + 1, day: 1, hour: 0, minute: 0)
                continue
            }
            guard dayMatches(t, filter) else {
                t = WallClockTime(year: t.year, month: t.month, day: t.day + 1, hour: 0, minute: 0)
                continue
            }
            guard hours.contains(t.hour) else {
                if let hour = hours.first(atOrAfter: t.hour) {
                    t.hour = hour
                    t.minute = 0
                } else {
                    t = WallClockTime(year: t.year, month: t.month, day: t.day + 1, hour: 0, minute: 0)
                }
                continue
            }
            guard let minute = minutes.first(atOrAfter: t.minute) else {
                t = t.hour == 23
                    ? WallClockTime(year: t.year, month: t.month, day: t.day + 1, hour: 0, minute: 0)
                    : WallClockTime(year: t.year, month: t.month, day: t.day, hour: t.hour + 1, minute: 0)
                continue
            }
            t.minute = minute
            return t
        }
        return nil
    }

    private func dayMatches(_ t: WallClockTime, _ filter: DayFilter) -> Bool {
        switch filter {
        case .both: daysOfMonth.contains(t.day) && daysOfWeek.contains(t.weekday)
        case .dayOfMonthOnly: daysOfMonth.contains(t.day)
        case .dayOfWeekOnly: daysOfWeek.contains(t.weekday)
        }
    }
}
