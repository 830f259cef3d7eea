import Foundation

/// The request-body schemas of Medusa 2.0's admin routes (`Schemas/admin-request-schemas.json`, read from its zod
/// validators), keyed by operation such as `POST /admin/products/{id}`.
struct RequestSchemas: Sendable {
    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    let operations: [String: OrderedJSON]

    static func bundled() throws -> RequestSchemas {
        guard let url = Bundle.module.url(forResource: "admin-request-schemas", withExtension: "json", subdirectory: "Schemas")
            ?? Bundle.module.url(forResource: "admin-request-schemas", withExtension: "json")
        else { throw LoadError(description: "admin-request-schemas.json is missing from the MedusaSimulator bundle") }
        let bytes = try [UInt8](Data(contentsOf: url))
        guard let operations = try OrderedJSON.parse(bytes)["operations"]?.members else {
            throw LoadError(description: "admin-request-schemas.json has no 'operations' object")
        }
        return RequestSchemas(operations: Dictionary(uniqueKeysWithValues: operations.pairs))
    }

    func schema(for operation: String) -> OrderedJSON? { operations[operation] }
}
