/// What to do in Medusa for one product.
public enum ProductPlan: Sendable, Hashable {
    case create(ProductInput, changes: [FieldChange])
    case update(ProductChanges)

    public var fieldChanges: [FieldChange] {
        switch self {
        case .create(_, let changes): changes
        case .update(let changes): changes.fieldChanges
        }
    }
}

/// Targeted changes to an existing product, listed in the order they must be applied so Medusa's rules hold:
/// new option values exist before a variant uses them, gone variants leave before options are removed, and no list
/// is ever replaced wholesale (a product update never carries variants or options).
public struct ProductChanges: Sendable, Hashable {
    public struct OptionChange: Sendable, Hashable {
        public var optionId: String
        public var option: OptionInput
    }

    public struct VariantChange: Sendable, Hashable {
        public var odooVariantId: Int
        public var update: VariantUpdate
    }

    public struct VariantCreation: Sendable, Hashable {
        public var odooVariantId: Int
        public var input: VariantInput
    }

    public struct VariantRemoval: Sendable, Hashable {
        public var medusaVariantId: String
        /// The Odoo variant it stood for (gone from Odoo).
        public var odooVariantId: Int
    }

    public var productId: String
    public var product: ProductUpdate?
    /// 1. Add missing values to existing options (the full list: current values + new ones).
    public var optionsToExtend: [OptionChange] = []
    /// 2. Options Odoo has and Medusa lacks.
    public var optionsToCreate: [OptionInput] = []
    /// 3. Variants bound to Odoo variants that are gone.
    public var variantsToDelete: [VariantRemoval] = []
    /// 4. Matched variants whose fields differ.
    public var variantsToUpdate: [VariantChange] = []
    /// 5. Options Odoo no longer has, once no remaining variant needs them.
    public var optionsToDelete: [String] = []
    /// 6. Odoo variants Medusa lacks.
    public var variantsToCreate: [VariantCreation] = []
    /// 7. Options reduced to Odoo's values (keeping values still used by variants the sync does not manage).
    public var optionsToTrim: [OptionChange] = []
    /// Odoo variant id → Medusa variant id, for every variant matched to an existing one.
    public var matchedVariants: [Int: String] = [:]
    public var fieldChanges: [FieldChange] = []

    public init(productId: String) { self.productId = productId }

    /// True when nothing would be sent to Medusa.
    public var isEmpty: Bool {
        (product?.isEmpty ?? true) && optionsToExtend.isEmpty && optionsToCreate.isEmpty && variantsToDelete.isEmpty
            && variantsToUpdate.isEmpty && optionsToDelete.isEmpty && variantsToCreate.isEmpty && optionsToTrim.isEmpty
    }
}
