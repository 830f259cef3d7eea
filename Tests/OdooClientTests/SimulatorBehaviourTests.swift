import ExactJSON
import Foundation
import OdooClient
import OdooSimulator
import SyncCore
import Synchronization
import Testing

/// The simulator behaves like the recorded Odoo: which changes move which `write_date`, which webhooks fire and how
/// they look, how fast big catalogues are generated.
@Suite("Simulator behaviour")
struct SimulatorBehaviourTests {
    /// Collects webhook POSTs the simulator sends.
    final class WebhookInbox: Sendable {
        private let received = Mutex<[(url: String, body: [UInt8])]>([])
        let delay: Duration
        init(delay: Duration = .zero) { self.delay = delay }
        var sender: OdooWebhookSender {
            { [self] url, body in
                if delay > .zero { try await Task.sleep(for: delay) }
                store(url, body)
            }
        }
        private func store(_ url: String, _ body: [UInt8]) { received.withLock { $0.append((url, body)) } }
        var payloads: [OdooWebhookPayload] { received.withLock { $0 }.compactMap { try? OdooWebhookPayload(jsonBody: $0.body) } }
        var bodies: [String] { received.withLock { $0 }.map { String(decoding: $0.body, as: UTF8.self) } }
    }

    static let hookURL = "http://127.0.0.1:9/webhooks/odoo?token=secret-token"

    static func configuration(_ inbox: WebhookInbox, variantRule: Bool = false) -> OdooSimulatorConfiguration {
        OdooSimulatorConfiguration(webhooks: OdooWebhookSettings(url: hookURL, variantOnCreateOrWrite: variantRule),
                                   webhookSender: inbox.sender)
    }

    @Test("a list price write bumps the template and its variants and fires one POST per record")
    func listPriceWrite() async throws {
        let inbox = WebhookInbox()
        try await SimulatorHarness.with(.odoo19JSON2, configuration: Self.configuration(inbox, variantRule: true)) { harness in
            let simulator = harness.simulator
            let before = simulator.writeDate(model: "product.template", id: 9)!
            let variantBefore = simulator.writeDate(model: "product.product", id: 13)!
            let otherBefore = simulator.writeDate(model: "product.template", id: 5)!
            try await simulator.setListPrice(templateId: 9, to: 777)
            #expect(simulator.writeDate(model: "product.template", id: 9)! > before)
            #expect(simulator.writeDate(model: "product.product", id: 13)! > variantBefore)
            #expect(simulator.writeDate(model: "product.template", id: 5) == otherBefore)
            let payloads = inbox.payloads
            #expect(payloads.map(\.model) == ["product.template"] + Array(repeating: "product.product", count: 5))
            #expect(payloads.first?.id == 9)
            #expect(payloads.first?.action == "Medusa webhook on_create_or_write(#462)")
            #expect(payloads.first?.fields["list_price"] == .number(777))
            #expect(payloads.first?.fields["categ_id"] == .number(5), "many2one as a bare id")
            #expect(payloads[1].fields["lst_price"] != nil)
            let lstPrices = try await harness.client().variants(templateIds: [9], includeArchived: false).map(\.lstPrice)
            #expect(lstPrices.allSatisfy { $0 > 777 || $0 == 777 })
        }
    }

    @Test("webhook bodies look like Odoo's: sorted keys, microseconds, Python floats, no signature")
    func webhookBodyShape() async throws {
        let inbox = WebhookInbox()
        try await SimulatorHarness.with(.odoo19JSON2, configuration: Self.configuration(inbox)) { harness in
            try await harness.simulator.renameTemplate(5, to: "Office Chair Pro")
            let body = try #require(inbox.bodies.first)
            let keys = try #require(JSONText.parse(body).objectKeysInOrder(text: body))
            #expect(keys == keys.sorted())
            #expect(keys.prefix(3) == ["_action", "_id", "_model"])
            #expect(body.contains("\"list_price\": 70.0"))
            let stored = try #require(harness.simulator.storedWriteDate(model: "product.template", id: 5))
            #expect(body.contains("\"write_date\": \"\(stored)\""))
            #expect(stored.count == 26, "YYYY-MM-DD HH:MM:SS.ffffff")
            #expect(harness.simulator.webhookDeliveries.first?.url == Self.hookURL)
            #expect(harness.simulator.webhookDeliveries.first?.outcome == .delivered)
        }
    }

