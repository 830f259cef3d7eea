import Foundation
import Synchronization

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
