import Foundation
import Logging
import Synchronization

/// What both line formats share: stored metadata, a level, an output and redaction; each format only renders a line.
protocol LineLogHandler: LogHandler {
    var output: LogOutput { get }
    var redactor: SecretRedactor { get }
    func line(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata) -> Data?
}

extension LineLogHandler {
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
                    file: String, function: String, line: UInt) {
        let merged = metadata.merging(explicit ?? [:], uniquingKeysWith: { _, new in new })
        if let data = self.line(level: level, message: message, metadata: merged) { output.write(data) }
    }
}

/// Writes one JSON object per line (`ts`, `level`, `msg`, `logger`, metadata as fields) — what container platforms
/// index. Every configured secret is replaced by `[redacted]` before the line is written.
public struct JSONLinesLogHandler: LineLogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    let output: LogOutput
    let redactor: SecretRedactor

    public init(label: String, level: Logger.Level, output: LogOutput = .standardError, redactor: SecretRedactor) {
        self.label = label
        self.logLevel = level
        self.output = output
        self.redactor = redactor
    }

    func line(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata) -> Data? {
        var fields: [String: Any] = [
            "ts": Self.timestamp(),
            "level": level.rawValue,
            "msg": redactor.redact(message.description),
            "logger": label,
        ]
        for (key, value) in metadata { fields[key] = Self.json(value, redactor) }
        return Data((LogLineJSON.object(fields) + "\n").utf8)
    }

    static func json(_ value: Logger.Metadata.Value, _ redactor: SecretRedactor) -> Any {
        switch value {
        case .string(let text): redactor.redact(text)
        case .stringConvertible(let convertible): redactor.redact(convertible.description)
        case .array(let values): values.map { json($0, redactor) }
        case .dictionary(let dictionary): dictionary.mapValues { json($0, redactor) }
        }
    }

    static func timestamp() -> String {
        LogLineJSON.timestamp()
    }
}

/// Human-readable lines for a terminal, with the same redaction.
public struct TextLogHandler: LineLogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    let output: LogOutput
    let redactor: SecretRedactor

    public init(label: String, level: Logger.Level, output: LogOutput = .standardError, redactor: SecretRedactor) {
        self.label = label
        self.logLevel = level
        self.output = output
        self.redactor = redactor
    }

    func line(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata) -> Data? {
        let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let text = "\(JSONLinesLogHandler.timestamp()) \(level.rawValue.uppercased()) \(message)\(fields.isEmpty ? "" : " " + fields)\n"
        return Data(redactor.redact(text).utf8)
    }
}

/// Replaces every configured secret in a text. Secrets are known at start (from the environment).
public struct SecretRedactor: Sendable {
    let secrets: [String]

    public init(secrets: [String]) {
        // Longest first so a secret containing another is replaced whole.
        self.secrets = Array(Set(secrets.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
    }

    public func redact(_ text: String) -> String {
        secrets.reduce(text) { partial, secret in
            partial.contains(secret) ? partial.replacingOccurrences(of: secret, with: "[redacted]") : partial
        }
    }
}

/// Where log lines go: a standard stream, or a capture buffer (tests scan it for secrets).
public final class LogOutput: Sendable {
    private enum Target { case standardError, standardOutput, capture }
    private let target: Target
    private let captured = Mutex<[String]>([])

    private init(_ target: Target) { self.target = target }

    public static let standardError = LogOutput(.standardError)
    public static let standardOutput = LogOutput(.standardOutput)
    public static func capture() -> LogOutput { LogOutput(.capture) }

    public var capturedLines: [String] {
        captured.withLock { $0.flatMap { $0.split(separator: "\n").map(String.init) } }
    }

    func write(_ data: Data) {
        switch target {
        case .standardError: FileHandle.standardError.write(data)
        case .standardOutput: FileHandle.standardOutput.write(data)
        case .capture: captured.withLock { $0.append(String(decoding: data, as: UTF8.self)) }
        }
    }
}

public enum LogSetup {
    /// Installs the process-wide log handler once, at start.
    public static func bootstrap(format: AppConfiguration.LogFormat, level: String, secrets: [String], output: LogOutput = .standardError) {
        let redactor = SecretRedactor(secrets: secrets)
        let parsedLevel = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            switch format {
            case .json: JSONLinesLogHandler(label: label, level: parsedLevel, output: output, redactor: redactor)
            case .text: TextLogHandler(label: label, level: parsedLevel, output: output, redactor: redactor)
            }
        }
    }
}
