import Foundation
import HTTPTransport
import HTTPTypes
import OdooClient
import SyncCore
import Testing

/// Classification by exception class and status, retries, and secrecy.
@Suite("Odoo errors")
struct OdooErrorClassificationTests {
    @Test("exception classes", arguments: [
        ("odoo.exceptions.AccessDenied", OdooError.Kind.invalidCredentials), ("odoo.exceptions.AccessError", .accessDenied),
        ("psycopg2.OperationalError", .unknownDatabase), ("odoo.exceptions.UserError", .userError),
        ("builtins.ValueError", .invalidRequest), ("builtins.TypeError", .invalidRequest), ("builtins.AttributeError", .unknownMethod),
        ("odoo.exceptions.MissingError", .missingRecord), ("werkzeug.exceptions.NotFound", .notFound),
        ("werkzeug.exceptions.Unauthorized", .invalidCredentials), ("psycopg2.errors.SerializationFailure", .unavailable),
        ("some.new.Exception", .serverError),
    ])
    func exceptionClasses(name: String, kind: OdooError.Kind) {
        #expect(OdooErrorClassifier.kind(forException: name) == kind)
    }

    @Test("HTTP statuses without an Odoo error body", arguments: [
        (401, OdooError.Kind.invalidCredentials), (403, .accessDenied), (404, .wrongURL), (408, .timeout), (415, .invalidRequest),
        (429, .rateLimited), (500, .unavailable), (502, .unavailable), (503, .unavailable), (504, .unavailable), (301, .wrongURL),
    ])
    func statuses(status: Int, kind: OdooError.Kind) {
        #expect(OdooErrorClassifier.kind(httpStatus: status, exceptionName: nil, notFound: .wrongURL) == kind)
    }

    @Test("a JSON-2 500 with an Odoo body is decided by its class, a plain 500 is retryable")
    func fiveHundreds() {
        #expect(OdooErrorClassifier.kind(httpStatus: 500, exceptionName: "builtins.ValueError", notFound: .unknownDatabase) == .invalidRequest)
        #expect(OdooErrorClassifier.kind(httpStatus: 500, exceptionName: nil, notFound: .unknownDatabase).failureClass == .retryable)
        #expect(OdooErrorClassifier.kind(httpStatus: 404, exceptionName: nil, notFound: .unknownDatabase) == .unknownDatabase)
    }

