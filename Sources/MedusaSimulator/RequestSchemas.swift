import Foundation

/// The request-body schemas of Medusa 2.0's admin routes (`Schemas/admin-request-schemas.json`, read from its zod
/// validators), keyed by operation such as `POST /admin/products/{id}`.
struct RequestSchemas: Sendable {
    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    let operations: [String: OrderedJSON]
    /// Query-string validators (after qs parsing) of the strict order and customer reads, keyed like `operations`
    /// (`Schemas/orders-request-schemas.json`, `query_operations`).
    var queryOperations: [String: OrderedJSON] = [:]

    /// Medusa 2.0.0's schemas; for `current`, with the operations added or changed since laid over them
    /// (`admin-request-schemas-current.json`).
    static func bundled(version: MedusaServerVersion = .v2_0) throws -> RequestSchemas {
        var operations = try load("admin-request-schemas")
        operations.merge(try load("orders-request-schemas")) { _, orders in orders }
        if version == .current {
            operations.merge(try load("admin-request-schemas-current")) { _, newer in newer }
        }
        return RequestSchemas(operations: operations,
                              queryOperations: try load("orders-request-schemas", section: "query_operations"))
    }

    private static func load(_ name: String, section: String = "operations") throws -> [String: OrderedJSON] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Schemas")
            ?? Bundle.module.url(forResource: name, withExtension: "json")
        else { throw LoadError(description: "\(name).json is missing from the MedusaSimulator bundle") }
        let bytes = try [UInt8](Data(contentsOf: url))
        guard let operations = try OrderedJSON.parse(bytes)[section]?.members else {
            throw LoadError(description: "\(name).json has no '\(section)' object")
        }
        return Dictionary(uniqueKeysWithValues: operations.pairs)
    }

    func schema(for operation: String) -> OrderedJSON? { operations[operation] }
    func querySchema(for operation: String) -> OrderedJSON? { queryOperations[operation] }
}
