import ExactJSON
import Foundation
import HTTPTransport
import OdooClient
import SyncCore
import Testing

/// Every recorded exchange with real Odoo 17, 18 and 19 servers, replayed through the client: the client must send what
/// the real client sent, decode what the real server answered into the typed records, and classify every error.
@Suite("Recorded Odoo fixtures")
struct RecordedFixtureReplayTests {
    @Test("every fixture file is replayed and has an expectation")
    func everyFixtureIsCovered() throws {
        let paths = FixtureLibrary.allPaths
        #expect(paths.count == (try FixtureLibrary.fileCount()))
        #expect(paths.count == 356 + 137 + 117 + 69,
                "the catalogue recordings, the orders recordings, their deliveries part and the picking webhooks")
        for path in paths {
            #expect(FixtureExpectation.of(try FixtureLibrary.load(path)) != nil, "no expectation for \(path)")
        }
    }

    @Test("replays", arguments: FixtureLibrary.allPaths)
    func replay(path: String) async throws {
        let exchange = try FixtureLibrary.load(path)
        let expectation = try #require(FixtureExpectation.of(exchange), "no expectation for \(path)")
        try await FixtureReplay(exchange: exchange).check(expectation)
    }
}

/// Drives the client through one recorded exchange.
struct FixtureReplay {
    let exchange: RecordedExchange

