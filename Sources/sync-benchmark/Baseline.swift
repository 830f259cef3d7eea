import App
import ExactJSON
import Foundation
import HTTPTransport
import HTTPTypes
import Logging
import OdooClient
import SyncCore

/// The reference algorithm: how the old TypeScript module and Medusa's Odoo recipe (contract §9) sync, done over HTTP.
/// Not product code — it exists to be measured against.
///
/// - Odoo over JSON-RPC (`/jsonrpc`, `execute_kw`), authenticated once.
/// - Pages of 10 templates: `search` (limit 10, raising the offset until a page is empty), then the page's data.
///   The recipe reads it with one nested `web_read`; the simulator (like Odoo's external API before 17) has no
///   `web_read`, so the same data is read with three `read`s (templates, their variants, the variants' attribute
///   values): 4 calls per page where `web_read` needs 2. The report states the difference.
/// - For every product, sequentially: one Medusa lookup (`GET /admin/products?handle=…`: the HTTP list ignores
///   `external_id` in Medusa ≤ 2.12) and one create (`POST /admin/products`) or update (`POST /admin/products/:id`
///   with the variant list, matched by sku).
/// - Mapping as the recipe: `external_id` = template id, title = display name, handle as Odoo's website slug
///   (`<slug>-<id>`), options from the attribute values, one price per variant in the template's currency (the
///   template's `list_price`, major units), `manage_inventory: false`, `metadata.external_id` = variant id, the store's
///   default sales channel. No stock, images, categories, archiving, second currency. Status: `published` (the
///   recipe reads website's `is_published`, which a database without the website app lacks).
struct BaselineSync {
    let odoo: OdooClient
    let medusa: any HTTPTransport
    let medusaURL: String
    let authorization: String
    let pageSize: Int
    let limit: Int?

    struct Result {
        var created = 0
        var updated = 0
        var failed = 0
        var templates = 0
        var failures: [String] = []
    }

    func run() async throws -> Result {
        _ = try await odoo.connect()
        let store = try await medusaJSON("GET", "/admin/stores")
        let channel = store["stores"].flatMap { stores -> JSONValue? in
            if case .array(let list) = stores { return list.first } else { return nil }
        }?["default_sales_channel_id"]?.stringValue

        var result = Result()
        var offset = 0
        while true {
            var size = pageSize
            if let limit { size = min(size, limit - offset) }
            guard size > 0 else { break }
            let ids = try await odoo.search(model: "product.template", domain: .all, limit: size, offset: offset)
            if ids.isEmpty { break }
            offset += ids.count

            let templates = try records(await odoo.read(model: "product.template", ids: ids, fields: [
                "name", "display_name", "list_price", "description", "description_sale", "currency_id",
                "product_variant_ids", "attribute_line_ids", "default_code",
            ]))
            let variantIds = templates.flatMap { ints($0["product_variant_ids"]) }
            let variants = variantIds.isEmpty ? [] : try records(await odoo.read(
                model: "product.product", ids: variantIds,
                fields: ["display_name", "default_code", "product_template_attribute_value_ids", "product_tmpl_id"]))
            let ptavIds = Array(Set(variants.flatMap { ints($0["product_template_attribute_value_ids"]) })).sorted()
            let ptavs = ptavIds.isEmpty ? [] : try records(await odoo.read(
                model: "product.template.attribute.value", ids: ptavIds, fields: ["name", "attribute_id"]))
            let ptavById = Dictionary(ptavs.compactMap { record in record["id"]?.intValue.map { ($0, record) } }) { a, _ in a }
            let variantsById = Dictionary(variants.compactMap { record in record["id"]?.intValue.map { ($0, record) } }) { a, _ in a }

            for template in templates {
                result.templates += 1
                let own = ints(template["product_variant_ids"]).compactMap { variantsById[$0] }
                do {
                    switch try await upsert(template, variants: own, ptavs: ptavById, channel: channel) {
                    case true: result.created += 1
                    case false: result.updated += 1
                    }
                } catch {
                    result.failed += 1
                    if result.failures.count < 5 { result.failures.append("template \(template["id"]?.intValue ?? 0): \(error)") }
                }
            }
        }
        return result
    }

