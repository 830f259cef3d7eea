/// Plain-English wording for the dashboard, e.g. "at 09:30 on Monday through Friday".
/// Built from the expanded values, so it is reasonable rather than a literal reading.
extension CronSchedule {
    public var humanDescription: String {
        let time = timePhrase
        if let date = singleMonthDates {
            return "\(time) on \(date)"
        }
        let days = dayPhrase
        let monthText = months.isFull(CronField.month.range) ? "" : " in " + monthList
        if let days {
            return "\(time) \(days)\(monthText)"
        }
        let subDaily = time.hasPrefix("every")
        return subDaily ? time + monthText : "\(time) every day\(monthText)"
    }

    private var timePhrase: String {
        let allHours = hours.isFull(CronField.hour.range)
        let allMinutes = minutes.isFull(CronField.minute.range)
        let minuteStep = Self.step(of: minutes, in: CronField.minute.range)
        let hourStep = Self.step(of: hours, in: CronField.hour.range)

        if minutes.count == 1, let minute = minutes.first {
            if allHours { return minute == 0 ? "every hour" : "every hour at minute \(minute)" }
            if let hourStep { return minute == 0 ? "every \(hourStep) hours" : "every \(hourStep) hours at minute \(minute)" }
            if hours.count <= 4 { return "at " + Self.list(hours.values.map { Self.clock($0, minute) }) }
        }
        if minutes.count * hours.count <= 4, !allHours {
            let times = hours.values.flatMap { hour in minutes.values.map { Self.clock(hour, $0) } }
            return "at " + Self.list(times)
        }
        let minuteText: String
        if allMinutes {
            minuteText = "every minute"
        } else if let minuteStep {
            minuteText = "every \(minuteStep) minutes"
        } else {
            let values = minutes.values
            minuteText = values.count == 1 ? "at minute \(values[0])" : "at minutes " + Self.numberList(values)
        }
        if allHours {
            return minuteText.hasPrefix("every") ? minuteText : minuteText + " past every hour"
        }
        let hourText = hours.count == 1 ? "hour \(hours.first ?? 0)" : "hours " + Self.numberList(hours.values)
        return "\(minuteText) during \(hourText)"
    }

    /// nil when every day qualifies.
    private var dayPhrase: String? {
        let allDays = daysOfMonth.isFull(CronField.dayOfMonth.range)
        let allWeekdays = daysOfWeek.isFull(CronField.dayOfWeek.range)
        let dayText = "on " + dayOfMonthText
        let weekdayText = "on " + weekdayList
        if dayOr {
            if allDays || allWeekdays { return nil }
            return "\(dayText) or \(weekdayText)"
        }
        switch (allDays, allWeekdays) {
        case (true, true): return nil
        case (true, false): return weekdayText
        default: return dayText
        }
    }

    /// "January 1" when one month and a few days of it are named (and weekdays are not).
    private var singleMonthDates: String? {
        guard months.count == 1, let month = months.first, daysOfMonth.count <= 4,
              !dayOr, daysOfWeek.isFull(CronField.dayOfWeek.range) else { return nil }
        return Self.list(daysOfMonth.values.map { "\(Self.monthName(month)) \($0)" })
    }

    private var dayOfMonthText: String {
        if let step = Self.step(of: daysOfMonth, in: CronField.dayOfMonth.range) {
            return "every \(Self.ordinal(step)) day of the month"
        }
        let values = daysOfMonth.values
        return (values.count == 1 ? "day " : "days ") + Self.numberList(values) + " of the month"
    }

    private var monthList: String {
        Self.rangeList(months.values, consecutive: { $0 + 1 == $1 }, name: Self.monthName)
    }

    /// Weekdays Monday first, so `SAT,SUN` reads "Saturday and Sunday".
    private var weekdayList: String {
        let mondayFirst = [1, 2, 3, 4, 5, 6, 0].filter(daysOfWeek.contains)
        return Self.rangeList(mondayFirst, consecutive: { ($0 + 1) % 7 == $1 }, name: Self.weekdayName)
    }

    /// The step when `set` is exactly every n-th value from the field's start, n > 1.
    private static func step(of set: CronValueSet, in range: ClosedRange<Int>) -> Int? {
        let values = set.values
        guard values.count >= 2, values[0] == range.lowerBound else { return nil }
        let step = values[1] - values[0]
        guard step > 1, Array(stride(from: range.lowerBound, through: range.upperBound, by: step)) == values else { return nil }
        return step
    }

    private static func numberList(_ values: [Int]) -> String {
        rangeList(values, consecutive: { $0 + 1 == $1 }, name: String.init)
    }

    /// "1, 5 and 10 through 20": runs of three or more become "a through b".
    private static func rangeList(_ values: [Int], consecutive: (Int, Int) -> Bool, name: (Int) -> String) -> String {
        list(runs(values, consecutive: consecutive).flatMap { run in
            run.count >= 3 ? ["\(name(run[0])) through \(name(run[run.count - 1]))"] : run.map(name)
        })
    }

    private static func runs(_ values: [Int], consecutive: (Int, Int) -> Bool) -> [[Int]] {
        var runs: [[Int]] = []
        for value in values {
            if let last = runs.last?.last, consecutive(last, value) {
                runs[runs.count - 1].append(value)
            } else {
                runs.append([value])
            }
        }
        return runs
    }

    private static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }

    private static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }

    private static func clock(_ hour: Int, _ minute: Int) -> String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    private static func monthName(_ month: Int) -> String {
        ["January", "February", "March", "April", "May", "June", "July",
         "August", "September", "October", "November", "December"][month - 1]
    }

    private static func weekdayName(_ day: Int) -> String {
        ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][day]
    }
}
