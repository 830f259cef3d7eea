import Foundation
import Testing
@testable import SyncCore

@Suite("Retry set: schedule and bookkeeping (pure)")
struct RetryScheduleTests {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)

    @Test("backoff: the next run after the first failure, then 1 min doubling, capped at 1 h", arguments: [
        (1, 0.0), (2, 60.0), (3, 120.0), (4, 240.0), (5, 480.0), (7, 1920.0), (8, 3600.0), (20, 3600.0), (200, 3600.0),
    ])
    func backoff(failures: Int, seconds: Double) {
        #expect(RetrySchedule(maxAttempts: 1_000).backoff(afterFailures: failures) == seconds)
    }

    @Test("next attempt by class and attempts", arguments: [
        // (class, attempts, max, seconds after now; nil: not by time)
        (FailureClass.retryable, 1, 8, 0.0 as Double?),
        (.retryable, 2, 8, 60),
        (.retryable, 7, 8, 1920),
        (.retryable, 8, 8, nil),
        (.retryable, 3, 3, nil),
        (.permanent, 1, 8, nil),
        (.configuration, 1, 8, nil),
        (.missingRemotely, 1, 8, nil),
    ])
    func nextAttempt(errorClass: FailureClass, attempts: Int, max: Int, seconds: Double?) {
        let next = RetrySchedule(maxAttempts: max).nextAttempt(attempts: attempts, errorClass: errorClass, now: Self.t0)
        #expect(next == seconds.map { Self.t0.addingTimeInterval($0) })
    }

    @Test("attempts count up while the Odoo record stays the same, and start again when its write_date moves")
    func attemptsAndRecordChanges() {
        let schedule = RetrySchedule(maxAttempts: 8)
        let monday = OdooDateTime("2026-06-01 08:00:00")!, tuesday = OdooDateTime("2026-06-02 08:00:00")!
        func failure(_ date: OdooDateTime?, _ errorClass: FailureClass = .retryable) -> RetrySchedule.Failure {
            RetrySchedule.Failure(kind: .product, odooId: 9, title: "Desk", message: "500", errorClass: errorClass,
                                  system: "medusa", writeDate: date)
        }
        let first = schedule.record(failure(monday), previous: nil, now: Self.t0)
        #expect(first.attempts == 1 && first.nextAttemptAt == Self.t0 && first.firstFailedAt == Self.t0)
        #expect(first.isDue(at: Self.t0) && !first.isStuck)
        let later = Self.t0.addingTimeInterval(10)
        let second = schedule.record(failure(monday), previous: first, now: later)
        #expect(second.attempts == 2 && second.nextAttemptAt == later.addingTimeInterval(60))
        #expect(second.firstFailedAt == Self.t0 && second.lastFailedAt == later)
        #expect(!second.isDue(at: later.addingTimeInterval(59)) && second.isDue(at: later.addingTimeInterval(60)))
        let unknownDate = schedule.record(failure(nil), previous: second, now: later)
        #expect(unknownDate.attempts == 3 && unknownDate.odooWriteDate == monday, "no write_date read: same record")
        let changed = schedule.record(failure(tuesday), previous: second, now: later)
        #expect(changed.attempts == 1 && changed.firstFailedAt == Self.t0 && changed.odooWriteDate == tuesday)
        let permanent = schedule.record(failure(tuesday, .permanent), previous: nil, now: later)
        #expect(permanent.isStuck && !permanent.isDue(at: .distantFuture))
    }

    @Test("bookkeeping: failures saved, anything else removes what the set held; reported order wins")
    func bookkeeping() {
        let schedule = RetrySchedule()
        let held = schedule.record(RetrySchedule.Failure(kind: .product, odooId: 5, message: "old", errorClass: .retryable),
                                   previous: nil, now: Self.t0)
        let outcomes = [
            ProductOutcome(odooTemplateId: 5, kind: .updated),
            ProductOutcome(odooTemplateId: 9, kind: .failed, title: "Desk", message: "500", failureClass: .retryable, system: "medusa"),
            ProductOutcome(odooTemplateId: 12, kind: .unchanged),
            ProductOutcome(odooTemplateId: 16, kind: .created),
            ProductOutcome(odooTemplateId: 16, kind: .failed, message: "stock: 400", failureClass: .permanent, system: "medusa"),
        ]
        let changes = RetryBookkeeping.changes(for: outcomes, held: [5: held],
                                               writeDates: [9: OdooDateTime("2026-06-01 08:00:00")!], schedule: schedule,
                                               now: Self.t0)
        #expect(changes.remove == [5], "12 was not held: nothing to remove")
        #expect(changes.save.map(\.odooId) == [9, 16])
        #expect(changes.save[0].lastError == "500" && changes.save[0].errorClass == .retryable && changes.save[0].system == "medusa")
        #expect(changes.save[0].odooWriteDate == OdooDateTime("2026-06-01 08:00:00")!)
        #expect(changes.save[1].errorClass == .permanent && changes.save[1].isStuck, "a stock failure after its product's success")
    }
}

