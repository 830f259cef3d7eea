import Foundation
import Testing
@testable import SyncCore

@Suite("Mapping the Odoo 19 demo catalogue")
struct ProductMapperTests {
    static func map(_ template: OdooTemplate, context: MappingContext = Demo.context()) throws -> DesiredProduct {
        try ProductMapper.map(Demo.snapshot(template), context: context)
    }

    @Test("Customizable Desk: options in Odoo's line order, values in value order, five variants")
    func desk() throws {
        let desk = try Self.map(Demo.customizableDesk)
        #expect(desk.options == [OptionInput(title: "Color", values: ["White", "Black"]),
                                 OptionInput(title: "Legs", values: ["Steel", "Aluminium", "Custom"])])
        #expect(desk.variants.map(\.odooVariantId) == [13, 14, 15, 16, 18])
        #expect(desk.variants.map(\.title) == ["White / Steel", "White / Aluminium", "White / Custom", "Black / Steel", "Black / Custom"])
        #expect(desk.variants.map(\.sku) == ["FURN_0096", "FURN_0098", "DESK0005", "FURN_0097", "DESK0006"])
        #expect(desk.variants.map(\.barcode) == ["DOWN-TEST-1", "PROBE-0001", "WH-BARCODE-0002", nil, nil])
        #expect(desk.variants[1].options == ["Color": "White", "Legs": "Aluminium"])
        #expect(desk.variants.map { $0.prices.first { $0.currencyCode == "usd" }!.amount } == [790, dec("840.4"), 790, 771, 771])
        #expect(desk.warnings.isEmpty)
        #expect(desk.handle == "customizable-desk")
        #expect(desk.description == "160x80cm, with large legs")
        #expect(desk.status == .published)
        #expect(desk.externalId == "9")
        #expect(desk.metadata == ["odoo_template_id": .number(9), "odoo_model": .string("product.template")])
        #expect(desk.variants[0].metadata["odoo_variant_id"] == .number(13))
        #expect(desk.salesChannelIds == ["sc_default"])
        #expect(desk.variants.allSatisfy { $0.manageInventory })
    }

    @Test("no_variant attributes make no option; without variant attributes the product gets Default/Default")
    func noVariantOnly() throws {
        let corner = try Self.map(Demo.cornerDesk)
        #expect(corner.options == [OptionInput(title: "Default", values: ["Default"])])
        #expect(corner.variants.count == 1)
        #expect(corner.variants[0].title == "Corner Desk Right Sit")
        #expect(corner.variants[0].options == ["Default": "Default"])
        #expect(corner.variants[0].sku == "E-COM06")
        // The Options extras (+250 …) are sales-order choices, not part of lst_price.
        #expect(corner.variants[0].prices.first { $0.currencyCode == "usd" }?.amount == 147)
        #expect(corner.warnings.isEmpty)
    }

    @Test("a variant attribute next to a no_variant one: only the variant one is an option")
    func mixed() throws {
        let screens = try Self.map(Demo.acousticScreens)
        #expect(screens.options == [OptionInput(title: "Color", values: ["White", "Black"])])
        #expect(screens.variants.map(\.title) == ["White", "Black"])
        #expect(screens.variants.map(\.options) == [["Color": "White"], ["Color": "Black"]])
    }

    @Test("single-variant product: weight, sale description, handle")
    func officeChair() throws {
        let chair = try Self.map(Demo.officeChair)
        #expect(chair.title == "Office Chair")
        #expect(chair.handle == "office-chair")
        #expect(chair.weight == dec("0.01"))
        #expect(chair.variants[0].title == "Office Chair")
        #expect(chair.variants[0].sku == "FURN_7777")
    }

    @Test("services never manage inventory; stock sync off means no product does")
    func inventory() throws {
        #expect(try Self.map(Demo.restaurantExpenses).variants.allSatisfy { !$0.manageInventory })
        #expect(try Self.map(Demo.officeChair, context: Demo.context(manageInventory: false)).variants.allSatisfy { !$0.manageInventory })
    }

    @Test("not saleable → draft; description falls back to the internal description")
    func draftAndDescription() throws {
        #expect(try Self.map(Demo.localDelivery).status == .draft)
        var template = Demo.officeChair
        template.descriptionSale = "  "
        template.description = "<p>Internal</p>"
        #expect(try Self.map(template).description == "<p>Internal</p>")
    }

    @Test("the category is the bound Medusa category; nil when categories are not synced")
    func category() throws {
        #expect(try Self.map(Demo.officeChair, context: Demo.context(categoryIds: [5: "pcat_office"])).categoryIds == ["pcat_office"])
        #expect(try Self.map(Demo.officeChair, context: Demo.context(categoryIds: [:])).categoryIds == [])
        #expect(try Self.map(Demo.officeChair).categoryIds == nil)
    }

    @Test("an lst_price that does not add up is used as read, with a warning")
    func lstPriceMismatch() throws {
        var snapshot = Demo.snapshot(Demo.conferenceChair)
        snapshot.variants[1].lstPrice = 40
        let chair = try ProductMapper.map(snapshot, context: Demo.context())
        #expect(chair.variants[1].prices.first { $0.currencyCode == "usd" }?.amount == 40)
        #expect(chair.warnings == ["variant 30: lst_price 40 ≠ list_price 33 + extras 6.4; using lst_price as read"])
    }

    @Test("the template image and a differing variant image, each once, by checksum")
    func images() throws {
        var snapshot = Demo.snapshot(Demo.conferenceChair)
        snapshot.images = [ProductImage(owner: .template(16), checksum: digest.hex(of: [1, 2, 3]), url: "https://m/1"),
                           ProductImage(owner: .variant(29), checksum: digest.hex(of: [1, 2, 3])),
                           ProductImage(owner: .variant(30), checksum: digest.hex(of: [4, 5]))]
        let chair = try ProductMapper.map(snapshot, context: Demo.context(syncImages: true))
        #expect(chair.images == [DesiredImage(checksum: digest.hex(of: [1, 2, 3]), owner: .template(16), url: "https://m/1"),
                                 DesiredImage(checksum: digest.hex(of: [4, 5]), owner: .variant(30))])
    }

    static let broken: [(String, @Sendable (inout ProductSnapshot) -> Void, MappingError)] = [
        ("two variants with one sku", { $0.variants[1].defaultCode = "E-COM12" }, .duplicateSku("E-COM12", variantIds: [29, 30])),
        ("two variants with one barcode", { $0.variants[0].barcode = "X"; $0.variants[1].barcode = "X" },
         .duplicateBarcode("X", variantIds: [29, 30])),
        ("a variant without value for an attribute", { $0.variants[1].attributeValueIds = [] },
         .missingOptionValue(variantId: 30, option: "Legs")),
        ("two variants with one combination", { $0.variants[1].attributeValueIds = [13] },
         .duplicateCombination(variantIds: [29, 30], combination: "Steel")),
        ("no active variant", { $0.variants = $0.variants.map { var v = $0; v.active = false; return v } }, .noActiveVariants),
        ("an attribute Odoo did not return", { $0.attributes = [:] }, .unknownAttribute(8)),
    ]

    @Test("data Medusa cannot hold is a clear mapping error", arguments: 0..<6)
    func brokenData(index: Int) {
        let (_, breakIt, expected) = Self.broken[index]
        var snapshot = Demo.snapshot(Demo.conferenceChair)
        breakIt(&snapshot)
        #expect(throws: expected) { try ProductMapper.map(snapshot, context: Demo.context()) }
    }

    @Test("a sku used by two templates in a run is refused for the second, naming the first")
    func crossProductSku() throws {
        var registry = CodeRegistry()
        let desk = try Self.map(Demo.customizableDesk)
        var copy = try Self.map(Demo.officeChair)
        copy.variants[0].sku = "FURN_0096"
        #expect(registry.claim(desk) == nil)
        #expect(registry.claim(copy) == "sku \"FURN_0096\" is also used by Odoo product 9 \"Customizable Desk\"; fix the duplicate Internal Reference in Odoo")
        #expect(registry.claim(desk) == nil, "a template may claim its own codes again")
    }
}
