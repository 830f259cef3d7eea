import Foundation
import Scheduler
import Testing

@Suite("Environment settings")
struct SettingsParsingTests {
    @Test("SYNC_SCHEDULE off disables scheduling", arguments: ["off", "OFF", "Off", " off "])
    func offDisables(value: String) throws {
        let setting = try ScheduleSetting(parsing: value)
        #expect(setting == .off)
        #expect(setting.schedule == nil)
    }

    @Test func anythingElseIsACronExpression() throws {
        let setting = try ScheduleSetting(parsing: "*/15 * * * *")
        #expect(setting.schedule?.expression == "*/15 * * * *")
        #expect(setting.description == "*/15 * * * *")
    }

    @Test func aBadExpressionReportsTheCronError() {
        #expect {
            _ = try ScheduleSetting(parsing: "0 24 * * *")
        } throws: { error in
            (error as? CronParseError)?.description == "hour: value 24 is out of range 0-23"
        }
    }

    @Test("SYNC_TIMEZONE accepts IANA names", arguments: ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Etc/UTC"])
    func ianaZones(name: String) throws {
        let zone = try parseTimeZone(name)
        #expect(name == "UTC" || zone.identifier == name)
    }

    @Test("SYNC_TIMEZONE rejects unknown zones clearly", arguments: [
        ("Mars/Olympus", "unknown time zone \"Mars/Olympus\"; use an IANA name such as Europe/Berlin or UTC"),
        ("europe/berlin", "unknown time zone \"europe/berlin\"; use an IANA name such as Europe/Berlin or UTC"),
        ("GMT+2", "unknown time zone \"GMT+2\"; use an IANA name such as Europe/Berlin or UTC"),
        ("", "time zone is empty; use an IANA name such as Europe/Berlin or UTC"),
    ])
    func unknownZones(name: String, message: String) {
        #expect {
            _ = try parseTimeZone(name)
        } throws: { error in
            (error as? TimeZoneParseError)?.description == message
        }
    }
}
