import App
import Foundation
import Testing

@Suite("serve --demo")
struct DemoEnvironmentTests {
    @Test("the demo replaces the Odoo, Medusa and database settings, and drops their problems; others stay reported")
    func replacedSettingsLoseTheirProblems() async throws {
        let base = TestService.configuration(["ODOO_URL": "not-a-url", "ARCHIVE_MODE": "shred"])
        #expect(base.problems.contains { $0.hasPrefix("ODOO_URL=") })
        let demo = try await DemoEnvironment.start(base: base)
        let problems = demo.configuration.problems
        await demo.stop()
        #expect(!problems.contains { $0.hasPrefix("ODOO_URL=") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("ARCHIVE_MODE=") }, "a setting the demo keeps keeps its problem")
        #expect(demo.configuration.missingOdoo.isEmpty && demo.configuration.missingMedusa.isEmpty)
    }
}
