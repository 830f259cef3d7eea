import ExactJSON
import Foundation
import SyncCore

/// A Python exception as the simulated server raises it: the class name clients switch on, Odoo's message (worded per
/// version like the recordings), and the HTTP status JSON-2 gives it.
struct SimulatedOdooException: Error, Sendable {
    var name: String
    var message: String
    var json2Status: Int

    init(_ name: String, _ message: String, json2Status: Int = 500) {
        self.name = name
        self.message = message
        self.json2Status = json2Status
    }

    static func valueError(_ message: String) -> Self { Self("builtins.ValueError", message) }
    static func typeError(_ message: String) -> Self { Self("builtins.TypeError", message) }

    static func accessDenied() -> Self { Self("odoo.exceptions.AccessDenied", "Access Denied", json2Status: 401) }

    static func missingUser(_ uid: Int) -> Self {
        Self("odoo.exceptions.MissingError",
             "Record does not exist or has been deleted.\n(Record: res.users(\(uid),), User: \(uid))", json2Status: 404)
    }

    static func unknownDatabase(_ database: String) -> Self {
        Self("psycopg2.OperationalError",
             "connection to server at \"127.0.0.1\", port 5433 failed: FATAL:  database \"\(database)\" does not exist\n")
    }

    static func unknownModel(_ model: String, json2: Bool) -> Self {
        json2 ? Self("werkzeug.exceptions.NotFound", "the model '\(model)' does not exist", json2Status: 404)
            : Self("odoo.exceptions.UserError", "Object \(model) doesn't exist", json2Status: 422)
    }

    static func unknownMethod(_ model: String, _ method: String, version: Int, json2: Bool) -> Self {
        if json2 { return Self("werkzeug.exceptions.NotFound", "The method '\(model).\(method)' does not exist", json2Status: 404) }
        return Self("builtins.AttributeError", version >= 19 ? "The method '\(model).\(method)' does not exist"
            : "The method '\(method)' does not exist on the model '\(model)'")
    }

    static func privateMethod(_ model: String, _ method: String, version: Int) -> Self {
        Self("odoo.exceptions.AccessError", version >= 19
            ? "Private methods (such as '\(model).\(method)') cannot be called remotely."
            : "Private methods (such as \(method)) cannot be called remotely.", json2Status: 403)
    }

    /// The recorded wording, including the groups that would grant access (they differ between 17 and 19).
    static func accessError(model: String, label: String, version: Int) -> Self {
        let groups = version >= 19 ? ["Inventory/User", "Products/Create", "Role / User"]
            : ["Administration/Settings", "Inventory/Administrator", "Inventory/User", "Sales/Administrator",
               "Sales/User: Own Documents Only", "User types/Internal User"]
        let message = "You are not allowed to access '\(label)' (\(model)) records.\n\nThis operation is allowed for the following groups:\n"
            + groups.map { "\t- \($0)" }.joined(separator: "\n") + "\n\nContact your administrator to request access if necessary."
        return Self("odoo.exceptions.AccessError", message, json2Status: 403)
    }

    static func invalidField(_ field: String, model: String, version: Int) -> Self {
        valueError(version >= 19 ? "Invalid field '\(field)' on '\(model)'" : "Invalid field '\(field)' on model '\(model)'")
    }

    static func invalidFieldInDomain(_ field: String, model: String, leaf: JSONValue, version: Int) -> Self {
        valueError("Invalid field \(model).\(field) in \(version >= 19 ? "condition" : "leaf") \(PythonRepr.leaf(leaf))")
    }

    static func invalidOperator(leaf: JSONValue, version: Int) -> Self {
        valueError(version >= 19 ? "Invalid operator in condition \(PythonRepr.leaf(leaf))" : "Invalid leaf \(PythonRepr.leaf(leaf))")
    }

    static func unexpectedKeyword(_ keyword: String, method: String) -> Self {
        let function = method == "search_read" ? "BaseModel._read_format" : "BaseModel.\(method)"
        return typeError("\(function)() got an unexpected keyword argument '\(keyword)'")
    }

    /// A short traceback-like `debug` text (real Odoo sends the full server traceback).
    func debugText(version: Int) -> String {
        "Traceback (most recent call last):\n  File \"/opt/odoo\(version)/odoo/http.py\", line 2275, in _serve_db\n"
            + "    return service_model.retrying(serve_func, env=self.env)\n\(name): \(message)\n"
    }

    /// `{"name", "message", "arguments", "context", "debug"}`, Odoo's error object (JSON-2 body, JSON-RPC `error.data`).
    func errorObject(version: Int) -> JSONValue {
        var arguments: [JSONValue] = [.string(message)]
        if name.hasPrefix("werkzeug.exceptions.") { arguments.append(.number(Decimal(json2Status))) }
        return .object([
            "name": .string(name), "message": .string(message), "arguments": .array(arguments), "context": .object([:]),
            "debug": .string(debugText(version: version)),
        ])
    }
}

/// Python's `repr` of domain values, as Odoo quotes them in error messages: `('name', 'badop', 'x')`.
enum PythonRepr {
    static func leaf(_ leaf: JSONValue) -> String {
        guard case .array(let items) = leaf else { return value(leaf) }
        return "(" + items.map(value).joined(separator: ", ") + ")"
    }

    static func value(_ value: JSONValue) -> String {
        switch value {
        case .null: "None"
        case .bool(let flag): flag ? "True" : "False"
        case .number(let number): "\(number)"
        case .string(let text): "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        case .array(let items): "[" + items.map(Self.value).joined(separator: ", ") + "]"
        case .object(let object): "{" + object.keys.sorted().map { "'\($0)': \(Self.value(object[$0]!))" }.joined(separator: ", ") + "}"
        }
    }
}
