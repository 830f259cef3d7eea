import Foundation
import GRDB
import SyncCore

/// The deliveries sync's state (`deliveryLink`, `pendingDelivery`) and the lookup of order links by Odoo sale order.
/// Dates are kept as milliseconds; id lists are read and deleted in chunks of 500 (SQLite's variable limit).
extension SQLiteRunStore {
    public func deliveryLinks(pickingIds: [Int]) async throws -> [Int: DeliveryLink] {
        guard !pickingIds.isEmpty else { return [:] }
        return try await writer.read { db in
            let links = try Self.rows(db, from: "deliveryLink", where: "pickingId", in: pickingIds).map(Self.deliveryLink)
            return Dictionary(links.map { ($0.pickingId, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Every link of the given shop orders, by order id then picking id.
    public func deliveryLinks(medusaOrderIds: [String]) async throws -> [DeliveryLink] {
        guard !medusaOrderIds.isEmpty else { return [] }
        let ids = Array(Set(medusaOrderIds))
        let links = try await writer.read { db in
            try Self.rows(db, from: "deliveryLink", where: "medusaOrderId", in: ids).map(Self.deliveryLink)
        }
        return links.sorted { ($0.medusaOrderId, $0.pickingId) < ($1.medusaOrderId, $1.pickingId) }
    }

    /// Inserts or replaces every field of the links, by picking id.
    public func saveDeliveryLinks(_ links: [DeliveryLink]) async throws {
        guard !links.isEmpty else { return }
        try await writer.write { db in
            let statement = try db.makeStatement(sql: """
                INSERT INTO deliveryLink (pickingId, pickingName, odooOrderId, medusaOrderId, fulfilmentId, state,
                    trackingNumber, message, updatedAtMs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(pickingId) DO UPDATE SET pickingName = excluded.pickingName,
                    odooOrderId = excluded.odooOrderId, medusaOrderId = excluded.medusaOrderId,
                    fulfilmentId = excluded.fulfilmentId, state = excluded.state,
                    trackingNumber = excluded.trackingNumber, message = excluded.message,
                    updatedAtMs = excluded.updatedAtMs
                """)
            for link in links {
                try statement.execute(arguments: [
                    link.pickingId, link.pickingName, link.odooOrderId, link.medusaOrderId, link.fulfilmentId,
                    link.state.rawValue, link.trackingNumber, link.message, Self.ms(link.updatedAt),
                ])
            }
        }
    }

    /// Order links by Odoo sale order id (index `orderLink_on_odooOrder`), decoded like the orders sync's own reads.
    public func orderLinks(odooOrderIds: [Int]) async throws -> [Int: OrderLink] {
        guard !odooOrderIds.isEmpty else { return [:] }
        return try await writer.read { db in
            let links = try Self.rows(db, from: "orderLink", where: "odooOrderId", in: odooOrderIds).map(Self.orderLink)
            return Dictionary(links.map { ($0.odooOrderId, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    public func pendingDeliveries() async throws -> [PendingDelivery] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM pendingDelivery ORDER BY firstSeenAtMs, pickingId").map { row in
                PendingDelivery(pickingId: row["pickingId"], reason: row["reason"],
                                firstSeenAt: Self.date(row["firstSeenAtMs"]) ?? Date(timeIntervalSince1970: 0),
                                attempts: row["attempts"])
            }
        }
    }

    /// Inserts or updates the reason and the attempts; the first time a picking was seen is kept.
    public func savePendingDeliveries(_ deliveries: [PendingDelivery]) async throws {
        guard !deliveries.isEmpty else { return }
        try await writer.write { db in
            let statement = try db.makeStatement(sql: """
                INSERT INTO pendingDelivery (pickingId, reason, firstSeenAtMs, attempts) VALUES (?, ?, ?, ?)
                ON CONFLICT(pickingId) DO UPDATE SET reason = excluded.reason, attempts = excluded.attempts
                """)
            for delivery in deliveries {
                try statement.execute(arguments: [delivery.pickingId, delivery.reason, Self.ms(delivery.firstSeenAt),
                                                  delivery.attempts])
            }
        }
    }

    public func removePendingDeliveries(pickingIds: [Int]) async throws {
        guard !pickingIds.isEmpty else { return }
        try await writer.write { db in
            for start in stride(from: 0, to: pickingIds.count, by: 500) {
                let chunk = Array(pickingIds[start..<min(start + 500, pickingIds.count)])
                try db.execute(
                    sql: "DELETE FROM pendingDelivery WHERE pickingId IN (\(databaseQuestionMarks(count: chunk.count)))",
                    arguments: StatementArguments(chunk))
            }
        }
    }

    /// A state this version does not know (written by a newer one) reads as `shipped`: nothing more is sent to
    /// Medusa for that picking, rather than a second fulfilment or shipment.
    static func deliveryLink(_ row: Row) -> DeliveryLink {
        DeliveryLink(
            pickingId: row["pickingId"], pickingName: row["pickingName"], odooOrderId: row["odooOrderId"],
            medusaOrderId: row["medusaOrderId"], fulfilmentId: row["fulfilmentId"],
            state: DeliveryLink.State(rawValue: row["state"]) ?? .shipped, trackingNumber: row["trackingNumber"],
            message: row["message"], updatedAt: date(row["updatedAtMs"]) ?? Date(timeIntervalSince1970: 0))
    }
}
