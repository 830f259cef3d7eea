import Foundation

/// What one measured phase runs: either our engine (`ours`) or the old module's algorithm (`baseline`), against
/// simulators already running (their URLs and credentials are here). Encoded as JSON for a child process.
struct PhaseSpec: Codable, Sendable {
    enum Kind: String, Codable, Sendable { case ours, baseline }

    var kind: Kind
    var name: String
    var odooURL: String
    var odooDatabase: String
    var odooLogin: String
    var odooAPIKey: String
    var medusaURL: String
    var medusaAPIKey: String
    /// SQLite file of the run store (ours only; kept across phases like the service's database).
    var databasePath: String
    /// Set: the run store is PostgreSQL at this URL, in `databaseSchema` (the catalogue phases' PostgreSQL pass).
    var databaseURL: String? = nil
    var databaseSchema: String? = nil
    /// `full`, `incremental` or `targeted` (ours only).
    var mode: String
    /// Templates of a targeted run.
    var productIds: [Int]? = nil
    /// The Medusa version the simulator behaves as (`2.0`, `current`), for the report's grouping.
    var medusaVersion: String = "2.0"
    var pageSize: Int
    var concurrency: Int
    var stockConcurrency: Int
    /// HTTP/1 connections per host (nil: the service's transport as it is).
    var connections: Int?
    var syncStock: Bool
    var syncImages: Bool
    /// Templates the baseline syncs (nil = all).
    var baselineLimit: Int?
    /// Templates per Odoo page in the baseline (the module's 10).
    var baselinePageSize: Int
}

/// What a phase measured, from inside the process that ran it.
struct PhaseResult: Codable, Sendable {
    var name: String
    var wallSeconds: Double
    var odoo: SideTraffic
    var medusa: SideTraffic
    var created = 0
    var updated = 0
    var unchanged = 0
    var failed = 0
    var skipped = 0
    var archived = 0
    /// Templates whose outcome was `updated` or `created` (for the incremental check), capped.
    var writtenTemplateIds: [Int] = []
    /// Time per engine progress phase ("products 2.10 s").
    var engineSteps: [String] = []
    /// Templates the phase covered (baseline: the sample it synced).
    var templatesCovered = 0
    var peakRSSBytes: Int
    var memoryMethod: String
    /// RSS when the phase started (the process's baseline: runtime, and in-process mode the simulators).
    var startRSSBytes: Int
    var cpuUserSeconds: Double
    var cpuSystemSeconds: Double
    /// Run-level error, or the first failures' messages.
    var error: String?
    var failureSamples: [String] = []
}
