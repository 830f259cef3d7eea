import Foundation
import HTTPTransport
import MedusaClient
import MedusaSimulator
import SyncCore
import Testing

/// `MedusaClient` as the deliveries sync's `MedusaFulfilments`, against the simulator in both version modes.
@Suite("MedusaClient fulfilments")
struct MedusaClientFulfilmentTests {
    /// An order of 2 × the first variant and 1 × the second.
    static func place(_ simulator: RunningMedusaSimulator, client: MedusaClient) async throws
        -> (orderId: String, lines: [String], variants: [String])
    {
        let variants = try await client.createProduct(shirtInput()).variants.map(\.id)
        let placed = try simulator.placeOrder(SimulatedOrderInput(
            customer: .guest(email: "guest@example.com"),
            items: [SimulatedLineItemInput(variantId: variants[0], quantity: 2, unitPrice: 10),
                    SimulatedLineItemInput(variantId: variants[1], quantity: 1, unitPrice: 12)],
            shippingMethods: [SimulatedShippingMethodInput(name: "Standard", amount: 5)]))
        let lines = try #require(simulator.lineQuantities(orderId: placed.id)).map(\.lineItemId)
        return (placed.id, lines, variants)
    }

    @Test("The state of a fresh order, and nil for an unknown one", arguments: MedusaServerVersion.allCases)
    func readState(version: MedusaServerVersion) async throws {
        try await withSimulator(.init(version: version)) { simulator in
            let client = makeClient(simulator)
            let (orderId, lines, variants) = try await Self.place(simulator, client: client)
            let before = simulator.requestCounts.requests("GET /admin/orders/{id}")
            let state = try #require(try await client.fulfilmentState(orderId: orderId))
            #expect(simulator.requestCounts.requests("GET /admin/orders/{id}") == before + 1)
            #expect(state.orderId == orderId && !state.isCanceled && state.fulfilments.isEmpty)
            #expect(state.items == [
                .init(id: lines[0], variantId: variants[0], quantity: 2, fulfilledQuantity: 0),
                .init(id: lines[1], variantId: variants[1], quantity: 1, fulfilledQuantity: 0),
            ])
            #expect(try await client.fulfilmentState(orderId: "order_unknown") == nil)
            try simulator.cancelOrder(orderId: orderId)
            #expect(try await client.fulfilmentState(orderId: orderId)?.isCanceled == true)
        }
    }

    @Test("Create a fulfilment (the answer carries it), then its shipment with and without a label",
          arguments: MedusaServerVersion.allCases)
    func createAndShip(version: MedusaServerVersion) async throws {
        try await withSimulator(.init(version: version)) { simulator in
            let client = makeClient(simulator)
            let (orderId, lines, _) = try await Self.place(simulator, client: client)
            let first = try await client.createFulfilment(
                orderId: orderId, items: [MedusaFulfilmentItem(lineItemId: lines[0], quantity: 2)], locationId: nil)
            #expect(first.fulfilments.count == 1)
            #expect(first.fulfilments.first?.items == [MedusaFulfilmentItem(lineItemId: lines[0], quantity: 2)])
            #expect(first.items.first?.fulfilledQuantity == 2 && first.fulfilments.first?.shippedAt == nil)
            let second = try await client.createFulfilment(
                orderId: orderId, items: [MedusaFulfilmentItem(lineItemId: lines[1], quantity: 1)],
                locationId: simulator.configuration.defaultStockLocation.id)
            #expect(second.fulfilments.count == 2)
            let ids = second.fulfilments.map(\.id)

            try await client.createShipment(orderId: orderId, fulfilmentId: ids[0],
                                            items: [MedusaFulfilmentItem(lineItemId: lines[0], quantity: 2)],
                                            label: MedusaShipmentLabel(trackingNumber: "1Z999"))
            try await client.createShipment(orderId: orderId, fulfilmentId: ids[1],
                                            items: [MedusaFulfilmentItem(lineItemId: lines[1], quantity: 1)], label: nil)
            let state = try #require(try await client.fulfilmentState(orderId: orderId))
            #expect(state.fulfilments.map(\.trackingNumbers) == [["1Z999"], []])
            #expect(state.fulfilments.allSatisfy { $0.shippedAt != nil && $0.canceledAt == nil })
            #expect(state.items.map(\.shippedQuantity) == [2, 1])
            let label = simulator.fulfilments(orderId: orderId)?.first?.labels.first
            #expect(label?.trackingURL == "" && label?.labelURL == "")
        }
    }

    @Test("A shipment already created is MedusaAlreadyShipped", arguments: MedusaServerVersion.allCases)
    func alreadyShipped(version: MedusaServerVersion) async throws {
        try await withSimulator(.init(version: version)) { simulator in
            let client = makeClient(simulator)
            let (orderId, lines, _) = try await Self.place(simulator, client: client)
            let items = [MedusaFulfilmentItem(lineItemId: lines[1], quantity: 1)]
            let fid = try #require(try await client.createFulfilment(orderId: orderId, items: items, locationId: nil)
                .fulfilments.first?.id)
            try await client.createShipment(orderId: orderId, fulfilmentId: fid, items: items, label: nil)
            await #expect(throws: MedusaAlreadyShipped.self) {
                try await client.createShipment(orderId: orderId, fulfilmentId: fid, items: items,
                                                label: MedusaShipmentLabel(trackingNumber: "late"))
            }
        }
    }

    @Test("Fulfilling more than was ordered is a permanent error, sent once", arguments: MedusaServerVersion.allCases)
    func overFulfil(version: MedusaServerVersion) async throws {
        try await withSimulator(.init(version: version)) { simulator in
            let client = makeClient(simulator)
            let (orderId, lines, _) = try await Self.place(simulator, client: client)
            let before = simulator.requestCounts.requests("POST /admin/orders/{id}/fulfillments")
            do {
                _ = try await client.createFulfilment(
                    orderId: orderId, items: [MedusaFulfilmentItem(lineItemId: lines[0], quantity: 3)], locationId: nil)
                Issue.record("over-fulfilling was accepted")
            } catch let error as MedusaError {
                #expect(error.status == 400 && error.failureClass == .permanent)
                #expect(error.message == "Cannot fulfill more items than what was ordered for item \(lines[0]).")
            }
            #expect(simulator.requestCounts.requests("POST /admin/orders/{id}/fulfillments") == before + 1)
            #expect(simulator.fulfilments(orderId: orderId)?.isEmpty == true)
        }
    }

    @Test("A failed POST is not retried: one request, a retryable error, and a lost answer left for the re-read",
          arguments: MedusaServerVersion.allCases)
    func notRetried(version: MedusaServerVersion) async throws {
        try await withSimulator(.init(version: version)) { simulator in
            let client = makeClient(simulator)
            let (orderId, lines, _) = try await Self.place(simulator, client: client)
            let items = [MedusaFulfilmentItem(lineItemId: lines[0], quantity: 1)]

            simulator.faults.update { $0.scripted = [.serverError, .serverError, .serverError] }
            var seen = simulator.faults.requestCount
            await #expect(throws: MedusaError.self) {
                try await client.createFulfilment(orderId: orderId, items: items, locationId: nil)
            }
            #expect(simulator.faults.requestCount == seen + 1, "sent once although the policy allows 3 attempts")
            simulator.faults.update { $0.scripted = [] }

            simulator.faults.update { $0.scripted = [.lostAnswer] }
            seen = simulator.faults.requestCount
            do {
                _ = try await client.createFulfilment(orderId: orderId, items: items, locationId: nil)
                Issue.record("the lost answer was not reported")
            } catch let error as MedusaError {
                #expect(error.failureClass == .retryable)
            }
            #expect(simulator.faults.requestCount == seen + 1)
            let state = try #require(try await client.fulfilmentState(orderId: orderId))
            #expect(state.fulfilments.count == 1, "created once; the engine sees it on the re-read")

            let fid = try #require(state.fulfilments.first?.id)
            simulator.faults.update { $0.scripted = [.lostAnswer] }
            seen = simulator.faults.requestCount
            await #expect(throws: MedusaError.self) {
                try await client.createShipment(orderId: orderId, fulfilmentId: fid, items: items, label: nil)
            }
            #expect(simulator.faults.requestCount == seen + 1)
            await #expect(throws: MedusaAlreadyShipped.self) {
                try await client.createShipment(orderId: orderId, fulfilmentId: fid, items: items, label: nil)
            }
        }
    }

    @Test("Reads are still retried")
    func readsRetried() async throws {
        try await withSimulator { simulator in
            let client = makeClient(simulator)
            let (orderId, _, _) = try await Self.place(simulator, client: client)
            simulator.faults.update { $0.scripted = [.serverError] }
            let seen = simulator.faults.requestCount
            #expect(try await client.fulfilmentState(orderId: orderId) != nil)
            #expect(simulator.faults.requestCount == seen + 2)
        }
    }
}
