import Foundation
import SyncCore

/// The typed reads of the `OdooCatalogue` port.
extension OdooClient {
    // MARK: company and currencies

    /// The currency of the sync user's company: `res.users.company_id` → `res.company.currency_id` → `res.currency`.
    /// Read once per connection.
    public func companyCurrency() async throws -> OdooCurrency {
        let session = try await currentSession()
        if let cached = session.companyCurrency { return cached }
        let users = try OdooFieldValues.records(model: "res.users", from: try await read(model: "res.users", ids: [session.uid], fields: ["company_id"]))
        guard let companyId = try users.first?.many2oneId("company_id") else {
            throw OdooError(kind: .unexpectedData, model: "res.users", method: "read", message: "the user has no company")
        }
        let companies = try OdooFieldValues.records(model: "res.company", from: try await read(model: "res.company", ids: [companyId], fields: ["currency_id"]))
        guard let currencyId = try companies.first?.many2oneId("currency_id") else {
            throw OdooError(kind: .unexpectedData, model: "res.company", method: "read", message: "the company has no currency")
        }
        let currencies = try await readCurrencies(domain: .ids(in: [currencyId]), includeArchived: true)
        guard let currency = currencies.first else {
            throw OdooError(kind: .unexpectedData, model: "res.currency", method: "search_read",
                            message: "company currency \(currencyId) not readable")
        }
        updateSession { $0.companyCurrency = currency }
        return currency
    }

    /// Active currencies, with rounding, and the rate when the user may read it.
    public func currencies() async throws -> [OdooCurrency] {
        try await readCurrencies(domain: .condition("active", "=", .bool(true)), includeArchived: false)
    }

    private func readCurrencies(domain: OdooDomain, includeArchived: Bool) async throws -> [OdooCurrency] {
        let context = Self.context(includeArchived: includeArchived)
        let records: [OdooFieldValues]
        do {
            records = try await searchReadRecords(model: "res.currency", domain: domain,
                                                  fields: OdooRecordDecoder.currencyFields, order: "id asc", context: context)
        } catch let error as OdooError where error.kind == .accessDenied {
            // Rates live in accounting data some users may not read; the currency itself is still useful.
            records = try await searchReadRecords(model: "res.currency", domain: domain,
                                                  fields: OdooRecordDecoder.currencyFields.filter { $0 != "rate" },
                                                  order: "id asc", context: context)
        }
        return try records.map(OdooRecordDecoder.currency)
    }

    // MARK: templates and variants

    public func templates(after cursor: ModelCursor?, limit: Int, includeArchived: Bool) async throws -> [OdooTemplate] {
        let records = try await cursorPage(model: "product.template", fields: try await templateFields(), after: cursor,
                                           limit: limit, includeArchived: includeArchived)
        return try records.map(OdooRecordDecoder.template)
    }

    public func templates(ids: [Int], includeArchived: Bool) async throws -> [OdooTemplate] {
        let records = try await recordsMatching(model: "product.template", ids: ids, fields: try await templateFields(),
                                                includeArchived: includeArchived)
        return try records.map(OdooRecordDecoder.template)
    }

    public func templateIds(includeArchived: Bool) async throws -> [Int] {
        try await allIds(model: "product.template", domain: .all, includeArchived: includeArchived)
    }

    public func templateIds(ofVariants variantIds: [Int]) async throws -> [Int] {
        guard !variantIds.isEmpty else { return [] }
        let result = try await read(model: "product.product", ids: variantIds, fields: ["product_tmpl_id"],
                                    context: Self.context(includeArchived: true))
        return try OdooFieldValues.records(model: "product.product", from: result).compactMap { try $0.many2oneId("product_tmpl_id") }
    }

    public func variants(after cursor: ModelCursor?, limit: Int, includeArchived: Bool) async throws -> [OdooVariant] {
        let records = try await cursorPage(model: "product.product", fields: OdooRecordDecoder.variantFields, after: cursor,
                                           limit: limit, includeArchived: includeArchived)
        return try records.map(OdooRecordDecoder.variant)
    }

    public func variants(templateIds: [Int], includeArchived: Bool) async throws -> [OdooVariant] {
        let records = try await recordsMatching(model: "product.product", field: "product_tmpl_id", ids: templateIds,
                                                fields: OdooRecordDecoder.variantFields, includeArchived: includeArchived)
        return try records.map(OdooRecordDecoder.variant)
    }

