import ExactJSON
import Foundation

/// What the orders sync reads from the shop (Medusa → Odoo direction). Implemented by `MedusaClient`; every call may
/// throw a `ClassifiedError`. Orders come back with everything planning needs (`MedusaOrder`): email, currency,
/// customer id, `canceled_at`, payment status, items with tax lines and adjustments, shipping methods, both addresses
/// and the total (`shared/contracts/medusa/orders.md` §2–§4).
public protocol MedusaOrderSource: Sendable {
    /// One page of live (non-draft) orders with `updated_at >= since` (nil: every order), ascending by
    /// `(updated_at, id)`, in one request (`GET /admin/orders?updated_at[$gte]=…&order=updated_at&fields=…`).
    /// `count` is the number of orders matching the filter. `detail` says how much of each order the page carries.
    func orders(updatedSince since: Date?, offset: Int, limit: Int, detail: MedusaOrderDetail) async throws -> MedusaOrderPage
    /// The given orders (the ones waiting for payment, re-checked), same detail, in as few requests as the server
    /// allows (`id[]=…`). Unknown ids are absent from the answer.
    func orders(ids: [String]) async throws -> [MedusaOrder]
    /// The given customers (`GET /admin/customers?id[]=…`), unknown ids absent.
    func customers(ids: [String]) async throws -> [MedusaCustomer]
    /// Whether `recordOdooOrder` can write on this server (false on 2.0.0). Asked once and remembered; the engine
    /// asks early, while it reads, so the first write-back does not wait for it.
    func canRecordOdooOrders() async throws -> Bool
    /// Writes the Odoo order's name and id into the Medusa order's `metadata` (kept keys merged).
    /// - Throws: `MedusaRouteMissing` on a server without an order update route (Medusa 2.0.0's is a 500 stub, so the
    ///   client does not call it there: orders.md §5g, §10).
    func recordOdooOrder(orderId: String, odooOrderName: String, odooOrderId: Int) async throws
}

/// How much of each order a page of the poll carries.
public enum MedusaOrderDetail: Sendable, Hashable {
    /// What deciding about an order needs: id, display id, status, the created, updated and cancelled dates and the
    /// payment status. No lines, addresses, customer or total (empty, zero): cheap for the server to list, so a poll
    /// pages through a backlog in a few requests and reads in full only the orders it will send (orders.md §2b
    /// recommends exactly this).
    case summary
    /// Everything planning reads (`orders(ids:)` answers the same).
    case full
}

public struct MedusaOrderPage: Sendable, Hashable {
    public var orders: [MedusaOrder]
    public var count: Int

    public init(orders: [MedusaOrder], count: Int) { self.orders = orders; self.count = count }
}

/// A connection to Odoo that is detected once and then remembered between runs (shared by the catalogue and the
/// orders sides; see `OdooCatalogue.connect`).
public protocol OdooConnection: Sendable {
    /// Detects version and protocol and authenticates; call once per run before anything else (or `resumeSession`).
    func connect() async throws -> OdooServerInfo
    /// What `connect` found, as text kept between runs; nil before `connect`. Holds no secret.
    func sessionMemo() -> String?
    /// Takes over a remembered session without a request; false when the memo does not fit this server.
    func resumeSession(memo: String) -> Bool
}

/// What the orders sync reads and writes in Odoo (`shared/contracts/odoo/ORDERS.md`). Implemented by `OdooClient`
/// over JSON-2 or JSON-RPC; the version differences (`tax_id`/`tax_ids`, 17's cancel wizard) stay in the client.
/// A key without the rights answers `AccessError`: the client throws it as a `.configuration` `ClassifiedError`
/// whose message names the model, the operation and the groups Odoo lists.
public protocol OdooSales: OdooConnection {
    /// `res.country` ids by ISO code, for the given codes (upper-case in the answer).
    func countries(codes: [String]) async throws -> [String: Int]
    /// `res.country.state` of the given countries: country code → (state `code` → id), codes as Odoo stores them.
    func states(countryIds: [Int: String]) async throws -> [String: [String: Int]]
    /// Sale taxes of the user's company (`type_tax_use = sale`, `amount_type = percent`, `company_id` filtered).
    func saleTaxes() async throws -> [OdooSaleTax]
    /// Active pricelists with their currency's code (lower-case), the order's currency follows its pricelist.
    func salePricelists() async throws -> [OdooSalePricelist]
    /// A service product by exact name (the shipping product the service created earlier), nil if none.
    func serviceProduct(named name: String) async throws -> Int?
    /// Creates a service product with no taxes (the order line carries its own), not `sale_ok` so the catalogue sync
    /// does not publish it, and returns its id.
    func createServiceProduct(named name: String) async throws -> Int

