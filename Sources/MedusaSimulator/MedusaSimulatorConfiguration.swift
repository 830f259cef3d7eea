import Foundation

/// How the simulated store is seeded: its id and currencies, the default sales channel and stock location, and the
/// credentials it accepts. Defaults mirror a fresh Medusa 2.0 install with an extra `usd` currency.
///
/// Faults are not configured here but on the running simulator's `faults` (`FaultInjector.Settings`): `faultRate` and
/// `scripted` replace answers without running the request; `lostAnswerRate` (or a scripted `.lostAnswer`) runs the
/// request — a fulfilment or product batch is really created — and then answers 500 as if the answer had been lost on
/// the way, the case a client must survive without fulfilling twice.
public struct MedusaSimulatorConfiguration: Sendable {
    public struct SalesChannelSeed: Sendable, Hashable {
        public var id: String
        public var name: String
        public init(id: String, name: String) { self.id = id; self.name = name }
    }

    public struct StockLocationSeed: Sendable, Hashable {
        public var id: String
        public var name: String
        public init(id: String, name: String) { self.id = id; self.name = name }
    }

    /// A shipping option orders' shipping methods can name (`shipping_option_id`); `locationId` is the stock location
    /// of its fulfillment set, where a fulfilment without `location_id` leaves from (orders.md §5a.5–6).
    public struct ShippingOptionSeed: Sendable, Hashable {
        public var id: String
        public var name: String
        public var locationId: String?
        public init(id: String, name: String, locationId: String?) {
            self.id = id; self.name = name; self.locationId = locationId
        }
    }

    public var storeId: String
    public var storeName: String
    /// Lowercase ISO codes; the first one is the store's default currency.
    public var supportedCurrencies: [String]
    public var defaultSalesChannel: SalesChannelSeed
    public var additionalSalesChannels: [SalesChannelSeed]
    public var defaultStockLocation: StockLocationSeed
    public var additionalStockLocations: [StockLocationSeed]
    /// The one active secret API key (`sk_…`), accepted as `Authorization: Basic <key>` or `Basic base64(key + ":")`.
    public var secretAPIKey: String
    /// The admin user for `POST /auth/user/emailpass`.
    public var adminEmail: String
    public var adminPassword: String
    /// How long an issued admin JWT is accepted (Medusa's default `jwtExpiresIn` is one day).
    public var jwtLifetime: Duration
    /// body-parser's default limit on ordinary routes (100 kb).
    public var maxBodyBytes: Int
    /// The limit on `*/batch` routes (2 MB).
    public var maxBatchBodyBytes: Int
    /// Deleting a variant leaves its auto-created inventory item (and its sku) behind, as Medusa 2.0's
    /// `deleteProductVariantsWorkflow` does by our reading of it (contract §4, inferred, untested on a real server).
    public var keepsInventoryItemOfDeletedVariant: Bool
    /// Seed of the fault injector's random choices.
    public var faultSeed: UInt64
    /// The Medusa version whose routes and rules the simulator follows.
    public var version: MedusaServerVersion
    /// The shop's subscribers: called with each order event the control causes (`order.placed`, `payment.captured`,
    /// `order.canceled`), as Medusa's event bus calls `src/subscribers/` — after the change, never retried, errors
    /// swallowed. nil: no subscriber.
    public var eventSubscriber: MedusaEventSubscriber?
    /// The shop's shipping options. By default `so_standard` (what `SimulatedShippingMethodInput` names unless told
    /// otherwise), linked to the default stock location, so fulfilments work without `location_id`.
    public var shippingOptions: [ShippingOptionSeed]

    public init(
        storeId: String = "store_01JBSIMULATEDSTORE000000000",
        storeName: String = "Medusa Store",
        supportedCurrencies: [String] = ["eur", "usd"],
        defaultSalesChannel: SalesChannelSeed = .init(id: "sc_01JBSIMULATEDCHANNEL00000000", name: "Default Sales Channel"),
        additionalSalesChannels: [SalesChannelSeed] = [],
        defaultStockLocation: StockLocationSeed = .init(id: "sloc_01JBSIMULATEDLOCATION0000000", name: "Main Warehouse"),
        additionalStockLocations: [StockLocationSeed] = [],
        secretAPIKey: String = "sk_" + String(repeating: "5eed", count: 16),
        adminEmail: String = "admin@medusa-test.com",
        adminPassword: String = "supersecret",
        jwtLifetime: Duration = .seconds(86_400),
        maxBodyBytes: Int = 100 * 1024,
        maxBatchBodyBytes: Int = 2 * 1024 * 1024,
        keepsInventoryItemOfDeletedVariant: Bool? = nil,
        faultSeed: UInt64 = 0x5EED,
        version: MedusaServerVersion = .v2_0,
        shippingOptions: [ShippingOptionSeed]? = nil
    ) {
        self.storeId = storeId; self.storeName = storeName; self.supportedCurrencies = supportedCurrencies
        self.defaultSalesChannel = defaultSalesChannel; self.additionalSalesChannels = additionalSalesChannels
        self.defaultStockLocation = defaultStockLocation; self.additionalStockLocations = additionalStockLocations
        self.secretAPIKey = secretAPIKey; self.adminEmail = adminEmail; self.adminPassword = adminPassword
        self.jwtLifetime = jwtLifetime; self.maxBodyBytes = maxBodyBytes; self.maxBatchBodyBytes = maxBatchBodyBytes
        // Medusa 2.8.8 deletes the inventory item with its variant.
        self.keepsInventoryItemOfDeletedVariant = keepsInventoryItemOfDeletedVariant ?? (version == .v2_0)
        self.faultSeed = faultSeed; self.version = version
        self.shippingOptions = shippingOptions ?? [
            ShippingOptionSeed(id: "so_standard", name: "Standard Shipping", locationId: defaultStockLocation.id),
        ]
    }
}
