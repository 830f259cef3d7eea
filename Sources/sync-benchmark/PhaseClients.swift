import App
import Foundation
import Logging
import MedusaClient
import OdooClient
import RunStore
import SyncCore

/// What every engine phase runs with, built the way the App builds it (through `Adapters`): real clients over
/// AsyncHTTPClient, each side counted through `ObservedTransport`, the SQLite run store on disk (or PostgreSQL, for the
/// PostgreSQL pass).
struct PhaseClients {
    let odooMeter = TrafficMeter()
    let medusaMeter = TrafficMeter()
    let odoo: OdooClient
    let medusa: MedusaClient
    let store: any RunStore

    init(_ spec: PhaseSpec) async throws {
        let transport = BenchmarkTransport.make(connections: spec.connections)
        var logger = Logger(label: "sync-benchmark")
        logger.logLevel = .error
        odoo = Adapters.odoo(
            OdooConfiguration(url: spec.odooURL, database: spec.odooDatabase, username: spec.odooLogin,
                              apiKey: spec.odooAPIKey, pageSize: spec.pageSize, timeout: .seconds(120)),
            transport: odooMeter.wrap(transport), logger: logger)
        medusa = Adapters.medusa(
            MedusaConfiguration(backendURL: spec.medusaURL, authentication: .secretKey(spec.medusaAPIKey),
                                timeout: .seconds(120)),
            transport: medusaMeter.wrap(transport), logger: logger)
        if let url = spec.databaseURL {
            store = try await Adapters.openStore(databaseURL: url, schema: spec.databaseSchema ?? "odoo_medusa_sync", logger: logger)
        } else {
            store = try Adapters.openStore(path: spec.databasePath)
        }
    }

    /// Runs one engine run, measuring wall time, CPU and peak memory around it, and reports it as a `PhaseResult`.
    func measure(_ spec: PhaseSpec, _ run: (CountingReporter) async throws -> RunSummary) async throws -> PhaseResult {
        let reporter = CountingReporter()
        let memory = PhaseMemory()
        let startRSS = ProcessProbe.currentRSS() ?? 0
        let cpuBefore = ProcessProbe.cpuSeconds()
        let started = ContinuousClock.now
        let summary = try await run(reporter)
        let wall = (ContinuousClock.now - started).seconds
        let cpuAfter = ProcessProbe.cpuSeconds()
        let peak = memory.finish()

        let collected = await reporter.collected
        let counts = summary.counts
        return PhaseResult(
            name: spec.name, wallSeconds: wall, odoo: odooMeter.traffic, medusa: medusaMeter.traffic,
            created: counts.created, updated: counts.updated, unchanged: counts.unchanged, failed: counts.failed,
            skipped: counts.skipped, archived: counts.archived + counts.deleted,
            writtenTemplateIds: collected.written,
            engineSteps: collected.phases.map { "\($0.name) " + String(format: "%.2f s", $0.seconds) },
            templatesCovered: counts.total,
            peakRSSBytes: peak.bytes, memoryMethod: peak.method, startRSSBytes: startRSS,
            cpuUserSeconds: cpuAfter.user - cpuBefore.user, cpuSystemSeconds: cpuAfter.system - cpuBefore.system,
            error: summary.error, failureSamples: collected.failures)
    }
}