@Suite("Retry set: runs heal what failed before")
struct EngineRetryTests {
    @Test("a product whose create failed (500) is created by the next incremental run, with no change in Odoo")
    func retryableCreateIsHealedByTheNextIncrementalRun() async throws {
        let harness = EngineHarness(templates: [9, 5])
        await harness.medusa.failCreates(handle: "office-chair", times: 1_000)
        let (first, _) = try await harness.run(.incremental)
        #expect(first.line == "partially_failed c1 u0 =0 a0 d0 f1 s0")
        let item = try #require(await harness.state.retries[.product]?[5])
        #expect(item.attempts == 1 && item.errorClass == .retryable && item.system == "medusa")
        #expect(item.lastError.contains("500"))
        #expect(item.nextAttemptAt == midsummer2026, "the first retry is due at the very next run")
        #expect(item.odooWriteDate == Demo.officeChair.writeDate)

        await harness.medusa.failCreates(handle: "office-chair", times: 0)
        await harness.medusa.clearWrites()
        let (second, reporter) = try await harness.run(.incremental)
        #expect(second.line == "succeeded c1 u0 =0 a0 d0 f0 s0")
        #expect(await reporter.outcomes.map(\.odooTemplateId) == [5], "only the retried product")
        #expect(await harness.product(template: 5)?.handle == "office-chair")
        #expect(await harness.state.retries[.product]?.isEmpty != false, "a success removes it")

        let quiet = try await harness.writes { try await harness.run(.incremental) }
        #expect(quiet == [])
    }

    @Test("backoff between runs: the second failure waits a minute; a run before then does not retry it")
    func backoffBetweenRuns() async throws {
        var harness = EngineHarness(templates: [9, 5])
        await harness.medusa.failCreates(handle: "office-chair", times: 1_000)
        try await harness.run(.incremental)
        try await harness.run(.incremental)
        let item = try #require(await harness.state.retries[.product]?[5])
        #expect(item.attempts == 2)
        #expect(item.nextAttemptAt == midsummer2026.addingTimeInterval(60))

        harness.now = { midsummer2026.addingTimeInterval(30) }
        let (early, reporter) = try await harness.run(.incremental)
        #expect(await reporter.outcomes.isEmpty, "not due yet")
        #expect(early.line == "succeeded c0 u0 =0 a0 d0 f0 s0")

        harness.now = { midsummer2026.addingTimeInterval(61) }
        await harness.medusa.failCreates(handle: "office-chair", times: 0)
        let (due, _) = try await harness.run(.incremental)
        #expect(due.line == "succeeded c1 u0 =0 a0 d0 f0 s0")
        #expect(await harness.state.retries[.product]?[5] == nil)
    }

