import Foundation

// One handler per route: query checks, the workflow call, and the answer in Medusa's response shape
// (create returns 200; variant and option writes return the product; deletes return `{id, object, deleted}`).
extension SimulatorCore {
    func handle(_ call: AdminCall) throws(SimulatedAPIError) -> Answer {
        if let answer = try handleOrdersAndCustomers(call) { return answer }
        if let allowed = AdminRoute.strictListQueryKeys[call.route.key] {
            let unknown = call.query.keys.filter { !allowed.contains($0) }
            if !unknown.isEmpty {
                throw .invalidData("Invalid request: Unrecognized fields: '\(unknown.joined(separator: ", "))'")
            }
        }
        let body = call.members
        let id = call.parameter("id")
        let fields = FieldSelection(query: call.query.string("fields"), defaults: FieldSelection.productDefaults)
        func productAnswer(_ state: CatalogState, _ productId: String) -> OrderedJSON {
            .object([("product", state.products[productId].map { fields.project(state.json(product: $0)) } ?? .null)])
        }

        switch call.route.key {
        // MARK: Auth and files
        case "POST /auth/user/emailpass":
            return .json(200, .object([("token", .string(try authentication.login(body: call.body)))]))
        case "POST /auth/token/refresh":
            return .json(200, .object([("token", .string(try authentication.refresh(authorization: call.authorization)))]))
        case "GET /static/{id}", "GET /uploads/{id}":
            guard let upload = upload(id: id) else { throw .notFound("File \(id) not found") }
            return .file(contentType: upload.contentType, bytes: upload.data)
        case "POST /admin/uploads":
            return try receiveUploads(call)
        case "GET /admin/uploads/{id}":
            guard upload(id: id) != nil else { throw .notFound("File with id: \(id) not found") }
            return .json(200, .object([("file", .object([("id", .string(id)), ("url", .string(uploadURL(id)))]))]))

        // MARK: Store, channels, locations
        case "GET /admin/stores":
            return try read { state in
                Self.page([state.store], key: "stores", query: call.query, render: state.json(store:))
            }
        case "GET /admin/sales-channels":
            let ids = call.query["id"]?.strings
            return try read { state in
                let channels = state.salesChannels.filter { ids == nil || ids!.contains($0.id) }
                return Self.page(channels, key: "sales_channels", query: call.query, render: state.json(salesChannel:))
            }
        case "GET /admin/stock-locations":
            let ids = call.query["id"]?.strings
            return try read { state in
                let locations = state.stockLocations.filter { ids == nil || ids!.contains($0.id) }
                return Self.page(locations, key: "stock_locations", query: call.query, render: state.json(stockLocation:))
            }

        // MARK: Products
        case "GET /admin/products":
            let filter = try ProductListFilter(query: call.query, version: configuration.version)
            return try read { state in
                let products = filter.apply(to: state)
                return Self.page(products, key: "products", query: call.query) { fields.project(state.json(product: $0)) }
            }
        case "GET /admin/products/{id}":
            return try read { state throws(SimulatedAPIError) in
                guard state.liveProduct(id) != nil else { throw .notFound("Product with id: \(id) was not found") }
                return productAnswer(state, id)
            }
        case "POST /admin/products":
            return try write({ state throws(SimulatedAPIError) in try state.createProducts([body])[0] },
                             render: productAnswer)
        case "POST /admin/products/batch":
            let creates = (body["create"]?.arrayValue ?? []).compactMap(\.members)
            let updates = (body["update"]?.arrayValue ?? []).compactMap(\.members)
            let deletes = (body["delete"]?.arrayValue ?? []).compactMap(\.stringValue)
            return try write({ state throws(SimulatedAPIError) in
                try state.batchProducts(create: creates, update: updates, delete: deletes)
            }, render: { state, result in
                func render(_ ids: [String]) -> OrderedJSON {
                    .array(ids.compactMap { state.products[$0] }.map { fields.project(state.json(product: $0)) })
                }
                return .object([
                    ("created", render(result.created)), ("updated", render(result.updated)),
                    ("deleted", .object([("ids", .array(result.deleted.map(OrderedJSON.string))),
                                         ("object", .string("product")), ("deleted", .bool(true))])),
                ])
            })
        case "POST /admin/products/{id}":
            return try write({ state throws(SimulatedAPIError) in try state.updateProduct(id: id, body: body); return id },
                             render: productAnswer)
        case "DELETE /admin/products/{id}":
            return try write({ state throws(SimulatedAPIError) in try state.deleteProduct(id: id) }, render: { _, _ in
                Self.deletion(id: id, object: "product")
            })

        // MARK: Variants and options
        case "POST /admin/products/{id}/variants":
            return try write({ state throws(SimulatedAPIError) in
                _ = try state.createVariant(productId: id, body: body); return id
            }, render: productAnswer)
        case "POST /admin/products/{id}/variants/{variant_id}":
            let variantId = call.parameter("variant_id")
            return try write({ state throws(SimulatedAPIError) in
                try state.updateVariant(productId: id, variantId: variantId, body: body); return id
            }, render: productAnswer)
        case "DELETE /admin/products/{id}/variants/{variant_id}":
            let variantId = call.parameter("variant_id")
            return try write({ state throws(SimulatedAPIError) in
                try state.deleteVariant(productId: id, variantId: variantId)
            }, render: { state, _ in
                Self.deletion(id: variantId, object: "variant", parent: productAnswer(state, id)["product"])
            })
        case "POST /admin/products/{id}/options":
            return try write({ state throws(SimulatedAPIError) in try state.createOption(productId: id, body: body); return id },
                             render: productAnswer)
        case "POST /admin/products/{id}/options/{option_id}":
            let optionId = call.parameter("option_id")
            return try write({ state throws(SimulatedAPIError) in
                try state.updateOption(productId: id, optionId: optionId, body: body); return id
            }, render: productAnswer)
        case "DELETE /admin/products/{id}/options/{option_id}":
            let optionId = call.parameter("option_id")
            return try write({ state throws(SimulatedAPIError) in
                try state.deleteOption(productId: id, optionId: optionId)
            }, render: { state, _ in
                Self.deletion(id: optionId, object: "product_option", parent: productAnswer(state, id)["product"])
            })

        // MARK: Categories
        case "GET /admin/product-categories":
            return try read { state in
                var categories = state.categoryOrder.ids.compactMap { state.categories[$0] }
                if let handle = call.query.string("handle") { categories = categories.filter { $0.handle == handle } }
                if let ids = call.query["id"]?.strings { categories = categories.filter { ids.contains($0.id) } }
                if let q = call.query.string("q")?.lowercased(), !q.isEmpty {
                    categories = categories.filter { $0.name.lowercased().contains(q) || $0.handle.lowercased().contains(q) }
                }
                if let parent = call.query.string("parent_category_id") {
                    categories = categories.filter { $0.parentCategoryId == (parent == "null" ? nil : parent) }
                }
                if let active = call.query.string("is_active") {
                    categories = categories.filter { $0.isActive == (active == "true") }
                }
                return Self.page(categories, key: "product_categories", query: call.query, render: state.json(category:))
            }
        case "GET /admin/product-categories/{id}":
            return try read { state throws(SimulatedAPIError) in
                guard let category = state.categories[id] else {
                    throw .notFound("Product category with id: \(id) was not found")
                }
                return .object([("product_category", state.json(category: category))])
            }
        case "POST /admin/product-categories":
            return try write({ state throws(SimulatedAPIError) in try state.createCategory(body: body) }, render: { state, newId in
                .object([("product_category", state.categories[newId].map(state.json(category:)) ?? .null)])
            })
        case "POST /admin/product-categories/{id}":
            return try write({ state throws(SimulatedAPIError) in try state.updateCategory(id: id, body: body) },
                             render: { state, _ in
                .object([("product_category", state.categories[id].map(state.json(category:)) ?? .null)])
            })
        case "POST /admin/product-categories/{id}/products":
            return try write({ state throws(SimulatedAPIError) in try state.linkCategoryProducts(id: id, body: body) },
                             render: { state, _ in
                .object([("product_category", state.categories[id].map(state.json(category:)) ?? .null)])
            })

        // MARK: Inventory
        case "GET /admin/inventory-items":
            return try read { state in
                var items = state.liveInventoryItems
                if let skus = call.query["sku"]?.strings { items = items.filter { $0.sku.map(skus.contains) ?? false } }
                if let ids = call.query["id"]?.strings { items = items.filter { ids.contains($0.id) } }
                if let q = call.query.string("q")?.lowercased(), !q.isEmpty {
                    items = items.filter {
                        [$0.sku, $0.title, $0.description].contains { $0?.lowercased().contains(q) ?? false }
                    }
                }
                return Self.page(items, key: "inventory_items", query: call.query, render: state.json(inventoryItem:))
            }
        case "GET /admin/inventory-items/{id}":
            return try read { state throws(SimulatedAPIError) in
                guard let item = state.inventoryItems[id], item.deletedAt == nil else {
                    throw .notFound("Inventory item with id: \(id) was not found")
                }
                return .object([("inventory_item", state.json(inventoryItem: item))])
            }
        case "POST /admin/inventory-items/location-levels/batch":
            return try write({ state throws(SimulatedAPIError) in try state.batchLevels(body: body) },
                             render: { state, changes in
                noteLevelsWritten(changes.created.count + changes.updated.count)
                return .object([("created", .array(changes.created.map(state.json(level:)))),
                                 ("updated", .array(changes.updated.map(state.json(level:)))),
                                 ("deleted", .array(changes.deleted.map(OrderedJSON.string)))])
            })
        case "GET /admin/plugins":
            return .json(200, .object([("plugins", .array([]))]))
        case "POST /admin/inventory-items/{id}/location-levels":
            return try write({ state throws(SimulatedAPIError) in try state.createLevel(inventoryItemId: id, body: body) },
                             render: { state, _ in
                noteLevelsWritten(1)
                return Self.inventoryAnswer(state, id)
            })
        case "POST /admin/inventory-items/{id}/location-levels/{location_id}":
            let locationId = call.parameter("location_id")
            return try write({ state throws(SimulatedAPIError) in
                try state.updateLevel(inventoryItemId: id, locationId: locationId, body: body)
            }, render: { state, _ in
                noteLevelsWritten(1)
                return Self.inventoryAnswer(state, id)
            })

        default:
            throw .notFound("Route \(call.route.key) is not simulated")
        }
    }

