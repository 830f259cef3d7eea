/// The tables of the store's schema (after `v9-replicas`) and their columns, in the order `migrate-store` copies
/// them: what moves a SQLite deployment to PostgreSQL without a resync. Both stores have these tables with these
/// columns; a migration that adds a column adds it here too (a test compares this list with the SQLite schema).
public struct StoreTable: Sendable, Hashable {
    public var name: String
    public var columns: [String]
    /// Columns SQLite keeps as 0/1 integers that PostgreSQL declares BOOLEAN.
    public var booleanColumns: Set<String> = []
    /// The identity column whose sequence continues after the copied rows (PostgreSQL `BIGSERIAL`).
    public var serialColumn: String? = nil

    public static let all: [StoreTable] = [
        StoreTable(name: "run", columns: [
            "id", "kind", "trigger", "mode", "dryRun", "productIds", "status", "createdAtMs", "startedAtMs", "finishedAtMs",
            "created", "updated", "unchanged", "archived", "deleted", "failed", "skipped", "progressPhase", "progressDone",
            "progressTotal", "error", "errorClass", "cancelRequested", "driftCorrected", "replica",
        ], booleanColumns: ["dryRun", "cancelRequested"], serialColumn: "id"),
        StoreTable(name: "runItem", columns: [
            "id", "runId", "odooTemplateId", "outcome", "medusaProductId", "title", "message", "failureClass", "system",
            "plannedChanges", "subject",
        ], serialColumn: "id"),
        StoreTable(name: "binding", columns: ["kind", "odooId", "medusaId", "hash", "parentMedusaId", "extra", "updatedAtMs"]),
        StoreTable(name: "cursor", columns: ["stream", "writeDate", "recordId", "updatedAtMs"]),
        StoreTable(name: "memo", columns: ["key", "value", "updatedAtMs"]),
        StoreTable(name: "scheduleState", columns: ["name", "lastFireAtMs"]),
        StoreTable(name: "scheduleFire", columns: ["name", "firedAtMs", "replica"]),
        StoreTable(name: "retryItem", columns: [
            "kind", "odooId", "title", "attempts", "lastError", "errorClass", "system", "firstFailedAtMs", "lastFailedAtMs",
            "nextAttemptAtMs", "odooWriteDate",
        ]),
        StoreTable(name: "orderLink", columns: [
            "medusaOrderId", "medusaDisplayId", "odooOrderId", "odooOrderName", "state", "currencyCode", "medusaTotal",
            "odooTotal", "message", "updatedAtMs",
        ]),
        StoreTable(name: "contactLink", columns: ["medusaCustomerId", "odooPartnerId", "updatedAtMs"]),
        StoreTable(name: "pendingOrder", columns: ["medusaOrderId", "reason", "firstSeenAtMs", "attempts"]),
        StoreTable(name: "deliveryLink", columns: [
            "pickingId", "pickingName", "odooOrderId", "medusaOrderId", "fulfilmentId", "state", "trackingNumber", "message",
            "updatedAtMs",
        ]),
        StoreTable(name: "pendingDelivery", columns: ["pickingId", "reason", "firstSeenAtMs", "attempts"]),
    ]
}

/// One column's value as copied between stores (SQLite's storage classes; PostgreSQL casts to its column types).
public enum StoreValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// A page of a table's rows, read in storage order; `next` continues after it (nil at the end).
public struct StoreRowPage: Sendable {
    public var rows: [[StoreValue]]
    public var next: Int64?

    public init(rows: [[StoreValue]], next: Int64?) {
        self.rows = rows
        self.next = next
    }
}

/// A store `migrate-store` reads from.
public protocol StoreCopySource: Sendable {
    /// Up to `limit` rows of `table` (its `columns`, in order) after position `after` (nil: from the start).
    func copyRows(of table: StoreTable, after: Int64?, limit: Int) async throws -> StoreRowPage
}

/// A store `migrate-store` writes into: empty, then filled table by table.
public protocol StoreCopyTarget: Sendable {
    /// Rows in the tables that hold state (`StoreTable.all`): a target must have none.
    func storedRowCount() async throws -> Int
    /// Inserts rows of `table` as they are (ids kept).
    func insertCopiedRows(_ rows: [[StoreValue]], into table: StoreTable) async throws
    /// After the last table: identity sequences continue after the copied ids.
    func finishCopy() async throws
}