    @Test("after RETRY_MAX_ATTEMPTS failures the item stays failed and is no longer retried")
    func attemptsRunOut() async throws {
        var harness = EngineHarness(templates: [9, 5])
        harness.configuration.retrySchedule = RetrySchedule(maxAttempts: 2)
        await harness.medusa.failCreates(handle: "office-chair", times: 1_000)
        try await harness.run(.incremental)
        try await harness.run(.incremental)
        let item = try #require(await harness.state.retries[.product]?[5])
        #expect(item.attempts == 2 && item.isStuck)
        harness.now = { midsummer2026.addingTimeInterval(86_400) }
        let (_, reporter) = try await harness.run(.incremental)
        #expect(await reporter.outcomes.isEmpty)
        #expect(await harness.state.retries[.product]?[5]?.attempts == 2)
    }

    @Test("a permanent failure is not retried until its template changes in Odoo; a targeted run also takes due retries")
    func permanentWaitsForAChange() async throws {
        let harness = EngineHarness(templates: [9, 5])
        await harness.medusa.reject(handle: "office-chair")
        try await harness.run(.incremental)
        let item = try #require(await harness.state.retries[.product]?[5])
        #expect(item.errorClass == .permanent && item.isStuck && item.attempts == 1)

        await harness.medusa.accept(handle: "office-chair")
        let (untouched, quietReporter) = try await harness.run(.incremental)
        #expect(await quietReporter.outcomes.isEmpty, "no change in Odoo: not retried")
        #expect(untouched.counts.failed == 0)

        await harness.odoo.rename(template: 5, to: "Office Chair", writeDate: "2026-11-26 08:00:00")
        let (changed, _) = try await harness.run(.incremental)
        #expect(changed.line == "succeeded c1 u0 =0 a0 d0 f0 s0")
        #expect(await harness.state.retries[.product]?[5] == nil)
    }

    @Test("a webhook's targeted run also syncs the due retries")
    func targetedRunTakesDueRetries() async throws {
        let harness = EngineHarness(templates: [9, 5])
        await harness.medusa.failCreates(handle: "office-chair", times: 1_000)
        try await harness.run(.incremental)
        await harness.medusa.failCreates(handle: "office-chair", times: 0)
        let (run, reporter) = try await harness.run(.targeted([9]))
        #expect(Set(await reporter.outcomes.map(\.odooTemplateId)) == [5, 9])
        #expect(run.counts.created == 1)
        #expect(await harness.state.retries[.product]?[5] == nil)
    }

    @Test("a due retry of a template gone from Odoo and never written leaves the set")
    func goneTemplateLeavesTheSet() async throws {
        let harness = EngineHarness(templates: [9, 5])
        await harness.medusa.failCreates(handle: "office-chair", times: 1_000)
        try await harness.run(.incremental)
        await harness.odoo.remove(template: 5)
        try await harness.run(.incremental)
        #expect(await harness.state.retries[.product]?[5] == nil)
    }

    @Test("a category Medusa failed to create is retried by the next incremental run, though Odoo shows no change")
    func categoryIsRetried() async throws {
        let harness = EngineHarness(templates: [9, 5])
        await harness.medusa.failCategoryCreates(handle: "expenses", times: 1_000)
        try await harness.run(.incremental)
        let item = try #require(await harness.state.retries[.category]?[2])
        #expect(item.attempts == 1 && item.errorClass == .retryable && item.title == "Expenses" && !item.isStuck)
        #expect(await harness.medusa.categories().contains { $0.handle == "expenses" } == false)

        await harness.medusa.failCategoryCreates(handle: "expenses", times: 0)
        let healing = try await harness.writes { try await harness.run(.incremental) }
        #expect(healing.contains("createCategory"), "the quiet path is not taken while a category is due: \(healing)")
        #expect(await harness.medusa.categories().contains { $0.handle == "expenses" })
        #expect(await harness.state.retries[.category]?[2] == nil)

        let quiet = try await harness.writes { try await harness.run(.incremental) }
        #expect(quiet == [])
    }

    @Test("dry runs leave the retry set alone")
    func dryRunsWriteNoRetries() async throws {
        let harness = EngineHarness(templates: [9, 5])
        await harness.medusa.reject(handle: "office-chair")
        try await harness.run(.targeted([5], dryRun: true))
        #expect(await harness.state.retries.isEmpty)
    }
}