    /// One product: look it up, then create or update it. True when created.
    private func upsert(_ template: JSONValue, variants: [JSONValue], ptavs: [Int: JSONValue], channel: String?) async throws -> Bool {
        let templateId = template["id"]?.intValue ?? 0
        let name = template["display_name"]?.stringValue ?? template["name"]?.stringValue ?? ""
        let handle = Self.slug(name) + "-\(templateId)"
        let currency = (pairName(template["currency_id"]) ?? "usd").lowercased()
        let price = template["list_price"] ?? .number(0)

        // Options from the variants' attribute values, in first-seen order.
        var optionTitles: [String] = []
        var optionValues: [String: [String]] = [:]
        var variantOptions: [[String: JSONValue]] = []
        for variant in variants {
            var options: [String: JSONValue] = [:]
            for ptavId in ints(variant["product_template_attribute_value_ids"]) {
                guard let ptav = ptavs[ptavId], let attribute = pairName(ptav["attribute_id"]),
                      let value = ptav["name"]?.stringValue else { continue }
                if optionValues[attribute] == nil { optionTitles.append(attribute) }
                if !(optionValues[attribute] ?? []).contains(value) { optionValues[attribute, default: []].append(value) }
                options[attribute] = .string(value)
            }
            variantOptions.append(options)
        }
        var options: [JSONValue] = optionTitles.map { title in
            .object(["title": .string(title), "values": .array((optionValues[title] ?? []).map(JSONValue.string))])
        }
        if options.isEmpty {
            options = [.object(["title": .string("Default"), "values": .array([.string("Default")])])]
            variantOptions = variantOptions.map { _ in ["Default": .string("Default")] }
        }

        let existing = try await medusaJSON("GET", "/admin/products", query: [
            ("handle", handle), ("fields", "id,handle,external_id,*variants"),
        ])
        var existingProduct: JSONValue?
        if case .array(let products)? = existing["products"] { existingProduct = products.first }
        var skuToVariantId: [String: String] = [:]
        if case .array(let current)? = existingProduct?["variants"] {
            for variant in current {
                if let sku = variant["sku"]?.stringValue, let id = variant["id"]?.stringValue { skuToVariantId[sku] = id }
            }
        }

        var variantBodies: [JSONValue] = []
        for (variant, optionMap) in zip(variants, variantOptions) {
            let code = variant["default_code"]?.stringValue
            var title = variant["display_name"]?.stringValue ?? name
            if let code, title.hasPrefix("[\(code)] ") { title.removeFirst(code.count + 3) }
            var body: [String: JSONValue] = [
                "title": .string(title),
                "options": .object(optionMap),
                "prices": .array([.object(["amount": price, "currency_code": .string(currency)])]),
                "manage_inventory": .bool(false),
                "metadata": .object(["external_id": .string(String(variant["id"]?.intValue ?? 0))]),
            ]
            if let code { body["sku"] = .string(code) }
            if let code, let id = skuToVariantId[code] { body["id"] = .string(id) }
            variantBodies.append(.object(body))
        }
        let description = template["description"]?.stringValue ?? template["description_sale"]?.stringValue ?? ""

        if let id = existingProduct?["id"]?.stringValue {
            _ = try await medusaJSON("POST", "/admin/products/\(id)", body: .object([
                "title": .string(name), "description": .string(description), "status": .string("published"),
                "external_id": .string(String(templateId)), "variants": .array(variantBodies),
            ]))
            return false
        }
        var body: [String: JSONValue] = [
            "title": .string(name), "handle": .string(handle), "description": .string(description),
            "status": .string("published"), "external_id": .string(String(templateId)),
            "options": .array(options), "variants": .array(variantBodies),
        ]
        if let channel { body["sales_channels"] = .array([.object(["id": .string(channel)])]) }
        _ = try await medusaJSON("POST", "/admin/products", body: .object(body))
        return true
    }

