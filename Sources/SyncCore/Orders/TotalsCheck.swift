import Foundation

/// Something the user should see on an order's outcome that is not a failure.
public enum OrderWarning: Sendable, Hashable, CustomStringConvertible {
    /// A discount percent was rounded to Odoo's precision (`OrderDiscount`).
    case discountRounded(lineId: String, exact: Decimal, sent: Decimal)
    /// Odoo's `amount_total` differs from Medusa's `total` by more than the currency's rounding.
    case totalsDiffer(odoo: Decimal, medusa: Decimal, currency: String)

    public var description: String {
        switch self {
        case .discountRounded(let lineId, let exact, let sent):
            "line \(lineId): discount ≈\(exact.rounded(toIncrement: Decimal(string: "0.000001")!))% sent as \(sent)% (Odoo's precision)"
        case .totalsDiffer(let odoo, let medusa, let currency):
            "Odoo total \(odoo) \(currency.uppercased()) differs from Medusa total \(medusa) \(currency.uppercased())"
        }
    }
}

/// After creation, Odoo's `amount_total` against Medusa's order `total`.
///
/// Medusa never rounds (orders.md §3c) and Odoo's JSON may carry binary noise (`9.399999999999999`, ORDERS.md §4),
/// so both are first rounded half-up to the currency's rounding (`res.currency.rounding`, e.g. 0.01). Odoo rounds
/// per line or globally depending on the company setting, which can move a total by one unit of rounding; so only a
/// difference **greater than one rounding unit** is reported. It is a warning carrying both figures, never a failure:
/// the order exists and is right line by line.
public enum TotalsCheck {
    public static func check(odooTotal: Decimal, medusaTotal: Decimal, rounding: Decimal,
                             currency: String) -> OrderWarning? {
        let odoo = odooTotal.rounded(toIncrement: rounding)
        let medusa = medusaTotal.rounded(toIncrement: rounding)
        let difference = odoo > medusa ? odoo - medusa : medusa - odoo
        return difference > rounding ? .totalsDiffer(odoo: odoo, medusa: medusa, currency: currency) : nil
    }
}
