import Foundation

/// Turns pushed events into runs of one kind, debounced like the Odoo product webhooks: a run is queued once the
/// events have been quiet for `debounce` (capped at `maxDelay` under a continuous stream), so a storm becomes one or two
/// runs. Used for the shop's order events (orders runs) and Odoo's picking webhooks (deliveries runs). An event is only
/// a hint (the run reads the system), so one pending when the service stops is not kept: the next poll finds it.
public actor DebouncedRunTrigger {
    public typealias Submit = @Sendable () async throws -> Void

    private let debounce: Duration
    private let maxDelay: Duration
    private let submit: Submit
    private var firstPendingAt: ContinuousClock.Instant?
    private var lastEventAt: ContinuousClock.Instant?
    private var flushTask: Task<Void, Never>?

    public init(debounce: Duration, maxDelay: Duration? = nil, submit: @escaping Submit) {
        self.debounce = debounce
        self.maxDelay = maxDelay ?? max(debounce * 10, .seconds(10))
        self.submit = submit
    }

    /// An event arrived: (re)start the quiet period.
    public func poke() {
        let now = ContinuousClock.now
        if firstPendingAt == nil { firstPendingAt = now }
        lastEventAt = now
        guard flushTask == nil else { return }
        flushTask = Task { [weak self] in await self?.waitAndSubmit() }
    }

    private func waitAndSubmit() async {
        while let last = lastEventAt, let first = firstPendingAt {
            let deadline = min(last + debounce, first + maxDelay)
            if ContinuousClock.now >= deadline { break }
            try? await Task.sleep(until: deadline, clock: .continuous)
            if Task.isCancelled { break }
        }
        flushTask = nil
        firstPendingAt = nil
        lastEventAt = nil
        try? await submit()
    }
}