    private func medusaJSON(_ method: String, _ path: String, query: [(String, String)] = [],
                            body: JSONValue? = nil) async throws -> JSONValue {
        var components = URLComponents(string: medusaURL + path)!
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        var headers: HTTPFields = [.authorization: authorization, .accept: "application/json"]
        var bytes: [UInt8]?
        if let body {
            headers[.contentType] = "application/json"
            bytes = JSONText.serialize(body, sortedKeys: false)
        }
        let response = try await medusa.send(HTTPRequestData(method: HTTPRequest.Method(method)!, url: components.string!,
                                                             headerFields: headers, body: bytes, timeout: .seconds(60)))
        guard (200..<300).contains(response.status) else {
            throw BaselineError("\(method) \(path) answered \(response.status): \(response.bodyText.prefix(300))")
        }
        return try JSONText.parse(response.body)
    }

    private func records(_ value: JSONValue) throws -> [JSONValue] {
        guard case .array(let list) = value else { throw BaselineError("Odoo read did not answer a list") }
        return list
    }

    private func ints(_ value: JSONValue?) -> [Int] {
        guard case .array(let list)? = value else { return [] }
        return list.compactMap(\.intValue)
    }

    /// The name of a many2one read as `[id, "name"]`.
    private func pairName(_ value: JSONValue?) -> String? {
        guard case .array(let pair)? = value, pair.count == 2 else { return nil }
        return pair[1].stringValue
    }

    /// Odoo's `slug`: lowercase ASCII letters and digits joined by dashes.
    static func slug(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US"))
        var slug = ""
        var dash = false
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                if dash, !slug.isEmpty { slug.append("-") }
                slug.unicodeScalars.append(scalar)
                dash = false
            } else {
                dash = true
            }
        }
        return slug.isEmpty ? "product" : slug
    }
}

struct BaselineError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs the baseline as one measured phase.
enum BaselinePhase {
    static func run(_ spec: PhaseSpec) async throws -> PhaseResult {
        let odooMeter = TrafficMeter()
        let medusaMeter = TrafficMeter()
        let transport = BenchmarkTransport.make(connections: spec.connections)
        var logger = Logger(label: "sync-benchmark-baseline")
        logger.logLevel = .error
        let odoo = Adapters.odoo(
            OdooConfiguration(url: spec.odooURL, database: spec.odooDatabase, username: spec.odooLogin,
                              apiKey: spec.odooAPIKey, apiProtocol: .jsonrpc, timeout: .seconds(60)),
            transport: odooMeter.wrap(transport), logger: logger)
        let sync = BaselineSync(odoo: odoo, medusa: medusaMeter.wrap(transport), medusaURL: spec.medusaURL,
                                authorization: "Basic " + Data("\(spec.medusaAPIKey):".utf8).base64EncodedString(),
                                pageSize: spec.baselinePageSize, limit: spec.baselineLimit)
        let memory = PhaseMemory()
        let startRSS = ProcessProbe.currentRSS() ?? 0
        let cpuBefore = ProcessProbe.cpuSeconds()
        let started = ContinuousClock.now
        var failure: String?
        var result = BaselineSync.Result()
        do {
            result = try await sync.run()
        } catch {
            failure = String(describing: error)
        }
        let wall = (ContinuousClock.now - started).seconds
        let cpuAfter = ProcessProbe.cpuSeconds()
        let peak = memory.finish()
        return PhaseResult(
            name: spec.name, wallSeconds: wall, odoo: odooMeter.traffic, medusa: medusaMeter.traffic,
            created: result.created, updated: result.updated, failed: result.failed, templatesCovered: result.templates,
            peakRSSBytes: peak.bytes, memoryMethod: peak.method, startRSSBytes: startRSS,
            cpuUserSeconds: cpuAfter.user - cpuBefore.user, cpuSystemSeconds: cpuAfter.system - cpuBefore.system,
            error: failure, failureSamples: result.failures)
    }
}