    // MARK: Uploads

    private func receiveUploads(_ call: AdminCall) throws(SimulatedAPIError) -> Answer {
        let parts = MultipartParser.boundary(fromContentType: call.contentType)
            .map { MultipartParser.fileParts(body: call.rawBody, boundary: $0) } ?? []
        let files = parts.filter { $0.fieldName == "files" }
        guard !files.isEmpty else { throw .invalidData("No files were uploaded") }
        var answers: [OrderedJSON] = []
        for file in files {
            let safeName = String(file.fileName.unicodeScalars.map {
                CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "-" || $0 == "_" ? Character($0) : "-"
            })
            let uploadId = "\(Int(Date().timeIntervalSince1970 * 1000))-\(UUID().uuidString.prefix(8).lowercased())-\(safeName)"
            addUpload(UploadRecord(id: uploadId, fileName: file.fileName, contentType: file.contentType, data: file.data))
            answers.append(.object([("id", .string(uploadId)), ("url", .string(uploadURL(uploadId)))]))
        }
        return .json(200, .object([("files", .array(answers))]))
    }

    private func uploadURL(_ id: String) -> String { "\(baseURL)/static/\(id)" }

    // MARK: Shapes

    /// `{<key>: items[offset..<offset+limit], count, offset, limit}` (limit 50 by default, no maximum); only the
    /// page is rendered.
    static func page<Item>(_ items: [Item], key: String, query: QueryParameters,
                           render: (Item) -> OrderedJSON) -> OrderedJSON {
        let offset = max(0, query.integer("offset") ?? 0)
        let limit = max(0, query.integer("limit") ?? 50)
        let slice = offset < items.count ? items[offset..<min(items.count, offset + limit)] : []
        return .object([(key, .array(slice.map(render))), ("count", .number(Decimal(items.count))),
                        ("offset", .number(Decimal(offset))), ("limit", .number(Decimal(limit)))])
    }

