import App
import Foundation
import Logging
import MedusaClient
import OdooClient
import SyncCore

/// Runs the orders engine once (phase spec mode `orders`), built as the App builds it (`EngineOrdersExecutor`):
/// real clients, each side counted, the phase's SQLite store holding the variant bindings the catalogue phases wrote.
enum OrdersPhase {
    static func run(_ spec: PhaseSpec) async throws -> PhaseResult {
        let odooMeter = TrafficMeter()
        let medusaMeter = TrafficMeter()
        let transport = BenchmarkTransport.make(connections: spec.connections)
        var logger = Logger(label: "sync-benchmark")
        logger.logLevel = .error
        let odoo = Adapters.odoo(
            OdooConfiguration(url: spec.odooURL, database: spec.odooDatabase, username: spec.odooLogin,
                              apiKey: spec.odooAPIKey, pageSize: spec.pageSize, timeout: .seconds(120)),
            transport: odooMeter.wrap(transport), logger: logger)
        let medusa = Adapters.medusa(
            MedusaConfiguration(backendURL: spec.medusaURL, authentication: .secretKey(spec.medusaAPIKey),
                                timeout: .seconds(120)),
            transport: medusaMeter.wrap(transport), logger: logger)
        let store = try Adapters.openStore(path: spec.databasePath)
        // The simulated payment provider only authorizes; every order of the backlog was placed after "enabling".
        let engine = OrdersEngine(medusa: medusa, odoo: odoo, state: store, configuration: OrdersConfiguration(
            paymentRequirement: .authorized, since: Date(timeIntervalSince1970: 0)))
        let reporter = CountingReporter()

        let memory = PhaseMemory()
        let startRSS = ProcessProbe.currentRSS() ?? 0
        let cpuBefore = ProcessProbe.cpuSeconds()
        let started = ContinuousClock.now
        let summary = try await engine.run(reporter: reporter)
        let wall = (ContinuousClock.now - started).seconds
        let cpuAfter = ProcessProbe.cpuSeconds()
        let peak = memory.finish()

        let collected = await reporter.collected
        let counts = summary.counts
        return PhaseResult(
            name: spec.name, wallSeconds: wall, odoo: odooMeter.traffic, medusa: medusaMeter.traffic,
            created: counts.created, updated: counts.updated, unchanged: counts.unchanged, failed: counts.failed,
            skipped: counts.skipped, archived: 0, writtenTemplateIds: [],
            engineSteps: collected.phases.map { "\($0.name) " + String(format: "%.2f s", $0.seconds) },
            templatesCovered: counts.total,
            peakRSSBytes: peak.bytes, memoryMethod: peak.method, startRSSBytes: startRSS,
            cpuUserSeconds: cpuAfter.user - cpuBefore.user, cpuSystemSeconds: cpuAfter.system - cpuBefore.system,
            error: summary.error, failureSamples: collected.failures)
    }
}
