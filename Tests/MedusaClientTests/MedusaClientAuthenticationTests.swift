import Foundation
import HTTPTransport
import MedusaClient
import MedusaSimulator
import SyncCore
import Testing

@Suite("MedusaClient authentication and secrets")
struct MedusaClientAuthenticationTests {
    @Test("a secret key is sent as Basic base64(\"sk_…:\") and accepted")
    func secretKeyAsBasic() async throws {
        try await withSimulator { simulator in
            let recorder = RecordingTransport()
            let store = try await makeClient(simulator, transport: recorder).store()
            #expect(store.id == simulator.configuration.storeId)
            let expected = "Basic " + Data("\(simulator.configuration.secretAPIKey):".utf8).base64EncodedString()
            #expect(recorder.requests.map { $0.header("Authorization") } == [expected])
        }
    }

    @Test("email/password logs in once, sends the JWT as Bearer and logs in again when it is refused")
    func emailPasswordRefreshesOn401() async throws {
        try await withSimulator { simulator in
            let configuration = simulator.configuration
            let recorder = RecordingTransport()
            let client = makeClient(simulator, authentication: .emailPassword(email: configuration.adminEmail,
                                                                              password: configuration.adminPassword),
                                    transport: recorder)
            _ = try await client.createProduct(shirtInput())
            _ = try await client.store()
            #expect(simulator.requestCounts.requests("POST /auth/user/emailpass") == 1)
            let adminCalls = recorder.requests.filter { $0.url.contains("/admin/") }
            #expect(adminCalls.allSatisfy { $0.header("Authorization")?.hasPrefix("Bearer ey") == true })

            simulator.expireAdminTokens()
            let store = try await client.store()
            #expect(store.id == configuration.storeId)
            #expect(simulator.requestCounts.requests("POST /auth/user/emailpass") == 2)
        }
    }

    @Test("concurrent calls share one login")
    func concurrentCallsShareOneLogin() async throws {
        try await withSimulator { simulator in
            let configuration = simulator.configuration
            let client = makeClient(simulator, authentication: .emailPassword(email: configuration.adminEmail,
                                                                              password: configuration.adminPassword))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { _ = try await client.store() } }
                try await group.waitForAll()
            }
            #expect(simulator.requestCounts.requests("POST /auth/user/emailpass") == 1)
        }
    }

    @Test("a refused secret key is a configuration error that names MEDUSA_API_KEY and is not retried")
    func wrongKeyIsConfiguration() async throws {
        try await withSimulator { simulator in
            let wrongKey = "sk_" + String(repeating: "0badc0de", count: 8)
            let client = makeClient(simulator, authentication: .secretKey(wrongKey))
            let error = try await #require(throws: MedusaError.self) { try await client.store() }
            #expect(error.status == 401)
            #expect(error.failureClass == .configuration)
            #expect(error.description.contains("check MEDUSA_API_KEY"))
            #expect(!error.description.contains(wrongKey))
            #expect(simulator.requestCounts.requests("GET /admin/stores") == 1)
        }
    }

    @Test("a refused login is a configuration error that names the admin variables, never the password")
    func wrongPasswordIsConfiguration() async throws {
        try await withSimulator { simulator in
            let password = "not-the-password-42"
            let client = makeClient(simulator, authentication: .emailPassword(
                email: simulator.configuration.adminEmail, password: password))
            let error = try await #require(throws: MedusaError.self) { try await client.store() }
            #expect(error.kind == .authentication)
            #expect(error.failureClass == .configuration)
            #expect(error.message.contains("Invalid email or password"))
            #expect(error.description.contains("MEDUSA_ADMIN_PASSWORD"))
            #expect(!error.description.contains(password))
            #expect(simulator.requestCounts.requests("GET /admin/stores") == 0)
        }
    }

    @Test("no secret (key, password, JWT) appears in any error, description or log line")
    func secretsNeverLeak() async throws {
        try await withSimulator { simulator in
            let configuration = simulator.configuration
            let logs = LogRecorder()
            let recorder = RecordingTransport()

            // Key-based client: a success, a validation failure, a refused key, injected faults.
            let keyClient = makeClient(simulator, transport: recorder, logger: logs.logger)
            _ = try await keyClient.createProduct(shirtInput())
            simulator.faults.update { $0.scripted = [.serverError, .rateLimited] }
            _ = try await keyClient.store()
            let duplicate = try await #require(throws: MedusaError.self) {
                try await keyClient.createProduct(shirtInput())
            }
            let wrongKey = "sk_" + String(repeating: "feedface", count: 8)
            let refused = try await #require(throws: MedusaError.self) {
                try await makeClient(simulator, authentication: .secretKey(wrongKey), logger: logs.logger).store()
            }

            // Login-based client, including a token refresh.
            let loginClient = makeClient(simulator, authentication: .emailPassword(
                email: configuration.adminEmail, password: configuration.adminPassword), transport: recorder,
                logger: logs.logger)
            _ = try await loginClient.store()
            simulator.expireAdminTokens()
            _ = try await loginClient.store()
            let jwts = recorder.requests.compactMap { $0.header("Authorization") }
                .filter { $0.hasPrefix("Bearer ") }.map { String($0.dropFirst(7)) }
            #expect(Set(jwts).count == 2)

            let keyConfiguration = MedusaConfiguration(backendURL: simulator.baseURL,
                                                       authentication: .secretKey(configuration.secretAPIKey))
            let loginConfiguration = MedusaConfiguration(
                backendURL: simulator.baseURL,
                authentication: .emailPassword(email: configuration.adminEmail, password: configuration.adminPassword))
            var dumped = ""
            dump(keyConfiguration, to: &dumped)
            dump(loginConfiguration, to: &dumped)

            let texts = logs.all + [duplicate.description, refused.description, duplicate.message,
                                    String(describing: keyConfiguration), String(reflecting: keyConfiguration),
                                    String(describing: loginConfiguration), dumped,
                                    String(describing: keyConfiguration.authentication)]
            let secrets = [configuration.secretAPIKey, wrongKey, configuration.adminPassword,
                           Data("\(configuration.secretAPIKey):".utf8).base64EncodedString()] + jwts
            #expect(!logs.all.isEmpty)
            for text in texts {
                for secret in secrets {
                    #expect(!text.contains(secret), "a secret leaked into: \(text.prefix(120))")
                }
            }
        }
    }

    @Test("configuration from the environment: key wins, publishable keys and missing values are refused")
    func configurationFromEnvironment() throws {
        let base = ["MEDUSA_BACKEND_URL": "https://shop.example.com/"]
        let keyed = try MedusaConfiguration.fromEnvironment(base.merging([
            "MEDUSA_API_KEY": "sk_abc123", "MEDUSA_ADMIN_EMAIL": "a@b.c", "MEDUSA_ADMIN_PASSWORD": "pw",
            "MEDUSA_SALES_CHANNEL_ID": "sc_1", "MEDUSA_TIMEOUT_SECONDS": "2.5",
        ]) { $1 })
        #expect(keyed.backendURL == "https://shop.example.com")
        #expect(keyed.authentication == .secretKey("sk_abc123"))
        #expect(keyed.salesChannelId == "sc_1")
        #expect(keyed.stockLocationId == nil)
        #expect(keyed.timeout == .milliseconds(2500))

        let login = try MedusaConfiguration.fromEnvironment(base.merging([
            "MEDUSA_ADMIN_EMAIL": "admin@example.com", "MEDUSA_ADMIN_PASSWORD": "pw",
        ]) { $1 })
        #expect(login.authentication == .emailPassword(email: "admin@example.com", password: "pw"))

        #expect(throws: MedusaConfigurationError.self) {
            try MedusaConfiguration.fromEnvironment(base.merging(["MEDUSA_API_KEY": "pk_publishable"]) { $1 })
        }
        #expect(throws: MedusaConfigurationError.self) { try MedusaConfiguration.fromEnvironment(base) }
        #expect(throws: MedusaConfigurationError.self) {
            try MedusaConfiguration.fromEnvironment(["MEDUSA_API_KEY": "sk_abc"])
        }
        #expect(throws: MedusaConfigurationError.self) {
            try MedusaConfiguration.fromEnvironment(["MEDUSA_BACKEND_URL": "shop.example.com", "MEDUSA_API_KEY": "sk_a"])
        }
    }
}

