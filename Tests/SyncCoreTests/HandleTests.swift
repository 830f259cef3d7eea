import Testing
@testable import SyncCore

@Suite("Product handles")
struct HandleTests {
    @Test("titles become URL-safe handles", arguments: [
        ("Customizable Desk", 9, "customizable-desk"),
        ("Chaise Élégante", 1, "chaise-elegante"),
        ("Große Straße", 2, "grosse-strasse"),
        ("Smørrebrød Æble Œuvre", 3, "smorrebrod-aeble-oeuvre"),
        ("Łódź Đakovo", 4, "lodz-dakovo"),
        ("[E-COM06] Corner Desk  (Right)", 10, "e-com06-corner-desk-right"),
        ("Men's Chair", 5, "mens-chair"),
        ("ﬁne ½ table", 6, "fine-1-2-table"),
        ("  --Trailing & leading--  ", 7, "trailing-leading"),
        ("東京 デスク", 42, "product-42"),
        ("مكتب خشبي", 43, "product-43"),
        ("🪑🪑", 44, "product-44"),
        ("2024", 45, "product-45"),
        ("Café ☕ Deluxe", 46, "cafe-deluxe"),
        ("東京 Desk 2", 47, "desk-2"),
    ])
    func handle(title: String, templateId: Int, expected: String) {
        let handle = ProductHandle.make(title: title, templateId: templateId)
        #expect(handle == expected)
        #expect(ProductHandle.isValid(handle))
    }

    @Test("long titles are cut at 100 characters without a trailing dash", arguments: [
        String(repeating: "a", count: 150),
        String(repeating: "abcd ", count: 40),
        String(repeating: "x", count: 99) + " yz",
    ])
    func longTitles(title: String) {
        let handle = ProductHandle.make(title: title, templateId: 1)
        #expect(handle.count <= 100)
        #expect(!handle.hasSuffix("-"))
        #expect(ProductHandle.isValid(handle))
    }

    @Test("a taken handle gets the template id, still valid and within the limit", arguments: [
        ("chair", 12, "chair-12"),
        (String(repeating: "b", count: 100), 123, String(repeating: "b", count: 96) + "-123"),
        (String(repeating: "ab-", count: 40), 7, String(repeating: "ab-", count: 32) + "ab-7"),
    ])
    func disambiguation(handle: String, templateId: Int, expected: String) {
        let taken = ProductHandle.disambiguate(handle, templateId: templateId)
        #expect(taken == expected)
        #expect(taken.count <= 100)
        #expect(ProductHandle.isValid(taken))
    }

    @Test("Medusa's handle rule", arguments: [
        ("desk", true), ("desk-2", true), ("a-b-c", true), ("", false), ("-desk", false), ("desk-", false),
        ("de--sk", false), ("Desk", false), ("desk_2", false), ("dèsk", false),
    ])
    func validity(handle: String, valid: Bool) {
        #expect(ProductHandle.isValid(handle) == valid)
    }
}
