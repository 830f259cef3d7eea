import Foundation
import HTTPTransport
import Hummingbird
import HummingbirdTesting
import Logging
import RunStore
import Simulators
import SyncCore
import Testing

@testable import App

/// Runs the whole service against both simulators — successful syncs, injected faults, wrong credentials, rejected
/// requests — with every log line captured WITHOUT redaction, then scans the lines and the run records for each
/// configured secret. Redaction is a safety net; this proves no code path needs it.
@Suite("No secret in logs or run records")
struct SecretLeakTests {
    @Test("no configured secret appears in any log line or run record, across success, faults and auth failures")
    func noSecretLeaks() async throws {
        let odoo = try await OdooSimulator.start(seed: .demo(.odoo19))
        let medusa = try await MedusaSimulator.start()
        let output = LogOutput.capture()
        do {
            let secrets = [
                "odoo": odoo.adminAPIKey, "medusa": medusa.configuration.secretAPIKey,
                "api": "leak-test-api-token-7f3a9c", "webhook": "leak-test-webhook-token-51be0d",
            ]
            var logger = Logger(label: "leak-test") { label in
                LineLogHandler(label: label, format: .jsonLines, level: .trace, output: output, redactor: SecretRedactor(secrets: []))
            }
            logger.logLevel = .trace
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("leak-\(UUID().uuidString)")
            func environment(odooKey: String, medusaKey: String) -> [String: String] {
                [
                    "ODOO_URL": odoo.baseURL, "ODOO_DB_NAME": odoo.database, "ODOO_USERNAME": odoo.adminLogin,
                    "ODOO_API_KEY": odooKey, "MEDUSA_BACKEND_URL": medusa.baseURL, "MEDUSA_API_KEY": medusaKey,
                    "SYNC_API_TOKEN": secrets["api"]!, "ODOO_WEBHOOK_TOKEN": secrets["webhook"]!,
                    "DATABASE_PATH": directory.appendingPathComponent("sync.sqlite").path, "WEBHOOK_DEBOUNCE_MS": "20",
                ]
            }

            // 1. A clean sync, then one under injected faults on both sides.
            let runtime = await ServiceBuilder(
                configuration: AppConfiguration.load(from: EnvironmentSource(environment(odooKey: secrets["odoo"]!, medusaKey: secrets["medusa"]!))),
                logger: logger).build()
            _ = try await runtime.runner.submit(.full, trigger: .api)
            await runtime.runner.drainQueue()
            odoo.faults.update { $0.faultRate = 0.3; $0.timeoutDelay = .milliseconds(200) }
            medusa.faults.update { $0.faultRate = 0.3; $0.timeoutDelay = .milliseconds(200) }
            _ = try await runtime.runner.submit(.full, trigger: .api)
            await runtime.runner.drainQueue()
            odoo.faults.update { $0.faultRate = 0 }
            medusa.faults.update { $0.faultRate = 0 }

            // 2. Requests with wrong and right tokens, and a webhook.
            let app = Application(router: try buildRouter(runtime.httpDependencies))
            try await app.test(.router) { client in
                try await client.execute(uri: "/runs", method: .get, headers: [.authorization: "Bearer \(secrets["api"]!)-wrong"]) { _ in }
                try await client.execute(uri: "/runs", method: .get, headers: [.authorization: "Bearer \(secrets["api"]!)"]) { _ in }
                try await client.execute(uri: "/webhooks/odoo?token=\(secrets["webhook"]!)", method: .post,
                                         headers: [.contentType: "application/json"],
                                         body: ByteBuffer(string: #"{"_id": 13, "_model": "product.product"}"#)) { _ in }
            }
            try await Task.sleep(for: .milliseconds(200))
            await runtime.runner.drainQueue()

            // 3. Wrong credentials on each side: configuration failures that must name the problem, not the key.
            for (odooKey, medusaKey) in [(secrets["odoo"]! + "-bad", secrets["medusa"]!), (secrets["odoo"]!, secrets["medusa"]! + "bad")] {
                let broken = await ServiceBuilder(
                    configuration: AppConfiguration.load(from: EnvironmentSource(environment(odooKey: odooKey, medusaKey: medusaKey))),
                    logger: logger).build()
                let run = try await broken.runner.submit(.targeted([9]), trigger: .cli).run
                await broken.runner.drainQueue()
                let finished = try #require(try await broken.store.run(id: run.id))
                #expect(finished.status == .failed, "a wrong key must fail the run")
                #expect(finished.errorClass == .configuration)
            }

            // Scan.
            let lines = output.capturedLines
            #expect(lines.count > 20, "the scenario must produce logs to scan (got \(lines.count))")
            var recorded: [String] = []
            for run in try await runtime.store.listRuns(limit: 100) {
                recorded.append(run.error ?? "")
                recorded.append(contentsOf: try await runtime.store.items(runId: run.id, limit: 10_000).map { "\($0.outcome)" })
            }
            for (name, secret) in secrets {
                let leaking = lines.filter { $0.contains(secret) }
                #expect(leaking.isEmpty, "the \(name) secret appears in \(leaking.count) log lines, e.g. \(leaking.first?.prefix(300) ?? "")")
                #expect(!recorded.contains { $0.contains(secret) }, "the \(name) secret appears in a run record")
            }
            try? FileManager.default.removeItem(at: directory)
        } catch {
            await odoo.stop(); await medusa.stop()
            throw error
        }
        await odoo.stop()
        await medusa.stop()
    }
}
