extension MedusaShop {
    /// A product read that treats "not found" (nil or a missing-remotely error) alike.
    func existingProduct(id: String) async throws -> MedusaProduct? {
        do { return try await product(id: id) }
        catch where failureClass(of: error) == .missingRemotely { return nil }
    }
}
