import Foundation
import HTTPTransport
import MedusaClient
import MedusaSimulator
import SyncCore
import Testing

@Suite("MedusaClient body limits and batch splitting")
struct MedusaClientBatchingTests {
    @Test("a batch over 2 MB is split into requests that each fit, and every product is created")
    func batchSplitsAtTwoMegabytes() async throws {
        try await withSimulator { simulator in
            let recorder = RecordingTransport()
            let client = makeClient(simulator, transport: recorder)
            // 30 products of ~90 kB each: ~2.7 MB in all, each product alone under the 100 kb ordinary limit.
            let inputs = (1...30).map { index in
                simpleInput(handle: "long-\(index)", sku: "LONG-\(index)", description: filler(bytes: 90_000))
            }
            let result = try await client.batchProducts(create: inputs, update: [], delete: [])

            #expect(result.created.map(\.handle) == inputs.map(\.handle))
            let batchBodies = recorder.requests.filter { $0.url.contains("/admin/products/batch") }.compactMap(\.body)
            #expect(batchBodies.count == 2)
            #expect(batchBodies.allSatisfy { $0.count <= 2 * 1024 * 1024 })
            #expect(batchBodies.reduce(0) { $0 + $1.count } > 2 * 1024 * 1024)
            #expect(simulator.requestCounts.requests("POST /admin/products/batch") == 2)
            #expect(simulator.snapshot().products.count == 30)
        }
    }

    @Test("a batch is also split by entry count")
    func batchSplitsByCount() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator, batchLimits: .init(maxItemsPerBatchRequest: 2))
            let existing = try await client.createProduct(simpleInput(handle: "old", sku: "OLD"))
            let result = try await client.batchProducts(
                create: (1...3).map { simpleInput(handle: "p-\($0)", sku: "P-\($0)") },
                update: [ProductUpdate(id: existing.id, title: "Old, renamed")], delete: [])
            #expect(result.created.count == 3)
            #expect(result.updated.map(\.title) == ["Old, renamed"])
            #expect(simulator.requestCounts.requests("POST /admin/products/batch") == 2)
        }
    }

    @Test("when a later batch request fails, the failure carries what the earlier ones applied")
    func partialBatchFailureReportsApplied() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator, batchLimits: .init(maxItemsPerBatchRequest: 2))
            let inputs = [simpleInput(handle: "a", sku: "A"), simpleInput(handle: "b", sku: "B"),
                          simpleInput(handle: "a", sku: "C"), simpleInput(handle: "d", sku: "D")]
            let failure = try await #require(throws: ProductBatchFailure.self) {
                try await client.batchProducts(create: inputs, update: [], delete: [])
            }
            #expect(failure.applied.created.map(\.handle) == ["a", "b"])
            #expect(failure.notAppliedCreateHandles == ["a", "d"])
            #expect(failure.failureClass == .permanent)
            #expect(failure.description.contains("Product with handle: a, already exists."))
            #expect(simulator.snapshot().products.map(\.handle) == ["a", "b"])
        }
    }

    @Test("a single body over 100 kb is refused before it is sent")
    func oversizedBodyIsRefusedLocally() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let input = simpleInput(handle: "huge", sku: "HUGE", description: filler(bytes: 150_000))
            let error = try await #require(throws: MedusaError.self) { try await client.createProduct(input) }
            #expect(error.kind == .requestTooLarge)
            #expect(error.failureClass == .permanent)
            #expect(error.message.contains("102400"))
            #expect(error.message.contains("'huge'"))
            #expect(simulator.requestCounts.requests("POST /admin/products") == 0)
        }
    }

    @Test("a body just under 100 kb is sent and accepted")
    func bodyJustUnderTheLimitIsAccepted() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let input = simpleInput(handle: "big", sku: "BIG", description: filler(bytes: 100_000))
            let product = try await client.createProduct(input)
            #expect(product.description?.count == 100_000)
        }
    }

    @Test("a batch entry that alone exceeds 2 MB fails the call before anything is sent")
    func oversizedBatchEntryIsRefused() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let failure = try await #require(throws: ProductBatchFailure.self) {
                try await client.batchProducts(
                    create: [simpleInput(handle: "ok", sku: "OK"),
                             simpleInput(handle: "giant", sku: "GIANT", description: filler(bytes: 2_200_000))],
                    update: [], delete: [])
            }
            #expect((failure.underlying as? MedusaError)?.kind == .requestTooLarge)
            #expect(failure.notAppliedCreateHandles == ["ok", "giant"])
            #expect(simulator.requestCounts.total == 0)
        }
    }
}
