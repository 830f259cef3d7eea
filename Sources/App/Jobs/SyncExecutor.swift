import SyncCore

/// Runs one sync. The production executor drives `SyncEngine` with the Odoo and Medusa clients; the job runner knows
/// only this protocol, so it can be tested without either system.
public protocol SyncExecutor: Sendable {
    func execute(_ request: SyncRequest, reporter: any RunReporter) async throws -> RunSummary
}
