/// Keeps what the Medusa server offers (`MedusaCapabilities`) between runs, so a run probes only when it has no memo
/// or is a full run (servers get upgraded); a run that fails forgets it. During a run the passes read and correct it
/// through `RunCapabilities` (a route the probe could not see is tried once and the answer kept).
struct MedusaCapabilityMemory: Sendable {
    let medusa: any MedusaShop
    let state: any SyncStateStore

    /// The remembered capabilities, or the probe's answer; with the memo as read (to save only a change).
    func open(probeAgain: Bool) async throws -> (capabilities: RunCapabilities, memo: String?) {
        let memo = try await state.memo(.medusaCapabilities)
        if !probeAgain, let memo, let known = MedusaCapabilities(memo: memo) {
            return (RunCapabilities(known), memo)
        }
        var probed = try await medusa.probeCapabilities()
        // The probe cannot see the levels batch below 2.7 (`untried`); a route found missing stays missing rather than
        // costing a failed request after every probe.
        if probed.stockLevelsBatch == .untried, memo.flatMap(MedusaCapabilities.init(memo:))?.stockLevelsBatch == .absent {
            probed.stockLevelsBatch = .absent
        }
        return (RunCapabilities(probed), memo)
    }

    func remember(_ capabilities: RunCapabilities, previous: String?) async throws {
        let memo = await capabilities.current.memo
        guard memo != previous else { return }
        try await state.saveMemo(.medusaCapabilities, value: memo)
    }

    func forget() async {
        try? await state.saveMemo(.medusaCapabilities, value: nil)
    }
}

/// The capabilities one run works with; a pass that finds a route missing records it here for the rest of the run.
actor RunCapabilities {
    private(set) var current: MedusaCapabilities

    init(_ capabilities: MedusaCapabilities) { current = capabilities }

    func levelsBatchIsMissing() { current.stockLevelsBatch = .absent }
    func levelsBatchExists() { current.stockLevelsBatch = .available }
}
