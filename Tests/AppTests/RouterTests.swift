import Foundation
import Hummingbird
import HummingbirdTesting
import RunStore
import SyncCore
import Testing

@testable import App

@Suite("HTTP API")
struct RouterTests {
    @Test("GET /health answers 200 without auth, with database and integration state")
    func health() async throws {
        let service = try await TestService()
        try await service.application().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let json = response.json
                #expect(json["status"] as? String == "ok")
                #expect(json["database"] as? String == "ok")
                #expect((json["odoo"] as? [String: Any])?["configured"] as? Bool == true)
                #expect(json["queueDepth"] as? Int == 0)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
        }
    }

    @Test("GET /health works with nothing configured and names what is missing; /health/ready answers 503 with reasons")
    func healthUnconfigured() async throws {
        let configuration = AppConfiguration.load(from: EnvironmentSource([:]))
        let service = try await TestService(configuration: configuration, executor: nil)
        try await service.application().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let odoo = response.json["odoo"] as? [String: Any]
                #expect(odoo?["configured"] as? Bool == false)
                #expect((odoo?["missing"] as? [String])?.contains("ODOO_API_KEY") == true)
            }
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let reasons = response.json["reasons"] as? [String] ?? []
                #expect(reasons.contains { $0.contains("ODOO_URL") })
                #expect(reasons.contains { $0.contains("MEDUSA_API_KEY") })
            }
        }
    }

    @Test("GET /health/ready answers 200 when everything is configured")
    func ready() async throws {
        try await TestService().application().test(.router) { client in
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.json["ready"] as? Bool == true)
            }
        }
    }

    @Test("the API needs the bearer token", arguments: [
        ("/sync", HTTPRequest.Method.post), ("/runs", .get), ("/runs/1", .get), ("/runs/1/cancel", .post),
        ("/retries", .get), ("/retries/product/1/retry", .post),
    ])
    func authRequired(path: String, method: HTTPRequest.Method) async throws {
        try await TestService().application().test(.router) { client in
            try await client.execute(uri: path, method: method) { response in
                #expect(response.status == .unauthorized)
                #expect(response.errorCode == "unauthorized")
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            try await client.execute(uri: path, method: method, headers: bearer("wrong-token")) { response in
                #expect(response.status == .unauthorized)
                #expect(response.errorMessage == "invalid API token")
            }
            try await client.execute(uri: path, method: method, headers: [.authorization: "Basic \(TestService.apiToken)"]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("every path openapi.yaml secures with bearerAuth needs the token in AuthMiddleware, and no other")
    func authMatchesTheContract() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../openapi.yaml")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var secured: [String: Bool] = [:]
        var current: String?
        for line in lines {
            if line.hasPrefix("components:") { break }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                current = String(line.dropFirst(2).dropLast())
                secured[current!] = false
            } else if let current, line.contains("bearerAuth") {
                secured[current] = true
            }
        }
        #expect(secured.count >= 10, "paths read from openapi.yaml: \(secured.keys.sorted())")
        for (template, needsToken) in secured {
            let path = template.replacingOccurrences(of: "{kind}", with: "product")
                .replacingOccurrences(of: #"\{[^}]+\}"#, with: "1", options: .regularExpression)
            #expect(AuthMiddleware<BasicRequestContext>.needsAPIToken(path) == needsToken, "\(template)")
        }
    }

    @Test("an unconfigured SYNC_API_TOKEN closes the API with 503 naming the variable")
    func tokenNotConfigured() async throws {
        let service = try await TestService(configuration: TestService.configuration(["SYNC_API_TOKEN": ""]))
        try await service.application().test(.router) { client in
            try await client.execute(uri: "/runs", method: .get, headers: bearer()) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.errorCode == "not_configured")
                #expect(response.errorMessage?.contains("SYNC_API_TOKEN") == true)
            }
        }
    }

    @Test("POST /sync with Odoo or Medusa unconfigured answers 503 naming the missing variables")
    func syncNotConfigured() async throws {
        let configuration = AppConfiguration.load(from: EnvironmentSource(["SYNC_API_TOKEN": TestService.apiToken]))
        let service = try await TestService(configuration: configuration, executor: nil)
        try await service.application().test(.router) { client in
            try await client.execute(uri: "/sync", method: .post, headers: bearer()) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.errorMessage?.contains("ODOO_URL") == true)
                #expect(response.errorMessage?.contains("MEDUSA_BACKEND_URL") == true)
            }
        }
    }

    @Test("POST /sync queues a run: 202, Location, and an equal request coalesces into it")
    func syncQueuesAndCoalesces() async throws {
        let service = try await TestService(executor: ControlledExecutor(autoRelease: false))
        try await service.application().test(.router) { client in
            let first = try await client.execute(uri: "/sync", method: .post, headers: bearer(), body: ByteBuffer(json: #"{"mode":"full"}"#)) { response in
                #expect(response.status == .accepted)
                #expect(response.headers[.location] == "/runs/1")
                #expect(response.json["coalesced"] as? Bool == false)
                return (response.json["run"] as? [String: Any])?["id"] as? Int
            }
            #expect(first == 1)
            // Nobody drains the queue here (the runner service is not running), so run 1 stays queued.
            try await client.execute(uri: "/sync", method: .post, headers: bearer(), body: ByteBuffer(json: #"{"mode":"incremental"}"#)) { response in
                #expect(response.status == .accepted)
                #expect(response.json["coalesced"] as? Bool == true)
                #expect(response.headers[.location] == "/runs/1")
            }
            try await client.execute(uri: "/sync", method: .post, headers: bearer(), body: ByteBuffer(json: #"{"productIds":[5,6]}"#)) { response in
                #expect(response.json["coalesced"] as? Bool == true)
            }
            // A dry run is never covered by a real one.
            try await client.execute(uri: "/sync", method: .post, headers: bearer(), body: ByteBuffer(json: #"{"dryRun":true}"#)) { response in
                #expect(response.json["coalesced"] as? Bool == false)
                #expect(response.headers[.location] == "/runs/2")
            }
        }
    }

    @Test("POST /sync with an empty body means an incremental run")
    func syncEmptyBody() async throws {
        let service = try await TestService()
        try await service.application().test(.router) { client in
            try await client.execute(uri: "/sync", method: .post, headers: [.authorization: "Bearer \(TestService.apiToken)"]) { response in
                #expect(response.status == .accepted)
                let run = response.json["run"] as? [String: Any]
                #expect(run?["mode"] as? String == "incremental")
                #expect(run?["status"] as? String == "queued")
            }
        }
    }

    @Test("bad input to POST /sync is a 400 with a JSON error", arguments: [
        #"{"mode":"full""#,  // malformed JSON
        #"{"mode":"sideways"}"#,  // unknown enum value
        #"{"productIds":"7"}"#,  // wrong type
        #"{"productIds":[0]}"#,  // not an Odoo id
        #"{"mode":"full","productIds":[3]}"#,  // contradictory
        #"{"surprise":true}"#,  // unknown field
        #"[1,2,3]"#,  // not an object
    ])
    func syncBadInput(body: String) async throws {
        try await TestService().application().test(.router) { client in
            try await client.execute(uri: "/sync", method: .post, headers: bearer(), body: ByteBuffer(json: body)) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(response.errorCode == "invalid_request")
            }
        }
    }

    @Test("a body over 1 MB is refused with 413")
    func bodyTooLarge() async throws {
        let huge = #"{"productIds":["# + String(repeating: "1,", count: 600_000) + "1]}"
        try await TestService().application().test(.router) { client in
            try await client.execute(uri: "/sync", method: .post, headers: bearer(), body: ByteBuffer(string: huge)) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.errorCode == "payload_too_large")
            }
        }
    }

    @Test("GET /runs pages newest first with a cursor and filters by status and trigger")
    func runsPagination() async throws {
        let service = try await TestService()
        for index in 0..<5 {
            let run = try await service.store.createRun(trigger: index == 0 ? .schedule : .api, request: .targeted([index + 1]))
            try await service.store.finishRun(id: run.id, status: index == 4 ? .failed : .succeeded)
        }
        try await service.application().test(.router) { client in
            let cursor = try await client.execute(uri: "/runs?limit=2", method: .get, headers: bearer()) { response in
                #expect(response.status == .ok)
                let runs = response.json["runs"] as? [[String: Any]] ?? []
                #expect(runs.compactMap { $0["id"] as? Int } == [5, 4])
                return response.json["nextCursor"] as? String
            }
            let next = try #require(cursor)
            try await client.execute(uri: "/runs?limit=2&cursor=\(next)", method: .get, headers: bearer()) { response in
                let runs = response.json["runs"] as? [[String: Any]] ?? []
                #expect(runs.compactMap { $0["id"] as? Int } == [3, 2])
            }
            try await client.execute(uri: "/runs?limit=10&cursor=2", method: .get, headers: bearer()) { response in
                let runs = response.json["runs"] as? [[String: Any]] ?? []
                #expect(runs.compactMap { $0["id"] as? Int } == [1])
                #expect(response.json["nextCursor"] == nil)
            }
            try await client.execute(uri: "/runs?status=failed", method: .get, headers: bearer()) { response in
                let runs = response.json["runs"] as? [[String: Any]] ?? []
                #expect(runs.compactMap { $0["id"] as? Int } == [5])
            }
            try await client.execute(uri: "/runs?trigger=schedule", method: .get, headers: bearer()) { response in
                let runs = response.json["runs"] as? [[String: Any]] ?? []
                #expect(runs.compactMap { $0["id"] as? Int } == [1])
            }
        }
    }

    @Test("bad query parameters on GET /runs are 400s", arguments: [
        "/runs?limit=0", "/runs?limit=201", "/runs?limit=abc", "/runs?status=bogus", "/runs?cursor=xyz", "/runs?trigger=1",
    ])
    func runsBadQuery(uri: String) async throws {
        try await TestService().application().test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: bearer()) { response in
                #expect(response.status == .badRequest)
                #expect(response.errorCode != nil)
            }
        }
    }

    @Test("GET /runs/{id} returns the run with paginated, filterable items; unknown run is 404; bad id is 400")
    func runDetail() async throws {
        let service = try await TestService()
        let run = try await service.store.createRun(trigger: .api, request: .full)
        try await service.store.appendOutcomes(runId: run.id, (1...5).map {
            ProductOutcome(odooTemplateId: $0, kind: $0 == 3 ? .failed : .created, message: $0 == 3 ? "Medusa said no" : nil)
        })
        try await service.application().test(.router) { client in
            let cursor = try await client.execute(uri: "/runs/1?itemsLimit=2", method: .get, headers: bearer()) { response in
                #expect(response.status == .ok)
                let items = response.json["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["odooTemplateId"] as? Int } == [1, 2])
                let counts = (response.json["run"] as? [String: Any])?["counts"] as? [String: Any]
                #expect(counts?["created"] as? Int == 4 && counts?["failed"] as? Int == 1)
                return response.json["nextItemsCursor"] as? String
            }
            try await client.execute(uri: "/runs/1?itemsLimit=2&itemsCursor=\(try #require(cursor))", method: .get, headers: bearer()) { response in
                let items = response.json["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["odooTemplateId"] as? Int } == [3, 4])
            }
            try await client.execute(uri: "/runs/1?outcome=failed", method: .get, headers: bearer()) { response in
                let items = response.json["items"] as? [[String: Any]] ?? []
                #expect(items.count == 1)
                #expect(items.first?["message"] as? String == "Medusa said no")
            }
            try await client.execute(uri: "/runs/999", method: .get, headers: bearer()) { response in
                #expect(response.status == .notFound)
                #expect(response.errorCode == "not_found")
            }
            try await client.execute(uri: "/runs/abc", method: .get, headers: bearer()) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test("POST /runs/{id}/cancel cancels a queued run (202), then refuses (409); unknown run is 404")
    func cancel() async throws {
        let service = try await TestService()
        _ = try await service.store.createRun(trigger: .api, request: .full)
        try await service.application().test(.router) { client in
            try await client.execute(uri: "/runs/1/cancel", method: .post, headers: bearer()) { response in
                #expect(response.status == .accepted)
                #expect(response.json["status"] as? String == "cancelled")
            }
            try await client.execute(uri: "/runs/1/cancel", method: .post, headers: bearer()) { response in
                #expect(response.status == .conflict)
                #expect(response.errorCode == "conflict")
            }
            try await client.execute(uri: "/runs/42/cancel", method: .post, headers: bearer()) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("unknown paths are JSON 404s, never HTML")
    func unknownPath() async throws {
        try await TestService().application().test(.router) { client in
            try await client.execute(uri: "/nope", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.errorCode == "not_found")
            }
        }
    }

    @Test("CORS preflight from an allowed origin gets 204 with the allow headers; others get 403 and no CORS headers")
    func corsPreflight() async throws {
        try await TestService().application().test(.router) { client in
            try await client.execute(uri: "/sync", method: .options, headers: [
                .origin: "https://admin.example.com", .accessControlRequestMethod: "POST",
                .accessControlRequestHeaders: "authorization,content-type",
            ]) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == "https://admin.example.com")
                #expect(response.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
            }
            try await client.execute(uri: "/sync", method: .options, headers: [
                .origin: "https://evil.example.net", .accessControlRequestMethod: "POST",
            ]) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
            try await client.execute(uri: "/runs", method: .get, headers: [.origin: "https://admin.example.com", .authorization: "Bearer \(TestService.apiToken)"]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == "https://admin.example.com")
            }
            try await client.execute(uri: "/runs", method: .get, headers: [.origin: "https://evil.example.net", .authorization: "Bearer \(TestService.apiToken)"]) { response in
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
        }
    }
}
