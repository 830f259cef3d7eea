import Foundation

/// Reads the process environment plus an optional `.env` file (process variables win), so local runs and containers
/// configure the service the same way.
public struct EnvironmentSource: Sendable {
    public var values: [String: String]

    public init(_ values: [String: String]) { self.values = values }

    /// The process environment, with `.env` from the working directory underneath it when present.
    public static func process(dotEnvPath: String = ".env") -> EnvironmentSource {
        var merged = (try? String(contentsOfFile: dotEnvPath, encoding: .utf8)).map(parseDotEnv) ?? [:]
        for (key, value) in ProcessInfo.processInfo.environment { merged[key] = value }
        return EnvironmentSource(merged)
    }

    /// The value, trimmed; empty counts as unset.
    public subscript(_ name: String) -> String? {
        guard let raw = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
        return raw
    }

    /// `KEY=value` lines; `#` comments, optional `export `, single or double quotes around the value.
    public static func parseDotEnv(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line.removeFirst("export ".count) }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            if !key.isEmpty { result[key] = value }
        }
        return result
    }
}
