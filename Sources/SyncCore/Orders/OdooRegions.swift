import Foundation

/// Odoo's `res.country` and `res.country.state` ids by code, read once by the engine and passed in, so contact
/// planning stays pure. Codes are compared upper-case.
public struct OdooRegions: Sendable, Hashable {
    /// ISO alpha-2 code → `res.country` id.
    public var countries: [String: Int]
    /// Country code → (`res.country.state` `code` → id). Odoo's codes are bare for the US (`CA`) but carry the
    /// country prefix for Germany (`DE-BY`) (ORDERS.md §2), so `stateId` tries both spellings.
    public var states: [String: [String: Int]]

    public init(countries: [String: Int], states: [String: [String: Int]] = [:]) {
        self.countries = Dictionary(countries.map { ($0.key.uppercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.states = Dictionary(states.map { key, table in
            (key.uppercased(), Dictionary(table.map { ($0.key.uppercased(), $0.value) }, uniquingKeysWith: { a, _ in a }))
        }, uniquingKeysWith: { a, _ in a })
    }

    /// The ids for an address's country and province. A missing country code gives no ids and no hold (Odoo allows
    /// a contact without a country); an unknown one is a hold. A province is only resolved for a country that has
    /// states in the table (France has none: the province is then ignored); there, an unknown province is a hold
    /// rather than a contact silently filed without its state.
    public func resolve(countryCode: String?, province: String?) -> Result<(countryId: Int?, stateId: Int?), OrderHold> {
        guard let raw = countryCode?.trimmedBlanks(.whitespaces), !raw.isEmpty else { return .success((nil, nil)) }
        let code = raw.uppercased()
        guard let countryId = countries[code] else { return .failure(.unknownCountry(code: code)) }
        guard let table = states[code], !table.isEmpty,
              let province = province?.trimmedBlanks(.whitespaces), !province.isEmpty else {
            return .success((countryId, nil))
        }
        let wanted = province.uppercased()
        let candidates = [wanted, "\(code)-\(wanted)",
                          wanted.hasPrefix("\(code)-") ? String(wanted.dropFirst(code.count + 1)) : nil].compactMap { $0 }
        for candidate in candidates { if let id = table[candidate] { return .success((countryId, id)) } }
        return .failure(.unknownState(countryCode: code, province: province))
    }
}