    /// Top-level contacts whose email equals one of `emails` (`=ilike`, OR'ed, one request) or whose id is in `ids`,
    /// followed by the children (delivery / invoice) of every contact found. Children carrying a matching email are
    /// returned as children (`parentId` set), never as customers.
    func contacts(emails: [String], ids: [Int]) async throws -> [OdooContact]
    /// Creates contacts in one request (`vals_list`), ids in the same order. `parentId` nil: a top-level person.
    func createContacts(_ contacts: [(values: OdooContactValues, parentId: Int?)]) async throws -> [Int]
    func updateContact(id: Int, changes: [String: JSONValue]) async throws

    /// Sale orders whose `origin` is one of `origins` (one request), or whose id is in `ids`.
    func saleOrders(origins: [String], ids: [Int]) async throws -> [OdooSaleOrder]
    /// Creates sale orders in one request (`vals_list`). Odoo runs it as one transaction: one bad order fails all.
    func createSaleOrders(_ orders: [SaleOrderValues]) async throws -> [Int]
    /// `action_confirm` on the ids (one request). Only draft / sent orders may be given (it is not idempotent).
    func confirmSaleOrders(ids: [Int]) async throws
    /// Cancels one order (19: `action_cancel`; 17: the same with `disable_cancel_warning`, which otherwise returns a
    /// wizard and cancels nothing). Odoo's refusal (a `UserError`, a locked order) is thrown as `.permanent`.
    func cancelSaleOrder(id: Int) async throws
}

/// A pricelist the orders side may put on a sale order.
public struct OdooSalePricelist: Sendable, Hashable {
    public var id: Int
    public var name: String
    /// Lower-case ISO code of `currency_id`.
    public var currencyCode: String
    /// `company_id`: nil for a pricelist shared by every company.
    public var companyId: Int?

    public init(id: Int, name: String, currencyCode: String, companyId: Int? = nil) {
        self.id = id; self.name = name; self.currencyCode = currencyCode.lowercased(); self.companyId = companyId
    }
}

/// A sale order as read back (for adoption, confirmation and the totals check).
public struct OdooSaleOrder: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        case draft, sent, sale, done, cancel
        case other(String)

        public init(rawValue: String) {
            switch rawValue {
            case "draft": self = .draft
            case "sent": self = .sent
            case "sale": self = .sale
            case "done": self = .done
            case "cancel": self = .cancel
            default: self = .other(rawValue)
            }
        }

        public var rawValue: String {
            switch self {
            case .draft: "draft"
            case .sent: "sent"
            case .sale: "sale"
            case .done: "done"
            case .cancel: "cancel"
            case .other(let value): value
            }
        }

        /// A quotation: `action_confirm` may be called.
        public var needsConfirmation: Bool { self == .draft || self == .sent }
    }

    public var id: Int
    /// "S00031".
    public var name: String
    public var origin: String?
    public var state: State
    public var amountTotal: Decimal
    /// `delivery_status`: nil when Odoo has none (no stock moves, or cancelled).
    public var deliveryStatus: String?

    public init(id: Int, name: String, origin: String?, state: State, amountTotal: Decimal, deliveryStatus: String? = nil) {
        self.id = id; self.name = name; self.origin = origin; self.state = state; self.amountTotal = amountTotal
        self.deliveryStatus = deliveryStatus
    }
}
