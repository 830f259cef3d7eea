import ExactJSON
import Foundation
import SyncCore
import Synchronization

/// The simulated Odoo behind the HTTP routes: authentication, both protocols' envelopes and status codes, and the
/// request counters. Holds the database in a `Mutex`, so requests and test mutations can run concurrently.
final class SimulatedOdooServer: Sendable {
    let serverVersion: String
    let majorVersion: Int
    let database: String
    let configuration: OdooSimulatorConfiguration
    let state: Mutex<SimDatabase>
    private let counters = Mutex<[String: Int]>([:])

    init(seed: OdooCatalogueSeed, configuration: OdooSimulatorConfiguration) {
        serverVersion = seed.serverVersion
        majorVersion = seed.majorVersion
        database = configuration.database ?? seed.database
        self.configuration = configuration
        var data = seed.data
        Self.addUsersAndCompanies(seed: seed, users: configuration.users, to: &data)
        OrderReferenceSeed.add(to: &data, companyId: seed.companyId, otherCompanyIds: seed.otherCompanyIds,
                               stamp: data.latestWrite.wholeSecond)
        if configuration.deliveryModuleInstalled, data.tables["stock.picking"]?.count == 0,
           let schema = SimulatedModels.pickingSchemaWithDeliveryModule(version: data.version) {
            data.tables["stock.picking"] = SimTable(schema: schema)
            data.foreignNames["delivery.carrier"] = [SimulatedPickingType.carrierId: "Standard delivery"]
            data.carrierTrackingURLTemplate = configuration.carrierTrackingURL
        }
        data.foreignNames["stock.picking.type"] = SimulatedPickingType.names
        data.webhookSettings = configuration.webhooks
        state = Mutex(data)
    }

    /// Where webhooks fired by ORM calls go (set by `RunningOdooSimulator` to its dispatcher).
    let webhookOutlet = Mutex<(@Sendable ([PendingWebhook]) -> Void)?>(nil)

    /// Runs an ORM call and hands the webhooks it fired to the outlet once it is committed (as 19 sends them; 17's
    /// POSTs from inside the transaction are simulated for the product mutations only).
    func executeCommitted(_ call: ORMCall) throws(SimulatedOdooException) -> [UInt8] {
        let (result, posts) = try state.withLock { database throws(SimulatedOdooException) in
            defer { database.outbox.removeAll() }
            let result = try database.execute(call)
            return (result, database.outbox)
        }
        if !posts.isEmpty, let outlet = webhookOutlet.withLock({ $0 }) { outlet(posts) }
        return result
    }

    private static func addUsersAndCompanies(seed: OdooCatalogueSeed, users: [OdooSimulatedUser], to data: inout SimDatabase) {
        let currencyId: Int = {
            guard let currencies = data.tables["res.currency"] else { return 1 }
            return (0..<currencies.count).first { currencies.value($0, "name").text == seed.companyCurrencyCode }
                .map { currencies.ids[$0] } ?? 1
        }()
        let stamp = data.latestWrite.wholeSecond
        if var companies = data.tables["res.company"] {
            for (index, id) in ([seed.companyId] + seed.otherCompanyIds).enumerated() {
                var row = companies.blankRow(id: id)
                let values: [String: SimValue] = [
                    "name": .text(index == 0 ? seed.companyName : "Company \(id)"), "currency_id": .many2one(currencyId),
                    "write_date": .timestamp(stamp), "create_date": .timestamp(stamp),
                ]
                for (name, value) in values { if let position = companies.schema.storedIndex(name) { row[position] = value } }
                companies.put(id: id, row: row)
            }
            data.tables["res.company"] = companies
        }
        if var table = data.tables["res.users"] {
            for user in users.sorted(by: { $0.uid < $1.uid }) {
                var row = table.blankRow(id: user.uid)
                let values: [String: SimValue] = [
                    "name": .text(user.name), "login": .text(user.login), "active": .bool(true),
                    "company_id": .many2one(seed.companyId), "write_date": .timestamp(stamp), "create_date": .timestamp(stamp),
                ]
                for (name, value) in values { if let position = table.schema.storedIndex(name) { row[position] = value } }
                table.put(id: user.uid, row: row)
            }
            data.tables["res.users"] = table
        }
    }

    // MARK: counters

    func count(_ key: String) { counters.withLock { $0[key, default: 0] += 1 } }
    var requestCounts: [String: Int] { counters.withLock { $0 } }
    func resetCounts() { counters.withLock { $0.removeAll() } }

    // MARK: version

    var versionInfo: JSONValue {
        let parts = serverVersion.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        return .array([.number(Decimal(majorVersion)), .number(Decimal(parts.count > 1 ? parts[1] : 0)), .number(0),
                       .string("final"), .number(0), .string("")])
    }

