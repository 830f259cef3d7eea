import Foundation

/// What a key without sales rights may not do on the orders models, answered with the AccessError real Odoo gave
/// (`*/rights_*_access_error.json`): the operation ("create" / "access"), the model and the groups that would grant it,
/// which differ between 17 and 19.
enum OrderAccessRights {
    static let readMethods: Set<String> = ["search_read", "read", "search", "search_count"]

    /// The AccessError for this call, or nil when the user may make it. Internal users may do everything.
    static func denial(for call: ORMCall, version: Int) -> SimulatedOdooException? {
        guard call.user.role != .internal else { return nil }
        switch (call.model, call.method) {
        case ("res.partner", "create"):
            return error("create", "Contact", "res.partner", groups: version >= 19
                ? ["Contact/Creation", "Inventory/Administrator", "Sales/Administrator"]
                : ["Extra Rights/Contact Creation", "Inventory/Administrator", "Sales/Administrator"])
        case ("sale.order", "create"), ("sale.order", "write"), ("sale.order", "action_confirm"), ("sale.order", "action_cancel"):
            return error(call.method == "create" ? "create" : "modify", "Sales Order", "sale.order",
                         groups: ["Sales/Administrator", "Sales/User: Own Documents Only"])
        case ("sale.order", let method) where readMethods.contains(method):
            return error("access", "Sales Order", "sale.order", groups: version >= 19
                ? ["Accounting/Invoicing", "Inventory/User", "Sales/Administrator", "Sales/User: Own Documents Only",
                   "Role / Portal", "Show Accounting Features - Readonly", "Show Full Accounting Features"]
                : ["Inventory/User", "Invoicing/Billing", "Sales/Administrator", "Sales/User: Own Documents Only",
                   "Technical/Show Accounting Features - Readonly", "Technical/Show Full Accounting Features",
                   "User types/Portal"])
        default:
            return nil
        }
    }

    private static func error(_ operation: String, _ label: String, _ model: String, groups: [String]) -> SimulatedOdooException {
        let message = "You are not allowed to \(operation) '\(label)' (\(model)) records.\n\nThis operation is allowed for the following groups:\n"
            + groups.map { "\t- \($0)" }.joined(separator: "\n") + "\n\nContact your administrator to request access if necessary."
        return SimulatedOdooException("odoo.exceptions.AccessError", message, json2Status: 403)
    }
}
