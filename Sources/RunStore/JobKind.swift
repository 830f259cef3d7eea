/// Which kind of job a run is: the catalogue sync today, orders and deliveries next. Stored in `run.kind`; each kind
/// keeps its request in the run's request columns (mode, ids, dry run) and has its own executor in the App.
public struct JobKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// Odoo's catalogue into Medusa; every run recorded before kinds existed is one (the column's default).
    public static let catalogue = JobKind(rawValue: "catalogue")
    /// The shop's orders and customers into Odoo (sale orders, contacts), and cancellations.
    public static let orders = JobKind(rawValue: "orders")
    /// Odoo's done deliveries back to the shop as fulfilments with tracking.
    public static let deliveries = JobKind(rawValue: "deliveries")

    public var description: String { rawValue }
}