    /// Template fields, plus the optional ones this server has (asked once with `fields_get`).
    private func templateFields() async throws -> [String] {
        let session = try await currentSession()
        if let optional = session.optionalTemplateFields { return OdooRecordDecoder.templateFields + optional }
        let existing = try await fieldsGet(model: "product.template", fields: OdooRecordDecoder.optionalTemplateFields,
                                           attributes: ["type"])
        let optional = OdooRecordDecoder.optionalTemplateFields.filter { existing[$0] != nil }
        updateSession { $0.optionalTemplateFields = optional }
        return OdooRecordDecoder.templateFields + optional
    }

    // MARK: attributes

    public func attributeLines(templateIds: [Int]) async throws -> [OdooAttributeLine] {
        let records = try await recordsMatching(model: "product.template.attribute.line", field: "product_tmpl_id",
                                                ids: templateIds, fields: OdooRecordDecoder.attributeLineFields,
                                                includeArchived: false)
        return try records.map(OdooRecordDecoder.attributeLine)
    }

    /// PTAVs of the templates. The model has no `active` field (only `ptav_active`), so inactive ones come too.
    public func templateAttributeValues(templateIds: [Int]) async throws -> [OdooTemplateAttributeValue] {
        let records = try await recordsMatching(model: "product.template.attribute.value", field: "product_tmpl_id",
                                                ids: templateIds, fields: OdooRecordDecoder.templateAttributeValueFields,
                                                includeArchived: false)
        return try records.map(OdooRecordDecoder.templateAttributeValue)
    }

    /// PTAVs changed after `cursor`: how a `price_extra` edit is noticed, since it bumps no template or variant
    /// `write_date`.
    public func templateAttributeValues(after cursor: ModelCursor?, limit: Int) async throws -> [OdooTemplateAttributeValue] {
        let records = try await cursorPage(model: "product.template.attribute.value",
                                           fields: OdooRecordDecoder.templateAttributeValueFields, after: cursor,
                                           limit: limit, includeArchived: false)
        return try records.map(OdooRecordDecoder.templateAttributeValue)
    }

    /// Attributes by id, archived ones included (a template may still use an archived attribute).
    public func attributes(ids: [Int]) async throws -> [OdooAttribute] {
        let records = try await recordsMatching(model: "product.attribute", ids: ids, fields: OdooRecordDecoder.attributeFields,
                                                includeArchived: true)
        return try records.map(OdooRecordDecoder.attribute)
    }

    /// `product.attribute.value` records by id (archived included).
    public func attributeValues(ids: [Int]) async throws -> [OdooAttributeValue] {
        let records = try await recordsMatching(model: "product.attribute.value", ids: ids,
                                                fields: OdooRecordDecoder.attributeValueFields, includeArchived: true)
        return try records.map(OdooRecordDecoder.attributeValue)
    }

    // MARK: categories and pricelists

    public func categories() async throws -> [OdooCategory] {
        try await searchReadRecords(model: "product.category", domain: .all, fields: OdooRecordDecoder.categoryFields,
                                    order: "id asc", context: nil).map(OdooRecordDecoder.category)
    }

    /// All pricelists, archived ones too (with `active` false) so their prices can be withdrawn.
    public func pricelists() async throws -> [OdooPricelist] {
        try await searchReadRecords(model: "product.pricelist", domain: .all, fields: OdooRecordDecoder.pricelistFields,
                                    order: "id asc", context: Self.context(includeArchived: true))
            .map(OdooRecordDecoder.pricelist)
    }

    public func pricelistItems(pricelistIds: [Int]) async throws -> [OdooPricelistItem] {
        let records = try await recordsMatching(model: "product.pricelist.item", field: "pricelist_id", ids: pricelistIds,
                                                fields: OdooRecordDecoder.pricelistItemFields, includeArchived: true)
        return try records.map(OdooRecordDecoder.pricelistItem)
    }

    public func pricelistItems(after cursor: ModelCursor?, limit: Int) async throws -> [OdooPricelistItem] {
        let records = try await cursorPage(model: "product.pricelist.item", fields: OdooRecordDecoder.pricelistItemFields,
                                           after: cursor, limit: limit, includeArchived: true)
        return try records.map(OdooRecordDecoder.pricelistItem)
    }

    // MARK: stock

    /// Active internal locations (`usage = internal`).
    public func internalLocations() async throws -> [OdooLocation] {
        try await searchReadRecords(model: "stock.location", domain: .condition("usage", "=", .string("internal")),
                                    fields: OdooRecordDecoder.locationFields, order: "id asc", context: nil)
            .map(OdooRecordDecoder.location)
    }

