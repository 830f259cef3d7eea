import Foundation
import PostgresNIO
import RunStore
import SyncCore

/// Bindings, cursors, memos, the retry set, the orders' and deliveries' links, and schedule state — the same columns
/// and encodings as `SQLiteRunStore`. Id lists go in as one array parameter (`= ANY($1)`), so PostgreSQL needs no
/// chunking where SQLite's bound-variable limit did. Text orderings use `COLLATE "C"` (byte order, as SQLite sorts),
/// whatever the database's locale.
extension PostgresRunStore {
    // MARK: Bindings, cursors, memos

    public func bindings(kind: Binding.Kind, odooIds: [Int]) async throws -> [Int: Binding] {
        guard !odooIds.isEmpty else { return [:] }
        let rows = try await read("SELECT * FROM binding WHERE kind = \(kind.rawValue) AND odooId = ANY(\(odooIds))")
        var result: [Int: Binding] = [:]
        for row in rows {
            let binding = try Self.binding(row)
            result[binding.odooId] = binding
        }
        return result
    }

    public func allBindings(kind: Binding.Kind) async throws -> [Binding] {
        try await read("SELECT * FROM binding WHERE kind = \(kind.rawValue) ORDER BY odooId").map(Self.binding)
    }

    /// All in one statement (a first sync saves tens of thousands): the rows as one JSON array. A binding given twice
    /// keeps its last value, as the SQLite store's row-by-row upsert does.
    public func saveBindings(_ bindings: [Binding]) async throws {
        guard !bindings.isEmpty else { return }
        let now = Self.ms(Date())
        var latest: [String: Int] = [:]
        let columns = bindings.map(BindingColumns.init)
        for (index, c) in columns.enumerated() { latest["\(c.kind.rawValue)/\(c.odooId)"] = index }
        let rows: [[String: Any]] = latest.values.sorted().map { index in
            let c = columns[index]
            return ["kind": c.kind.rawValue, "odooid": c.odooId, "medusaid": c.medusaId, "hash": Self.json(c.hash),
                    "parentmedusaid": Self.json(c.parentMedusaId), "extra": Self.json(c.extra), "updatedatms": now]
        }
        _ = try await read(try Self.jsonInsert(
            into: "binding", columns: ["kind", "odooId", "medusaId", "hash", "parentMedusaId", "extra", "updatedAtMs"], rows: rows,
            then: """
                ON CONFLICT (kind, odooId) DO UPDATE SET medusaId = excluded.medusaId, hash = excluded.hash,
                    parentMedusaId = excluded.parentMedusaId, extra = excluded.extra, updatedAtMs = excluded.updatedAtMs
                """))
    }

    public func deleteBindings(kind: Binding.Kind, odooIds: [Int]) async throws {
        guard !odooIds.isEmpty else { return }
        _ = try await read("DELETE FROM binding WHERE kind = \(kind.rawValue) AND odooId = ANY(\(odooIds))")
    }

    public func wipeBindingsAndCursors() async throws {
        try await transaction { connection in
            _ = try await connection.rows("DELETE FROM binding", self.logger)
            _ = try await connection.rows("DELETE FROM cursor", self.logger)
            _ = try await connection.rows("DELETE FROM memo", self.logger)
        }
    }

    public func cursor(stream: SyncStream) async throws -> ModelCursor? {
        guard let row = try await read("SELECT * FROM cursor WHERE stream = \(stream.rawValue)").first else { return nil }
        let c = Columns(row)
        guard let writeDate = OdooDateTime(try c.text("writeDate")) else { return nil }
        return ModelCursor(writeDate: writeDate, id: try c.int("recordId"))
    }

    public func advanceCursor(stream: SyncStream, to cursor: ModelCursor) async throws {
        _ = try await read("""
            INSERT INTO cursor (stream, writeDate, recordId, updatedAtMs)
            VALUES (\(stream.rawValue), \(cursor.writeDate.text), \(cursor.id), \(Self.ms(Date())))
            ON CONFLICT (stream) DO UPDATE SET writeDate = excluded.writeDate, recordId = excluded.recordId,
                updatedAtMs = excluded.updatedAtMs
            """)
    }

