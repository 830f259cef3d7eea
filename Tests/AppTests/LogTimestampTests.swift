import Foundation
import Testing

@testable import App

/// The hand-written timestamp must say what the ISO 8601 format style said before it replaced it.
@Suite("Log timestamps")
struct LogTimestampTests {
    @Test("timestamps match the ISO 8601 style the handler used", arguments: [
        0, 1_764_088_662.425, 1_764_088_662.9999, 951_782_400.5, 4_102_444_799.001, -1.5,
    ])
    func timestamps(_ seconds: TimeInterval) {
        let date = Date(timeIntervalSince1970: seconds)
        let style = Date.ISO8601FormatStyle.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)
        #expect(LogTimestamp.text(date) == date.formatted(style))
    }
}
