import ExactJSON
import Foundation
import OdooClient
import SyncCore
import Testing

/// Odoo's value conventions, undone in one place.
@Suite("Odoo field values")
struct OdooFieldValuesTests {
    let record = OdooFieldValues(model: "product.template", values: [
        "id": .number(9), "name": .string("Desk"), "default_code": .bool(false), "categ_id": .array([.number(5), .string("Office")]),
        "currency_id": .object(["id": .number(1), "name": .string("USD")]), "uom_id": .number(1), "parent_id": .bool(false),
        "list_price": .number(Decimal(string: "840.4")!), "write_date": .string("2026-11-25 11:35:39"),
        "webhook_date": .string("2026-11-25 11:35:04.592111"), "date_end": .bool(false),
        "product_variant_ids": .array([.number(13), .number(14)]), "attribute_line_ids": .bool(false), "active": .bool(true),
    ])

    @Test("false means empty for text, relations, dates and lists")
    func falseIsEmpty() throws {
        #expect(try record.optionalString("default_code") == nil)
        #expect(try record.many2oneId("parent_id") == nil)
        #expect(try record.dateTime("date_end") == nil)
        #expect(try record.ids("attribute_line_ids") == [])
        #expect(try record.optionalString("not_read") == nil, "a field not read is absent, not an error")
    }

    @Test("many2one in all three recorded forms")
    func many2oneForms() throws {
        #expect(try record.many2oneId("categ_id") == 5)
        #expect(try record.many2oneName("categ_id") == "Office")
        #expect(try record.many2oneId("currency_id") == 1)
        #expect(try record.many2oneName("currency_id") == "USD")
        #expect(try record.many2oneId("uom_id") == 1)
    }

    @Test("datetimes are UTC text, microseconds dropped")
    func datetimes() throws {
        #expect(try record.dateTime("write_date")?.text == "2026-11-25 11:35:39")
        #expect(try record.dateTime("webhook_date")?.text == "2026-11-25 11:35:04")
        let bad = OdooFieldValues(model: "m", values: ["write_date": .string("2026-11-25T11:35:39Z")])
        #expect(throws: OdooError.self) { try bad.dateTime("write_date") }
    }

    @Test("money stays exact and shape errors are classified")
    func moneyAndShapes() throws {
        #expect(try record.decimal("list_price") == Decimal(string: "840.4")!)
        let error = #expect(throws: OdooError.self) { try record.int("name") }
        #expect(error?.kind == .unexpectedData)
        #expect(error?.failureClass == .permanent)
        #expect(error?.message?.contains("product.template(9).name") == true)
    }

    @Test("the cursor domain names whole seconds")
    func cursorDomain() throws {
        let domain = OdooDomain.after(ModelCursor(writeDate: OdooDateTime("2026-11-25 11:35:59")!, id: 42))
        #expect(JSONText.serializedString(domain.json) ==
            #"["|",["write_date",">=","2026-11-25 11:36:00"],"&",["write_date",">=","2026-11-25 11:35:59"],["id",">",42]]"#)
        #expect(OdooDomain.all.and(.ids(in: [1])) == .ids(in: [1]))
    }
}