    // MARK: JSON-RPC

    /// `POST /jsonrpc`: answers HTTP 200 with `result` or `error` (code 0 on 19, 200 on 17), or 400 text for bodies
    /// that are not JSON-RPC.
    func handleJSONRPC(body: [UInt8]) -> SimulatedResponse {
        guard let request = try? JSONText.parse(body) else { return .html(status: 400, "Invalid JSON data") }
        guard case .object(let envelope) = request, case .object(let params)? = envelope["params"] else {
            return .html(status: 400, "Invalid JSON-RPC data")
        }
        let requestId = envelope["id"] ?? .null
        let service = params["service"]?.stringValue ?? ""
        let method = params["method"]?.stringValue ?? ""
        var args: [JSONValue] = []
        if case .array(let list)? = params["args"] { args = list }
        var writer = JSONWriter(reservingCapacity: 4096)
        writer.appendRaw("{\"jsonrpc\": \"2.0\", \"id\": ")
        writer.append(requestId)
        do {
            let result = try dispatchRPC(service: service, method: method, args: args)
            writer.appendRaw(", \"result\": ")
            writer.bytes.append(contentsOf: result)
        } catch {
            writer.appendRaw(", \"error\": {\"code\": \(majorVersion >= 19 ? 0 : 200), \"message\": \"Odoo Server Error\", \"data\": ")
            writer.append(error.errorObject(version: majorVersion), sortedKeys: false)
            writer.appendRaw("}")
        }
        writer.appendRaw("}")
        return .json(status: 200, writer.bytes)
    }

    private func dispatchRPC(service: String, method: String, args: [JSONValue]) throws(SimulatedOdooException) -> [UInt8] {
        switch (service, method) {
        case ("common", "version"):
            count("common/version")
            return JSONText.serialize(.object([
                "server_version": .string(serverVersion), "server_version_info": versionInfo,
                "server_serie": .string("\(majorVersion).0"), "protocol_version": .number(1),
            ]), sortedKeys: false)
        case ("common", "authenticate"), ("common", "login"):
            count("common/\(method)")
            guard args.count >= 3, let db = args[0].stringValue, let login = args[1].stringValue, let key = args[2].stringValue else {
                throw .typeError("\(method)() missing required positional arguments")
            }
            guard db == database else { throw .unknownDatabase(db) }
            let user = configuration.users.first { $0.login == login && $0.apiKey == key }
            return user.map { JSONText.serialize(.number(Decimal($0.uid))) } ?? Array("false".utf8)
        case ("common", _):
            count("common/\(method)")
            throw SimulatedOdooException("builtins.AttributeError", "module 'odoo.service.common' has no attribute 'exp_\(method)'")
        case ("object", "execute_kw"):
            guard args.count >= 6, let db = args[0].stringValue, let uid = args[1].intValue, let key = args[2].stringValue,
                  let model = args[3].stringValue, let modelMethod = args[4].stringValue, case .array(var positional) = args[5] else {
                throw .typeError("execute_kw() missing required positional arguments")
            }
            count("\(model)/\(modelMethod)")
            guard db == database else { throw .unknownDatabase(db) }
            guard let user = configuration.users.first(where: { $0.uid == uid }) else { throw .missingUser(uid) }
            guard user.apiKey == key else { throw .accessDenied() }
            var named: [String: JSONValue] = [:]
            if args.count > 6, case .object(let kwargs) = args[6] { named = kwargs }
            var context: [String: JSONValue] = [:]
            if case .object(let given)? = named.removeValue(forKey: "context") { context = given }
            var ids: [Int]?
            if SimulatedMethod(rawValue: modelMethod)?.isRecordMethod == true, !positional.isEmpty {
                let first = positional.removeFirst()
                switch first {
                case .array(let list): ids = list.compactMap(\.intValue)
                case .number: ids = first.intValue.map { [$0] }
                default: ids = []
                }
            }
            let call = ORMCall(model: model, method: modelMethod, ids: ids, positional: positional, named: named,
                               context: context, user: user, viaJSON2: false, now: configuration.clock())
            return try executeCommitted(call)
        case ("object", _):
            count("object/\(method)")
            throw SimulatedOdooException("builtins.AttributeError", "module 'odoo.service.model' has no attribute 'exp_\(method)'")
        default:
            count("\(service)/\(method)")
            throw SimulatedOdooException("builtins.KeyError", service)
        }
    }

    // MARK: JSON-2

