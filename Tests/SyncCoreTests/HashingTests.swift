import ExactJSON
import Foundation
import Testing
@testable import SyncCore

@Suite("Desired-state hash")
struct HashingTests {
    static func desk() throws -> DesiredProduct { try ProductMapper.map(Demo.snapshot(Demo.customizableDesk), context: Demo.context()) }

    @Test("does not depend on dictionary order or on how a decimal was written")
    func orderIndependent() throws {
        let desk = try Self.desk()
        var shuffled = desk
        // Rebuild every dictionary with keys inserted in reverse, and amounts written with trailing zeros.
        shuffled.metadata = Dictionary(uniqueKeysWithValues: desk.metadata.sorted { $0.key > $1.key })
        shuffled.variants = desk.variants.map { variant in
            var copy = variant
            var options: [String: String] = [:]
            for key in variant.options.keys.sorted(by: >) { options[key] = variant.options[key] }
            copy.options = options
            copy.prices = variant.prices.map { price in
                let text = "\(price.amount)"
                return MedusaPrice(currencyCode: price.currencyCode, amount: dec(text.contains(".") ? text + "00" : text + ".000"))
            }
            return copy
        }
        #expect(desiredHash.of(shuffled) == desiredHash.of(desk))
    }

    @Test("ignores the handle and image URLs, which are never rewritten")
    func ignored() throws {
        var desk = try Self.desk()
        let before = desiredHash.of(desk)
        desk.handle = "something-else"
        desk.images = [DesiredImage(checksum: "abc", owner: .template(9), url: "https://a")]
        var other = desk
        other.images[0].url = "https://b"
        #expect(desiredHash.of(desk) == desiredHash.of(other))
        desk.images = []
        #expect(desiredHash.of(desk) == before)
    }

    @Test("changes with anything that is written", arguments: [
        "title", "price", "sku", "status", "option value", "category", "image", "warning-free metadata",
    ])
    func sensitive(field: String) throws {
        let desk = try Self.desk()
        var changed = desk
        switch field {
        case "title": changed.title = "Desk"
        case "price": changed.variants[0].prices[0].amount += dec("0.01")
        case "sku": changed.variants[0].sku = "X"
        case "status": changed.status = .draft
        case "option value": changed.options[0].values.append("Red")
        case "category": changed.categoryIds = ["pcat_1"]
        case "image": changed.images = [DesiredImage(checksum: "abc", owner: .template(9))]
        default: changed.metadata["odoo_template_id"] = .number(10)
        }
        #expect(desiredHash.of(changed) != desiredHash.of(desk))
    }

    @Test("is stable across releases for the same Odoo data (bump DesiredHash.version when mapping changes)")
    func golden() throws {
        #expect(desiredHash.of(try Self.desk()) == "86a026e4d567232e5c9b5567b3510400f8f885fd1b6244757d80ad831088f195")
    }

    /// The canonical text is what stored hashes digest: every case here must keep printing exactly as before.
    @Test("canonical JSON prints as it always has", arguments: [
        (JSONValue.object(["b": .number(dec("1.50")), "a": .null, "c": .bool(false)]), #"{"a":null,"b":1.5,"c":false}"#),
        (.array([.number(dec("0.000")), .number(dec("-2")), .number(dec("1e3"))]), "[0,-2,1000]"),
        (.string("quote \" backslash \\ tab \t line \n return \r"), #""quote \" backslash \\ tab \t line \n return \r""#),
        (.string("bell \u{07} unit \u{1F} delete \u{7F}"), "\"bell \\u0007 unit \\u001f delete \u{7F}\""),
        (.string("Café — 東京 🪑 e\u{301}"), "\"Café — 東京 🪑 e\u{301}\""),
        (.object(["é": .string("x"), "z": .array([]), "Z": .object([:])]), #"{"Z":{},"z":[],"é":"x"}"#),
    ])
    func canonicalText(value: JSONValue, expected: String) {
        #expect(CanonicalJSON.text(value) == expected)
        #expect(CanonicalJSON.bytes(value) == Array(expected.utf8))
    }
}
