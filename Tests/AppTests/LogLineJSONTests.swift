import Foundation
import Testing

@testable import App

/// The hand-written log JSON must say what `JSONSerialization` (sorted keys, unescaped slashes) and the ISO 8601 style
/// said before it replaced them.
@Suite("Log line JSON")
struct LogLineJSONTests {
    @Test("objects match JSONSerialization's sorted output, escapes and nesting included")
    func matchesJSONSerialization() throws {
        let fields: [String: Any] = [
            "ts": "2026-11-25T16:37:42.425Z", "level": "info", "msg": "quote \" backslash \\ slash / tab \t newline \n bell \u{07} é ✓",
            "logger": "odoo-medusa-sync", "run_id": "12", "runs": ["a", "b/c"], "nested": ["z": "1", "a": ["x"]], "empty": "",
        ]
        let expected = String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]),
                              as: UTF8.self)
        let written = LogLineJSON.object(fields)
        #expect(written == expected)
        let reparsed = try JSONSerialization.jsonObject(with: Data(written.utf8)) as? [String: Any]
        #expect(reparsed?["msg"] as? String == fields["msg"] as? String)
    }

    @Test("timestamps match the ISO 8601 style the handler used", arguments: [
        0, 1_764_088_662.425, 1_764_088_662.9999, 951_782_400.5, 4_102_444_799.001, -1.5,
    ])
    func timestamps(_ seconds: TimeInterval) {
        let date = Date(timeIntervalSince1970: seconds)
        let style = Date.ISO8601FormatStyle.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)
        #expect(LogLineJSON.timestamp(date) == date.formatted(style))
    }
}
