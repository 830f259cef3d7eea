import SyncCore

/// Splits one logical product batch into `/admin/products/batch` requests that each stay within Medusa's limits:
/// at most `maxItems` entries and at most `maxBytes` of encoded JSON (2 MB by default), measured on the exact bytes
/// that will be sent. Entries keep their order: creates, then updates, then deletes.
struct ProductBatchSplitter {
    enum Section: Int, CaseIterable {
        case create, update, delete
        var key: String { ["create", "update", "delete"][rawValue] }
    }

    struct Entry {
        var section: Section
        /// Handle for creates, product id for updates and deletes (for error messages and `notApplied`).
        var label: String
        var bytes: [UInt8]
    }

    struct Chunk {
        var entries: [Entry]
        var body: [UInt8]
    }

    let maxItems: Int
    let maxBytes: Int

    func split(create: [ProductInput], update: [ProductUpdate], delete: [String]) throws(MedusaError) -> [Chunk] {
        let entries = create.map { Entry(section: .create, label: $0.handle, bytes: AdminPayloads.productCreate($0).serialized()) }
            + update.map { Entry(section: .update, label: $0.id,
                                 bytes: AdminPayloads.productUpdate($0, includeId: true).serialized()) }
            + delete.map { Entry(section: .delete, label: $0, bytes: WireJSON.string($0).serialized()) }
        var chunks: [Chunk] = []
        var current: [Entry] = []
        for entry in entries {
            guard Self.bodySize(of: [entry]) <= maxBytes else {
                throw MedusaError(
                    kind: .requestTooLarge,
                    message: "refused to send the product batch: the \(entry.section.key) entry for '\(entry.label)' alone "
                        + "is \(entry.bytes.count) bytes and Medusa accepts at most \(maxBytes) bytes per batch request",
                    method: "POST", path: "/admin/products/batch", failureClass: .permanent)
            }
            if !current.isEmpty, current.count >= maxItems || Self.bodySize(of: current + [entry]) > maxBytes {
                chunks.append(Chunk(entries: current, body: Self.body(of: current)))
                current = []
            }
            current.append(entry)
        }
        if !current.isEmpty { chunks.append(Chunk(entries: current, body: Self.body(of: current))) }
        return chunks
    }

    /// Size of `{"create":[…],"update":[…],"delete":[…]}` with only the non-empty sections, without building it.
    static func bodySize(of entries: [Entry]) -> Int {
        var size = 2
        var sections = 0
        for section in Section.allCases {
            let items = entries.filter { $0.section == section }
            guard !items.isEmpty else { continue }
            sections += 1
            size += section.key.utf8.count + 3 + 2 + items.reduce(0) { $0 + $1.bytes.count } + (items.count - 1)
        }
        return size + max(0, sections - 1)
    }

    static func body(of entries: [Entry]) -> [UInt8] {
        var body: [UInt8] = [UInt8(ascii: "{")]
        var firstSection = true
        for section in Section.allCases {
            let items = entries.filter { $0.section == section }
            guard !items.isEmpty else { continue }
            if !firstSection { body.append(UInt8(ascii: ",")) }
            firstSection = false
            body.append(contentsOf: Array("\"\(section.key)\":[".utf8))
            for (index, item) in items.enumerated() {
                if index > 0 { body.append(UInt8(ascii: ",")) }
                body.append(contentsOf: item.bytes)
            }
            body.append(UInt8(ascii: "]"))
        }
        body.append(UInt8(ascii: "}"))
        return body
    }
}
