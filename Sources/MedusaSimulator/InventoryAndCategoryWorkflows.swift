import Foundation

// Stock levels (`/admin/inventory-items/:id/location-levels/**`) and product categories
// (`/admin/product-categories/**`), with the messages Medusa 2.0's integration tests expect.
extension CatalogState {
    // MARK: Inventory levels

    /// `POST /admin/inventory-items/:id/location-levels`: the location must exist; one level per (item, location).
    mutating func createLevel(inventoryItemId: String, body: Members) throws(SimulatedAPIError) {
        guard var item = inventoryItems[inventoryItemId], item.deletedAt == nil else {
            throw .notFound("Inventory item with id: \(inventoryItemId) was not found")
        }
        let locationId = Self.string(body, "location_id") ?? ""
        guard stockLocations.contains(where: { $0.id == locationId }) else {
            throw .notFound("Stock locations with ids: \(locationId) was not found")
        }
        if item.levels.contains(where: { $0.locationId == locationId }) {
            throw .alreadyExists("Inventory level", [("inventory_item_id", inventoryItemId), ("location_id", locationId)])
        }
        let now = Date()
        item.levels.append(InventoryLevelRecord(
            id: ids.next("ilev"), locationId: locationId, stockedQuantity: body["stocked_quantity"]?.decimalValue ?? 0,
            incomingQuantity: body["incoming_quantity"]?.decimalValue ?? 0, reservedQuantity: 0, createdAt: now,
            updatedAt: now))
        item.updatedAt = now
        inventoryItems[inventoryItemId] = item
    }

    /// `POST /admin/inventory-items/:id/location-levels/:location_id`: sets absolute quantities of an EXISTING level.
    mutating func updateLevel(inventoryItemId: String, locationId: String, body: Members) throws(SimulatedAPIError) {
        guard var item = inventoryItems[inventoryItemId], item.deletedAt == nil,
              let index = item.levels.firstIndex(where: { $0.locationId == locationId })
        else { throw .notFound("Item \(inventoryItemId) is not stocked at location \(locationId)") }
        if let stocked = body["stocked_quantity"]?.decimalValue { item.levels[index].stockedQuantity = stocked }
        if let incoming = body["incoming_quantity"]?.decimalValue { item.levels[index].incomingQuantity = incoming }
        item.levels[index].updatedAt = Date()
        inventoryItems[inventoryItemId] = item
    }

    /// `POST /admin/inventory-items/location-levels/batch` (Medusa 2.3.0+, `batchInventoryItemLevelsWorkflow`):
    /// creates, updates and deletes in one workflow; one failing entry fails the request and nothing is applied
    /// (the caller's transaction rolls back). A create for a pair that has a level, or an update for one that has
    /// none, fails like the per-item routes do (inferred from the workflow's steps, see docs/medusa.md).
    mutating func batchLevels(body: Members) throws(SimulatedAPIError) -> LevelBatchChanges {
        var changes = LevelBatchChanges()
        for entry in body["create"]?.arrayValue ?? [] {
            let members = entry.members ?? Members()
            let itemId = Self.string(members, "inventory_item_id") ?? ""
            try createLevel(inventoryItemId: itemId, body: members)
            changes.created.append(LevelKey(inventoryItemId: itemId, locationId: Self.string(members, "location_id") ?? ""))
        }
        for entry in body["update"]?.arrayValue ?? [] {
            let members = entry.members ?? Members()
            let itemId = Self.string(members, "inventory_item_id") ?? ""
            let locationId = Self.string(members, "location_id") ?? ""
            try updateLevel(inventoryItemId: itemId, locationId: locationId, body: members)
            changes.updated.append(LevelKey(inventoryItemId: itemId, locationId: locationId))
        }
        for entry in body["delete"]?.arrayValue ?? [] {
            guard let levelId = entry.stringValue else { continue }
            guard let itemId = inventoryItems.rows.first(where: { $0.value.levels.contains { $0.id == levelId } })?.key,
                  var item = inventoryItems[itemId] else {
                throw .notFound("Inventory level with id: \(levelId) was not found")
            }
            item.levels.removeAll { $0.id == levelId }
            inventoryItems[itemId] = item
            changes.deleted.append(levelId)
        }
        return changes
    }

    // MARK: Categories

    /// `POST /admin/product-categories`: handle defaults to kebab-case of the name; `is_active` and `is_internal`
    /// default to false; rank defaults to the end of the siblings.
    mutating func createCategory(body: Members) throws(SimulatedAPIError) -> String {
        let name = Self.string(body, "name") ?? ""
        let handle = Self.string(body, "handle") ?? Self.toHandle(name)
        try checkCategoryHandleIsFree(handle, exceptCategory: nil)
        let parentId = Self.string(body, "parent_category_id")
        if let parentId { try checkCategoryExists(parentId) }
        let siblings = categories.values.filter { $0.parentCategoryId == parentId }.count
        let now = Date()
        let category = CategoryRecord(
            id: ids.next("pcat"), name: name, description: Self.string(body, "description") ?? "", handle: handle,
            isActive: body["is_active"]?.booleanValue ?? false, isInternal: body["is_internal"]?.booleanValue ?? false,
            parentCategoryId: parentId, rank: body["rank"]?.decimalValue ?? Decimal(siblings),
            metadata: body["metadata"].flatMap { $0.isNull ? nil : $0 }, createdAt: now, updatedAt: now)
        categories[category.id] = category
        categoryOrder.append(category.id)
        return category.id
    }

    mutating func updateCategory(id: String, body: Members) throws(SimulatedAPIError) {
        guard var category = categories[id] else { throw .notFound("Product category with id: \(id) was not found") }
        if let name = Self.string(body, "name") { category.name = name }
        if let handle = Self.string(body, "handle") {
            try checkCategoryHandleIsFree(handle, exceptCategory: id)
            category.handle = handle
        }
        if let description = Self.string(body, "description") { category.description = description }
        if let flag = body["is_active"]?.booleanValue { category.isActive = flag }
        if let flag = body["is_internal"]?.booleanValue { category.isInternal = flag }
        if let rank = body["rank"]?.decimalValue { category.rank = rank }
        if case .some(let parentId) = Self.nullableString(body, "parent_category_id") {
            if let parentId {
                try checkCategoryExists(parentId)
                if parentId == id { throw .invalidData("Product category cannot be its own parent") }
            }
            category.parentCategoryId = parentId
        }
        if let metadata = body["metadata"] { category.metadata = metadata.isNull ? nil : metadata }
        category.updatedAt = Date()
        categories[id] = category
    }

    /// `POST /admin/product-categories/:id/products {add, remove}`.
    mutating func linkCategoryProducts(id: String, body: Members) throws(SimulatedAPIError) {
        try checkCategoryExists(id)
        for productId in (body["add"]?.arrayValue ?? []).compactMap(\.stringValue) {
            guard var product = liveProduct(productId) else { throw .notFound("Product with id: \(productId) was not found") }
            if !product.categoryIds.contains(id) { product.categoryIds.append(id) }
            products[productId] = product
        }
        for productId in (body["remove"]?.arrayValue ?? []).compactMap(\.stringValue) {
            products[productId]?.categoryIds.removeAll { $0 == id }
        }
    }
}

/// An inventory level named by its item and location.
struct LevelKey: Sendable, Hashable {
    var inventoryItemId: String
    var locationId: String
}

/// What one levels batch did.
struct LevelBatchChanges: Sendable {
    var created: [LevelKey] = []
    var updated: [LevelKey] = []
    var deleted: [String] = []
}
