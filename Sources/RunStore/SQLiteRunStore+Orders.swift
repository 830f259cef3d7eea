import Foundation
import GRDB
import SyncCore

/// The orders sync's state (`orderLink`, `contactLink`, `pendingOrder`). Money is kept as decimal text, never as a
/// floating-point column, so a total reads back exactly as Medusa sent it.
extension SQLiteRunStore {
    public func orderLinks(medusaOrderIds: [String]) async throws -> [String: OrderLink] {
        guard !medusaOrderIds.isEmpty else { return [:] }
        return try await writer.read { db in
            let links = try Self.rows(db, from: "orderLink", where: "medusaOrderId", in: medusaOrderIds).map(Self.orderLink)
            return Dictionary(links.map { ($0.medusaOrderId, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    public func recentOrderLinks(limit: Int) async throws -> [OrderLink] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM orderLink ORDER BY updatedAtMs DESC, medusaOrderId LIMIT ?",
                             arguments: [limit]).map(Self.orderLink)
        }
    }

    public func saveOrderLinks(_ links: [OrderLink]) async throws {
        guard !links.isEmpty else { return }
        try await writer.write { db in
            let statement = try db.makeStatement(sql: """
                INSERT INTO orderLink (medusaOrderId, medusaDisplayId, odooOrderId, odooOrderName, state, currencyCode,
                    medusaTotal, odooTotal, message, updatedAtMs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(medusaOrderId) DO UPDATE SET medusaDisplayId = excluded.medusaDisplayId,
                    odooOrderId = excluded.odooOrderId, odooOrderName = excluded.odooOrderName, state = excluded.state,
                    currencyCode = excluded.currencyCode, medusaTotal = excluded.medusaTotal,
                    odooTotal = excluded.odooTotal, message = excluded.message, updatedAtMs = excluded.updatedAtMs
                """)
            for link in links {
                try statement.execute(arguments: [
                    link.medusaOrderId, link.medusaDisplayId, link.odooOrderId, link.odooOrderName, link.state.rawValue,
                    link.currencyCode, "\(link.medusaTotal)", link.odooTotal.map { "\($0)" }, link.message,
                    Self.ms(link.updatedAt),
                ])
            }
        }
    }

    public func contactLinks(customerIds: [String]) async throws -> [String: Int] {
        guard !customerIds.isEmpty else { return [:] }
        return try await writer.read { db in
            var result: [String: Int] = [:]
            for row in try Self.rows(db, from: "contactLink", where: "medusaCustomerId", in: customerIds) {
                result[row["medusaCustomerId"]] = row["odooPartnerId"]
            }
            return result
        }
    }

    public func saveContactLinks(_ links: [String: Int]) async throws {
        guard !links.isEmpty else { return }
        let now = Self.ms(Date())
        try await writer.write { db in
            let statement = try db.makeStatement(sql: """
                INSERT INTO contactLink (medusaCustomerId, odooPartnerId, updatedAtMs) VALUES (?, ?, ?)
                ON CONFLICT(medusaCustomerId) DO UPDATE SET odooPartnerId = excluded.odooPartnerId,
                    updatedAtMs = excluded.updatedAtMs
                """)
            for (customerId, partnerId) in links.sorted(by: { $0.key < $1.key }) {
                try statement.execute(arguments: [customerId, partnerId, now])
            }
        }
    }

    public func pendingOrders() async throws -> [PendingOrder] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM pendingOrder ORDER BY firstSeenAtMs, medusaOrderId").map { row in
                PendingOrder(medusaOrderId: row["medusaOrderId"], reason: row["reason"],
                             firstSeenAt: Self.date(row["firstSeenAtMs"]) ?? Date(timeIntervalSince1970: 0),
                             attempts: row["attempts"])
            }
        }
    }

    /// Inserts or updates the reason and the attempts; the first time an order was seen is kept.
    public func savePendingOrders(_ orders: [PendingOrder]) async throws {
        guard !orders.isEmpty else { return }
        try await writer.write { db in
            let statement = try db.makeStatement(sql: """
                INSERT INTO pendingOrder (medusaOrderId, reason, firstSeenAtMs, attempts) VALUES (?, ?, ?, ?)
                ON CONFLICT(medusaOrderId) DO UPDATE SET reason = excluded.reason, attempts = excluded.attempts
                """)
            for order in orders {
                try statement.execute(arguments: [order.medusaOrderId, order.reason, Self.ms(order.firstSeenAt),
                                                  order.attempts])
            }
        }
    }

    public func removePendingOrders(ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        try await writer.write { db in
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                try db.execute(
                    sql: "DELETE FROM pendingOrder WHERE medusaOrderId IN (\(databaseQuestionMarks(count: chunk.count)))",
                    arguments: StatementArguments(chunk))
            }
        }
    }

    static func orderLink(_ row: Row) -> OrderLink {
        OrderLink(
            medusaOrderId: row["medusaOrderId"], medusaDisplayId: row["medusaDisplayId"],
            odooOrderId: row["odooOrderId"], odooOrderName: row["odooOrderName"],
            state: OrderLink.State(rawValue: row["state"]) ?? .sent, currencyCode: row["currencyCode"],
            medusaTotal: Decimal(string: row["medusaTotal"]) ?? 0,
            odooTotal: (row["odooTotal"] as String?).flatMap { Decimal(string: $0) },
            message: row["message"], updatedAt: date(row["updatedAtMs"]) ?? Date(timeIntervalSince1970: 0))
    }
}
