import Foundation
import HTTPTransport
import OdooClient
import OdooSimulator

import SyncCore
import Testing

/// Every error class and every retry path, against the simulator over loopback HTTP.
@Suite("Client errors and retries against the simulator")
struct ClientErrorsAgainstSimulatorTests {
    /// Connects a client with a short timeout. Connecting is not what the timeout test measures, and with the whole
    /// suite running on two cores an ordinary call has been seen to exceed 2 s: a timed-out connect is tried again,
    /// three times at most.
    static func connectUnderLoad(_ client: OdooClient) async throws {
        for attempt in 1...3 {
            do {
                _ = try await client.connect()
                return
            } catch let error as OdooError where error.kind == .timeout && attempt < 3 {
                continue
            }
        }
    }

    static func failure(_ operation: () async throws -> Void) async -> OdooError? {
        do {
            try await operation()
            return nil
        } catch let error as OdooError {
            return error
        } catch {
            Issue.record("not an OdooError: \(error)")
            return nil
        }
    }

    @Test("configuration errors: wrong key, wrong database, wrong URL, missing rights", arguments: ServerMode.allCases)
    func configurationErrors(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let secret = "wrong-secret-key-123456"
            let wrongKey = await Self.failure { _ = try await harness.client(apiKey: secret).connect() }
            #expect(wrongKey?.kind == .invalidCredentials)
            #expect(wrongKey.map { !$0.description.contains(secret) } == true)

            let wrongDatabase = await Self.failure { _ = try await harness.client(database: "no_such_db").connect() }
            #expect(wrongDatabase?.kind == .unknownDatabase)

            let wrongURL = await Self.failure { _ = try await harness.client(url: harness.simulator.baseURL + "/not-odoo").connect() }
            #expect(wrongURL?.kind == .wrongURL)

            let portalUser = try #require(harness.simulator.users.first { $0.role == .portal })
            let portalKey = portalUser.apiKey
            let portal = harness.client(apiKey: portalKey, username: portalUser.login)
            _ = try await portal.connect()
            let denied = await Self.failure { _ = try await portal.templates(after: nil, limit: 10, includeArchived: false) }
            #expect(denied?.kind == .accessDenied)
            #expect(denied?.failureClass == .configuration)
            #expect(denied?.message?.contains("Inventory/User") == true, "Odoo's message names the missing group")
            #expect(denied.map { !$0.description.contains(portalKey) } == true)
        }
    }

    @Test("permanent errors: unknown model, method, field, bad domain", arguments: ServerMode.allCases)
    func permanentErrors(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            let unknownModel = await Self.failure { _ = try await client.searchRead(model: "no.such.model", fields: ["id"]) }
            #expect(unknownModel?.kind == (mode.expectedProtocol == .json2 ? .notFound : .userError))
            let unknownMethod = await Self.failure { _ = try await client.call(model: "product.template", method: "no_such_method") }
            #expect(unknownMethod?.kind == (mode.expectedProtocol == .json2 ? .notFound : .unknownMethod))
            let unknownField = await Self.failure { _ = try await client.searchRead(model: "product.template", fields: ["no_such_field"]) }
            #expect(unknownField?.kind == .invalidRequest)
            #expect(unknownField?.exceptionName == "builtins.ValueError")
            let badDomain = await Self.failure {
                _ = try await client.searchRead(model: "product.template", domain: .condition("name", "badop", .string("x")), fields: ["id"])
            }
            #expect(badDomain?.kind == .invalidRequest)
            for error in [unknownModel, unknownMethod, unknownField, badDomain] { #expect(error?.failureClass == .permanent) }
        }
    }

    @Test("ISO datetimes in domains: Odoo 19 rejects them, Odoo 17 accepts them", arguments: ServerMode.allCases)
    func isoDatetimesInDomains(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            let client = harness.client()
            let iso = OdooDomain.condition("write_date", ">", .string("2000-01-01T00:00:00Z"))
            if mode.major == 19 {
                let error = await Self.failure { _ = try await client.searchRead(model: "product.template", domain: iso, fields: ["id"]) }
                #expect(error?.kind == .invalidRequest)
            } else {
                let result = try await client.searchRead(model: "product.template", domain: iso, fields: ["id"])
                #expect(try OdooFieldValues.records(model: "product.template", from: result).count == 30)
            }
        }
    }

    @Test("injected 5xx, 429, connection reset and truncated bodies are retried", arguments: [
        InjectedFault.serverError, .rateLimited, .connectionReset, .truncatedBody,
    ])
    func transientFaultsAreRetried(fault: InjectedFault) async throws {
        for mode in [ServerMode.odoo17JSONRPC, .odoo19JSON2] {
            try await SimulatorHarness.with(mode) { harness in
                let sleeps = SleepRecorder()
                let client = harness.client(retryPolicy: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1)), sleep: sleeps.sleep)
                _ = try await client.connect()
                harness.simulator.faults.update { $0.scripted = [fault] }
                let count = try await client.searchCount(model: "product.template")
                #expect(count == (mode.major == 19 ? 37 : 30))
                #expect(harness.simulator.faults.injectedCounts[fault] == 1)
                #expect(sleeps.delays.count == 1)
                if fault == .rateLimited { #expect(sleeps.delays == [.seconds(1)], "Retry-After honoured") }

                let once = harness.client(retryPolicy: .none)
                _ = try await once.connect()
                harness.simulator.faults.update { $0.scripted = [fault] }
                let error = await Self.failure { _ = try await once.searchCount(model: "product.template") }
                #expect(error?.failureClass == .retryable)
                switch fault {
                case .serverError: #expect(error?.kind == .unavailable)
                case .rateLimited:
                    #expect(error?.kind == .rateLimited)
                    #expect(error?.retryAfter == .seconds(1))
                default: #expect([.connection, .invalidResponse].contains(error?.kind), "\(String(describing: error))")
                }
            }
        }
    }

    @Test("a call that outlives the timeout fails as a retryable timeout, and succeeds on retry", arguments: ServerMode.allCases)
    func timeouts(mode: ServerMode) async throws {
        try await SimulatorHarness.with(mode) { harness in
            // Generous numbers: the suite runs in parallel on two cores, where an ordinary call can take a few hundred ms.
            // The held request waits 8 s; the client gives up after 2 s (an ordinary call under that load stays well under).
            harness.simulator.faults.update { $0.timeoutDelay = .seconds(8) }
            let client = harness.client(retryPolicy: .none, timeout: .seconds(2))
            try await Self.connectUnderLoad(client)
            harness.simulator.faults.update { $0.scripted = [.timeout] }
            let started = ContinuousClock.now
            let error = await Self.failure { _ = try await client.searchCount(model: "product.template") }
            #expect(error?.kind == .timeout)
            #expect(error?.isRetryable == true)
            #expect(ContinuousClock.now - started < .seconds(6))

            let retrying = harness.client(retryPolicy: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1)), timeout: .seconds(2))
            try await Self.connectUnderLoad(retrying)
            harness.simulator.faults.update { $0.scripted = [.timeout] }
            #expect(try await retrying.searchCount(model: "product.template") > 0)
        }
    }
}
