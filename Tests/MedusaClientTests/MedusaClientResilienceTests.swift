import Foundation
import HTTPTransport
import MedusaClient
import MedusaSimulator
import SimulatorSupport
import Synchronization
import SyncCore
import Testing

@Suite("MedusaClient retries and error classification")
struct MedusaClientResilienceTests {
    @Test("a transient fault is retried with the shared policy and the call succeeds",
          arguments: [InjectedFault.serverError, .rateLimited, .connectionReset, .truncatedBody])
    func transientFaultIsRetried(fault: InjectedFault) async throws {
        try await withSimulator { simulator in
            simulator.faults.update { $0.scripted = [fault] }
            let product = try await makeClient(simulator).createProduct(shirtInput())
            #expect(product.handle == "basic-shirt")
            #expect(simulator.faults.injectedCounts[fault] == 1)
            #expect(simulator.snapshot().products.count == 1)
        }
    }

    @Test("a request that outlives the client timeout is retried")
    func timeoutIsRetried() async throws {
        try await withSimulator { simulator in
            simulator.faults.update { settings in
                settings.scripted = [.timeout]
                settings.timeoutDelay = .seconds(6)
            }
            // 2 s: enough for the retry on a machine loaded by the suites running in parallel, far below the held 6 s.
            let store = try await makeClient(simulator, timeout: .seconds(2)).store()
            #expect(store.id == simulator.configuration.storeId)
            #expect(simulator.faults.injectedCounts[.timeout] == 1)
        }
    }

    @Test("a 429's Retry-After is honoured")
    func retryAfterIsHonoured() async throws {
        try await withSimulator { simulator in
            simulator.faults.update { $0.scripted = [.rateLimited] }
            let patient = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1), maxDelay: .seconds(5))
            let started = ContinuousClock.now
            _ = try await makeClient(simulator, retryPolicy: patient).store()
            #expect(ContinuousClock.now - started >= .milliseconds(950))
        }
    }

    @Test("retries stop after the policy's attempts; the error stays retryable for the job runner")
    func retriesAreBounded() async throws {
        try await withSimulator { simulator in
            simulator.faults.update { $0.scripted = [.serverError, .serverError, .serverError, .serverError] }
            let error = try await #require(throws: MedusaError.self) { try await makeClient(simulator).store() }
            #expect(error.status == 500)
            #expect(error.type == "unknown_error")
            #expect(error.failureClass == .retryable)
            #expect(simulator.faults.injectedCounts[.serverError] == 3)
        }
    }

    @Test("a 400 is permanent, keeps Medusa's type and message, and is sent once")
    func badRequestIsPermanent() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            _ = try await client.createProduct(shirtInput())
            let error = try await #require(throws: MedusaError.self) {
                try await client.createProduct(shirtInput(skuPrefix: "OTHER"))
            }
            #expect(error.status == 400)
            #expect(error.type == "invalid_data")
            #expect(error.message == "Product with handle: basic-shirt, already exists.")
            #expect(error.method == "POST")
            #expect(error.path == "/admin/products")
            #expect(error.failureClass == .permanent)
            #expect(simulator.requestCounts.requests("POST /admin/products") == 2)
        }
    }

    @Test("an unreachable server is a retryable transport error")
    func unreachableServerIsRetryable() async throws {
        let simulator = try await MedusaSimulator.start()
        // AsyncHTTPClient keeps retrying a refused connection until the request deadline, so keep it short.
        let client = makeClient(simulator, retryPolicy: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1),
                                                                    maxDelay: .milliseconds(2)),
                                timeout: .milliseconds(500))
        await simulator.stop()
        let error = try await #require(throws: MedusaError.self) { try await client.store() }
        #expect(error.kind == .transport)
        #expect(error.failureClass == .retryable)
    }

    @Test("a 404 that is not Medusa's (wrong base URL) is a configuration error, not a missing product")
    func foreignNotFoundIsConfiguration() async throws {
        try await withSimulator { simulator in
            let configuration = MedusaConfiguration(backendURL: simulator.baseURL + "/shop",
                                                    authentication: .secretKey(simulator.configuration.secretAPIKey),
                                                    retryPolicy: fastRetries)
            let client = MedusaClient(configuration: configuration, transport: AsyncHTTPClientTransport())
            let error = try await #require(throws: MedusaError.self) { try await client.product(id: "prod_01JB") }
            #expect(error.status == 404)
            #expect(error.failureClass == .configuration)
            #expect(error.message.contains("MEDUSA_BACKEND_URL"))
        }
    }

    @Test("status codes map to failure classes", arguments: [
        (400, FailureClass.permanent), (401, .configuration), (403, .configuration), (404, .missingRemotely),
        (409, .retryable), (413, .permanent), (422, .permanent), (429, .retryable), (500, .retryable),
        (502, .retryable), (503, .retryable),
    ])
    func statusClassification(status: Int, expected: FailureClass) {
        #expect(MedusaError.failureClass(forStatus: status) == expected)
    }

    @Test("a 409 from Medusa is retried until it clears")
    func conflictIsRetried() async throws {
        let attempts = AttemptCounter()
        let transport = CannedTransport { _ in
            if attempts.next() == 1 {
                return HTTPResponseData(status: 409, body: Array(#"{"code":"invalid_state_error","type":"conflict","message":"retry"}"#.utf8))
            }
            return HTTPResponseData(status: 200, body: Array(#"{"stores":[{"id":"store_1","supported_currencies":[]}]}"#.utf8))
        }
        let client = MedusaClient(configuration: MedusaConfiguration(backendURL: "http://127.0.0.1:9", authentication:
            .secretKey("sk_test"), retryPolicy: fastRetries), transport: transport)
        #expect(try await client.store().id == "store_1")
        #expect(attempts.count == 2)
    }
}

/// Counts calls from concurrent contexts.
final class AttemptCounter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
    var count: Int { value.withLock { $0 } }
}
