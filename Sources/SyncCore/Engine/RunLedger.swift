/// The run's mutable bookkeeping: counts, progress, outcomes held back for the end-of-run retry, and the run-wide caches
/// (templates already synced, claimed skus/barcodes, attributes).
actor RunLedger {
    private let reporter: any RunReporter
    private var counts = RunCounts()
    private var held: [Int: ProductOutcome] = [:]
    private var processed: Set<Int> = []
    private var codes = CodeRegistry()
    private var attributes: [Int: OdooAttribute] = [:]
    private var phase = RunPhase.connecting
    private var done = 0
    private var total: Int?
    private let retries: RetryRecorder?
    /// Templates' `write_date` as this run read them (the retry set keeps the one a failure happened at).
    private var writeDates: [Int: OdooDateTime] = [:]
    /// Templates that got an outcome in this run.
    private var reported: Set<Int> = []

    /// - Parameter retries: where failures are kept for later runs (nil for dry runs: they write nothing).
    init(reporter: any RunReporter, retries: RetryRecorder? = nil) {
        self.reporter = reporter; self.retries = retries
    }

    func startPhase(_ phase: RunPhase, total: Int? = nil) async {
        self.phase = phase; done = 0; self.total = total
        await reporter.progress(RunProgress(phase: phase.rawValue, done: 0, total: total))
    }

    /// The last progress event: everything reported.
    func finish() async {
        phase = .done; done = counts.total; total = counts.total
        await reporter.progress(RunProgress(phase: phase.rawValue, done: done, total: total))
    }

    func advance(by steps: Int) async {
        guard steps > 0 else { return }
        done += steps
        await reporter.progress(RunProgress(phase: phase.rawValue, done: done, total: total))
    }

    /// Reports a page's outcomes. Retryable failures are held back (not reported, not counted) when `holdRetryable`,
    /// to be retried once at the end of the run; their final outcome is reported then.
    func report(_ outcomes: [ProductOutcome], holdRetryable: Bool, advance advancing: Bool = true) async throws {
        var visible: [ProductOutcome] = []
        for outcome in outcomes {
            if holdRetryable, outcome.kind == .failed, outcome.failureClass == .retryable {
                held[outcome.odooTemplateId] = outcome
            } else {
                held[outcome.odooTemplateId] = nil
                visible.append(outcome)
            }
        }
        if !visible.isEmpty {
            try await reporter.outcomes(visible)
            for outcome in visible { counts.add(outcome.kind); reported.insert(outcome.odooTemplateId) }
            try await retries?.record(visible, writeDates: writeDates)
        }
        if advancing { await advance(by: outcomes.count) }
    }

    /// Template ids held for retry; they become eligible for syncing again.
    func takeHeld() -> [Int] {
        let ids = held.keys.sorted()
        processed.subtract(ids)
        return ids
    }

    /// Reports whatever is still held (the run ended before retrying).
    func flushHeld() async throws {
        let outcomes = held.values.sorted { $0.odooTemplateId < $1.odooTemplateId }
        held = [:]
        try await report(outcomes, holdRetryable: false)
    }

    /// The ids not yet synced in this run, now marked as synced (incremental streams overlap).
    func claimProcessing(_ ids: [Int]) -> [Int] {
        var fresh: [Int] = []
        for id in ids where processed.insert(id).inserted { fresh.append(id) }
        return fresh
    }

    func claimCodes(_ product: DesiredProduct) -> String? { codes.claim(product) }

    func noteWriteDates(_ templates: [OdooTemplate]) {
        for template in templates { writeDates[template.id] = template.writeDate }
    }

    /// Of `ids`, those that got no outcome in this run.
    func unreported(_ ids: [Int]) -> [Int] { ids.filter { !reported.contains($0) } }

    func cachedAttributes(_ ids: Set<Int>) -> (known: [Int: OdooAttribute], missing: [Int]) {
        (attributes.filter { ids.contains($0.key) }, ids.filter { attributes[$0] == nil }.sorted())
    }

    func cache(_ loaded: [OdooAttribute]) { for attribute in loaded { attributes[attribute.id] = attribute } }

    func summary(error: (any Error)? = nil) -> RunSummary {
        guard let error else { return RunSummary(counts: counts) }
        return RunSummary(counts: counts, error: String(describing: error), errorClass: failureClass(of: error))
    }
}
