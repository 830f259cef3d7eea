import Foundation
import OdooClient
import SyncCore
import Testing

@Suite("Odoo configuration")
struct OdooConfigurationTests {
    let environment = ["ODOO_URL": "https://erp.example.com/", "ODOO_DB_NAME": "prod", "ODOO_USERNAME": "sync@example.com",
                       "ODOO_API_KEY": "key-123456"]

    @Test("reads ODOO_* variables with defaults")
    func readsEnvironment() throws {
        let configuration = try OdooConfiguration(environment: environment)
        #expect(configuration.url == "https://erp.example.com")
        #expect(configuration.apiProtocol == .auto)
        #expect(configuration.pageSize == 500)
        #expect(configuration.timeout == .seconds(30))
        var forced = environment
        forced["ODOO_PROTOCOL"] = "JSONRPC"
        #expect(try OdooConfiguration(environment: forced).apiProtocol == .jsonrpc)
    }

    @Test("missing or invalid settings are configuration errors naming the variable only", arguments: [
        ("ODOO_API_KEY", ""), ("ODOO_URL", "ftp://x"), ("ODOO_PROTOCOL", "xmlrpc"), ("ODOO_PAGE_SIZE", "0"),
    ])
    func invalidSettings(variable: String, value: String) {
        var broken = environment
        broken[variable] = value
        let error = #expect(throws: OdooConfigurationError.self) { try OdooConfiguration(environment: broken) }
        #expect(error?.variable == variable)
        #expect(error?.failureClass == .configuration)
        #expect(error?.description.contains("key-123456") == false)
    }
}
