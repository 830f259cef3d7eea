import Foundation
import SyncCore

/// The data a simulated Odoo starts with: the server it pretends to be (version, database, company currency) and its
/// records. Either one of the real demo catalogues exported from Odoo 17 / 19, or a generated one for benchmarks.
public struct OdooCatalogueSeed: Sendable {
    /// The demo catalogues: the two exported from real Odoo 17 and 19 servers (`write_date`s kept), and Odoo 18's.
    /// 18's demo products are 17's (the recorded 18 reads list the same templates and prices), so the 18 catalogue
    /// is 17's export served as 18 — version, database name and 18's product types (`type` "consu" + `is_storable`
    /// where 17 had "product"); its protocol behaviour (JSON-RPC only, the probe's 303) is the simulator's 18 mode.
    public enum Demo: String, Sendable, CaseIterable {
        case odoo17 = "odoo17-demo"
        case odoo18 = "odoo18-demo"
        case odoo19 = "odoo19-demo"

        /// The resource the catalogue is read from.
        var resource: String { self == .odoo18 ? Demo.odoo17.rawValue : rawValue }

        /// The server the catalogue is served as, when it is not the one it was exported from.
        var servedAs: DemoCatalogueLoader.ServerIdentity? {
            self == .odoo18 ? .init(serverVersion: "18.0-20250702", majorVersion: 18, database: "odoo18") : nil
        }
    }

    /// e.g. "19.0+e-20251227".
    public let serverVersion: String
    public let majorVersion: Int
    /// The database the catalogue came from ("odoo19").
    public let database: String
    /// The company's currency code ("USD").
    public let companyCurrencyCode: String
    let companyId: Int
    let companyName: String
    let otherCompanyIds: [Int]
    var data: SimDatabase

    public var templateCount: Int { data.tables["product.template"]?.count ?? 0 }
    public var variantCount: Int { data.tables["product.product"]?.count ?? 0 }

    init(serverVersion: String, majorVersion: Int, database: String, companyCurrencyCode: String, companyId: Int,
         companyName: String, otherCompanyIds: [Int], data: SimDatabase) {
        self.serverVersion = serverVersion; self.majorVersion = majorVersion; self.database = database
        self.companyCurrencyCode = companyCurrencyCode; self.companyId = companyId; self.companyName = companyName
        self.otherCompanyIds = otherCompanyIds; self.data = data
    }

    /// Loads a demo catalogue from the module's resources.
    public static func demo(_ demo: Demo) throws -> OdooCatalogueSeed {
        guard let url = Bundle.module.url(forResource: demo.resource, withExtension: "json", subdirectory: "Catalogues")
            ?? Bundle.module.url(forResource: demo.resource, withExtension: "json") else {
            throw OdooSeedError("catalogue resource \(demo.resource).json not found")
        }
        return try DemoCatalogueLoader.load(Array(try Data(contentsOf: url)), servedAs: demo.servedAs)
    }

    /// Reads a catalogue export (`{"server", "models", "images", "notes"}`, see fixtures/odoo/catalogue/README.md).
    public init(catalogueJSON bytes: [UInt8]) throws {
        self = try DemoCatalogueLoader.load(bytes)
    }
}

/// A catalogue that could not be read.
public struct OdooSeedError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
