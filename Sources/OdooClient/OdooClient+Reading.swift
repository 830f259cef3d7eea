import ExactJSON
import Foundation
import SyncCore

/// The reading patterns every typed read is built from: cursor pages in `(write_date, id)` order and id lists split
/// into bounded batches.
extension OdooClient {
    static let cursorOrder = "write_date asc, id asc"
    /// Safety bound for loops that walk a whole model page by page.
    static let maximumPages = 1_000_000

    static func context(includeArchived: Bool) -> [String: JSONValue]? {
        includeArchived ? ["active_test": .bool(false)] : nil
    }

    func searchReadRecords(
        model: String, domain: OdooDomain, fields: [String], limit: Int? = nil, order: String,
        context: [String: JSONValue]?
    ) async throws -> [OdooFieldValues] {
        let result = try await searchRead(model: model, domain: domain, fields: fields, limit: limit, order: order,
                                          context: context)
        return try OdooFieldValues.records(model: model, from: result)
    }

    /// The next page after `cursor`, ascending by `(write_date, id)`, where `write_date` is cut to seconds as Odoo
    /// reads it.
    ///
    /// A full page may end inside a second whose other records did not fit (Odoo orders by the full microsecond
    /// timestamp, not by id within a second). So a full page is completed with the rest of its last second, read in one
    /// more call: the page then ends on a second boundary and the cursor taken from its last record loses nothing.
    /// A page is shorter than `limit` only when nothing follows. `extra` narrows both reads (the deliveries' pickings).
    func cursorPage(
        model: String, fields: [String], after cursor: ModelCursor?, limit: Int, includeArchived: Bool,
        extra: OdooDomain = .all
    ) async throws -> [OdooFieldValues] {
        let limit = max(1, limit)
        let context = Self.context(includeArchived: includeArchived)
        let domain = (cursor.map(OdooDomain.after) ?? .all).and(extra)
        let page = try await searchReadRecords(model: model, domain: domain, fields: fields, limit: limit,
                                               order: Self.cursorOrder, context: context)
        guard page.count >= limit, let last = page.last else { return try Self.sortedByCursor(page) }
        let lastSecond = try last.requiredDateTime("write_date")
        var bucketDomain = OdooDomain.writtenDuring(lastSecond)
        if let cursor, cursor.writeDate == lastSecond {
            bucketDomain = bucketDomain.and(.condition("id", ">", .number(Decimal(cursor.id))))
        }
        bucketDomain = bucketDomain.and(extra)
        let wholeLastSecond = try await searchReadRecords(model: model, domain: bucketDomain, fields: fields,
                                                          order: "id asc", context: context)
        var combined: [OdooFieldValues] = []
        combined.reserveCapacity(page.count + wholeLastSecond.count)
        for record in page where try record.requiredDateTime("write_date") < lastSecond { combined.append(record) }
        combined.append(contentsOf: wholeLastSecond)
        return try Self.sortedByCursor(combined)
    }

    static func sortedByCursor(_ records: [OdooFieldValues]) throws -> [OdooFieldValues] {
        let keyed = try records.map { (key: (try $0.requiredDateTime("write_date").text, try $0.int("id")), record: $0) }
        return keyed.sorted { $0.key < $1.key }.map(\.record)
    }

    /// Records whose `field` is one of `ids`, in batches of `idsPerCall` (ascending id within each batch).
    func recordsMatching(
        model: String, field: String = "id", ids: [Int], fields: [String], extra: OdooDomain = .all,
        includeArchived: Bool, batchSize: Int? = nil
    ) async throws -> [OdooFieldValues] {
        var seen = Set<Int>()
        let unique = ids.filter { seen.insert($0).inserted }
        guard !unique.isEmpty else { return [] }
        let size = max(1, batchSize ?? configuration.idsPerCall)
        var records: [OdooFieldValues] = []
        for start in stride(from: 0, to: unique.count, by: size) {
            let batch = Array(unique[start..<min(start + size, unique.count)])
            records += try await searchReadRecords(
                model: model, domain: OdooDomain.field(field, in: batch).and(extra), fields: fields, order: "id asc",
                context: Self.context(includeArchived: includeArchived))
        }
        return records
    }

    /// Every matching id, walking `id > last` pages so no single answer grows unbounded.
    func allIds(model: String, domain: OdooDomain, includeArchived: Bool) async throws -> [Int] {
        let pageSize = max(configuration.pageSize, 5_000)
        var ids: [Int] = []
        var lastId = 0
        for _ in 0..<Self.maximumPages {
            let page = try await search(model: model, domain: domain.and(.condition("id", ">", .number(Decimal(lastId)))),
                                        limit: pageSize, order: "id asc", context: Self.context(includeArchived: includeArchived))
            ids += page
            guard page.count == pageSize, let last = page.last, last > lastId else { break }
            lastId = last
        }
        return ids
    }
}
