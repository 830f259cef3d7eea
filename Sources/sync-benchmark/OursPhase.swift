import App
import CryptoDigest
import Foundation
import HTTPTransport
import Logging
import MedusaClient
import OdooClient
import RunStore
import SyncCore

/// Runs our engine once, built the way the App builds it (`EngineSyncExecutor`, through App's `Adapters`): real
/// clients over AsyncHTTPClient, each side counted through `ObservedTransport`, the SQLite run store on disk.
enum OursPhase {
    static func run(_ spec: PhaseSpec) async throws -> PhaseResult {
        if spec.mode == "orders" { return try await OrdersPhase.run(spec) }
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
        let configuration = SyncConfiguration(pageSize: spec.pageSize, concurrency: spec.concurrency,
                                              stockConcurrency: spec.stockConcurrency, syncStock: spec.syncStock,
                                              syncImages: spec.syncImages)
        let engine = SyncEngine(odoo: odoo, medusa: medusa, state: store, digest: SHA256ContentDigest(),
                                configuration: configuration)
        let request: SyncRequest = switch spec.mode {
        case "full": .full
        case "targeted": .targeted(spec.productIds ?? [])
        default: .incremental
        }
        let reporter = CountingReporter()

        let memory = PhaseMemory()
        let startRSS = ProcessProbe.currentRSS() ?? 0
        let cpuBefore = ProcessProbe.cpuSeconds()
        let started = ContinuousClock.now
        let summary = try await engine.run(request, reporter: reporter)
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

/// Keeps what the checks need from the outcomes (not the outcomes themselves: 10,000 of them would weigh on memory).
actor CountingReporter: RunReporter {
    struct Collected: Sendable {
        var written: [Int] = []
        var failures: [String] = []
        /// Seconds spent in each progress phase (connecting, categories, products, stock, …), in order.
        var phases: [(name: String, seconds: Double)] = []
    }

    private(set) var collected = Collected()
    private var current: (name: String, started: ContinuousClock.Instant)?

    func progress(_ progress: RunProgress) {
        guard progress.phase != current?.name else { return }
        let now = ContinuousClock.now
        if let current { collected.phases.append((current.name, (now - current.started).seconds)) }
        current = (progress.phase, now)
    }

    func outcomes(_ outcomes: [ProductOutcome]) {
        for outcome in outcomes {
            switch outcome.kind {
            case .created, .updated, .driftCorrected:
                if collected.written.count < 100_000 { collected.written.append(outcome.odooTemplateId) }
            case .failed, .skipped:
                if collected.failures.count < 5 {
                    collected.failures.append("\(outcome.kind.rawValue) template \(outcome.odooTemplateId): \(outcome.message ?? "")")
                }
            default:
                break
            }
        }
    }
}