    func check(_ expectation: FixtureExpectation) async throws {
        switch expectation {
        case .connects(let apiProtocol, let major):
            let info = try await connectClient().connect()
            #expect(info.apiProtocol == apiProtocol)
            #expect(info.majorVersion == (major == 0 ? exchange.majorVersion : major))
            #expect((info.uid ?? 0) > 0)
        case .connectFails(let kind):
            let error = await #expect(throws: OdooError.self) { _ = try await connectClient().connect() }
            #expect(error?.kind == kind)
            try expectNoSecret(in: error)
        case .typed(let typed):
            let result = try await callAsRecorded()
            try TypedDecoding.check(typed, result: result, model: recordedModel)
        case .records(let count):
            let result = try await callAsRecorded()
            let records = try OdooFieldValues.records(model: recordedModel, from: result)
            if count >= 0 { #expect(records.count == count) }
            try RawRecordChecks.check(records)
        case .value(let shape):
            try Self.check(shape, try await callAsRecorded())
        case .answerTo(let shape):
            try Self.check(shape, try await callWithRecordedAnswer())
        case .fails(let kind, let exact):
            let error = await #expect(throws: OdooError.self) {
                _ = exact ? try await callAsRecorded() : try await callWithRecordedAnswer()
            }
            #expect(error?.kind == kind, "\(String(describing: error))")
            #expect(error?.failureClass == kind.failureClass)
            if let name = recordedExceptionName { #expect(error?.exceptionName == name) }
            try expectNoSecret(in: error)
        case .webhookPayload:
            try WebhookFixtureChecks.payload(exchange)
        case .webhookSummary:
            try WebhookFixtureChecks.summary(exchange)
        case .webhookReceiverDown:
            try WebhookFixtureChecks.receiverDown(exchange)
        case .probeSummary:
            try ProbeSummaryCheck.check(exchange)
        case .ordersScenario:
            break
        }
    }

    // MARK: what the recording says

    var isJSON2: Bool { exchange.requestPath?.hasPrefix("/json/2/") == true || exchange.protocolName == "json2" }

    var recordedModel: String {
        if isJSON2 { return exchange.requestPath?.split(separator: "/").dropFirst(2).first.map(String.init) ?? "unknown" }
        let args = exchange.rpcArgs
        return args.count > 3 ? args[3].stringValue ?? "unknown" : "unknown"
    }

    var recordedExceptionName: String? {
        let body = exchange.responseBody
        return body?["error"]?["data"]?["name"]?.stringValue ?? body?["name"]?.stringValue
    }

    /// Credentials as the recording used them (placeholders like `<API_KEY>` are just strings here).
    var configuration: OdooConfiguration {
        var database = "odoo\(exchange.majorVersion)", username = "admin", key = "<API_KEY>"
        if isJSON2 {
            database = exchange.requestHeader("X-Odoo-Database") ?? database
            if let authorization = exchange.requestHeader("Authorization"), let space = authorization.firstIndex(of: " ") {
                key = String(authorization[authorization.index(after: space)...])
            }
        } else {
            let args = exchange.rpcArgs
            if exchange.rpcService == "object" || exchange.rpcMethod == "authenticate" || exchange.rpcMethod == "login" {
                database = args.first?.stringValue ?? database
                key = args.count > 2 ? args[2].stringValue ?? key : key
            }
            if exchange.rpcService == "common", args.count > 1 { username = args[1].stringValue ?? username }
        }
        let apiProtocol: OdooConfiguration.APIProtocolChoice = exchange.requestPath == "/jsonrpc" ? .jsonrpc : .json2
        return OdooConfiguration(url: "http://odoo.test", database: database, username: username, apiKey: key,
                                 apiProtocol: apiProtocol, retryPolicy: .none)
    }

    func expectNoSecret(in error: OdooError?) throws {
        guard let error else { return }
        let key = configuration.apiKey
        #expect(!error.description.contains(key) || key.count < 4, "API key in: \(error.description)")
    }

    // MARK: session answers (the steps around the exchange under test)

    /// The recorded answer for a connect step, from the same server version's fixtures.
    func sessionAnswer(for request: HTTPRequestData) throws -> HTTPResponseData? {
        let version = "odoo\(exchange.majorVersion)"
        if request.method == .get {
            // 18's probe was recorded beside its JSON-RPC exchanges (it has no JSON-2 folder).
            let folder = exchange.majorVersion == 18 ? "jsonrpc" : "json2"
            return try FixtureLibrary.load("\(version)/\(folder)/version_get_json_version.json").httpResponse
        }
        if request.url.hasSuffix("/json/2/res.users/context_get") {
            return try FixtureLibrary.load("odoo19/json2/whoami_res_users_context_get.json").httpResponse
        }
        guard request.url.hasSuffix("/jsonrpc"), let body = request.body, let json = try? JSONText.parse(body),
              json["params"]?["service"]?.stringValue == "common" else { return nil }
        switch json["params"]?["method"]?.stringValue {
        case "version":
            return try FixtureLibrary.load("\(version)/jsonrpc/common_version.json").httpResponse
        case "authenticate":
            // The recorded uid of the call under test (2 for the admin key, 7/8 for the portal key, 999999 for the
            // wrong-uid recording).
            let args = exchange.rpcArgs
            let uid = exchange.rpcService == "object" && args.count > 1 ? args[1] : .number(2)
            return try FixtureLibrary.load("\(version)/jsonrpc/common_authenticate_ok.json").httpResponse(replacingResult: uid)
        default:
            return nil
        }
    }

    /// Is this request the one the fixture recorded (as opposed to a connect step)?
    func isRecordedStep(_ request: HTTPRequestData) -> Bool {
        if exchange.requestMethod == "GET" { return request.method == .get }
        if request.method == .get { return false }
        if isJSON2 { return request.url.hasSuffix(exchange.requestPath ?? "") }
        guard let body = request.body, let json = try? JSONText.parse(body) else { return false }
        return json["params"]?["service"] == exchange.requestBody?["params"]?["service"]
            && json["params"]?["method"] == exchange.requestBody?["params"]?["method"]
    }

    // MARK: driving the client

    func connectClient() -> OdooClient {
        var configuration = configuration
        // Connect recordings: JSON-2 version probes run in auto mode; the others force their protocol.
        if exchange.requestMethod == "GET" || exchange.baseName == "json2_not_available_in_17" { configuration.apiProtocol = .auto }
        let transport = ScriptedTransport { [self] request, _ in
            if isRecordedStep(request) || (exchange.baseName == "json2_not_available_in_17" && request.method == .get) {
                return exchange.httpResponse
            }
            guard let answer = try sessionAnswer(for: request) else {
                Issue.record("unexpected request \(request.method) \(request.url)")
                return HTTPResponseData(status: 599)
            }
            return answer
        }
        return OdooClient(configuration: configuration, transport: transport)
    }

    /// Makes the recorded call through the client's generic API and checks the client sent exactly the recorded request.
    func callAsRecorded() async throws -> JSONValue {
        let transport = ScriptedTransport { [self] request, _ in
            if isRecordedStep(request) {
                try RequestComparison.expectSame(request, as: exchange)
                return exchange.httpResponse
            }
            guard let answer = try sessionAnswer(for: request) else {
                Issue.record("unexpected request \(request.method) \(request.url)")
                return HTTPResponseData(status: 599)
            }
            return answer
        }
        let client = OdooClient(configuration: configuration, transport: transport)
        if isJSON2 {
            guard case .object(var body)? = exchange.requestBody else { throw FixtureProblem("JSON-2 body is not an object") }
            let ids = body.removeValue(forKey: "ids").flatMap { value -> [Int]? in
                if case .array(let list) = value { return list.compactMap(\.intValue) }
                return nil
            }
            var context: [String: JSONValue]?
            if case .object(let given)? = body.removeValue(forKey: "context") { context = given }
            return try await client.call(model: recordedModel, method: String(exchange.requestPath!.split(separator: "/").last!),
                                         ids: ids, kwargs: body, context: context)
        }
        let args = exchange.rpcArgs
        guard exchange.rpcService == "object" else {
            return try await client.serviceCall(service: exchange.rpcService ?? "", method: exchange.rpcMethod ?? "", args: args)
        }
        guard args.count >= 6, case .array(let positional) = args[5], let method = args[4].stringValue else {
            throw FixtureProblem("execute_kw without model arguments")
        }
        var kwargs: [String: JSONValue] = [:]
        if args.count > 6, case .object(let given) = args[6] { kwargs = given }
        return try await client.call(model: recordedModel, method: method, args: positional, kwargs: kwargs)
    }

    /// For recordings of requests the client never makes (malformed JSON, GET, missing headers): an ordinary
    /// `search_count` gets the recorded answer.
    func callWithRecordedAnswer() async throws -> JSONValue {
        let transport = ScriptedTransport { [self] request, _ in
            if let answer = try sessionAnswer(for: request) { return answer }
            return exchange.httpResponse
        }
        let client = OdooClient(configuration: configuration, transport: transport)
        return .number(Decimal(try await client.searchCount(model: "product.template")))
    }

    static func check(_ shape: FixtureExpectation.Shape, _ value: JSONValue) throws {
        switch shape {
        case .integer:
            guard case .number(let number) = value else { throw FixtureProblem("expected a number, got \(value)") }
            #expect(number > 0)
        case .ids:
            guard case .array(let items) = value else { throw FixtureProblem("expected ids, got \(value)") }
            let ids = try OdooFieldValues(model: "ids", values: ["ids": value]).ids("ids")
            #expect(ids.count == items.count && !ids.isEmpty)
        case .isTrue: #expect(value == .bool(true))
        case .null: #expect(value == .null)
        case .object:
            guard case .object(let object) = value else { throw FixtureProblem("expected an object, got \(value)") }
            #expect(!object.isEmpty)
        }
    }
}

struct FixtureProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The client's request must be the recorded one: same method and path, same JSON body (JSON-RPC `id` aside), and for
/// JSON-2 the same key and database headers.
enum RequestComparison {
    static func expectSame(_ request: HTTPRequestData, as exchange: RecordedExchange) throws {
        #expect(request.method.rawValue == exchange.requestMethod)
        #expect(URLComponents(string: request.url)?.path == exchange.requestPath)
        if exchange.requestPath?.hasPrefix("/json/2/") == true {
            #expect(request.header("Authorization")?.lowercased() == exchange.requestHeader("Authorization")?.lowercased())
            #expect(request.header("X-Odoo-Database") == exchange.requestHeader("X-Odoo-Database"))
        }
        guard let recorded = exchange.requestBody, recorded != .null else { return }
        let sent = try JSONText.parse(request.body ?? [])
        #expect(withoutRequestId(sent) == withoutRequestId(recorded), "request differs from \(exchange.path)")
    }

