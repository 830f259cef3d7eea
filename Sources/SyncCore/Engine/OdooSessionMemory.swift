/// Keeps the Odoo session (protocol, user, optional fields) between runs, so that a run finding nothing new spends no
/// request on detecting what the last run already found. A full run detects again (servers get upgraded), and a run
/// that fails forgets it, so the next run starts from a fresh detection.
struct OdooSessionMemory: Sendable {
    let odoo: any OdooConnection
    let state: any SyncStateStore

    /// Resumes the remembered session, or connects. Returns the memo resumed (nil when it connected).
    func open(detectAgain: Bool) async throws -> String? {
        if !detectAgain, let memo = try await state.memo(SyncMemo.odooSession), odoo.resumeSession(memo: memo) {
            return memo
        }
        _ = try await odoo.connect()
        return nil
    }

    /// Stores the session for the next run (no write when it is the one resumed).
    func remember(resumed: String?) async throws {
        guard let memo = odoo.sessionMemo(), memo != resumed else { return }
        try await state.saveMemo(SyncMemo.odooSession, value: memo)
    }

    func forget() async {
        try? await state.saveMemo(SyncMemo.odooSession, value: nil)
    }
}
