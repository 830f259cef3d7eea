import Foundation
import Scheduler
import Testing

/// Replays fire times recorded from croniter (see Fixtures/generate_croniter_oracle.py),
/// the agreed oracle, across five zones and the 2025–2027 DST transitions.
@Suite("croniter oracle")
struct CroniterOracleTests {
    struct Oracle: Decodable {
        let croniter: String
        let cases: [Case]
    }

    struct Case: Decodable, CustomTestStringConvertible {
        let expression: String
        let timeZone: String
        let start: String
        let next: [String]

        var testDescription: String { "\(expression) in \(timeZone) after \(start)" }
    }

    static let oracle: Oracle = {
        let url = Bundle.module.url(forResource: "croniter-oracle", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Oracle.self, from: Data(contentsOf: url))
    }()

    @Test func oracleIsLargeAndNamesItsCroniterVersion() {
        #expect(Self.oracle.cases.count >= 250)
        #expect(!Self.oracle.croniter.isEmpty)
    }

    @Test func everyCaseMatchesCroniter() throws {
        var failures: [String] = []
        for oracleCase in Self.oracle.cases {
            let schedule = try CronSchedule(parsing: oracleCase.expression)
            let zone = try parseTimeZone(oracleCase.timeZone)
            let start = try isoDate(oracleCase.start)
            let actual = schedule.nextDates(after: start, in: zone, count: oracleCase.next.count + 1)
                .prefix(oracleCase.next.isEmpty ? 1 : oracleCase.next.count)
                .map { formatFireTime($0, in: zone) }
            if actual != oracleCase.next {
                failures.append("\(oracleCase.testDescription)\n  expected \(oracleCase.next)\n  actual   \(Array(actual))")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(Self.oracle.cases.count) cases differ:\n\(failures.prefix(20).joined(separator: "\n"))")
    }
}
