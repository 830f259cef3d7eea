import ExactJSON
import Foundation
import HTTPTransport
import HTTPTypes
import Logging
import MedusaClient
import MedusaSimulator
import SyncCore
import Synchronization
import Testing

/// Starts a fresh simulator for one test and stops it afterwards, whatever the test did.
func withSimulator<T>(
    _ configuration: MedusaSimulatorConfiguration = .init(),
    _ body: (RunningMedusaSimulator) async throws -> T
) async throws -> T {
    let simulator = try await MedusaSimulator.start(configuration: configuration)
    do {
        let result = try await body(simulator)
        await simulator.stop()
        return result
    } catch {
        await simulator.stop()
        throw error
    }
}

/// Retries fast so fault tests stay quick; the delays still come from the shared `RetryPolicy`.
let fastRetries = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))

func makeClient(
    _ simulator: RunningMedusaSimulator,
    authentication: MedusaConfiguration.Authentication? = nil,
    retryPolicy: RetryPolicy = fastRetries,
    timeout: Duration = .seconds(10),
    batchLimits: MedusaConfiguration.BatchLimits = .init(),
    salesChannelId: String? = nil,
    stockLocationId: String? = nil,
    transport: (any HTTPTransport)? = nil,
    logger: Logger = Logger(label: "medusa-client-tests")
) -> MedusaClient {
    let configuration = MedusaConfiguration(
        backendURL: simulator.baseURL,
        authentication: authentication ?? .secretKey(simulator.configuration.secretAPIKey),
        timeout: timeout, retryPolicy: retryPolicy, batchLimits: batchLimits, salesChannelId: salesChannelId,
        stockLocationId: stockLocationId)
    return MedusaClient(configuration: configuration, transport: transport ?? AsyncHTTPClientTransport(), logger: logger)
}

/// A two-option product (Size × Color) the way the mapper would send it: explicit handle and SKUs, major units.
func shirtInput(
    handle: String = "basic-shirt", skuPrefix: String = "SHIRT", salesChannelId: String? = nil,
    description: String? = "Organic cotton", categoryIds: [String] = []
) -> ProductInput {
    ProductInput(
        title: "Basic Shirt", handle: handle, description: description, status: .published,
        externalId: "odoo-template-42", metadata: ["odoo_template_id": .number(42)],
        imageURLs: ["https://images.example.com/shirt-front.jpg", "https://images.example.com/shirt-back.jpg"],
        options: [OptionInput(title: "Size", values: ["S", "M"]), OptionInput(title: "Color", values: ["Blue"])],
        variants: [
            VariantInput(title: "S / Blue", sku: "\(skuPrefix)-S-BLUE", barcode: "\(skuPrefix)-4006381333931",
                         options: ["Size": "S", "Color": "Blue"],
                         prices: [MedusaPrice(currencyCode: "EUR", amount: Decimal(string: "840.4")!),
                                  MedusaPrice(currencyCode: "usd", amount: Decimal(string: "19.99")!)],
                         manageInventory: true, variantRank: 0, metadata: ["odoo_product_id": .number(101)]),
            VariantInput(title: "M / Blue", sku: "\(skuPrefix)-M-BLUE", options: ["Size": "M", "Color": "Blue"],
                         prices: [MedusaPrice(currencyCode: "eur", amount: Decimal(string: "21.5")!)],
                         manageInventory: true, variantRank: 1),
        ],
        salesChannelIds: salesChannelId.map { [$0] } ?? [], categoryIds: categoryIds, weight: Decimal(string: "12.5"))
}

/// A one-variant product using Medusa's `Default`/`Default` option pattern.
func simpleInput(handle: String, sku: String, description: String? = nil) -> ProductInput {
    ProductInput(
        title: "Product \(handle)", handle: handle, description: description, status: .draft,
        options: [OptionInput(title: "Default", values: ["Default"])],
        variants: [VariantInput(title: "Default", sku: sku, options: ["Default": "Default"],
                                prices: [MedusaPrice(currencyCode: "eur", amount: 10)], manageInventory: false)])
}

/// Text of the given size, for body-limit tests.
func filler(bytes: Int) -> String { String(String(repeating: "lorem ipsum ", count: bytes / 12 + 1).prefix(bytes)) }

// MARK: - Raw HTTP, for asserting the simulator's exact answers

/// Sends hand-written requests to the simulator over real loopback HTTP.
struct RawAdminAPI {
    let simulator: RunningMedusaSimulator
    let transport = AsyncHTTPClientTransport()

    var basicAuthorization: String {
        "Basic " + Data("\(simulator.configuration.secretAPIKey):".utf8).base64EncodedString()
    }

    func send(_ method: String, _ pathAndQuery: String, json: String? = nil, body: [UInt8]? = nil,
              contentType: String = "application/json", authorization: String?? = .none) async throws -> RawAnswer {
        var headers = HTTPFields()
        let auth: String? = switch authorization {
        case .none: basicAuthorization
        case .some(let value): value
        }
        if let auth { headers[.authorization] = auth }
        let bytes = body ?? json.map { Array($0.utf8) }
        if bytes != nil { headers[.contentType] = contentType }
        let response = try await transport.send(HTTPRequestData(
            method: HTTPRequest.Method(method)!, url: simulator.baseURL + pathAndQuery, headerFields: headers, body: bytes,
            timeout: .seconds(10)))
        return RawAnswer(status: response.status, body: response.body)
    }
}

struct RawAnswer {
    var status: Int
    var body: [UInt8]

    var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(body))) ?? .null }
    var message: String? { json["message"]?.stringValue }
    var type: String? { json["type"]?.stringValue }
    var text: String { String(decoding: body, as: UTF8.self) }
}

extension JSONValue {
    var arrayValue: [JSONValue] { if case .array(let items) = self { items } else { [] } }
    var objectKeys: Set<String> { if case .object(let members) = self { Set(members.keys) } else { [] } }
}

// MARK: - Recording collaborators

/// Passes requests through to a real transport and keeps a copy of each, for asserting what was sent.
final class RecordingTransport: HTTPTransport {
    private let base: any HTTPTransport
    private let recorded = Mutex<[HTTPRequestData]>([])

    init(_ base: any HTTPTransport = AsyncHTTPClientTransport()) { self.base = base }

    var requests: [HTTPRequestData] { recorded.withLock { $0 } }

    func send(_ request: HTTPRequestData) async throws -> HTTPResponseData {
        recorded.withLock { $0.append(request) }
        return try await base.send(request)
    }
}

/// Answers every request from a closure: for decoding tests that need a response Medusa might send but the
/// simulator does not.
struct CannedTransport: HTTPTransport {
    let answer: @Sendable (HTTPRequestData) -> HTTPResponseData

    func send(_ request: HTTPRequestData) async throws -> HTTPResponseData { answer(request) }
}

/// Collects every log line (message and metadata) a logger emits.
final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var logger: Logger {
        Logger(label: "recorded") { _ in RecordingLogHandler(recorder: self) }
    }
}

struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        recorder.append("\(event.level) \(event.message) \(merged)")
    }
}