    public func memo(_ key: SyncMemo) async throws -> String? {
        try await read("SELECT value FROM memo WHERE key = \(key.rawValue)").first.map { try Columns($0).text("value") }
    }

    public func saveMemo(_ key: SyncMemo, value: String?) async throws {
        if let value {
            _ = try await read("""
                INSERT INTO memo (key, value, updatedAtMs) VALUES (\(key.rawValue), \(value), \(Self.ms(Date())))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updatedAtMs = excluded.updatedAtMs
                """)
        } else {
            _ = try await read("DELETE FROM memo WHERE key = \(key.rawValue)")
        }
    }

    static func binding(_ row: PostgresRow) throws -> Binding {
        let c = Columns(row)
        return BindingColumns(
            kind: Binding.Kind(rawValue: try c.text("kind")) ?? .product, odooId: try c.int("odooId"),
            medusaId: try c.text("medusaId"), hash: try c.optionalText("hash"),
            parentMedusaId: try c.optionalText("parentMedusaId"), extra: try c.optionalText("extra")
        ).binding
    }

    // MARK: Retry set

    public func retryItems(kind: RetryItem.Kind, odooIds: [Int]) async throws -> [Int: RetryItem] {
        guard !odooIds.isEmpty else { return [:] }
        var result: [Int: RetryItem] = [:]
        for row in try await read("SELECT * FROM retryItem WHERE kind = \(kind.rawValue) AND odooId = ANY(\(odooIds))") {
            let item = try Self.retryItem(row)
            result[item.odooId] = item
        }
        return result
    }

    public func allRetryItems() async throws -> [RetryItem] {
        try await read("SELECT * FROM retryItem ORDER BY firstFailedAtMs, kind COLLATE \"C\", odooId").map(Self.retryItem)
    }

    public func saveRetryItems(_ items: [RetryItem]) async throws {
        guard !items.isEmpty else { return }
        try await transaction { connection in
            for item in items {
                _ = try await connection.rows("""
                    INSERT INTO retryItem (kind, odooId, title, attempts, lastError, errorClass, system, firstFailedAtMs,
                        lastFailedAtMs, nextAttemptAtMs, odooWriteDate)
                    VALUES (\(item.kind.rawValue), \(item.odooId), \(item.title), \(item.attempts), \(item.lastError),
                        \(item.errorClass.rawValue), \(item.system), \(Self.ms(item.firstFailedAt)), \(Self.ms(item.lastFailedAt)),
                        \(item.nextAttemptAt.map(Self.ms)), \(item.odooWriteDate?.text))
                    ON CONFLICT (kind, odooId) DO UPDATE SET title = excluded.title, attempts = excluded.attempts,
                        lastError = excluded.lastError, errorClass = excluded.errorClass, system = excluded.system,
                        firstFailedAtMs = excluded.firstFailedAtMs, lastFailedAtMs = excluded.lastFailedAtMs,
                        nextAttemptAtMs = excluded.nextAttemptAtMs, odooWriteDate = excluded.odooWriteDate
                    """, self.logger)
            }
        }
    }

    public func removeRetryItems(kind: RetryItem.Kind, odooIds: [Int]) async throws {
        guard !odooIds.isEmpty else { return }
        _ = try await read("DELETE FROM retryItem WHERE kind = \(kind.rawValue) AND odooId = ANY(\(odooIds))")
    }

    static func retryItem(_ row: PostgresRow) throws -> RetryItem {
        let c = Columns(row)
        return RetryItem(
            kind: RetryItem.Kind(rawValue: try c.text("kind")) ?? .product, odooId: try c.int("odooId"),
            title: try c.optionalText("title"), attempts: try c.int("attempts"), lastError: try c.text("lastError"),
            errorClass: FailureClass(rawValue: try c.text("errorClass")) ?? .permanent, system: try c.optionalText("system"),
            firstFailedAt: try c.date("firstFailedAtMs"), lastFailedAt: try c.date("lastFailedAtMs"),
            nextAttemptAt: try c.optionalDate("nextAttemptAtMs"),
            odooWriteDate: try c.optionalText("odooWriteDate").flatMap(OdooDateTime.init))
    }

