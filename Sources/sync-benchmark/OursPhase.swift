import CryptoDigest
import Foundation
import SyncCore

/// Runs our engine once, built the way the App builds it (`EngineSyncExecutor`, through App's `Adapters`): real
/// clients over AsyncHTTPClient, each side counted through `ObservedTransport`, the SQLite run store on disk.
enum OursPhase {
    static func run(_ spec: PhaseSpec) async throws -> PhaseResult {
        if spec.mode == "orders" { return try await OrdersPhase.run(spec) }
        let clients = try await PhaseClients(spec)
        let configuration = SyncConfiguration(pageSize: spec.pageSize, concurrency: spec.concurrency,
                                              stockConcurrency: spec.stockConcurrency, syncStock: spec.syncStock,
                                              syncImages: spec.syncImages)
        let engine = SyncEngine(odoo: clients.odoo, medusa: clients.medusa, state: clients.store,
                                digest: SHA256ContentDigest(), configuration: configuration)
        let request: SyncRequest = switch spec.mode {
        case "full": .full
        case "targeted": .targeted(spec.productIds ?? [])
        default: .incremental
        }
        return try await clients.measure(spec) { reporter in try await engine.run(request, reporter: reporter) }
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
