import Scheduler
import Testing

@Suite("Human description")
struct HumanDescriptionTests {
    @Test("reads as English", arguments: [
        ("* * * * *", "every minute"),
        ("*/15 * * * *", "every 15 minutes"),
        ("@hourly", "every hour"),
        ("5 * * * *", "every hour at minute 5"),
        ("0 */2 * * *", "every 2 hours"),
        ("0 0 * * *", "at 00:00 every day"),
        ("@daily", "at 00:00 every day"),
        ("15 10 * * *", "at 10:15 every day"),
        ("0 9,17 * * *", "at 09:00 and 17:00 every day"),
        ("30 9 * * MON-FRI", "at 09:30 on Monday through Friday"),
        ("0 0 * * SAT,SUN", "at 00:00 on Saturday and Sunday"),
        ("@weekly", "at 00:00 on Sunday"),
        ("@monthly", "at 00:00 on day 1 of the month"),
        ("@yearly", "at 00:00 on January 1"),
        ("0 12 * JAN-MAR *", "at 12:00 every day in January through March"),
        ("0 0 1,15 * MON", "at 00:00 on days 1 and 15 of the month or on Monday"),
        ("*/10 9-17 * * *", "every 10 minutes during hours 9 through 17"),
        ("0,20,40 * * * *", "every 20 minutes"),
        ("5,35 * * * 1-5", "at minutes 5 and 35 past every hour on Monday through Friday"),
        ("0 6 */2 * MON", "at 06:00 on every 2nd day of the month or on Monday"),
        ("0 0 1-31 * MON", "at 00:00 every day"),
        ("0 0 29 2 *", "at 00:00 on February 29"),
    ])
    func description(expression: String, expected: String) throws {
        #expect(try CronSchedule(parsing: expression).humanDescription == expected)
    }
}