    @Test("a PTAV price_extra change and a stock change move no product write_date and fire nothing")
    func silentChanges() async throws {
        let inbox = WebhookInbox()
        try await SimulatorHarness.with(.odoo19JSON2, configuration: Self.configuration(inbox, variantRule: true)) { harness in
            let simulator = harness.simulator
            let template = simulator.writeDate(model: "product.template", id: 9)
            let variants = [13, 14, 15, 16, 18].map { simulator.writeDate(model: "product.product", id: $0) }
            let ptavBefore = simulator.writeDate(model: "product.template.attribute.value", id: 5)!
            try await simulator.setPriceExtra(templateAttributeValueId: 5, to: 20)
            try await simulator.setStock(variantId: 13, locationId: 5, quantity: 1)
            #expect(simulator.writeDate(model: "product.template", id: 9) == template)
            #expect([13, 14, 15, 16, 18].map { simulator.writeDate(model: "product.product", id: $0) } == variants)
            #expect(simulator.writeDate(model: "product.template.attribute.value", id: 5)! > ptavBefore)
            #expect(inbox.payloads.isEmpty)
            let client = harness.client()
            let black = try await client.variants(templateIds: [9], includeArchived: false).filter { $0.attributeValueIds.contains(5) }
            #expect(black.map(\.lstPrice) == [780, 780])
            #expect(try await client.stockLevels(variantIds: [13], locationIds: []).first?.quantity == 1)
        }
    }

    @Test("archive, unarchive and delete fire their rules; delete sends the last data")
    func archiveAndDelete() async throws {
        let inbox = WebhookInbox()
        try await SimulatorHarness.with(.odoo19JSON2, configuration: Self.configuration(inbox)) { harness in
            let simulator = harness.simulator
            try await simulator.archiveTemplate(5)
            try await simulator.unarchiveTemplate(5)
            try await simulator.deleteTemplate(5)
            let actions = inbox.payloads.map { $0.action ?? "" }
            #expect(actions == ["Medusa webhook on_create_or_write(#462)", "Medusa webhook on_archive(#463)",
                                "Medusa webhook on_create_or_write(#462)", "Medusa webhook on_unlink(#464)"])
            #expect(inbox.payloads[1].active == false)
            #expect(inbox.payloads[3].fields["name"] == .string("Office Chair"))
            let client = harness.client()
            #expect(try await client.templates(ids: [5], includeArchived: true).isEmpty)
            #expect(try await client.variants(templateIds: [5], includeArchived: true).isEmpty)
            await #expect(throws: OdooSimulatorError.self) { try await simulator.archiveTemplate(5) }
        }
    }

    @Test("one product create fires the recorded burst of 16 POSTs")
    func createBurst() async throws {
        let inbox = WebhookInbox()
        try await SimulatorHarness.with(.odoo19JSON2, configuration: Self.configuration(inbox)) { harness in
            let created = try await harness.simulator.createProduct(OdooNewProduct(name: "Webhook Test Product",
                                                                                  listPrice: Decimal(string: "12.5")!,
                                                                                  defaultCode: "WH-TEST-1"))
            let payloads = inbox.payloads
            #expect(payloads.count == 16)
            #expect(payloads.allSatisfy { $0.id == created.templateId && $0.model == "product.template" })
            #expect(payloads.prefix(10).allSatisfy { $0.fields["product_variant_ids"] == .array([]) })
            #expect(payloads[10].fields["default_code"] == .bool(false))
            #expect(payloads[14].fields["default_code"] == .string("WH-TEST-1"))
            #expect(payloads[15].fields.isEmpty, "the on_create rule without fields sends only _action, _id, _model")
            let template = try await harness.client().templates(ids: [created.templateId], includeArchived: false)
            #expect(template.first?.listPrice == Decimal(string: "12.5")!)
        }
    }

    @Test("a multi-variant create prices variants with their extras")
    func createWithVariants() async throws {
        try await SimulatorHarness.with(.odoo17JSONRPC) { harness in
            let created = try await harness.simulator.createProduct(OdooNewProduct(
                name: "Shirt", listPrice: 20, defaultCode: "SHIRT", attributeName: "Size",
                attributeValues: [("S", 0), ("M", Decimal(string: "1.5")!), ("L", 3)]))
            let variants = try await harness.client().variants(templateIds: [created.templateId], includeArchived: false)
            #expect(variants.map(\.lstPrice) == [20, Decimal(string: "21.5")!, 23])
            #expect(variants.map(\.defaultCode) == ["SHIRT-1", "SHIRT-2", "SHIRT-3"])
        }
    }

    @Test("webhooks time out after 1 s and are not retried")
    func webhookTimeout() async throws {
        let inbox = WebhookInbox(delay: .seconds(5))
        let configuration = OdooSimulatorConfiguration(
            webhooks: OdooWebhookSettings(url: Self.hookURL, timeout: .milliseconds(200)), webhookSender: inbox.sender)
        try await SimulatorHarness.with(.odoo19JSON2, configuration: configuration) { harness in
            let started = ContinuousClock.now
            try await harness.simulator.renameTemplate(5, to: "Slow Receiver")
            // The receiver holds 5 s; with the 200 ms timeout the write returns long before (bound generous for a
            // loaded machine running the suites in parallel).
            #expect(ContinuousClock.now - started < .seconds(4))
            #expect(harness.simulator.webhookDeliveries.map(\.outcome) == [.timedOut])
            #expect(harness.simulator.writeDate(model: "product.template", id: 5) != nil, "the write itself succeeded")
        }
    }

    @Test("Odoo 17 posts before the change is visible")
    func odoo17PostsBeforeCommit() async throws {
        let seen = Mutex<[String]>([])
        let holder = Mutex<RunningOdooSimulator?>(nil)
        let configuration = OdooSimulatorConfiguration(
            webhooks: OdooWebhookSettings(url: Self.hookURL),
            webhookSender: { _, _ in
                // What a receiver re-reading right away sees.
                if let simulator = holder.withLock({ $0 }), let date = simulator.writeDate(model: "product.template", id: 5) {
                    seen.withLock { $0.append(date) }
                }
            })
        try await SimulatorHarness.with(.odoo17JSONRPC, configuration: configuration) { harness in
            holder.withLock { $0 = harness.simulator }
            let before = try #require(harness.simulator.writeDate(model: "product.template", id: 5))
            try await harness.simulator.renameTemplate(5, to: "Renamed")
            #expect(seen.withLock { $0 } == [before])
            #expect(harness.simulator.writeDate(model: "product.template", id: 5)! > before)
        }
    }

    @Test("a 10,000 × 3 catalogue is generated quickly and reads back completely")
    func generatedCatalogue() async throws {
        let started = ContinuousClock.now
        let seed = OdooCatalogueSeed.generated(GeneratedCatalogueOptions(templates: 10_000, variantsPerTemplate: 3))
        let elapsed = ContinuousClock.now - started
        #expect(seed.templateCount == 10_000)
        #expect(seed.variantCount == 30_000)
        #expect(elapsed < .seconds(15), "generation took \(elapsed)")
        try await SimulatorHarness.with(.odoo19JSON2, seed: seed) { harness in
            let client = harness.client()
            #expect(try await client.searchCount(model: "product.product") == 30_000)
            let page = try await client.variants(after: nil, limit: 500, includeArchived: false)
            #expect(page.count >= 500)
            let first = try #require(page.first)
            #expect(first.lstPrice == 10 && first.priceExtra == 0)
            let eur = try #require(try await client.pricelists().first { $0.currencyId == 2 })
            #expect(try await client.pricelistItems(pricelistIds: [eur.id]).count == 1)
            #expect(Set(try await client.currencies().map(\.name)) == ["USD", "EUR"])
            let levels = try await client.stockLevels(variantIds: page.prefix(3).map(\.id), locationIds: [])
            #expect(levels.allSatisfy { $0.quantity >= 10 })
            #expect(harness.simulator.requestCount(model: "product.product", method: "search_read") >= 1)
        }
    }
}

