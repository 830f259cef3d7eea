/// Which Medusa the simulator behaves as. Shops run what they installed last, so the client is tested against both
/// ends of what we know (sources per row in `docs/medusa.md`):
/// - `v2_0`: Medusa 2.0.0's routes and validators (`Schemas/admin-request-schemas.json`), as `shared/contracts/medusa`
///   describes them; `?external_id=` is stripped from product listings.
/// - `current`: the newest 2.x whose validators we could read (the compiled `@medusajs/medusa` 2.8.x declarations and the
///   published API reference): adds `POST /admin/inventory-items/location-levels/batch` (2.3.0) and `GET /admin/plugins`
///   (2.7.0), applies `?external_id=` to product listings, deletes a deleted variant's inventory item (2.8.8), and sends
///   `shipment.created` as `{id, no_notification}` (Fulfillment Module events reference). The fulfilment routes' bodies
///   and rules are otherwise 2.0.0's in both modes: no newer difference was found in a source we could read.
public enum MedusaServerVersion: String, Sendable, CaseIterable, Hashable {
    case v2_0 = "2.0"
    case current

    /// Whether a route introduced in `since` exists on this version.
    func has(_ since: MedusaServerVersion) -> Bool {
        since == .v2_0 || self == .current
    }
}