    // MARK: Orders

    public func orderLinks(medusaOrderIds: [String]) async throws -> [String: OrderLink] {
        guard !medusaOrderIds.isEmpty else { return [:] }
        let links = try await read("SELECT * FROM orderLink WHERE medusaOrderId = ANY(\(medusaOrderIds))").map(Self.orderLink)
        return Dictionary(links.map { ($0.medusaOrderId, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func recentOrderLinks(limit: Int) async throws -> [OrderLink] {
        try await read("SELECT * FROM orderLink ORDER BY updatedAtMs DESC, medusaOrderId COLLATE \"C\" LIMIT \(limit)")
            .map(Self.orderLink)
    }

    /// Money as decimal text, as on SQLite: a total reads back exactly as Medusa sent it.
    public func saveOrderLinks(_ links: [OrderLink]) async throws {
        guard !links.isEmpty else { return }
        try await transaction { connection in
            for link in links {
                _ = try await connection.rows("""
                    INSERT INTO orderLink (medusaOrderId, medusaDisplayId, odooOrderId, odooOrderName, state, currencyCode,
                        medusaTotal, odooTotal, message, updatedAtMs)
                    VALUES (\(link.medusaOrderId), \(link.medusaDisplayId), \(link.odooOrderId), \(link.odooOrderName),
                        \(link.state.rawValue), \(link.currencyCode), \("\(link.medusaTotal)"), \(link.odooTotal.map { "\($0)" }),
                        \(link.message), \(Self.ms(link.updatedAt)))
                    ON CONFLICT (medusaOrderId) DO UPDATE SET medusaDisplayId = excluded.medusaDisplayId,
                        odooOrderId = excluded.odooOrderId, odooOrderName = excluded.odooOrderName, state = excluded.state,
                        currencyCode = excluded.currencyCode, medusaTotal = excluded.medusaTotal,
                        odooTotal = excluded.odooTotal, message = excluded.message, updatedAtMs = excluded.updatedAtMs
                    """, self.logger)
            }
        }
    }

    public func contactLinks(customerIds: [String]) async throws -> [String: Int] {
        guard !customerIds.isEmpty else { return [:] }
        var result: [String: Int] = [:]
        for row in try await read("SELECT * FROM contactLink WHERE medusaCustomerId = ANY(\(customerIds))") {
            let c = Columns(row)
            result[try c.text("medusaCustomerId")] = try c.int("odooPartnerId")
        }
        return result
    }

    public func saveContactLinks(_ links: [String: Int]) async throws {
        guard !links.isEmpty else { return }
        let now = Self.ms(Date())
        try await transaction { connection in
            for (customerId, partnerId) in links.sorted(by: { $0.key < $1.key }) {
                _ = try await connection.rows("""
                    INSERT INTO contactLink (medusaCustomerId, odooPartnerId, updatedAtMs) VALUES (\(customerId), \(partnerId), \(now))
                    ON CONFLICT (medusaCustomerId) DO UPDATE SET odooPartnerId = excluded.odooPartnerId,
                        updatedAtMs = excluded.updatedAtMs
                    """, self.logger)
            }
        }
    }

    public func pendingOrders() async throws -> [PendingOrder] {
        try await read("SELECT * FROM pendingOrder ORDER BY firstSeenAtMs, medusaOrderId COLLATE \"C\"").map { row in
            let c = Columns(row)
            return PendingOrder(medusaOrderId: try c.text("medusaOrderId"), reason: try c.text("reason"),
                                firstSeenAt: try c.date("firstSeenAtMs"), attempts: try c.int("attempts"))
        }
    }

    /// Inserts or updates the reason and the attempts; the first time an order was seen is kept.
    public func savePendingOrders(_ orders: [PendingOrder]) async throws {
        guard !orders.isEmpty else { return }
        try await transaction { connection in
            for order in orders {
                _ = try await connection.rows("""
                    INSERT INTO pendingOrder (medusaOrderId, reason, firstSeenAtMs, attempts)
                    VALUES (\(order.medusaOrderId), \(order.reason), \(Self.ms(order.firstSeenAt)), \(order.attempts))
                    ON CONFLICT (medusaOrderId) DO UPDATE SET reason = excluded.reason, attempts = excluded.attempts
                    """, self.logger)
            }
        }
    }

    public func removePendingOrders(ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        _ = try await read("DELETE FROM pendingOrder WHERE medusaOrderId = ANY(\(ids))")
    }

    static func orderLink(_ row: PostgresRow) throws -> OrderLink {
        let c = Columns(row)
        return OrderLink(
            medusaOrderId: try c.text("medusaOrderId"), medusaDisplayId: try c.int("medusaDisplayId"),
            odooOrderId: try c.int("odooOrderId"), odooOrderName: try c.text("odooOrderName"),
            state: OrderLink.State(rawValue: try c.text("state")) ?? .sent, currencyCode: try c.text("currencyCode"),
            medusaTotal: Decimal(string: try c.text("medusaTotal")) ?? 0,
            odooTotal: try c.optionalText("odooTotal").flatMap { Decimal(string: $0) },
            message: try c.optionalText("message"), updatedAt: try c.date("updatedAtMs"))
    }

    // MARK: Deliveries

    public func deliveryLinks(pickingIds: [Int]) async throws -> [Int: DeliveryLink] {
        guard !pickingIds.isEmpty else { return [:] }
        let links = try await read("SELECT * FROM deliveryLink WHERE pickingId = ANY(\(pickingIds))").map(Self.deliveryLink)
        return Dictionary(links.map { ($0.pickingId, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Every link of the given shop orders, by order id then picking id.
    public func deliveryLinks(medusaOrderIds: [String]) async throws -> [DeliveryLink] {
        guard !medusaOrderIds.isEmpty else { return [] }
        let ids = Array(Set(medusaOrderIds))
        let links = try await read("SELECT * FROM deliveryLink WHERE medusaOrderId = ANY(\(ids))").map(Self.deliveryLink)
        return links.sorted { ($0.medusaOrderId, $0.pickingId) < ($1.medusaOrderId, $1.pickingId) }
    }

    public func saveDeliveryLinks(_ links: [DeliveryLink]) async throws {
        guard !links.isEmpty else { return }
        try await transaction { connection in
            for link in links {
                _ = try await connection.rows("""
                    INSERT INTO deliveryLink (pickingId, pickingName, odooOrderId, medusaOrderId, fulfilmentId, state,
                        trackingNumber, message, updatedAtMs)
                    VALUES (\(link.pickingId), \(link.pickingName), \(link.odooOrderId), \(link.medusaOrderId),
                        \(link.fulfilmentId), \(link.state.rawValue), \(link.trackingNumber), \(link.message),
                        \(Self.ms(link.updatedAt)))
                    ON CONFLICT (pickingId) DO UPDATE SET pickingName = excluded.pickingName,
                        odooOrderId = excluded.odooOrderId, medusaOrderId = excluded.medusaOrderId,
                        fulfilmentId = excluded.fulfilmentId, state = excluded.state,
                        trackingNumber = excluded.trackingNumber, message = excluded.message,
                        updatedAtMs = excluded.updatedAtMs
                    """, self.logger)
            }
        }
    }

    public func orderLinks(odooOrderIds: [Int]) async throws -> [Int: OrderLink] {
        guard !odooOrderIds.isEmpty else { return [:] }
        let links = try await read("SELECT * FROM orderLink WHERE odooOrderId = ANY(\(odooOrderIds))").map(Self.orderLink)
        return Dictionary(links.map { ($0.odooOrderId, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func pendingDeliveries() async throws -> [PendingDelivery] {
        try await read("SELECT * FROM pendingDelivery ORDER BY firstSeenAtMs, pickingId").map { row in
            let c = Columns(row)
            return PendingDelivery(pickingId: try c.int("pickingId"), reason: try c.text("reason"),
                                   firstSeenAt: try c.date("firstSeenAtMs"), attempts: try c.int("attempts"))
        }
    }

    /// Inserts or updates the reason and the attempts; the first time a picking was seen is kept.
    public func savePendingDeliveries(_ deliveries: [PendingDelivery]) async throws {
        guard !deliveries.isEmpty else { return }
        try await transaction { connection in
            for delivery in deliveries {
                _ = try await connection.rows("""
                    INSERT INTO pendingDelivery (pickingId, reason, firstSeenAtMs, attempts)
                    VALUES (\(delivery.pickingId), \(delivery.reason), \(Self.ms(delivery.firstSeenAt)), \(delivery.attempts))
                    ON CONFLICT (pickingId) DO UPDATE SET reason = excluded.reason, attempts = excluded.attempts
                    """, self.logger)
            }
        }
    }

    public func removePendingDeliveries(pickingIds: [Int]) async throws {
        guard !pickingIds.isEmpty else { return }
        _ = try await read("DELETE FROM pendingDelivery WHERE pickingId = ANY(\(pickingIds))")
    }

    /// A state this version does not know (written by a newer one) reads as `shipped`, as on SQLite.
    static func deliveryLink(_ row: PostgresRow) throws -> DeliveryLink {
        let c = Columns(row)
        return DeliveryLink(
            pickingId: try c.int("pickingId"), pickingName: try c.text("pickingName"), odooOrderId: try c.int("odooOrderId"),
            medusaOrderId: try c.text("medusaOrderId"), fulfilmentId: try c.optionalText("fulfilmentId"),
            state: DeliveryLink.State(rawValue: try c.text("state")) ?? .shipped,
            trackingNumber: try c.optionalText("trackingNumber"), message: try c.optionalText("message"),
            updatedAt: try c.date("updatedAtMs"))
    }

    // MARK: Schedules

    /// How long fires stay in the fire log (seconds), as on SQLite.
    public static let fireLogRetention: TimeInterval = 30 * 86_400

    public func lastFireTime(schedule name: String) async throws -> Date? {
        try await read("SELECT lastFireAtMs FROM scheduleState WHERE name = \(name)").first
            .flatMap { Self.date(try Columns($0).int64("lastFireAtMs")) }
    }

    public func recordFirstStart(schedule name: String, at date: Date) async throws -> Date {
        try await transaction { connection in
            _ = try await connection.rows("""
                INSERT INTO scheduleState (name, lastFireAtMs) VALUES (\(name), \(Self.ms(date))) ON CONFLICT (name) DO NOTHING
                """, self.logger)
            return try await connection.rows("SELECT lastFireAtMs FROM scheduleState WHERE name = \(name)", self.logger)
                .first.flatMap { Self.date(try Columns($0).int64("lastFireAtMs")) }
        } ?? date
    }

    /// The conditional update decides: a second replica's update of the same row waits for the first to commit, then
    /// re-reads the row and finds the slot taken (READ COMMITTED re-checks the WHERE clause on the new version).
    public func claimFire(schedule name: String, at stamp: Date, slot: Date, replica: String) async throws -> Bool {
        try await transaction { connection in
            _ = try await connection.rows("""
                INSERT INTO scheduleState (name, lastFireAtMs) VALUES (\(name), 0) ON CONFLICT (name) DO NOTHING
                """, self.logger)
            let updated = try await connection.rows("""
                UPDATE scheduleState SET lastFireAtMs = \(Self.ms(stamp)) WHERE name = \(name) AND lastFireAtMs < \(Self.ms(slot))
                RETURNING name
                """, self.logger)
            guard updated.count == 1 else { return false }
            _ = try await connection.rows("""
                INSERT INTO scheduleFire (name, firedAtMs, replica) VALUES (\(name), \(Self.ms(stamp)), \(replica))
                """, self.logger)
            // The log is for checking recent fires; a month of it is plenty.
            _ = try await connection.rows("""
                DELETE FROM scheduleFire WHERE name = \(name) AND firedAtMs < \(Self.ms(stamp.addingTimeInterval(-Self.fireLogRetention)))
                """, self.logger)
            return true
        }
    }

    public func fireLog(schedule name: String, limit: Int) async throws -> [ScheduleFire] {
        try await read("SELECT * FROM scheduleFire WHERE name = \(name) ORDER BY firedAtMs LIMIT \(limit)").map { row in
            let c = Columns(row)
            return ScheduleFire(schedule: try c.text("name"), firedAt: try c.date("firedAtMs"), replica: try c.text("replica"))
        }
    }
}
