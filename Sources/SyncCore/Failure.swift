/// How a failure should be handled, decided once where the failure is understood (in the adapter that saw it),
/// so the engine, the job runner and the run record never have to parse messages.
public enum FailureClass: String, Sendable, Codable, CaseIterable {
    /// Transient: transport errors, timeouts, 5xx, 429, 409. Worth retrying with backoff.
    case retryable
    /// The request itself is wrong for this record (validation, unknown field). Retrying changes nothing.
    case permanent
    /// The integration is set up wrongly (URL, database, credentials, missing rights). Every record will fail the same way.
    case configuration
    /// The remote record the binding points at no longer exists.
    case missingRemotely = "missing_remotely"
}

/// An error that knows its class and can say, without leaking secrets, what went wrong and where.
public protocol ClassifiedError: Error, CustomStringConvertible, Sendable {
    var failureClass: FailureClass { get }
    /// Which system the failure came from ("odoo", "medusa", "store", …) — shown next to the message in run records.
    var system: String { get }
}

extension ClassifiedError {
    public var isRetryable: Bool { failureClass == .retryable }
}

/// Classifies any error: classified errors keep their class; cancellation stays cancellation; anything else is permanent,
/// because an error we do not understand should be recorded and looked at, not retried blindly.
public func failureClass(of error: any Error) -> FailureClass {
    if let classified = error as? any ClassifiedError { return classified.failureClass }
    return .permanent
}