    static func deletion(id: String, object: String, parent: OrderedJSON? = nil) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [("id", .string(id)), ("object", .string(object)), ("deleted", .bool(true))]
        if let parent { members.append(("parent", parent)) }
        return .object(members)
    }

    static func inventoryAnswer(_ state: CatalogState, _ id: String) -> OrderedJSON {
        .object([("inventory_item", state.inventoryItems[id].map(state.json(inventoryItem:)) ?? .null)])
    }
}

/// `GET /admin/products` filters as Medusa 2.0 applies them: `q`, `id`, `title`, `handle`, `status[]`,
/// `category_id`, `sales_channel_id`, `order`. Unknown keys — `external_id` and `sku` included — are stripped
/// silently, so those filters return the unfiltered list. `current` also applies `external_id` (in the shared product
/// list validator by 2.8.5, PR #10010) and accepts several handles.
struct ProductListFilter {
    var query: QueryParameters
    var version: MedusaServerVersion

    init(query: QueryParameters, version: MedusaServerVersion = .v2_0) throws(SimulatedAPIError) {
        self.query = query
        self.version = version
        if let status = query["status"] {
            guard case .array(let values) = status else {
                throw .invalidData(RequestSchemaValidator.message(for: [
                    .invalidType(path: ["status"], expected: "array", received: status.zodTypeName),
                ]))
            }
            let allowed = ["draft", "proposed", "published", "rejected"]
            let issues = values.enumerated().compactMap { index, value -> ValidationIssue? in
                allowed.contains(value) ? nil : .invalidEnum(path: ["status", String(index)], options: allowed, received: value)
            }
            if !issues.isEmpty { throw .invalidData(RequestSchemaValidator.message(for: issues)) }
        }
    }

