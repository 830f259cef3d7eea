import ExactJSON
import Foundation
import HTTPTransport
import HTTPTypes
@testable import OdooClient
import OdooSimulator
import SyncCore
import Testing

/// Odoo 18 has no JSON-2, and its web client routes `/json/<path>` for logged-in users: the anonymous probe
/// `GET /json/version` is answered 303 → `/web/login`, not 404 as on 17. The client must read that as "JSON-RPC here",
/// never follow it, and keep every other redirect an error.
@Suite("Odoo 18: the JSON-2 probe's redirect to the login page means JSON-RPC")
struct Odoo18ProbeTests {
    /// The recorded 18 exchanges, served by request: the 303 probe, `common.version`, `common.authenticate`, then the
    /// catalogue read under test.
    private static func recordedOdoo18() -> ScriptedTransport {
        ScriptedTransport { request, _ in
            if request.method == .get {
                guard URLComponents(string: request.url)?.path == "/json/version" else {
                    return HTTPResponseData(status: 599)
                }
                return try FixtureLibrary.load("odoo18/jsonrpc/version_get_json_version.json").httpResponse
            }
            let json = try JSONText.parse(request.body ?? [])
            let fixture = switch json["params"]?["method"]?.stringValue {
            case "version": "common_version"
            case "authenticate": "common_authenticate_ok"
            default: "product_template_search_read_page1"
            }
            return try FixtureLibrary.load("odoo18/jsonrpc/\(fixture).json").httpResponse
        }
    }

    @Test("the recorded exchanges: auto detection ends on JSON-RPC 18 with no error and no request to /web/login")
    func recordedExchangesEndOnJSONRPC() async throws {
        let transport = Self.recordedOdoo18()
        let client = OdooClient(
            configuration: OdooConfiguration(url: "http://odoo18.test", database: "odoo18", username: "admin",
                                             apiKey: "<API_KEY>", apiProtocol: .auto, retryPolicy: .none),
            transport: transport)
        let info = try await client.connect()
        #expect(info.apiProtocol == .jsonrpc)
        #expect(info.majorVersion == 18)
        #expect(info.serverVersion == "18.0-20250702")
        #expect(info.uid == 2)
        let templates = try await client.searchRead(model: "product.template", domain: .all, fields: ["id", "name"])
        #expect(try OdooFieldValues.records(model: "product.template", from: templates).count == 5)

        let paths = transport.requests.map { URLComponents(string: $0.url)?.path ?? "" }
        #expect(paths == ["/json/version", "/jsonrpc", "/jsonrpc", "/jsonrpc"])
        #expect(!paths.contains { $0.hasPrefix("/web/login") })
        // The probe carries no credential.
        let probe = try #require(transport.requests.first)
        #expect(probe.header("Authorization") == nil && probe.body == nil)
    }

    @Test("the production transport refuses the 303 and the client still ends on JSON-RPC (simulator in 18 mode)")
    func productionTransportAgainstSimulator() async throws {
        let simulator = try await OdooSimulator.start(seed: DemoSeeds.odoo18)
        let client = OdooClient(
            configuration: OdooConfiguration(url: simulator.baseURL, database: simulator.database, username: simulator.adminLogin,
                                             apiKey: simulator.adminAPIKey, apiProtocol: .auto, retryPolicy: .none),
            transport: AsyncHTTPClientTransport.forAPICalls())
        let outcome: Result<OdooServerInfo, any Error>
        do { outcome = .success(try await client.connect()) } catch { outcome = .failure(error) }
        let counts = simulator.requestCounts
        await simulator.stop()
        let info = try outcome.get()
        #expect(info.apiProtocol == .jsonrpc && info.majorVersion == 18)
        #expect(counts["GET /json/version"] == 1)
        #expect(counts["GET /web/login"] == nil)
    }

    @Test("ODOO_PROTOCOL=json2 on 18 is a clear configuration error, not a wrong URL")
    func forcedJSON2On18() async throws {
        let client = OdooClient(
            configuration: OdooConfiguration(url: "http://odoo18.test", database: "odoo18", username: "admin",
                                             apiKey: "<API_KEY>", apiProtocol: .json2, retryPolicy: .none),
            transport: Self.recordedOdoo18())
        let error = await #expect(throws: OdooError.self) { try await client.connect() }
        #expect(error?.kind == .protocolUnavailable)
        #expect(error?.failureClass == .configuration)
    }

    @Test("any other redirect of the probe stays a configuration error naming where it points; nothing follows it",
          arguments: [
              "https://erp.example.com/json/version",  // the server moved (http → https, another host)
              "/odoo/json/version",  // a proxy's prefix
              "https://sso.example.com/web/login?redirect=x",  // a login page, but on another server
          ])
    func otherRedirectsStayErrors(location: String) async throws {
        for refusedByTransport in [false, true] {
            let transport = ScriptedTransport { request, _ in
                guard request.method == .get else { return HTTPResponseData(status: 599) }
                if refusedByTransport {
                    throw TransportError.redirected(from: request.url, .init(status: 301, location: location))
                }
                return HTTPResponseData(status: 301, headerFields: [.location: location])
            }
            let client = OdooClient(
                configuration: OdooConfiguration(url: "http://odoo.test", database: "db", username: "admin",
                                                 apiKey: "secret-key-123", apiProtocol: .auto, retryPolicy: .none),
                transport: transport)
            let error = await #expect(throws: OdooError.self) { try await client.connect() }
            #expect(error?.kind == .wrongURL)
            #expect(error?.failureClass == .configuration)
            let pointed = URLComponents(string: location)?.path ?? location
            #expect(error?.description.contains(pointed) == true, "\(String(describing: error))")
            #expect(error?.description.contains("redirect=x") == false)
            #expect(transport.requests.count == 1, "only the probe was sent")
        }
    }

    @Test("which redirects count as Odoo's own login page", arguments: [
        ("/web/login?redirect=%2Fjson%2Fversion%3F", "http://odoo.test", true),
        ("/web/login", "https://erp.example.com:8443", true),
        ("http://odoo.test/web/login?redirect=x", "http://odoo.test", true),
        ("http://odoo.test:80/web/login", "http://odoo.test", true),
        ("HTTP://ODOO.TEST/web/login", "http://odoo.test", true),
        ("https://odoo.test/web/login", "http://odoo.test", false),
        ("http://other.test/web/login", "http://odoo.test", false),
        ("http://odoo.test:8069/web/login", "http://odoo.test", false),
        ("/web/login/totp", "http://odoo.test", false),
        ("/odoo/web/login", "http://odoo.test", false),
        ("/json/version", "http://odoo.test", false),
    ])
    func loginPageTable(location: String, baseURL: String, isLogin: Bool) {
        #expect(JSON2Probe.isLoginPage(location, of: baseURL) == isLogin)
    }

    @Test("18 answers 17's sale-order field names (tax_id, product_uom), which the orders work must use")
    func saleOrderFieldNames() throws {
        let lines = try FixtureLibrary.load("odoo18/jsonrpc/sale_order_line_fields_get_subset.json")
        guard case .object(let fields)? = lines.responseBody?["result"] else { throw FixtureProblem("no fields") }
        #expect(fields["tax_id"] != nil && fields["tax_ids"] == nil)
        #expect(fields["product_uom"] != nil && fields["product_uom_id"] == nil)
    }
}
