import App
import Foundation
import HTTPTransport
import Logging
import Testing

/// Both log formats carry the same fields and redact the same secrets.
@Suite("Log lines: JSON and text, both redacted")
struct LineLogHandlerTests {
    static let secret = "sk_test_log_secret_4d2c"

    func lines(_ format: LineLogHandler.Format) -> [String] {
        let output = LogOutput.capture()
        var logger = Logger(label: "sync") { label in
            LineLogHandler(label: label, format: format, level: .info, output: output,
                           redactor: SecretRedactor(secrets: [Self.secret]))
        }
        logger[metadataKey: "run_id"] = "42"
        logger.debug("below the level")
        logger.warning("calling with \(Self.secret)", metadata: ["key": "\(Self.secret)", "items": ["a", "\(Self.secret)"]])
        return output.capturedLines
    }

    @Test("a JSON line has ts, level, msg, logger and the metadata as fields, redacted; debug is below the level")
    func jsonLines() throws {
        let lines = lines(.jsonLines)
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["level"] as? String == "warning")
        #expect(object["logger"] as? String == "sync")
        #expect(object["run_id"] as? String == "42")
        #expect(object["msg"] as? String == "calling with [redacted]")
        #expect(object["key"] as? String == "[redacted]")
        #expect(object["items"] as? [String] == ["a", "[redacted]"])
        #expect(object["ts"] is String)
    }

    @Test("a text line has the level, message and sorted metadata, redacted")
    func textLines() {
        let lines = lines(.text)
        #expect(lines.count == 1)
        #expect(lines[0].contains(" WARNING calling with [redacted] "))
        #expect(lines[0].contains("key=[redacted]"))
        #expect(lines[0].contains("run_id=42"))
        #expect(!lines[0].contains(Self.secret))
    }
}