extension SimulatorBehaviourTests {
    @Test("generated attributes make every combination, priced with the value extras")
    func generatedAttributes() async throws {
        let seed = OdooCatalogueSeed.generated(GeneratedCatalogueOptions(
            templates: 10, attributes: [GeneratedOdooAttribute(name: "Size", values: ["S", "M"]),
                                        GeneratedOdooAttribute(name: "Color", values: ["Red", "Blue", "Green"])]))
        #expect(seed.variantCount == 60)
        try await SimulatorHarness.with(.odoo19JSON2, seed: seed) { harness in
            let client = harness.client()
            let variants = try await client.variants(templateIds: [1], includeArchived: false)
            #expect(variants.count == 6)
            // list_price 10 + M (+2.5) + Green (+5).
            #expect(variants.map(\.lstPrice).max() == Decimal(string: "17.5")!)
            let attributes = try await client.attributes(ids: [1, 2])
            #expect(attributes.map(\.name) == ["Size", "Color"])
        }
    }
}

extension JSONValue {
    /// Keys of a JSON object in the order they appear in `text` (the parsed value itself is unordered).
    func objectKeysInOrder(text: String) -> [String]? {
        guard case .object(let object) = self else { return nil }
        return object.keys.compactMap { key in text.range(of: "\"\(key)\":").map { (key, $0.lowerBound) } }
            .sorted { $0.1 < $1.1 }.map(\.0)
    }
}
