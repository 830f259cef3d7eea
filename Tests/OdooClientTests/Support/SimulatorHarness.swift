import Foundation
import HTTPTransport
import OdooClient
import OdooSimulator
import SyncCore

/// Which server and protocol a client-against-simulator test runs with.
enum ServerMode: String, CaseIterable, Sendable, CustomStringConvertible {
    case odoo17JSONRPC = "Odoo 17 over JSON-RPC"
    case odoo18JSONRPC = "Odoo 18 over JSON-RPC"
    case odoo19JSON2 = "Odoo 19 over JSON-2"
    case odoo19JSONRPC = "Odoo 19 over JSON-RPC"

    var description: String { rawValue }
    var demo: OdooCatalogueSeed.Demo {
        switch self {
        case .odoo17JSONRPC: .odoo17
        case .odoo18JSONRPC: .odoo18
        case .odoo19JSON2, .odoo19JSONRPC: .odoo19
        }
    }
    var major: Int {
        switch self {
        case .odoo17JSONRPC: 17
        case .odoo18JSONRPC: 18
        case .odoo19JSON2, .odoo19JSONRPC: 19
        }
    }
    /// `auto` must find JSON-2 on 19 and JSON-RPC on 17 and 18; the forced mode checks JSON-RPC on 19.
    var protocolChoice: OdooConfiguration.APIProtocolChoice { self == .odoo19JSONRPC ? .jsonrpc : .auto }
    var expectedProtocol: OdooServerInfo.APIProtocol { self == .odoo19JSON2 ? .json2 : .jsonrpc }
}

/// Demo seeds are parsed once per test process.
enum DemoSeeds {
    static let odoo17 = try! OdooCatalogueSeed.demo(.odoo17)
    static let odoo18 = try! OdooCatalogueSeed.demo(.odoo18)
    static let odoo19 = try! OdooCatalogueSeed.demo(.odoo19)
    static func seed(_ demo: OdooCatalogueSeed.Demo) -> OdooCatalogueSeed {
        switch demo {
        case .odoo17: odoo17
        case .odoo18: odoo18
        case .odoo19: odoo19
        }
    }
}

/// A started simulator plus a client talking to it over loopback HTTP with the production transport (which refuses
/// redirects, as the service's does).
struct SimulatorHarness {
    let simulator: RunningOdooSimulator
    let mode: ServerMode

    static func start(
        _ mode: ServerMode, seed: OdooCatalogueSeed? = nil, configuration: OdooSimulatorConfiguration = OdooSimulatorConfiguration()
    ) async throws -> SimulatorHarness {
        let simulator = try await OdooSimulator.start(seed: seed ?? DemoSeeds.seed(mode.demo), configuration: configuration)
        return SimulatorHarness(simulator: simulator, mode: mode)
    }

    func client(
        apiKey: String? = nil, username: String? = nil, database: String? = nil, url: String? = nil, pageSize: Int = 500, idsPerCall: Int = 500,
        retryPolicy: RetryPolicy = .none, timeout: Duration = .seconds(10), sleep: (@Sendable (Duration) async throws -> Void)? = nil
    ) -> OdooClient {
        let configuration = OdooConfiguration(
            url: url ?? simulator.baseURL, database: database ?? simulator.database, username: username ?? simulator.adminLogin,
            apiKey: apiKey ?? simulator.adminAPIKey, apiProtocol: mode.protocolChoice, pageSize: pageSize, timeout: timeout,
            retryPolicy: retryPolicy, idsPerCall: idsPerCall)
        if let sleep {
            return OdooClient(configuration: configuration, transport: AsyncHTTPClientTransport.forAPICalls(), sleep: sleep)
        }
        return OdooClient(configuration: configuration, transport: AsyncHTTPClientTransport.forAPICalls())
    }

    /// Runs `body` with a started simulator and always stops it.
    static func with<T>(
        _ mode: ServerMode, seed: OdooCatalogueSeed? = nil, configuration: OdooSimulatorConfiguration = OdooSimulatorConfiguration(),
        _ body: (SimulatorHarness) async throws -> T
    ) async throws -> T {
        let harness = try await start(mode, seed: seed, configuration: configuration)
        do {
            let result = try await body(harness)
            await harness.simulator.stop()
            return result
        } catch {
            await harness.simulator.stop()
            throw error
        }
    }
}

/// Reads a whole model through a cursor-paged method, as the engine does: start from nil, continue after the last
/// record, stop at an empty page. Bounded.
func readAllPages<Record>(
    pageSize: Int, maximumPages: Int = 10_000, cursorOf: (Record) -> ModelCursor,
    _ page: (ModelCursor?, Int) async throws -> [Record]
) async throws -> (records: [Record], pages: Int) {
    var cursor: ModelCursor?
    var records: [Record] = []
    for pageNumber in 1...maximumPages {
        let next = try await page(cursor, pageSize)
        guard let last = next.last else { return (records, pageNumber) }
        records += next
        cursor = cursorOf(last)
    }
    throw FixtureProblem("paging did not end within \(maximumPages) pages")
}
