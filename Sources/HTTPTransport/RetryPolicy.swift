import Foundation
import SyncCore

/// Bounded exponential backoff with full jitter, shared by both API clients so retries behave the same everywhere.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(10)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// No retries: for tests and for calls whose caller retries at a higher level.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Delay before attempt `attempt + 1` (attempt counts from 1), honouring a server's `Retry-After` when given.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration? = nil, random: Double = Double.random(in: 0...1)) -> Duration {
        if let retryAfter { return min(retryAfter, maxDelay) }
        let exponent = min(attempt - 1, 20)
        let ceiling = min(baseDelay * (1 << exponent), maxDelay)
        return ceiling * random
    }

    /// Runs `operation` until it succeeds, fails with a non-retryable error, or attempts run out.
    /// `retryAfter` extracts a server-requested delay from an error (e.g. a 429's `Retry-After`).
    public func run<T: Sendable>(
        retryAfter: @Sendable (any Error) -> Duration? = { _ in nil },
        sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        _ operation: @Sendable (_ attempt: Int) async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await operation(attempt)
            } catch {
                guard attempt < maxAttempts, failureClass(of: error) == .retryable, !Task.isCancelled else { throw error }
                try await sleep(delay(afterAttempt: attempt, retryAfter: retryAfter(error)))
                attempt += 1
            }
        }
    }
}

extension RetryPolicy {
    /// A `Retry-After` header as delay-seconds or an HTTP date (RFC 9110); nil when absent or unreadable. A date in
    /// the past is no delay.
    public static func retryAfter(_ header: String?, now: Date = Date()) -> Duration? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        if let seconds = Int(header) { return .seconds(max(0, seconds)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: header) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000))
    }
}
