import Foundation

/// The routes the simulator serves. A route's `key` (`POST /admin/products/{id}`) is also the operation name in
/// `admin-request-schemas.json` and the bucket of the request counters.
struct AdminRoute: Sendable {
    enum Access: Sendable {
        /// `/admin/*`: secret key or admin JWT required.
        case admin
        /// `/auth/*`, `/static/*`, `/uploads/*`: no authentication.
        case open
    }

    let method: String
    let pattern: String
    let access: Access
    /// The first simulated version that has the route.
    let since: MedusaServerVersion
    private let segments: [String]

    init(_ method: String, _ pattern: String, _ access: Access = .admin, since: MedusaServerVersion = .v2_0) {
        self.method = method
        self.pattern = pattern
        self.access = access
        self.since = since
        segments = pattern.split(separator: "/").map(String.init)
    }

    var key: String { "\(method) \(pattern)" }
    /// `*/batch` routes get body-parser's 2 MB limit; all others 100 kb.
    var isBatch: Bool { pattern.hasSuffix("/batch") }

    /// Path parameters when `path` matches (`{id}` segments match any one non-empty segment).
    func match(method: String, path: [String]) -> [String: String]? {
        guard method == self.method, path.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (pattern, actual) in zip(segments, path) {
            if pattern.hasPrefix("{") {
                guard !actual.isEmpty else { return nil }
                parameters[String(pattern.dropFirst().dropLast())] = actual.removingPercentEncoding ?? actual
            } else if pattern != actual {
                return nil
            }
        }
        return parameters
    }

    /// In matching order: constant segments (`batch`) before parameters.
    static let all: [AdminRoute] = [
        AdminRoute("GET", "/admin/stores"),
        AdminRoute("GET", "/admin/sales-channels"),
        AdminRoute("GET", "/admin/stock-locations"),
        AdminRoute("GET", "/admin/products"),
        AdminRoute("POST", "/admin/products"),
        AdminRoute("POST", "/admin/products/batch"),
        AdminRoute("GET", "/admin/products/{id}"),
        AdminRoute("POST", "/admin/products/{id}"),
        AdminRoute("DELETE", "/admin/products/{id}"),
        AdminRoute("POST", "/admin/products/{id}/variants"),
        AdminRoute("POST", "/admin/products/{id}/variants/{variant_id}"),
        AdminRoute("DELETE", "/admin/products/{id}/variants/{variant_id}"),
        AdminRoute("POST", "/admin/products/{id}/options"),
        AdminRoute("POST", "/admin/products/{id}/options/{option_id}"),
        AdminRoute("DELETE", "/admin/products/{id}/options/{option_id}"),
        AdminRoute("GET", "/admin/product-categories"),
        AdminRoute("POST", "/admin/product-categories"),
        AdminRoute("GET", "/admin/product-categories/{id}"),
        AdminRoute("POST", "/admin/product-categories/{id}"),
        AdminRoute("POST", "/admin/product-categories/{id}/products"),
        AdminRoute("GET", "/admin/inventory-items"),
        AdminRoute("GET", "/admin/inventory-items/{id}"),
        AdminRoute("POST", "/admin/inventory-items/location-levels/batch", since: .current),
        AdminRoute("POST", "/admin/inventory-items/{id}/location-levels"),
        AdminRoute("POST", "/admin/inventory-items/{id}/location-levels/{location_id}"),
        AdminRoute("POST", "/admin/uploads"),
        AdminRoute("GET", "/admin/uploads/{id}"),
        AdminRoute("GET", "/admin/plugins", since: .current),
        AdminRoute("GET", "/admin/orders"),
        AdminRoute("GET", "/admin/orders/{id}"),
        AdminRoute("POST", "/admin/orders/{id}"),
        AdminRoute("POST", "/admin/orders/{id}/cancel"),
        AdminRoute("POST", "/admin/orders/{id}/fulfillments"),
        AdminRoute("POST", "/admin/orders/{id}/fulfillments/{fulfillment_id}/shipments"),
        AdminRoute("POST", "/admin/orders/{id}/fulfillments/{fulfillment_id}/mark-as-delivered"),
        AdminRoute("POST", "/admin/orders/{id}/fulfillments/{fulfillment_id}/cancel"),
        AdminRoute("GET", "/admin/customers"),
        AdminRoute("GET", "/admin/customers/{id}"),
        AdminRoute("POST", "/auth/user/emailpass", .open),
        AdminRoute("POST", "/auth/token/refresh", .open),
        AdminRoute("GET", "/static/{id}", .open),
        AdminRoute("GET", "/uploads/{id}", .open),
    ]

    static func find(method: String, path: String, version: MedusaServerVersion)
        -> (route: AdminRoute, parameters: [String: String])?
    {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        for route in all where version.has(route.since) {
            if let parameters = route.match(method: method, path: segments) { return (route, parameters) }
        }
        return nil
    }

    /// Query keys accepted by the strict list validators (unknown keys give 400 `Unrecognized fields`).
    static let strictListQueryKeys: [String: Set<String>] = [
        "GET /admin/stores": ["q", "id", "name", "limit", "offset", "order", "fields"],
        "GET /admin/sales-channels": ["q", "id", "name", "description", "is_disabled", "location_id",
                                      "publishable_key_id", "created_at", "updated_at", "deleted_at", "$and", "$or",
                                      "limit", "offset", "order", "fields"],
        "GET /admin/stock-locations": ["q", "id", "name", "address_id", "sales_channel_id", "created_at", "updated_at",
                                       "deleted_at", "$and", "$or", "limit", "offset", "order", "fields"],
        "GET /admin/product-categories": ["q", "id", "name", "description", "handle", "parent_category_id",
                                          "include_ancestors_tree", "include_descendants_tree", "is_internal",
                                          "is_active", "created_at", "updated_at", "deleted_at", "$and", "$or",
                                          "limit", "offset", "order", "fields"],
        "GET /admin/inventory-items": ["q", "id", "sku", "origin_country", "mid_code", "hs_code", "material",
                                       "requires_shipping", "weight", "length", "height", "width", "location_levels",
                                       "created_at", "updated_at", "deleted_at", "$and", "$or", "limit", "offset",
                                       "order", "fields"],
    ]
}
