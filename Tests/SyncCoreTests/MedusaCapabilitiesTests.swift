import Testing
@testable import SyncCore

@Suite("Medusa capabilities as kept between runs")
struct MedusaCapabilitiesTests {
    @Test("a memo reads back as what was written", arguments: [
        MedusaCapabilities(stockLevelsBatch: .available, externalIdFilter: true),
        MedusaCapabilities(stockLevelsBatch: .untried, externalIdFilter: false),
        MedusaCapabilities(stockLevelsBatch: .absent, externalIdFilter: true),
        MedusaCapabilities(stockLevelsBatch: .available, externalIdFilter: true, orderUpdate: true),
        MedusaCapabilities.medusa2_0,
    ])
    func roundTrip(capabilities: MedusaCapabilities) {
        #expect(MedusaCapabilities(memo: capabilities.memo) == capabilities)
    }

    @Test("a memo this version did not write is no memo: the server is probed again", arguments: [
        "", "levels-batch=available", "external-id=1", "levels-batch=maybe;external-id=1",
        "levels-batch=available;external-id=yes", "garbage", "levels-batch;external-id=1",
        "levels-batch=available;external-id=1", "levels-batch=available;external-id=1;order-update=yes",
    ])
    func unreadable(memo: String) {
        #expect(MedusaCapabilities(memo: memo) == nil)
    }

    @Test("the memo text is stable (it is stored)")
    func memoText() {
        #expect(MedusaCapabilities(stockLevelsBatch: .available, externalIdFilter: true).memo
            == "levels-batch=available;external-id=1;order-update=0")
        #expect(MedusaCapabilities.medusa2_0.memo == "levels-batch=absent;external-id=0;order-update=0")
    }
}
