import ExactJSON
import Foundation
import HTTPTransport
import Logging
import SyncCore

/// The service's log handler: one line per entry, either a JSON object (`ts`, `level`, `msg`, `logger`, metadata as
/// fields — what container platforms index) or human-readable text for a terminal. Every configured secret is replaced
/// by `[redacted]` before the line is written, in both formats.
public struct LineLogHandler: LogHandler {
    public enum Format: Sendable {
        case jsonLines
        case text
    }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    let format: Format
    let output: LogOutput
    let redactor: SecretRedactor

    public init(label: String, format: Format, level: Logger.Level, output: LogOutput = .standardError,
                redactor: SecretRedactor) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.output = output
        self.redactor = redactor
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new })
        if let error = event.error, merged["error"] == nil { merged["error"] = "\(error)" }
        let rendered = switch format {
        case .jsonLines: jsonLine(level: event.level, message: event.message, metadata: merged)
        case .text: textLine(level: event.level, message: event.message, metadata: merged)
        }
        if let rendered { output.write(rendered) }
    }

    /// Written with the project's JSON writer, keys in code-point order: `JSONSerialization` sorts with a locale-aware
    /// comparison, and its first use loaded ICU's collation data (≈ 1–2 MB resident for the life of the process).
    private func jsonLine(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata) -> Data? {
        var fields: [String: JSONValue] = [:]
        for (key, value) in metadata { fields[key] = Self.json(value, redactor) }
        fields["ts"] = .string(LogTimestamp.text())
        fields["level"] = .string(level.rawValue)
        fields["msg"] = .string(redactor.redact(message.description))
        fields["logger"] = .string(label)
        var writer = JSONWriter()
        writer.append(.object(fields))
        writer.appendRaw("\n")
        return Data(writer.bytes)
    }

    private func textLine(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata) -> Data? {
        let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let text = "\(LogTimestamp.text()) \(level.rawValue.uppercased()) \(message)\(fields.isEmpty ? "" : " " + fields)\n"
        return Data(redactor.redact(text).utf8)
    }

    static func json(_ value: Logger.Metadata.Value, _ redactor: SecretRedactor) -> JSONValue {
        switch value {
        case .string(let text): .string(redactor.redact(text))
        case .stringConvertible(let convertible): .string(redactor.redact(convertible.description))
        case .array(let values): .array(values.map { json($0, redactor) })
        case .dictionary(let dictionary): .object(dictionary.mapValues { json($0, redactor) })
        }
    }
}

public enum LogSetup {
    /// Installs the process-wide log handler once, at start.
    public static func bootstrap(format: AppConfiguration.LogFormat, level: String, secrets: [String], output: LogOutput = .standardError) {
        let redactor = SecretRedactor(secrets: secrets)
        let parsedLevel = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            LineLogHandler(label: label, format: format == .json ? .jsonLines : .text, level: parsedLevel, output: output,
                           redactor: redactor)
        }
    }
}