@Suite("Simulator authentication matches Medusa 2.0")
struct SimulatorAuthenticationTests {
    enum Header: String, CaseIterable, CustomTestStringConvertible {
        case basicBase64WithColon, basicRawKey, lowercaseScheme, bearerSecretKey, colonFirst, noHeader, wrongScheme

        var testDescription: String { rawValue }
        var accepted: Bool { [.basicBase64WithColon, .basicRawKey, .lowercaseScheme].contains(self) }

        func value(key: String) -> String? {
            switch self {
            case .basicBase64WithColon: "Basic " + Data("\(key):".utf8).base64EncodedString()
            case .basicRawKey: "Basic \(key)"
            case .lowercaseScheme: "basic " + Data("\(key):".utf8).base64EncodedString()
            case .bearerSecretKey: "Bearer \(key)"
            case .colonFirst: "Basic " + Data(":\(key)".utf8).base64EncodedString()
            case .noHeader: nil
            case .wrongScheme: "Token \(key)"
            }
        }
    }

    @Test("admin routes accept Basic with the raw or base64 key only", arguments: Header.allCases)
    func adminAuthorization(header: Header) async throws {
        try await withSimulator { simulator in
            let raw = RawAdminAPI(simulator: simulator)
            let answer = try await raw.send("GET", "/admin/stores",
                                            authorization: .some(header.value(key: simulator.configuration.secretAPIKey)))
            if header.accepted {
                #expect(answer.status == 200)
            } else {
                #expect(answer.status == 401)
                #expect(answer.text == #"{"message":"Unauthorized"}"#)
            }
        }
    }

    @Test("emailpass login gives a JWT usable as Bearer; wrong credentials get Medusa's 401")
    func emailpassLogin() async throws {
        try await withSimulator { simulator in
            let raw = RawAdminAPI(simulator: simulator)
            let configuration = simulator.configuration
            let wrong = try await raw.send("POST", "/auth/user/emailpass",
                                           json: #"{"email":"\#(configuration.adminEmail)","password":"nope"}"#,
                                           authorization: .some(nil))
            #expect(wrong.status == 401)
            #expect(wrong.text == #"{"type":"unauthorized","message":"Invalid email or password"}"#)

            let login = try await raw.send(
                "POST", "/auth/user/emailpass",
                json: #"{"email":"\#(configuration.adminEmail)","password":"\#(configuration.adminPassword)"}"#,
                authorization: .some(nil))
            let token = try #require(login.json["token"]?.stringValue)
            #expect(token.split(separator: ".").count == 3)
            #expect(try await raw.send("GET", "/admin/products", authorization: .some("Bearer \(token)")).status == 200)
            let refreshed = try await raw.send("POST", "/auth/token/refresh", authorization: .some("Bearer \(token)"))
            #expect(refreshed.json["token"]?.stringValue?.isEmpty == false)
            simulator.expireAdminTokens()
            #expect(try await raw.send("GET", "/admin/products", authorization: .some("Bearer \(token)")).status == 401)
        }
    }
}
