import CryptoDigest
import Foundation
@testable import SyncCore

/// The engine wired to in-memory fakes of Odoo, Medusa and the state store, with the clock inside 2026.
struct EngineHarness {
    let odoo: FakeOdoo
    let medusa = FakeMedusa()
    let state = FakeStateStore()
    var configuration = SyncConfiguration(pageSize: 3, syncImages: true)
    /// The engine's clock (inside 2026 unless a test moves it).
    var now: @Sendable () -> Date = { midsummer2026 }

    init(templates: Set<Int>? = nil) { odoo = FakeOdoo(demo: templates) }

    var engine: SyncEngine {
        SyncEngine(odoo: odoo, medusa: medusa, state: state, digest: SHA256ContentDigest(), configuration: configuration,
                   now: now)
    }

    @discardableResult
    func run(_ request: SyncRequest = .full, reporter: RecordingReporter = RecordingReporter()) async throws
        -> (summary: RunSummary, reporter: RecordingReporter) {
        let summary = try await engine.run(request, reporter: reporter)
        return (summary, reporter)
    }

    /// Medusa write calls made by `body`.
    func writes(during body: () async throws -> Void) async rethrows -> [String] {
        await medusa.clearWrites()
        try await body()
        return await medusa.writes
    }

    func product(template id: Int) async -> MedusaProduct? {
        guard let binding = await state.binding(.product, id) else { return nil }
        return await medusa.product(id: binding.medusaId)
    }
}

extension RunSummary {
    var line: String { "\(status.rawValue) c\(counts.created) u\(counts.updated) =\(counts.unchanged) a\(counts.archived) d\(counts.deleted) f\(counts.failed) s\(counts.skipped)" }
}
