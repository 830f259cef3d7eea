import CryptoDigest
import Foundation
import Testing
@testable import SyncCore

@Suite("Planner: fields the shop owns (MEDUSA_OWNED_FIELDS) are written at creation only")
struct OwnedFieldsTests {
    /// The desk as the sync wants it: a description, a category and an image, all different from Medusa's below.
    static func desired() throws -> DesiredProduct {
        var desk = try ProductMapper.map(Demo.snapshot(Demo.customizableDesk), context: Demo.context(categoryIds: [5: "pcat_office"]))
        desk.description = "Odoo's description"
        desk.images = [DesiredImage(checksum: "c0ffee", owner: .template(9), url: "https://files.test/odoo-desk.png")]
        desk.weight = 12
        desk.title = "Customizable Desk (Odoo)"
        return desk
    }

    /// What Medusa holds after someone edited every ownable field in the admin.
    static func editedInMedusa(_ desired: DesiredProduct) -> MedusaProduct {
        var current = mirror(desired)
        current.title = "The Desk You Deserve"
        current.description = "<p>Marketing copy written in Medusa</p>"
        current.imageURLs = ["https://cdn.shop/hero.jpg", "https://cdn.shop/side.jpg"]
        current.thumbnail = "https://cdn.shop/thumb.jpg"
        current.categoryIds = ["pcat_sale"]
        current.weight = 30
        return current
    }

    static func plannedPaths(owned: Set<MedusaOwnedField>) throws -> (paths: Set<String>, update: ProductUpdate?) {
        let desired = try Self.desired()
        guard case .update(let changes) = ProductPlanner.plan(desired, current: Self.editedInMedusa(desired),
                                                               variantBindings: bindingsOf(mirror(desired)),
                                                               managedCategoryIds: ["pcat_office"], ownedByMedusa: owned)
        else { Issue.record("expected an update"); return ([], nil) }
        return (Set(changes.fieldChanges.map(\.path)), changes.product)
    }

    static let every: Set<String> = ["title", "description", "images", "thumbnail", "categories", "weight"]

    struct OwnedCase: Sendable, CustomTestStringConvertible {
        var owned: Set<MedusaOwnedField>
        var written: Set<String>
        var testDescription: String { "owned \(owned.sorted().map(\.rawValue)) → written \(written.sorted())" }
    }

    static let ownedCases: [OwnedCase] = [
        OwnedCase(owned: [], written: every),
        OwnedCase(owned: [.description], written: every.subtracting(["description"])),
        OwnedCase(owned: [.images], written: every.subtracting(["images"])),
        OwnedCase(owned: [.thumbnail], written: every.subtracting(["thumbnail"])),
        OwnedCase(owned: [.images, .thumbnail], written: every.subtracting(["images", "thumbnail"])),
        OwnedCase(owned: [.categories], written: every.subtracting(["categories"])),
        OwnedCase(owned: [.title], written: every.subtracting(["title"])),
        OwnedCase(owned: [.weight], written: every.subtracting(["weight"])),
        OwnedCase(owned: Set(MedusaOwnedField.allCases), written: []),
    ]

    @Test("each owned field is left as Medusa has it; the others are written", arguments: OwnedFieldsTests.ownedCases)
    func ownedFieldsAreNotUpdated(_ testCase: OwnedCase) throws {
        let written = testCase.written
        let (paths, update) = try Self.plannedPaths(owned: testCase.owned)
        #expect(paths == written)
        #expect((update?.description != nil) == written.contains("description"))
        #expect((update?.imageURLs != nil) == written.contains("images"))
        #expect((update?.thumbnail != nil) == written.contains("thumbnail"))
        #expect((update?.categoryIds != nil) == written.contains("categories"))
        #expect((update?.title != nil) == written.contains("title"))
        #expect((update?.weight != nil) == written.contains("weight"))
        if written.isEmpty { #expect(update == nil) }
    }

    @Test("a creation writes every field, owned or not")
    func creationWritesOwnedFields() throws {
        let desired = try Self.desired()
        guard case .create(let input, _) = ProductPlanner.plan(desired, current: nil, ownedByMedusa: Set(MedusaOwnedField.allCases))
        else { Issue.record("expected a create"); return }
        #expect(input.description == "Odoo's description")
        #expect(input.imageURLs == ["https://files.test/odoo-desk.png"])
        #expect(input.thumbnail == "https://files.test/odoo-desk.png")
        #expect(input.categoryIds == ["pcat_office"])
        #expect(input.title == "Customizable Desk (Odoo)")
    }

    @Test("the binding hash leaves owned fields out (an Odoo edit of them is no change) and is unchanged without any")
    func hashLeavesOwnedFieldsOut() throws {
        let digest = SHA256ContentDigest()
        let before = try Self.desired()
        var after = before
        after.description = "Edited in Odoo"
        #expect(DesiredHash(digest: digest).of(before) != DesiredHash(digest: digest).of(after))
        #expect(DesiredHash(digest: digest, excluding: [.description]).of(before) == DesiredHash(digest: digest, excluding: [.description]).of(after))
        #expect(DesiredHash(digest: digest, excluding: []).of(before) == DesiredHash(digest: digest).of(before),
                "no ownership: the hashes bindings already hold stay valid")
        var priced = before
        priced.variants[0].prices[0].amount += 1
        #expect(DesiredHash(digest: digest, excluding: [.description]).of(before) != DesiredHash(digest: digest, excluding: [.description]).of(priced))
        var pictured = before
        pictured.images[0].checksum = "beef"
        #expect(DesiredHash(digest: digest, excluding: [.images]).of(before) != DesiredHash(digest: digest, excluding: [.images]).of(pictured),
                "the thumbnail is still the sync's: the image matters")
        #expect(DesiredHash(digest: digest, excluding: [.images, .thumbnail]).of(before) == DesiredHash(digest: digest, excluding: [.images, .thumbnail]).of(pictured))
    }

    struct ParseCase: Sendable {
        var text: String
        var fields: Set<MedusaOwnedField>
        var unknown: [String]
    }

    static let parseCases: [ParseCase] = [
        ParseCase(text: "description,images,thumbnail,categories", fields: [.description, .images, .thumbnail, .categories], unknown: []),
        ParseCase(text: " Description , IMAGES ", fields: [.description, .images], unknown: []),
        ParseCase(text: "", fields: [], unknown: []),
        ParseCase(text: "description,price,handle", fields: [.description], unknown: ["price", "handle"]),
    ]

    @Test("MEDUSA_OWNED_FIELDS parsing: names in any case, spaces, unknown names reported", arguments: OwnedFieldsTests.parseCases)
    func parse(_ testCase: ParseCase) {
        let parsed = MedusaOwnedField.parse(testCase.text)
        #expect(parsed.fields == testCase.fields)
        #expect(parsed.unknown == testCase.unknown)
    }
}
