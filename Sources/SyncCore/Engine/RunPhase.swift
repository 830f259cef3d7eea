/// The phases a run goes through, as progress reports name them (`RunProgress.phase` carries the raw value).
enum RunPhase: String, Sendable {
    case connecting
    case categories
    case products
    /// A full run's products Odoo no longer has.
    case archiving
    case stock
    case done
}
