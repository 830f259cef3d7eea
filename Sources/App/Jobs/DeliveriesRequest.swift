import RunStore
import SyncCore

/// A deliveries run: poll Odoo's pickings and tell the shop about the done ones. No parameters (a picking webhook is
/// only a hint that starts a run), so any queued deliveries run covers another.
public struct DeliveriesRequest: JobRequest {
    public static var kind: JobKind { .deliveries }

    public init() {}

    /// Kept in the run table as an incremental request (the columns every kind shares).
    public var storedForm: SyncRequest { .incremental }
    public init(storedForm: SyncRequest) {}

    public func covers(_ other: DeliveriesRequest) -> Bool { true }
    public func merged(with other: DeliveriesRequest) -> DeliveriesRequest? { self }
}
