import ExactJSON
import Foundation
import Testing
@testable import SyncCore

@Suite("Orders: Medusa customer or guest → Odoo contact and addresses")
struct OrderContactPlannerTests {
    static let regions = OdooRegions(countries: ["US": 233, "de": 57, "FR": 75],
                                     states: ["US": ["CA": 13, "IL": 14], "DE": ["DE-BY": 80]])
    static let shipTo = MedusaAddress(firstName: "Jane", lastName: "Doe", address1: "1 Ferry Building", address2: "Suite 42",
                                      city: "San Francisco", province: "ca", postalCode: "94111", countryCode: "us",
                                      phone: "+1 415-555-0101")
    static let billTo = MedusaAddress(firstName: "Jane", lastName: "Doe", company: "Acme", address1: "500 Market St",
                                      city: "San Francisco", province: "CA", postalCode: "94105", countryCode: "us")
    static let jane = MedusaCustomer(id: "cus_01", email: "jane@example.com", firstName: "Jane", lastName: "Doe",
                                     phone: "+1 415-555-0100")
    static let guest = MedusaCustomer(id: "cus_guest", email: "Guest@Example.com", hasAccount: false)

    static let desiredDelivery = OdooContactValues(type: .delivery, name: "Jane Doe", phone: "+1 415-555-0101",
                                                   street: "1 Ferry Building", street2: "Suite 42", city: "San Francisco",
                                                   zip: "94111", countryId: 233, stateId: 13)
    static let desiredInvoice = OdooContactValues(type: .invoice, name: "Jane Doe", street: "500 Market St",
                                                  city: "San Francisco", zip: "94105", countryId: 233, stateId: 13)
    static let existingJane = OdooContact(id: 45, values: OdooContactValues(
        type: .contact, name: "Jane Doe", email: "JANE@Example.com", phone: "+1 415-555-0100", companyName: "Acme"))

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var order: MedusaOrder
        var customer: MedusaCustomer?
        var bound: Int? = nil
        var known: [OdooContact] = []
        var expected: ContactPlanResult
        var testDescription: String { name }
    }

    static func order(email: String? = "jane@example.com", ship: MedusaAddress? = shipTo,
                      bill: MedusaAddress? = billTo) -> MedusaOrder {
        OrderExamples.order(email: email, shippingAddress: ship, billingAddress: bill)
    }

    static let cases: [Case] = [
        Case(name: "new registered customer: contact from the customer, children from the addresses",
             order: order(), customer: jane,
             expected: .planned(ContactPlan(
                parent: .create(OdooContactValues(type: .contact, name: "Jane Doe", email: "jane@example.com",
                                                  phone: "+1 415-555-0100", companyName: "Acme", street: "500 Market St",
                                                  city: "San Francisco", zip: "94105", countryId: 233, stateId: 13)),
                delivery: .create(desiredDelivery), invoice: .create(desiredInvoice), matchedBy: "new"))),
        Case(name: "guest: name from the billing address, email from the customer",
             order: order(email: "Guest@Example.com", ship: nil), customer: guest,
             expected: .planned(ContactPlan(
                parent: .create(OdooContactValues(type: .contact, name: "Jane Doe", email: "Guest@Example.com",
                                                  companyName: "Acme", street: "500 Market St", city: "San Francisco",
                                                  zip: "94105", countryId: 233, stateId: 13)),
                delivery: .useParent, invoice: .create(desiredInvoice), matchedBy: "new"))),
        Case(name: "email matches case-insensitively: the existing contact is kept, not duplicated",
             order: order(), customer: jane, known: [existingJane],
             expected: .planned(ContactPlan(parent: .keep(id: 45), delivery: .create(desiredDelivery),
                                            invoice: .create(desiredInvoice), matchedBy: "email"))),
        Case(name: "a child carrying the email is not the customer; the lowest top-level id wins",
             order: order(), customer: jane,
             known: [OdooContact(id: 50, values: existingJane.values),
                     OdooContact(id: 47, parentId: 45, values: OdooContactValues(type: .invoice, name: "x", email: "jane@example.com")),
                     existingJane],
             expected: .planned(ContactPlan(parent: .keep(id: 45), delivery: .create(desiredDelivery),
                                            invoice: .create(desiredInvoice), matchedBy: "email"))),
        Case(name: "only a child has the email: a new contact",
             order: order(bill: nil), customer: jane,
             known: [OdooContact(id: 47, parentId: 9, values: OdooContactValues(type: .invoice, name: "x", email: "jane@example.com"))],
             expected: .planned(ContactPlan(
                parent: .create(OdooContactValues(type: .contact, name: "Jane Doe", email: "jane@example.com",
                                                  phone: "+1 415-555-0100", street: "1 Ferry Building", street2: "Suite 42",
                                                  city: "San Francisco", zip: "94111", countryId: 233, stateId: 13)),
                delivery: .create(desiredDelivery), invoice: .useParent, matchedBy: "new"))),
        Case(name: "the binding wins over the email",
             order: order(), customer: jane, bound: 60, known: [existingJane],
             expected: .planned(ContactPlan(parent: .keep(id: 60), delivery: .create(desiredDelivery),
                                            invoice: .create(desiredInvoice), matchedBy: "binding"))),
        Case(name: "a registered customer renamed in Medusa: the contact is updated",
             order: order(), customer: MedusaCustomer(id: "cus_01", email: "jane@example.com", firstName: "Jane",
                                                      lastName: "Smith", phone: "+1 415-555-0100"),
             bound: 45, known: [existingJane],
             expected: .planned(ContactPlan(parent: .update(id: 45, changes: ["name": .string("Jane Smith")]),
                                            delivery: .create(OdooContactValues(
                                                type: .delivery, name: "Jane Doe", phone: "+1 415-555-0101",
                                                street: "1 Ferry Building", street2: "Suite 42", city: "San Francisco",
                                                zip: "94111", countryId: 233, stateId: 13)),
                                            invoice: .create(desiredInvoice), matchedBy: "binding"))),
        Case(name: "a guest's order never rewrites the matched contact",
             order: order(email: "jane@example.com"), customer: MedusaCustomer(id: "cus_g", email: "jane@example.com",
                                                                              firstName: "J", hasAccount: false),
             known: [existingJane],
             expected: .planned(ContactPlan(parent: .keep(id: 45), delivery: .create(desiredDelivery),
                                            invoice: .create(desiredInvoice), matchedBy: "email"))),
        Case(name: "an existing child at the same address is reused",
             order: order(), customer: jane,
             known: [existingJane, OdooContact(id: 46, parentId: 45, values: desiredDelivery)],
             expected: .planned(ContactPlan(parent: .keep(id: 45), delivery: .reuse(id: 46),
                                            invoice: .create(desiredInvoice), matchedBy: "email"))),
        Case(name: "unknown country: held, naming the code",
             order: order(ship: MedusaAddress(firstName: "Jane", address1: "x", countryCode: "zz")), customer: jane,
             expected: .held([.unknownCountry(code: "ZZ")])),
        Case(name: "unknown US state: held, naming it",
             order: order(ship: MedusaAddress(firstName: "Jane", province: "Narnia", countryCode: "us")), customer: jane,
             expected: .held([.unknownState(countryCode: "US", province: "Narnia")])),
        Case(name: "no email anywhere: held",
             order: order(email: nil), customer: nil, expected: .held([.noEmail(orderId: "order_01")])),
    ]

    @Test("plan", arguments: cases)
    func plan(_ example: Case) {
        let result = ContactPlanner.plan(order: example.order, customer: example.customer, boundPartnerId: example.bound,
                                         known: example.known, regions: Self.regions)
        #expect(result == example.expected)
    }

    struct RegionCase: Sendable, CustomTestStringConvertible {
        var country: String?
        var province: String?
        var countryId: Int?
        var stateId: Int?
        var hold: OrderHold?
        var testDescription: String { "\(country ?? "nil")/\(province ?? "nil")" }
    }

    @Test("country and state codes", arguments: [
        RegionCase(country: "de", province: "BY", countryId: 57, stateId: 80),
        RegionCase(country: "DE", province: "de-by", countryId: 57, stateId: 80),
        RegionCase(country: "us", province: "il", countryId: 233, stateId: 14),
        RegionCase(country: "fr", province: "Île-de-France", countryId: 75, stateId: nil),
        RegionCase(country: nil, province: "CA", countryId: nil, stateId: nil),
        RegionCase(country: "us", province: "US-CA", countryId: 233, stateId: 13),
        RegionCase(country: "xx", province: nil, hold: .unknownCountry(code: "XX")),
    ])
    func regionCodes(_ example: RegionCase) {
        switch Self.regions.resolve(countryCode: example.country, province: example.province) {
        case .success(let ids):
            #expect(example.hold == nil)
            #expect(ids.countryId == example.countryId)
            #expect(ids.stateId == example.stateId)
        case .failure(let hold):
            #expect(hold == example.hold)
        }
    }

    struct EmailCase: Sendable, CustomTestStringConvertible {
        var a: String
        var b: String
        var equal: Bool
        var testDescription: String { "\(a) vs \(b)" }
    }

    @Test("email equality is exact apart from case and surrounding blanks", arguments: [
        EmailCase(a: "jane@example.com", b: "JANE@EXAMPLE.COM", equal: true),
        EmailCase(a: " jane@example.com", b: "jane@example.com ", equal: true),
        EmailCase(a: "jane@example.com", b: "jane@example.co", equal: false),
        EmailCase(a: "jane@example.com", b: "ajane@example.com", equal: false),
    ])
    func emails(_ example: EmailCase) {
        #expect(ContactPlanner.emailsMatch(example.a)(example.b) == example.equal)
    }
}
