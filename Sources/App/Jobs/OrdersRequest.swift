import RunStore
import SyncCore

/// An orders run: poll the shop and send what qualifies. It has no parameters, so any queued orders run covers
/// another one (a burst of "sync orders" clicks or subscriber pushes becomes one run).
public struct OrdersRequest: JobRequest {
    public static var kind: JobKind { .orders }

    public init() {}

    /// Kept in the run table as an incremental request (the columns every kind shares).
    public var storedForm: SyncRequest { .incremental }
    public init(storedForm: SyncRequest) {}

    public func covers(_ other: OrdersRequest) -> Bool { true }
    public func merged(with other: OrdersRequest) -> OrdersRequest? { self }
}
