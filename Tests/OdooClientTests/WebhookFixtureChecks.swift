import ExactJSON
import Foundation
import OdooClient
import SyncCore
import Testing

/// Recorded webhook POSTs and notes: each payload parses into `OdooWebhookPayload` (both ways the App may read it),
/// and the summaries agree with the files beside them.
enum WebhookFixtureChecks {
    static func payload(_ exchange: RecordedExchange) throws {
        #expect(exchange.protocolName == "webhook")
        #expect(exchange.requestMethod == "POST")
        #expect(exchange.requestHeader("Content-Type") == "application/json")
        #expect(exchange.requestHeader("Authorization") == nil, "Odoo signs nothing")
        let body = try #require(exchange.requestBody)
        let bytes = JSONText.serialize(body)
        let payload = try OdooWebhookPayload(jsonBody: bytes)
        let decoded = try JSONDecoder().decode(OdooWebhookPayload.self, from: Data(bytes))
        #expect(payload.model == body["_model"]?.stringValue)
        #expect(payload.id == body["_id"]?.intValue)
        #expect(decoded.model == payload.model && decoded.id == payload.id && decoded.action == payload.action)
        #expect(["product.template", "product.product"].contains(payload.model))
        let path = exchange.requestPath ?? ""
        #expect(path.contains(payload.model == "product.template" ? "product-template" : "product-product"))
        let action = try #require(payload.action)
        #expect(payload.actionId.map { action.hasSuffix("(#\($0))") } == true)
        if payload.fields["write_date"] != nil {
            #expect(payload.writeDate != nil, "write_date with microseconds parses")
        }
        if let id = payload.fields["id"] { #expect(id.intValue == payload.id) }
        // many2one arrives as a bare id (or false), never as Odoo's read shape [id, "name"].
        for key in ["categ_id", "product_tmpl_id"] {
            if let value = payload.fields[key] { #expect(value == .bool(false) || value.intValue != nil, "\(key): \(value)") }
        }
    }

    /// `posts_per_step` counts the payload files of each step; the `sequence` lists them in order.
    static func summary(_ exchange: RecordedExchange) throws {
        guard case .object(let perStep)? = exchange.root["posts_per_step"], case .array(let sequence)? = exchange.root["sequence"]
        else { throw FixtureProblem("summary without posts_per_step/sequence") }
        let folder = exchange.components.dropLast().joined(separator: "/")
        let files = FixtureLibrary.allPaths.filter { $0.hasPrefix(folder + "/webhook_") }
        var total = 0
        for (step, count) in perStep {
            let expected = try #require(count.intValue)
            let matching = files.filter { path in
                guard let name = path.split(separator: "/").last, name.hasPrefix("webhook_\(step)_") else { return false }
                return Int(name.dropFirst("webhook_\(step)_".count).dropLast(5)) != nil
            }
            #expect(matching.count == expected, "step \(step)")
            total += expected
        }
        #expect(sequence.count == total)
        #expect(files.count == total)
    }

    /// Not an exchange: what Odoo 19 did with the receiver down (write still succeeded, no retry).
    static func receiverDown(_ exchange: RecordedExchange) throws {
        #expect(exchange.protocolName == "webhook")
        #expect(exchange.responseStatus == nil)
        #expect(exchange.requestBody == .null)
        guard case .array(let log)? = exchange.root["odoo_log"] else { throw FixtureProblem("no odoo_log") }
        #expect(log.count == 2)
        #expect(exchange.root["note"]?.stringValue?.contains("did not retry") == true)
    }
}

/// The incremental probe: the summary's states equal the recorded reads, and show what moves `write_date` and what
/// does not — with money exact.
enum ProbeSummaryCheck {
    static func check(_ exchange: RecordedExchange) throws {
        let steps = ["0_initial": "s0", "1_after_variant_barcode_write": "s1", "2_after_ptav_price_extra_write": "s2",
                     "3_after_stock_inventory_apply": "s3"]
        var variantsByStep: [String: [Int: OdooFieldValues]] = [:]
        for (key, prefix) in steps {
            let state = try #require(exchange.root[key])
            let variantsFile = try FixtureLibrary.load("odoo19/json2_incremental_probe/\(prefix)_read_variants.json")
            #expect(state["variants"] == variantsFile.responseBody)
            let templateFile = try FixtureLibrary.load("odoo19/json2_incremental_probe/\(prefix)_read_template.json")
            #expect(state["template"].map { JSONValue.array([$0]) } == templateFile.responseBody)
            let records = try OdooFieldValues.records(model: "product.product", from: try #require(state["variants"]))
            variantsByStep[prefix] = Dictionary(uniqueKeysWithValues: try records.map { (try $0.int("id"), $0) })
        }
        let s0 = try #require(variantsByStep["s0"]), s1 = try #require(variantsByStep["s1"])
        let s2 = try #require(variantsByStep["s2"]), s3 = try #require(variantsByStep["s3"])
        // Money is exact: 760 + 80.4.
        #expect(try s0[14]?.decimal("lst_price") == Decimal(string: "840.4")!)
        // A barcode write moves that variant's write_date only.
        #expect(try s1[14]?.dateTime("write_date") != s0[14]?.dateTime("write_date"))
        #expect(try s1[13]?.dateTime("write_date") == s0[13]?.dateTime("write_date"))
        // A PTAV price_extra write changes prices but no variant write_date.
        #expect(try s2[16]?.decimal("lst_price") != s1[16]?.decimal("lst_price"))
        for id in [13, 14, 15, 16, 18] { #expect(try s2[id]?.dateTime("write_date") == s1[id]?.dateTime("write_date")) }
        // A stock inventory changes qty_available but no write_date.
        #expect(try s3[13]?.decimal("qty_available") != s2[13]?.decimal("qty_available"))
        #expect(try s3[13]?.dateTime("write_date") == s2[13]?.dateTime("write_date"))
    }
}
