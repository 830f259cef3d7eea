import Foundation

/// The reference data the orders sync looks up, as a fresh demo database has it (ORDERS.md §2): countries with their
/// codes (US states bare, `CA`; German ones prefixed, `DE-BY`; France without states), and the company's sale taxes in
/// the rates and price-included flags a shop uses. Ids of the recorded ones are kept (US 233, CA 13, DE-BY 1360, the
/// 15 % tax 1); the rest are made up. The catalogue seed already has the USD and EUR pricelists.
enum OrderReferenceSeed {
    struct Tax {
        var id: Int
        var name: String
        var rate: Decimal
        var included: Bool
        var use = "sale"
    }

    static let countries: [(id: Int, code: String, name: String, phoneCode: Int, stateRequired: Bool)] = [
        (57, "DE", "Germany", 49, false), (75, "FR", "France", 33, false), (231, "GB", "United Kingdom", 44, false),
        (233, "US", "United States", 1, true),
    ]

    static let states: [(id: Int, countryId: Int, code: String, name: String)] = [
        (13, 233, "CA", "California"), (17, 233, "IL", "Illinois"), (30, 233, "NY", "New York"), (41, 233, "TX", "Texas"),
        (47, 233, "WA", "Washington"),
        (1360, 57, "DE-BY", "Bayern"), (1361, 57, "DE-BE", "Berlin"), (1363, 57, "DE-HH", "Hamburg"),
    ]

    static let companyTaxes: [Tax] = [
        Tax(id: 1, name: "15%", rate: 15, included: false),
        Tax(id: 2, name: "15% (purchase)", rate: 15, included: false, use: "purchase"),
        Tax(id: 3, name: "0% Exports", rate: 0, included: false),
        Tax(id: 4, name: "20% incl.", rate: 20, included: true),
        Tax(id: 5, name: "10%", rate: 10, included: false),
        Tax(id: 6, name: "19%", rate: 19, included: false),
        Tax(id: 7, name: "21%", rate: 21, included: false),
    ]

    static func add(to data: inout SimDatabase, companyId: Int, otherCompanyIds: [Int], stamp: SimTimestamp) {
        for country in countries {
            data.insertSeedRecord("res.country", id: country.id, stamp: stamp, values: [
                "name": .text(country.name), "code": .text(country.code), "phone_code": .int(country.phoneCode),
                "state_required": .bool(country.stateRequired), "zip_required": .bool(true),
            ])
        }
        for state in states {
            // 17's German states were loaded later than 19's: Bayern is 1388 there.
            let id = data.version < 19 && state.countryId == 57 ? state.id + 28 : state.id
            data.insertSeedRecord("res.country.state", id: id, stamp: stamp, values: [
                "name": .text(state.name), "code": .text(state.code), "country_id": .many2one(state.countryId),
            ])
        }
        // The company's own contact and the admin's, as in a fresh database (never a customer by email).
        data.insertSeedRecord("res.partner", id: 1, stamp: stamp, values: [
            "name": .text("My Company (San Francisco)"), "is_company": .bool(true), "type": .text("contact"),
            "email": .text("info@yourcompany.com"), "country_id": .many2one(233), "state_id": .many2one(13),
        ])
        data.insertSeedRecord("res.partner", id: 3, stamp: stamp, values: [
            "name": .text("Mitchell Admin"), "type": .text("contact"), "email": .text("admin@yourcompany.example.com"),
            "country_id": .many2one(233),
        ])
        var taxes = companyTaxes.map { ($0, companyId) }
        // Another company's 15 % sale tax: visible to a multi-company user unless the search filters `company_id`.
        if let other = otherCompanyIds.first { taxes.append((Tax(id: 8, name: "15% (other company)", rate: 15, included: false), other)) }
        for (tax, company) in taxes {
            var values: [String: SimValue] = [
                "name": .text(tax.name), "amount": .decimal(tax.rate), "amount_type": .text("percent"),
                "type_tax_use": .text(tax.use), "company_id": .many2one(company),
            ]
            if data.version >= 19 {
                values["price_include_override"] = tax.included ? .text("tax_included") : .empty
            } else {
                values["price_include"] = .bool(tax.included)
            }
            data.insertSeedRecord("account.tax", id: tax.id, stamp: stamp, values: values)
        }
    }
}

extension SimDatabase {
    /// Puts a record with the given values over a blank row (Odoo's defaults), dated `stamp`.
    mutating func insertSeedRecord(_ model: String, id: Int, stamp: SimTimestamp, values: [String: SimValue]) {
        guard var table = tables[model] else { return }
        tables[model] = nil
        var row = table.blankRow(id: id)
        var all = values
        all["create_date"] = .timestamp(stamp)
        all["write_date"] = .timestamp(stamp)
        for (name, value) in all { if let index = table.schema.storedIndex(name) { row[index] = value } }
        table.put(id: id, row: row)
        tables[model] = table
    }
}