    func apply(to state: CatalogState) -> [ProductRecord] {
        var products = state.liveProducts
        if let ids = query["id"]?.strings { products = products.filter { ids.contains($0.id) } }
        if version == .current {
            if let handles = query["handle"]?.strings { products = products.filter { handles.contains($0.handle) } }
            if let externalIds = query["external_id"]?.strings {
                products = products.filter { $0.externalId.map(externalIds.contains) ?? false }
            }
        } else if let handle = query.string("handle") {
            products = products.filter { $0.handle == handle }
        }
        if let title = query.string("title") { products = products.filter { $0.title == title } }
        if let statuses = query["status"]?.strings { products = products.filter { statuses.contains($0.status) } }
        if let categories = query["category_id"]?.strings {
            products = products.filter { !Set($0.categoryIds).isDisjoint(with: categories) }
        }
        if let channels = query["sales_channel_id"]?.strings {
            products = products.filter { !Set($0.salesChannelIds).isDisjoint(with: channels) }
        }
        if let q = query.string("q")?.lowercased(), !q.isEmpty {
            products = products.filter { product in
                let own = [product.title, product.subtitle, product.description].contains { $0?.lowercased().contains(q) ?? false }
                return own || state.liveVariants(of: product).contains { variant in
                    [variant.title, variant.sku, variant.barcode, variant.ean, variant.upc]
                        .contains { $0?.lowercased().contains(q) ?? false }
                }
            }
        }
        if let order = query.string("order"), !order.isEmpty {
            let descending = order.hasPrefix("-")
            let field = descending ? String(order.dropFirst()) : order
            let key: (ProductRecord) -> String
            switch field {
            case "title": key = { $0.title }
            case "handle": key = { $0.handle }
            case "created_at": key = { String(format: "%020.6f", $0.createdAt.timeIntervalSince1970) + $0.id }
            case "updated_at": key = { String(format: "%020.6f", $0.updatedAt.timeIntervalSince1970) + $0.id }
            default: key = { $0.id }
            }
            products.sort { descending ? key($0) > key($1) : key($0) < key($1) }
        }
        return products
    }
}