    /// `POST /json/2/<model>/<method>` on 19: bearer key, `X-Odoo-Database`, named arguments, real status codes.
    func handleJSON2(model: String, method: String, headers: [String: String], body: [UInt8]) -> SimulatedResponse {
        count("\(model)/\(method)")
        guard majorVersion >= 19 else { return .werkzeugNotFound }
        if let requested = headers["x-odoo-database"] {
            guard requested == database else { return .noDatabaseSelected }
        } else if configuration.multipleDatabases {
            return .noDatabaseSelected
        }
        guard headers["content-type"]?.lowercased().contains("application/json") == true else { return .unsupportedMediaType }
        guard let authorization = headers["authorization"] else {
            return json2Error(SimulatedOdooException("werkzeug.exceptions.Unauthorized",
                                                     "User not authenticated, use an API Key with a Bearer Authorization header.",
                                                     json2Status: 401))
        }
        let parts = authorization.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
              let user = configuration.users.first(where: { $0.apiKey == parts[1] }) else {
            var response = json2Error(SimulatedOdooException("werkzeug.exceptions.Unauthorized", "Invalid apikey", json2Status: 401))
            response.headers["WWW-Authenticate"] = "Bearer"
            return response
        }
        let parsed: JSONValue
        do {
            parsed = try JSONText.parse(body)
        } catch {
            return json2Error(SimulatedOdooException("werkzeug.exceptions.BadRequest",
                                                     "could not parse the body as json: Expecting value: (char \(error.offset))",
                                                     json2Status: 400))
        }
        guard case .object(var named) = parsed else {
            return json2Error(SimulatedOdooException("werkzeug.exceptions.BadRequest", "the body must be a JSON object", json2Status: 400))
        }
        var ids: [Int]?
        if let given = named.removeValue(forKey: "ids") {
            guard case .array(let list) = given else {
                return json2Error(SimulatedOdooException("werkzeug.exceptions.UnprocessableEntity", "ids must be a list", json2Status: 422))
            }
            ids = list.compactMap(\.intValue)
        }
        var context: [String: JSONValue] = [:]
        if case .object(let given)? = named.removeValue(forKey: "context") { context = given }
        let call = ORMCall(model: model, method: method, ids: ids, positional: [], named: named, context: context, user: user,
                           viaJSON2: true, now: configuration.clock())
        do {
            let result = try executeCommitted(call)
            return .json(status: 200, result)
        } catch {
            return json2Error(error)
        }
    }

    private func json2Error(_ error: SimulatedOdooException) -> SimulatedResponse {
        .json(status: error.json2Status, JSONText.serialize(error.errorObject(version: majorVersion), sortedKeys: false))
    }
}

/// A response before it becomes a Hummingbird `Response`.
struct SimulatedResponse: Sendable {
    var status: Int
    var contentType: String
    var body: [UInt8]
    var headers: [String: String] = [:]

    static func json(status: Int, _ body: [UInt8]) -> SimulatedResponse {
        SimulatedResponse(status: status, contentType: "application/json; charset=utf-8", body: body)
    }

    static func html(status: Int, _ text: String) -> SimulatedResponse {
        SimulatedResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(text.utf8))
    }

    /// Werkzeug's standard 404 page (what Odoo 17 answers for `/json/2/…` and `/json/version`).
    static let werkzeugNotFound = html(status: 404, "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n")

    /// Odoo's page when the database named by `X-Odoo-Database` does not exist (or none is given on a multi-db server).
    static let noDatabaseSelected = html(status: 404, "<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>\n<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>\n\n<!-- Alternatively, use the X-Odoo-Database header. -->\n")

    /// Odoo 18's answer to an anonymous request on the web client's `/json/<path>` route (auth=user): a 303 to the
    /// login page, carrying the requested path (recorded: odoo18/jsonrpc/version_get_json_version).
    static func loginRedirect(from path: String) -> SimulatedResponse {
        let next = (path + "?").addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
        let target = "/web/login?redirect=" + next
        var response = html(status: 303, "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href=\"\(target)\">\(target)</a>. If not, click the link.\n")
        response.headers["Location"] = target
        return response
    }

    /// The login page an anonymous browser is sent to (the sync never requests it; tests count that it did not).
    static let loginPage = html(status: 200, "<!DOCTYPE html>\n<html><head><title>Login | Odoo</title></head><body><form class=\"oe_login_form\" action=\"/web/login\" method=\"post\"></form></body></html>\n")

    static let unsupportedMediaType = html(status: 415, "<!doctype html>\n<html lang=en>\n<title>415 Unsupported Media Type</title>\n<h1>Unsupported Media Type</h1>\n<p>Request inferred type is compatible with [&#39;http&#39;] but &#39;/json/2/&lt;__model__&gt;/&lt;__method__&gt;&#39; is type=&#39;json2&#39;.<br><br>Please verify the Content-Type request header and try again.</p>\n")
}