    @Test("Retry-After as seconds or an HTTP date")
    func retryAfter() {
        #expect(RetryPolicy.retryAfter("7") == .seconds(7))
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryPolicy.retryAfter("Tue, 14 Nov 2023 22:13:30 GMT", now: now) == .seconds(10))
        #expect(RetryPolicy.retryAfter("soon") == nil)
    }

    static let secret = "s3cr3t-api-key-0123456789"

    static func client(_ transport: ScriptedTransport, retry: RetryPolicy = .none, sleep: SleepRecorder = SleepRecorder()) -> OdooClient {
        OdooClient(configuration: OdooConfiguration(url: "http://odoo.test", database: "db", username: "sync", apiKey: secret,
                                                    apiProtocol: .jsonrpc, retryPolicy: retry),
                   transport: transport, sleep: sleep.sleep)
    }

    @Test("truncated or garbled answers are retryable invalid responses, and are retried")
    func invalidResponsesRetry() async throws {
        let transport = ScriptedTransport { request, index in
            if let session = ScriptedTransport.jsonRPCSession(request) { return session }
            return index == 2 ? ScriptedTransport.body(200, #"{"jsonrpc": "2.0", "id": 3, "result": [{"id": 1, "na"#)
                : ScriptedTransport.rpcResult("5")
        }
        let sleeps = SleepRecorder()
        let client = Self.client(transport, retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1)), sleep: sleeps)
        #expect(try await client.searchCount(model: "product.template") == 5)
        #expect(sleeps.delays.count == 1)

        let once = Self.client(ScriptedTransport { request, _ in
            ScriptedTransport.jsonRPCSession(request) ?? ScriptedTransport.body(200, "<html>gateway</html>", contentType: "text/html")
        })
        let error = await #expect(throws: OdooError.self) { _ = try await once.searchCount(model: "product.template") }
        #expect(error?.kind == .invalidResponse)
        #expect(error?.isRetryable == true)
    }

    @Test("a method returning None (no result key) is null")
    func noResultKey() async throws {
        let client = Self.client(ScriptedTransport { request, _ in
            ScriptedTransport.jsonRPCSession(request) ?? ScriptedTransport.body(200, #"{"jsonrpc": "2.0", "id": 17}"#)
        })
        #expect(try await client.call(model: "product.template", method: "action_archive", ids: [5]) == .null)
    }

    @Test("permanent errors are not retried; 429 waits as told")
    func retryDecisions() async throws {
        let valueError = ScriptedTransport { request, _ in
            ScriptedTransport.jsonRPCSession(request) ?? ScriptedTransport.body(200,
                #"{"jsonrpc":"2.0","id":1,"error":{"code":0,"message":"Odoo Server Error","data":{"name":"builtins.ValueError","message":"Invalid field"}}}"#)
        }
        let sleeps = SleepRecorder()
        let client = Self.client(valueError, retry: RetryPolicy(maxAttempts: 4), sleep: sleeps)
        await #expect(throws: OdooError.self) { _ = try await client.searchCount(model: "product.template") }
        #expect(sleeps.delays.isEmpty)
        #expect(valueError.requests.count == 3, "version, authenticate, one call")

        let limited = ScriptedTransport { request, index in
            if let session = ScriptedTransport.jsonRPCSession(request) { return session }
            return index < 4 ? ScriptedTransport.body(429, "slow down", contentType: "text/plain", headerFields: [.retryAfter: "3"])
                : ScriptedTransport.rpcResult("1")
        }
        let waits = SleepRecorder()
        let patient = Self.client(limited, retry: RetryPolicy(maxAttempts: 4, maxDelay: .seconds(30)), sleep: waits)
        #expect(try await patient.searchCount(model: "product.template") == 1)
        #expect(waits.delays == [.seconds(3), .seconds(3)])
    }

    @Test("the API key appears in no error description, message or log-facing text")
    func secretNeverLeaks() async throws {
        let echoing = ScriptedTransport { request, index in
            if request.method == .get { return ScriptedTransport.body(404, "<html>no</html>", contentType: "text/html") }
            switch index % 6 {
            case 1: return ScriptedTransport.body(200, #"{"jsonrpc":"2.0","id":1,"result":false}"#)
            case 2: return ScriptedTransport.body(200, #"{"jsonrpc":"2.0","id":1,"error":{"code":0,"message":"x","data":{"name":"odoo.exceptions.AccessDenied","message":"bad key \#(Self.secret)"}}}"#)
            case 3: return ScriptedTransport.body(500, "<html>\(Self.secret)</html>", contentType: "text/html")
            case 4: throw TransportError(kind: .timeout, target: "http://odoo.test/jsonrpc", detail: "deadline")
            default: return ScriptedTransport.body(401, #"{"name":"werkzeug.exceptions.Unauthorized","message":"Invalid apikey \#(Self.secret)"}"#)
            }
        }
        var errors: [OdooError] = []
        for _ in 0..<6 {
            let client = Self.client(echoing)
            do { _ = try await client.searchCount(model: "product.template") } catch let error as OdooError { errors.append(error) }
        }
        let configuration = OdooConfiguration(url: "http://odoo.test", database: "db", username: "u", apiKey: Self.secret)
        #expect(errors.count == 6)
        var texts = errors.map(\.description) + errors.compactMap(\.message)
        texts += [configuration.description, String(describing: configuration), String(reflecting: configuration)]
        var dumped = ""
        dump(configuration, to: &dumped)
        texts.append(dumped)
        for text in texts { #expect(!text.contains(Self.secret), "key leaked in: \(text)") }
        #expect(Set(errors.map(\.kind)).count >= 3)
    }
}
