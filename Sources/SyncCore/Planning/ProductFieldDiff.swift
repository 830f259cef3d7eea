/// Product-level fields (never variants or options, which Medusa would replace as whole lists).
enum ProductFieldDiff {
    /// `ownedByMedusa`: fields left as Medusa has them (`MEDUSA_OWNED_FIELDS`).
    static func diff(_ desired: DesiredProduct, current: MedusaProduct, managedCategoryIds: Set<String>,
                     ownedByMedusa owned: Set<MedusaOwnedField> = []) -> (update: ProductUpdate, changes: [FieldChange])
    {
        var update = ProductUpdate(id: current.id)
        var changes: [FieldChange] = []
        func record(_ path: String, _ from: String?, _ to: String?) { changes.append(FieldChange(path: path, from: from, to: to)) }

        if !owned.contains(.title), current.title != desired.title {
            update.title = desired.title
            record("title", current.title, desired.title)
        }
        if !owned.contains(.description), (current.description ?? "") != (desired.description ?? "") {
            update.description = .some(desired.description)
            record("description", current.description, desired.description)
        }
        if current.status != desired.status {
            update.status = desired.status
            record("status", current.status.rawValue, desired.status.rawValue)
        }
        if current.externalId != desired.externalId {
            update.externalId = desired.externalId
            record("external_id", current.externalId, desired.externalId)
        }
        if let metadata = SharedFieldDiff.metadata(desired: desired.metadata, current: current.metadata, record: record) {
            update.metadata = metadata
        }
        if !owned.contains(.weight), let weight = SharedFieldDiff.weight(desired: desired.weight, current: current.weight, record: record) {
            update.weight = .some(weight)
        }
        // Sales channels replace the list: keep the ones the product has, add ours.
        let missingChannels = desired.salesChannelIds.filter { !current.salesChannelIds.contains($0) }
        if !missingChannels.isEmpty {
            update.salesChannelIds = current.salesChannelIds + missingChannels
            record("sales_channels", FieldFormat.text(current.salesChannelIds), FieldFormat.text(update.salesChannelIds!))
        }
        // Categories replace the list too: keep categories the sync does not manage, swap the managed ones.
        if !owned.contains(.categories), let desiredCategories = desired.categoryIds {
            let kept = current.categoryIds.filter { !managedCategoryIds.contains($0) || desiredCategories.contains($0) }
            let target = kept + desiredCategories.filter { !kept.contains($0) }
            if Set(target) != Set(current.categoryIds) {
                update.categoryIds = target
                record("categories", FieldFormat.text(current.categoryIds), FieldFormat.text(target))
            }
        }
        imageDiff(desired, current: current, owned: owned, update: &update, record: record)
        return (update, changes)
    }

    /// Images replace the list; they are written only when Odoo has images (no Odoo image leaves Medusa's alone).
    private static func imageDiff(_ desired: DesiredProduct, current: MedusaProduct, owned: Set<MedusaOwnedField>,
                                  update: inout ProductUpdate, record: (String, String?, String?) -> Void) {
        guard !desired.images.isEmpty, !(owned.contains(.images) && owned.contains(.thumbnail)) else { return }
        let urls = desired.images.compactMap(\.url)
        guard urls.count == desired.images.count else {
            record("images", "\(current.imageURLs.count) image(s)", "\(desired.images.count - urls.count) new image(s) to upload")
            return
        }
        if !owned.contains(.images), urls != current.imageURLs {
            update.imageURLs = urls
            record("images", FieldFormat.text(current.imageURLs), FieldFormat.text(urls))
        }
        if !owned.contains(.thumbnail), current.thumbnail != urls.first {
            update.thumbnail = .some(urls.first)
            record("thumbnail", current.thumbnail, urls.first)
        }
    }
}