    private static func withoutRequestId(_ value: JSONValue) -> JSONValue {
        guard case .object(var object) = value else { return value }
        object["id"] = nil
        return .object(object)
    }
}

/// Typed decoding of a recorded answer.
enum TypedDecoding {
    static func check(_ typed: FixtureExpectation.Typed, result: JSONValue, model: String) throws {
        let records = try OdooFieldValues.records(model: model, from: result)
        #expect(!records.isEmpty)
        switch typed {
        case .templates:
            let templates = try records.map(OdooRecordDecoder.template)
            #expect(templates.allSatisfy { $0.listPrice >= 0 && !$0.name.isEmpty })
            if let desk = templates.first(where: { $0.id == 9 }) {
                #expect(desk.variantIds.count == 5)
                #expect(desk.defaultCode == nil, "a multi-variant template reports default_code false")
            }
        case .variants:
            let variants = try records.map(OdooRecordDecoder.variant)
            #expect(variants.allSatisfy { $0.templateId > 0 })
        case .attributeLines:
            #expect(try records.map(OdooRecordDecoder.attributeLine).allSatisfy { !$0.valueIds.isEmpty })
        case .templateAttributeValues:
            let values = try records.map(OdooRecordDecoder.templateAttributeValue)
            #expect(values.allSatisfy { $0.valueId > 0 && $0.attributeId > 0 })
            // Legs: Aluminium carries the demo's +50.4 on both servers, exactly.
            if let aluminium = values.first(where: { $0.name == "Aluminium" }) { #expect(aluminium.priceExtra == Decimal(string: "50.4")!) }
        case .attributes:
            let attributes = try records.map(OdooRecordDecoder.attribute)
            #expect(attributes.allSatisfy { ["always", "dynamic", "no_variant"].contains($0.createVariant) })
        case .attributeValues:
            #expect(try records.map(OdooRecordDecoder.attributeValue).allSatisfy { $0.attributeId > 0 })
        case .categories:
            let categories = try records.map(OdooRecordDecoder.category)
            #expect(categories.contains { $0.parentId != nil })
        case .currencies:
            let currencies = try records.map(OdooRecordDecoder.currency)
            #expect(currencies.allSatisfy { $0.rounding == Decimal(string: "0.01")! && $0.rate != nil })
        case .pricelists:
            #expect(try records.map(OdooRecordDecoder.pricelist).allSatisfy { $0.currencyId > 0 })
        case .pricelistItems:
            let items = try records.map(OdooRecordDecoder.pricelistItem)
            #expect(items.contains { $0.appliedOn == .variant && $0.fixedPrice == 699 })
            if records.contains(where: { $0.has("date_start") }) {
                #expect(items.contains { $0.dateStart?.text == "2026-01-01 00:00:00" })
            }
        case .stockQuants:
            let quants = try records.map(OdooRecordDecoder.stockQuant)
            #expect(quants.allSatisfy { $0.variantId > 0 && $0.locationId > 0 })
            let levels = OdooRecordDecoder.stockLevels(variantIds: quants.map(\.variantId), quants: quants)
            #expect(levels.reduce(Decimal(0)) { $0 + $1.quantity } == quants.reduce(Decimal(0)) { $0 + $1.quantity })
        case .images:
            for field in ["image_1920", "image_128"] {
                let images = try records.compactMap { try OdooRecordDecoder.image($0, field: field, owner: OdooImage.Owner.template) }
                #expect(images.count == 1)
                // The recording cut the base64 to 200 characters (true length in `<field>__full_length`): 150 bytes.
                #expect(images.first?.data.count == 150)
                #expect(images.first?.data.prefix(2) == [0xFF, 0xD8], "JPEG magic")
            }
        }
    }
}

/// Checks any record answer through the value conventions: ids are whole numbers, datetimes parse, many2one in every
/// recorded form yields an id.
enum RawRecordChecks {
    static func check(_ records: [OdooFieldValues]) throws {
        for record in records {
            _ = try record.optionalInt("id")
            for (field, value) in record.values {
                if field.hasSuffix("_date") || field == "date_start" || field == "date_end" {
                    _ = try record.dateTime(field)
                }
                if field.hasSuffix("_id"), field != "display_name" {
                    switch value {
                    case .array, .object, .number, .bool(false): _ = try record.many2oneId(field)
                    default: break
                    }
                }
            }
        }
    }
}