    /// On-hand and reserved quantity per variant, summed over `stock.quant` at `locationIds` and their sub-locations
    /// (`child_of`, as Odoo counts a location's stock: `WH/Stock` includes `WH/Stock/Shelf 1`); all internal locations
    /// when empty. Every requested variant gets a level, zero when it has no quant.
    public func stockLevels(variantIds: [Int], locationIds: [Int]) async throws -> [OdooStockLevel] {
        guard !variantIds.isEmpty else { return [] }
        var locations = locationIds
        if locations.isEmpty { locations = try await internalLocations().map(\.id) }
        guard !locations.isEmpty else { return OdooRecordDecoder.stockLevels(variantIds: variantIds, quants: []) }
        let records = try await recordsMatching(model: "stock.quant", field: "product_id", ids: variantIds,
                                                fields: OdooRecordDecoder.stockQuantFields,
                                                extra: .field("location_id", childOf: locations), includeArchived: false)
        let quants = try records.map(OdooRecordDecoder.stockQuant)
        return OdooRecordDecoder.stockLevels(variantIds: variantIds, quants: quants)
    }

    /// The stock stream: quants written after `cursor` (every location; the levels are summed over the configured
    /// ones when read), ascending by `(write_date, id)`.
    public func stockQuantChanges(after cursor: ModelCursor?, limit: Int) async throws -> [OdooQuantChange] {
        let records = try await cursorPage(model: "stock.quant", fields: OdooRecordDecoder.quantChangeFields, after: cursor,
                                           limit: limit, includeArchived: false)
        return try records.map(OdooRecordDecoder.quantChange)
    }

    // MARK: stream heads

    /// The newest `(write_date, id)` of a stream's model, archived records included. Cursors compare `write_date` cut
    /// to the second (Odoo stores microseconds, answers seconds), so the head is the newest second with the highest id
    /// written during it — not the newest record, which may have a lower id than another of the same second: two reads.
    public func latestCursor(stream: SyncStream) async throws -> ModelCursor? {
        let context = Self.context(includeArchived: true)
        let newest = try await searchReadRecords(
            model: stream.rawValue, domain: .condition("write_date", "!=", .bool(false)), fields: ["id", "write_date"], limit: 1,
            order: "write_date desc, id desc", context: context)
        guard let record = newest.first else { return nil }
        let second = try record.requiredDateTime("write_date")
        let ids = try await search(model: stream.rawValue, domain: OdooDomain.writtenDuring(second), limit: 1, order: "id desc",
                                   context: context)
        return ModelCursor(writeDate: second, id: max(ids.first ?? 0, try record.int("id")))
    }

    // MARK: images

    public func templateImages(ids: [Int]) async throws -> [OdooImage] {
        try await images(model: "product.template", field: "image_1920", ids: ids, owner: OdooImage.Owner.template)
    }

    /// Only variants with an image of their own (`image_variant_1920` set); others show the template's image.
    public func variantImages(ids: [Int]) async throws -> [OdooImage] {
        try await images(model: "product.product", field: "image_variant_1920", ids: ids, owner: OdooImage.Owner.variant)
    }

    /// Templates that have an `image_1920`: ids only, `idsPerCall` per call.
    public func templatesWithImages(ids: [Int]) async throws -> [Int] {
        try await idsWithImage(model: "product.template", field: "image_1920", ids: ids)
    }

    /// Variants that have an image of their own (`image_variant_1920`).
    public func variantsWithImages(ids: [Int]) async throws -> [Int] {
        try await idsWithImage(model: "product.product", field: "image_variant_1920", ids: ids)
    }

    private func idsWithImage(model: String, field: String, ids: [Int]) async throws -> [Int] {
        var seen = Set<Int>()
        let unique = ids.filter { seen.insert($0).inserted }
        var found: [Int] = []
        for start in stride(from: 0, to: unique.count, by: configuration.idsPerCall) {
            let batch = Array(unique[start..<min(start + configuration.idsPerCall, unique.count)])
            found += try await search(model: model, domain: OdooDomain.ids(in: batch).and(.condition(field, "!=", .bool(false))),
                                      order: "id asc", context: Self.context(includeArchived: true))
        }
        return found
    }

    private func images(
        model: String, field: String, ids: [Int], owner: @escaping (Int) -> OdooImage.Owner
    ) async throws -> [OdooImage] {
        let records = try await recordsMatching(model: model, ids: ids, fields: ["id", field],
                                                extra: .condition(field, "!=", .bool(false)), includeArchived: true,
                                                batchSize: configuration.imagesPerCall)
        return try records.compactMap { try OdooRecordDecoder.image($0, field: field, owner: owner) }
    }
}
