import CryptoDigest
import Foundation
import HTTPTransport
import Logging
import MedusaClient
import OdooClient
import RunStore
import Simulators
import SyncCore
import Testing

/// Both simulators on ephemeral loopback ports, real HTTP clients over `AsyncHTTPClientTransport`, an in-memory run
/// store, and an engine built the way the App builds it. Create one with `withHarness { harness in … }`, which stops
/// both simulators whatever the body does (Swift Testing has no tearDown).
struct SyncHarness: Sendable {
    let odoo: RunningOdooSimulator
    let medusa: RunningMedusaSimulator
    let state: any RunStore
    let transport: any HTTPTransport
    /// What `run` uses unless a call passes its own.
    let configuration: SyncConfiguration
    let retryPolicy: RetryPolicy

    var odooClient: OdooClient {
        OdooClient(
            configuration: OdooConfiguration(
                url: odoo.baseURL, database: odoo.database, username: odoo.adminLogin, apiKey: odoo.adminAPIKey,
                timeout: .seconds(10), retryPolicy: retryPolicy),
            transport: transport, logger: quietLogger)
    }

    var medusaClient: MedusaClient {
        MedusaClient(
            configuration: MedusaConfiguration(
                backendURL: medusa.baseURL, authentication: .secretKey(medusa.configuration.secretAPIKey),
                timeout: .seconds(10), retryPolicy: retryPolicy),
            transport: transport, logger: quietLogger)
    }

    func engine(_ configuration: SyncConfiguration? = nil, now: (@Sendable () -> Date)? = nil) -> SyncEngine {
        SyncEngine(odoo: odooClient, medusa: medusaClient, state: state, digest: SHA256ContentDigest(),
                   configuration: configuration ?? self.configuration, now: now ?? Date.init)
    }

    /// Runs one sync to the end and returns what the engine reported, with the Medusa writes it caused.
    @discardableResult
    func run(_ request: SyncRequest, configuration: SyncConfiguration? = nil, now: (@Sendable () -> Date)? = nil)
        async throws -> RecordedRun
    {
        let recorder = RunRecorder()
        let writesBefore = medusa.requestCounts.writesByRoute
        let summary = try await engine(configuration, now: now).run(request, reporter: recorder)
        let writesAfter = medusa.requestCounts.writesByRoute
        var writes: [String: Int] = [:]
        for (route, count) in writesAfter where count != writesBefore[route, default: 0] {
            writes[route] = count - writesBefore[route, default: 0]
        }
        return RecordedRun(summary: summary, outcomes: await recorder.outcomes, phases: await recorder.phases,
                           medusaWrites: writes)
    }

    /// The shop as Medusa holds it, without ids (comparable across stores and runs).
    func shop() -> ShopState { ShopState(medusa.snapshot(), defaultLocation: medusa.configuration.defaultStockLocation.id) }
}

/// A retry policy short enough for tests (a 429's `Retry-After: 1` is capped at `maxDelay`).
extension RetryPolicy {
    static let fastTests = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(2), maxDelay: .milliseconds(20))
}

enum HarnessCatalogue: Sendable {
    /// Odoo 19 over JSON-2, 17 over JSON-RPC, and 18 — 17's demo products served as 18 (JSON-RPC, the probe's 303).
    case odoo19, odoo17, odoo18

    var seed: OdooCatalogueSeed.Demo {
        switch self {
        case .odoo19: .odoo19
        case .odoo17: .odoo17
        case .odoo18: .odoo18
        }
    }
}

/// Starts both simulators and a fresh store, runs `body`, and stops both simulators afterwards — also when `body`
/// throws or an expectation fails.
func withHarness<T: Sendable>(
    _ catalogue: HarnessCatalogue = .odoo19,
    configuration: SyncConfiguration = SyncConfiguration(),
    retryPolicy: RetryPolicy = .fastTests,
    odooConfiguration: OdooSimulatorConfiguration = OdooSimulatorConfiguration(),
    medusaConfiguration: MedusaSimulatorConfiguration = MedusaSimulatorConfiguration(),
    transport: any HTTPTransport = AsyncHTTPClientTransport.forAPICalls(),
    seed: OdooCatalogueSeed? = nil,
    _ body: (SyncHarness) async throws -> T
) async throws -> T {
    let odoo = try await OdooSimulator.start(seed: try seed ?? .demo(catalogue.seed), configuration: odooConfiguration)
    let medusa: RunningMedusaSimulator
    do {
        medusa = try await MedusaSimulator.start(configuration: medusaConfiguration)
    } catch {
        await odoo.stop()
        throw error
    }
    let result: Result<T, any Error>
    do {
        let harness = SyncHarness(odoo: odoo, medusa: medusa, state: try SQLiteRunStore(), transport: transport,
                                  configuration: configuration, retryPolicy: retryPolicy)
        result = .success(try await body(harness))
    } catch {
        result = .failure(error)
    }
    await odoo.stop()
    await medusa.stop()
    return try result.get()
}

/// What one engine run reported.
struct RecordedRun: Sendable {
    var summary: RunSummary
    var outcomes: [ProductOutcome]
    var phases: [String]
    /// Medusa write requests (POST/DELETE) the run caused, by route; empty when it wrote nothing.
    var medusaWrites: [String: Int]

    var counts: RunCounts { summary.counts }
    var totalMedusaWrites: Int { medusaWrites.values.reduce(0, +) }

    /// The last outcome reported for a template (a retried product reports once, at the end).
    func outcome(_ templateId: Int) -> ProductOutcome? { outcomes.last { $0.odooTemplateId == templateId } }

    func templates(_ kind: ProductOutcome.Kind) -> [Int] {
        outcomes.filter { $0.kind == kind }.map(\.odooTemplateId).sorted()
    }

    var kinds: Set<ProductOutcome.Kind> { Set(outcomes.map(\.kind)) }
}

/// Records what the engine reports, like the job runner's reporter does.
actor RunRecorder: RunReporter {
    private(set) var outcomes: [ProductOutcome] = []
    private(set) var phases: [String] = []

    func progress(_ progress: RunProgress) {
        if phases.last != progress.phase { phases.append(progress.phase) }
    }

    func outcomes(_ outcomes: [ProductOutcome]) {
        self.outcomes.append(contentsOf: outcomes)
    }
}

extension MedusaRequestCounts {
    /// POST and DELETE requests by route.
    var writesByRoute: [String: Int] {
        byRoute.filter { !$0.key.hasPrefix("GET ") }.mapValues(\.requests)
    }
}

/// Exact decimal from text: `Decimal(17.97)` would go through a binary double.
func dec(_ text: String) -> Decimal {
    guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
        preconditionFailure("not a decimal: \(text)")
    }
    return value
}

/// Polls `condition` every 20 ms for at most `timeout`; bounded so a broken test fails instead of hanging.
func eventually(timeout: Duration = .seconds(10), _ condition: @Sendable () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// The clients log every retry at notice/warning; fault tests would flood the test output.
let quietLogger: Logger = {
    var logger = Logger(label: "e2e")
    logger.logLevel = .critical
    return logger
}()
