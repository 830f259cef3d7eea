import Foundation
import HTTPTransport
import Simulators
import Synchronization
import SyncCore
import Testing

/// Every HTTP request the clients send, by URL (the observer the benchmark and the metrics use).
final class RequestLog: Sendable {
    private let urls = Mutex<[String]>([])
    func record(_ observation: ObservedTransport.Observation) { urls.withLock { $0.append(observation.url) } }
    func clear() { urls.withLock { $0 = [] } }
    func count(under base: String) -> Int { urls.withLock { $0.filter { $0.hasPrefix(base) }.count } }
    func paths(under base: String) -> [String] {
        urls.withLock { $0.filter { $0.hasPrefix(base) }.map { String($0.dropFirst(base.count)) } }
    }
}

/// `withHarness` over a transport that logs every request.
func withLoggedHarness(_ catalogue: HarnessCatalogue = .odoo19,
                       _ body: (SyncHarness, RequestLog) async throws -> Void) async throws {
    let log = RequestLog()
    let transport = ObservedTransport(AsyncHTTPClientTransport.forAPICalls()) { log.record($0) }
    try await withHarness(catalogue, transport: transport) { harness in try await body(harness, log) }
}

@Suite("A quiet incremental run costs one Odoo read per change stream")
struct QuietRunTests {
    @Test("Nothing changed: five Odoo requests (templates, variants, attribute values, pricelist items, quants), none to Medusa",
          arguments: [HarnessCatalogue.odoo19, .odoo17, .odoo18])
    func quietRunRequests(catalogue: HarnessCatalogue) async throws {
        try await withLoggedHarness(catalogue) { harness, log in
            let first = try await harness.run(.incremental)
            #expect(first.counts.created > 0)
            log.clear()
            let quiet = try await harness.run(.incremental)
            #expect(quiet.summary.status == .succeeded)
            #expect(quiet.outcomes.isEmpty)
            #expect(log.count(under: harness.medusa.baseURL) == 0, "\(log.paths(under: harness.medusa.baseURL))")
            #expect(log.count(under: harness.odoo.baseURL) == 5, "\(log.paths(under: harness.odoo.baseURL))")
        }
    }

    @Test("After a full run the streams start at their heads: the next incremental run is quiet too")
    func fullRunLeavesCursorsAtHeads() async throws {
        try await withLoggedHarness { harness, log in
            try await harness.run(.full)
            log.clear()
            let quiet = try await harness.run(.incremental)
            #expect(quiet.outcomes.isEmpty)
            #expect(log.count(under: harness.odoo.baseURL) == 5, "\(log.paths(under: harness.odoo.baseURL))")
            #expect(log.count(under: harness.medusa.baseURL) == 0)
        }
    }

    @Test("A stock adjustment and a rename between two quiet runs: the setup is read, only those two are written")
    func changesEndTheQuietPath() async throws {
        try await withLoggedHarness { harness, log in
            try await harness.run(.incremental)
            try await harness.run(.incremental)
            try await harness.odoo.setStock(variantId: 21, locationId: 5, quantity: 31)
            try await harness.odoo.renameTemplate(9, to: "Customizable Desk XL")
            log.clear()
            let run = try await harness.run(.incremental)
            #expect(run.templates(.updated) == [9])
            #expect(harness.shop().products["storage-box"]?.variants.first?.stock == 31)
            #expect(log.count(under: harness.medusa.baseURL) > 0)
            log.clear()
            let quiet = try await harness.run(.incremental)
            #expect(quiet.outcomes.isEmpty)
            #expect(log.count(under: harness.odoo.baseURL) == 5)
        }
    }
}
