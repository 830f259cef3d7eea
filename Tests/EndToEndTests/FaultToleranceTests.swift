import Foundation
import HTTPTransport
import Simulators
import SyncCore
import Testing

@Suite("Faults: failures are recorded with a cause, and the next run heals without duplicates")
struct FaultToleranceTests {
    /// Every failed outcome says what failed, which class of failure, and which system said it.
    static func expectFailuresExplained(_ run: RecordedRun, sourceLocation: SourceLocation = #_sourceLocation) {
        for outcome in run.outcomes where outcome.kind == .failed {
            #expect(outcome.message?.isEmpty == false, "template \(outcome.odooTemplateId) failed without a message",
                    sourceLocation: sourceLocation)
            #expect(outcome.failureClass != nil, "template \(outcome.odooTemplateId): no failure class", sourceLocation: sourceLocation)
            #expect(outcome.system?.isEmpty == false, "template \(outcome.odooTemplateId): no system", sourceLocation: sourceLocation)
        }
        if run.summary.error != nil {
            #expect(run.summary.errorClass != nil, "a failed run names its failure class", sourceLocation: sourceLocation)
        }
        #expect(run.summary.status == (run.summary.error != nil ? .failed : run.counts.failed > 0 ? .partiallyFailed : .succeeded),
                sourceLocation: sourceLocation)
    }

    @Test("10 % random faults on Odoo and Medusa (fixed seed): the run may partially fail, and one follow-up run reaches the fault-free shop", arguments: [
        (odooSeed: UInt64(0x0D00), medusaSeed: UInt64(0x5EED), medusa: MedusaServerVersion.v2_0),
        (odooSeed: UInt64(42), medusaSeed: UInt64(4242), medusa: MedusaServerVersion.v2_0),
        (odooSeed: UInt64(0x0D00), medusaSeed: UInt64(0x5EED), medusa: MedusaServerVersion.current),
        (odooSeed: UInt64(42), medusaSeed: UInt64(4242), medusa: MedusaServerVersion.current),
    ])
    func randomFaultsHealAfterOneFollowUpRun(odooSeed: UInt64, medusaSeed: UInt64, medusa version: MedusaServerVersion) async throws {
        // Two attempts per request (instead of four) so injected faults do surface as failures; small pages so the
        // run spans several pages, cursors and batches.
        try await withHarness(.odoo19, configuration: SyncConfiguration(pageSize: 8),
                              retryPolicy: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5)),
                              odooConfiguration: OdooSimulatorConfiguration(faultSeed: odooSeed),
                              medusaConfiguration: MedusaSimulatorConfiguration(faultSeed: medusaSeed, version: version)) { harness in
            for faults in [harness.odoo.faults, harness.medusa.faults] {
                faults.update {
                    $0.faultRate = 0.1
                    $0.timeoutDelay = .milliseconds(20)
                }
            }
            let faulty = try await harness.run(.full)
            let injected = harness.odoo.faults.injectedCounts.values.reduce(0, +) + harness.medusa.faults.injectedCounts.values.reduce(0, +)
            #expect(injected > 0, "the seed injected faults")
            Self.expectFailuresExplained(faulty)
            expectNoDuplicates(harness.shop())

            for faults in [harness.odoo.faults, harness.medusa.faults] { faults.update { $0.faultRate = 0 } }
            let followUp = try await harness.run(.full)
            #expect(followUp.summary.status == .succeeded, "\(followUp.summary.error ?? "") \(followUp.outcomes.filter { $0.kind == .failed })")
            let shop = harness.shop()
            expectOdoo19DemoShop(shop, salesChannel: harness.medusa.configuration.defaultSalesChannel.id)
            expectNoDuplicates(shop)
            #expect(harness.medusa.snapshot().deletedProducts.isEmpty)
            #expect(harness.medusa.snapshot().uploads.count == 31, "no image uploaded twice")

            let settled = try await harness.run(.full)
            #expect(settled.medusaWrites.isEmpty, "writes: \(settled.medusaWrites)")
        }
    }

    @Test("Scripted 429, 500, connection reset and truncated body on both servers are retried and the run succeeds")
    func scriptedFaultsAreRetried() async throws {
        let script: [InjectedFault] = [.rateLimited, .serverError, .connectionReset, .truncatedBody]
        try await withHarness(.odoo19, retryPolicy: RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(1), maxDelay: .milliseconds(20))) { harness in
            harness.odoo.faults.update { $0.scripted = script }
            harness.medusa.faults.update { $0.scripted = script }

            let run = try await harness.run(.full)
            #expect(run.summary.status == .succeeded, "\(run.summary.error ?? "")")
            #expect(run.counts.created == 36)
            for fault in script {
                #expect(harness.odoo.faults.injectedCounts[fault] == 1, "odoo \(fault)")
                #expect(harness.medusa.faults.injectedCounts[fault] == 1, "medusa \(fault)")
            }
            expectOdoo19DemoShop(harness.shop(), salesChannel: harness.medusa.configuration.defaultSalesChannel.id)
        }
    }

    @Test("Without retries a 500 from Medusa fails the run with a recorded, retryable cause; the next run completes it")
    func unretriedServerErrorFailsTheRunThenHeals() async throws {
        try await withHarness(.odoo19, retryPolicy: .none) { harness in
            harness.medusa.faults.update { $0.scripted = [.serverError] }  // the first Medusa call: GET /admin/stores
            let failed = try await harness.run(.full)
            #expect(failed.summary.status == .failed)
            #expect(failed.summary.errorClass == .retryable)
            #expect(failed.summary.error?.contains("500") == true, "\(failed.summary.error ?? "")")
            #expect(harness.medusa.snapshot().products.isEmpty)

            let next = try await harness.run(.full)
            #expect(next.summary.status == .succeeded)
            expectOdoo19DemoShop(harness.shop(), salesChannel: harness.medusa.configuration.defaultSalesChannel.id)
        }
    }

    @Test("Without retries, broken product creates fail those products only, with their cause; the next run creates them")
    func failedProductWritesAreRecordedAndHealed() async throws {
        // The page's batch create breaks, so the engine creates product by product: those of templates 1 and 2 break.
        // At the end of the run the two are retried once (batch, then one by one): all of that breaks too.
        let transport = ScriptedTransport(rules: [
            .init(method: .post, path: "/admin/products/batch", timing: .beforeSending, remaining: 2),
            .init(method: .post, path: "/admin/products", timing: .beforeSending, remaining: 2, bodyContains: "restaurant-expenses"),
            .init(method: .post, path: "/admin/products", timing: .beforeSending, remaining: 2, bodyContains: "hotel-accommodation"),
        ])
        try await withHarness(.odoo19, retryPolicy: .none, transport: transport) { harness in
            let run = try await harness.run(.full)
            let story = "\(transport.firedRules) \(run.outcomes.map { "\($0.odooTemplateId) \($0.kind) \($0.message ?? "")" })"
            #expect(transport.firedRules.count == 6, "\(story)")
            #expect(run.summary.status == .partiallyFailed, "\(story)")
            #expect(run.templates(.failed) == [1, 2])
            #expect(run.counts.created == 34)
            #expect(run.outcomes.count == 36, "a retried product reports once")
            Self.expectFailuresExplained(run)
            for outcome in run.outcomes where outcome.kind == .failed {
                #expect(outcome.failureClass == .retryable)
                #expect(outcome.message?.contains("/admin/products") == true, "\(outcome.message ?? "")")
            }
            #expect(harness.medusa.snapshot().products.count == 34)

            let next = try await harness.run(.full)
            #expect(next.summary.status == .succeeded)
            #expect(next.templates(.created) == run.templates(.failed))
            let shop = harness.shop()
            expectOdoo19DemoShop(shop, salesChannel: harness.medusa.configuration.defaultSalesChannel.id)
            expectNoDuplicates(shop)
        }
    }

    @Test("A batch create applied by Medusa whose answer is lost creates nothing twice")
    func lostBatchAnswerCreatesNoDuplicate() async throws {
        let transport = ScriptedTransport(rules: [
            .init(method: .post, path: "/admin/products/batch", timing: .afterApplying, remaining: 1),
        ])
        try await withHarness(.odoo19, retryPolicy: .none, transport: transport) { harness in
            let run = try await harness.run(.full)
            #expect(transport.firedRules == ["POST /admin/products/batch"])
            #expect(run.counts.failed == 0, "\(run.outcomes.filter { $0.kind == .failed })")
            let snapshot = harness.medusa.snapshot()
            #expect(snapshot.products.count == 36)
            let shop = harness.shop()
            expectNoDuplicates(shop)
            expectOdoo19DemoShop(shop, salesChannel: harness.medusa.configuration.defaultSalesChannel.id)
            // Found again by handle and bound: the next run writes nothing.
            let next = try await harness.run(.full)
            #expect(next.medusaWrites.isEmpty, "writes: \(next.medusaWrites)")
        }
    }

    @Test("A single create applied by Medusa whose answer is lost is found by its handle on the retry, not created again")
    func lostCreateAnswerIsFoundByHandle() async throws {
        // The batch never arrives, so products are created one by one; Restaurant Expenses' create is applied but
        // its answer is lost. The end-of-run retry finds the product by its handle and adopts it.
        let transport = ScriptedTransport(rules: [
            .init(method: .post, path: "/admin/products/batch", timing: .beforeSending, remaining: 1),
            .init(method: .post, path: "/admin/products", timing: .afterApplying, remaining: 1, bodyContains: "restaurant-expenses"),
        ])
        try await withHarness(.odoo19, retryPolicy: .none, transport: transport) { harness in
            let run = try await harness.run(.full)
            #expect(transport.firedRules == ["POST /admin/products/batch", "POST /admin/products"])
            #expect(run.summary.status == .succeeded, "\(run.outcomes.filter { $0.kind == .failed })")
            #expect(run.outcomes.count == 36)
            #expect(run.outcome(1)?.kind == .updated)
            #expect(run.outcome(1)?.message?.contains("adopted existing Medusa product") == true, "\(run.outcome(1)?.message ?? "")")
            let shop = harness.shop()
            expectNoDuplicates(shop)
            expectOdoo19DemoShop(shop, salesChannel: harness.medusa.configuration.defaultSalesChannel.id)
            let next = try await harness.run(.full)
            #expect(next.medusaWrites.isEmpty, "writes: \(next.medusaWrites)")
        }
    }

    @Test("Odoo answering 500 to a page read fails the run with Odoo named as the cause; nothing half-written stays behind")
    func odooFailureMidRunIsRecorded() async throws {
        try await withHarness(.odoo19, retryPolicy: .none) { harness in
            let first = try await harness.run(.full)
            #expect(first.summary.status == .succeeded)
            try await harness.odoo.setListPrice(templateId: 12, to: 16)
            // Every Odoo request fails from here on.
            harness.odoo.faults.update { $0.faultRate = 1; $0.faults = [.serverError] }
            let failed = try await harness.run(.incremental)
            #expect(failed.summary.status == .failed)
            #expect(failed.summary.errorClass == .retryable)
            #expect(failed.medusaWrites.isEmpty)
            harness.odoo.faults.update { $0.faultRate = 0 }
            let healed = try await harness.run(.incremental)
            #expect(healed.outcome(12)?.kind == .updated)
            #expect(harness.shop().products["storage-box"]?.variants.first?.prices["usd"] == 16)
        }
    }
}
