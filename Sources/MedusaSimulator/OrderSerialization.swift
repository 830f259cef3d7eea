import Foundation
import SyncCore

// Orders and customers rendered as Medusa 2.0 renders them: every relation present, then trimmed by `FieldSelection`
// to what the request asked for (or the route's defaults). Totals are rendered only when a requested top-level field is
// one of the 19 totals (orders.md §3c); `payment_status` and `fulfillment_status` are added by the GET workflows.
extension FieldSelection {
    static let orderRelations: Set<String> = [
        "items", "tax_lines", "adjustments", "detail", "variant", "product", "shipping_methods", "shipping_address",
        "billing_address", "payment_collections", "payments", "refunds", "captures", "fulfillments", "labels",
        "customer", "sales_channel", "region", "promotion",
    ]

    /// `GET /admin/orders` (`CF/order/workflows/get-orders-list.ts` adds `items.*`; orders.md §2b, without `metadata`
    /// as §0.1 says).
    static let orderListDefaults = ["id", "display_id", "status", "version", "summary", "created_at", "updated_at", "items.*"]

    /// `defaultAdminRetrieveOrderFields` (orders.md §3).
    static let orderDetailDefaults = ["id", "display_id", "region_id", "status", "version", "summary", "created_at",
                                      "updated_at", "order_change"] + OrderTotals.fieldNames.sorted() + [
        "*items", "*items.tax_lines", "*items.adjustments", "*items.variant", "*items.variant.product", "*items.detail",
        "*shipping_address", "*billing_address", "*shipping_methods", "*shipping_methods.tax_lines",
        "*shipping_methods.adjustments", "*payment_collections", "*payment_collections.payments",
        "*payment_collections.payments.refunds",
    ]

    static let customerRelations: Set<String> = ["addresses", "groups"]
    static let customerDefaults = ["id", "company_name", "first_name", "last_name", "email", "phone", "metadata",
                                   "has_account", "created_by", "created_at", "updated_at", "deleted_at"]

    /// Whether Medusa computes totals for this selection.
    var includesOrderTotals: Bool { !root.fields.isDisjoint(with: OrderTotals.fieldNames) }
}

extension CatalogState {
    /// One order through `fields`, with the computed statuses. A list row's items have no quantity unless their
    /// `detail` is selected (quantities live on `order_item`, orders.md §2b).
    /// `pruned: false` builds every member before projecting (what the pruned rendering must equal; for tests).
    func json(order: OrderRecord, fields: FieldSelection, isListRow: Bool, pruned: Bool = true) -> OrderedJSON {
        // Computed once per order (Decimal division is slow) and shared by the totals, the summary and the payment.
        let computed = OrderTotals(order)
        var projected = fields.project(json(order: order, totals: fields.includesOrderTotals ? computed : nil,
                                            total: computed.total, selection: pruned ? fields : nil))
        if isListRow, fields.root.relations["items"]?.relations["detail"] == nil, case .object(var members) = projected,
           let items = members["items"]?.arrayValue {
            members["items"] = .array(items.map { item in
                guard case .object(var itemMembers) = item else { return item }
                itemMembers["quantity"] = nil
                itemMembers["raw_quantity"] = nil
                return .object(itemMembers)
            })
            projected = .object(members)
        }
        guard case .object(var members) = projected else { return projected }
        members["payment_status"] = .string(order.payment.status.rawValue)
        members["fulfillment_status"] = .string(Self.fulfilmentStatus(order))
        return .object(members)
    }

    /// The order with every member `selection` keeps (nil: every member). Members it would drop are not built: the
    /// payment, fulfilments, customer and each item's variant are most of the work of rendering a page of orders.
    private func json(order: OrderRecord, totals: OrderTotals?, total: Decimal, selection: FieldSelection?) -> OrderedJSON {
        let keeps: (String) -> Bool = { key in selection.map { $0.keeps(key, at: $0.root) } ?? true }
        let itemSelection = selection.map { $0.child("items", of: $0.root) }
        // An item's relations (tax lines, adjustments, detail, variant) only where the items' selection keeps them.
        let itemKeeps: (String) -> Bool = { key in
            guard let selection, let itemSelection else { return true }
            return itemSelection.map { selection.keeps(key, at: $0) } ?? false
        }
        var members: [(String, OrderedJSON)] = [
            ("id", .string(order.id)), ("display_id", .number(Decimal(order.displayId))),
            ("version", .number(Decimal(order.version))), ("status", .string(order.status)),
            ("region_id", .optionalString(order.regionId)), ("customer_id", .optionalString(order.customerId)),
            ("sales_channel_id", .optionalString(order.salesChannelId)), ("email", .optionalString(order.email)),
            ("currency_code", .string(order.currencyCode)), ("metadata", order.metadata ?? .null),
            ("canceled_at", .orderDate(order.canceledAt)), ("created_at", .orderDate(order.createdAt)),
            ("updated_at", .orderDate(order.updatedAt)), ("summary", summary(order, total: total)),
        ]
        if let totals { members += totals.fields(where: keeps).map { ($0.0, .amount($0.1)) } }
        if keeps("items") {
            members.append(("items", .array(order.items.enumerated().map { index, item in
                json(item: item, order: order, totals: totals?.items[index], keeps: itemKeeps)
            })))
        }
        if keeps("shipping_methods") {
            members.append(("shipping_methods", .array(order.shippingMethods.enumerated().map { index, method in
                json(shipping: method, order: order, totals: totals?.shipping[index])
            })))
        }
        if keeps("shipping_address") {
            members.append(("shipping_address", order.shippingAddress.map(json(address:)) ?? .null))
        }
        if keeps("billing_address") {
            members.append(("billing_address", order.billingAddress.map(json(address:)) ?? .null))
        }
        if keeps("payment_collections") {
            members.append(("payment_collections", .array([paymentCollection(order, total: total)])))
        }
        if keeps("fulfillments") {
            members.append(("fulfillments", .array(order.fulfillments.map { json(fulfilment: $0, order: order) })))
        }
        if keeps("customer") {
            members.append(("customer", order.customerId.flatMap { orderBook.customers[$0] }.map { json(customer: $0) } ?? .null))
        }
        return .object(distinct: members)
    }

    private func summary(_ order: OrderRecord, total: Decimal) -> OrderedJSON {
        let paid: Decimal = order.payment.capturedAt != nil ? total : 0
        return .object(distinct: [("paid_total", .amount(paid)), ("refunded_total", .number(0)),
                        ("transaction_total", .amount(paid)), ("current_order_total", .amount(total)),
                        ("original_order_total", .amount(total)), ("pending_difference", .amount(total - paid)),
                        ("difference_sum", .number(0))])
    }

    private func paymentCollection(_ order: OrderRecord, total: Decimal) -> OrderedJSON {
        let captured = order.payment.capturedAt != nil
        return .object(distinct: [
            ("id", .string(order.payment.collectionId)), ("currency_code", .string(order.currencyCode)),
            ("status", .string(captured ? "authorized" : order.payment.status.rawValue)), ("amount", .amount(total)),
            ("authorized_amount", .amount(total)), ("captured_amount", .amount(captured ? total : 0)),
            ("refunded_amount", .number(0)), ("completed_at", .null),
            ("payments", .array([.object(distinct: [
                ("id", .string(order.payment.id)), ("provider_id", .string("pp_system_default")),
                ("amount", .amount(total)), ("currency_code", .string(order.currencyCode)),
                ("captured_at", .orderDate(order.payment.capturedAt)),
                ("canceled_at", .orderDate(order.payment.canceledAt)), ("refunds", .array([])),
            ])])),
        ])
    }

    private func json(item: OrderLineItemRecord, order: OrderRecord, totals: LineTotals?,
                      keeps: (String) -> Bool) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [
            ("id", .string(item.id)), ("title", .string(item.title)), ("subtitle", .optionalString(item.productTitle)),
            ("thumbnail", .null), ("variant_id", .optionalString(item.variantId)),
            ("product_id", .optionalString(item.productId)), ("product_title", .optionalString(item.productTitle)),
            ("variant_sku", .optionalString(item.variantSku)), ("variant_title", .optionalString(item.variantTitle)),
            ("requires_shipping", .bool(true)), ("is_discountable", .bool(true)),
            ("is_tax_inclusive", .bool(item.isTaxInclusive)), ("is_custom_price", .bool(false)),
            ("compare_at_unit_price", .null), ("unit_price", .amount(item.unitPrice)),
            ("raw_unit_price", .rawAmount(item.unitPrice)), ("quantity", .amount(item.quantity)),
            ("raw_quantity", .rawAmount(item.quantity)), ("metadata", .null),
            ("created_at", .orderDate(order.createdAt)), ("updated_at", .orderDate(order.createdAt)),
        ]
        if let totals { members += lineTotals(totals) }
        if keeps("tax_lines") {
            members.append(("tax_lines", .array(item.taxLines.enumerated().map { index, line in
                json(taxLine: line, ownerKey: "item_id", ownerId: item.id, totals: totals?.taxLines[index])
            })))
        }
        if keeps("adjustments") {
            members.append(("adjustments", .array(item.adjustments.enumerated().map { index, adjustment in
                json(adjustment: adjustment, ownerKey: "item_id", ownerId: item.id, totals: totals?.adjustments[index])
            })))
        }
        if keeps("detail") {
            members.append(("detail", .object(distinct: [
                ("id", .string(item.detailId)), ("order_id", .string(order.id)), ("item_id", .string(item.id)),
                ("version", .number(Decimal(order.version))), ("quantity", .amount(item.quantity)),
                ("raw_quantity", .rawAmount(item.quantity)), ("fulfilled_quantity", .amount(item.fulfilledQuantity)),
                ("shipped_quantity", .amount(item.shippedQuantity)),
                ("delivered_quantity", .amount(item.deliveredQuantity)),
                ("return_requested_quantity", .number(0)), ("return_received_quantity", .number(0)),
                ("return_dismissed_quantity", .number(0)), ("written_off_quantity", .number(0)),
                ("unit_price", .null), ("compare_at_unit_price", .null), ("metadata", .null),
            ])))
        }
        if keeps("variant") {
            members.append(("variant", item.variantId.flatMap { variants[$0] }.map { variant in
                .object(distinct: [("id", .string(variant.id)), ("sku", .optionalString(variant.sku)),
                         ("title", .string(variant.title)), ("product_id", .string(variant.productId)),
                         ("product", products[variant.productId].map { product in
                             .object(distinct: [("id", .string(product.id)), ("title", .string(product.title)),
                                      ("handle", .string(product.handle))])
                         } ?? .null)])
            } ?? .null))
        }
        return .object(distinct: members)
    }

    private func json(shipping method: OrderShippingMethodRecord, order: OrderRecord, totals: LineTotals?) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [
            ("id", .string(method.id)), ("order_id", .string(order.id)), ("name", .string(method.name)),
            ("description", .null), ("amount", .amount(method.amount)), ("raw_amount", .rawAmount(method.amount)),
            ("is_tax_inclusive", .bool(method.isTaxInclusive)), ("is_custom_amount", .bool(false)),
            ("shipping_option_id", .optionalString(method.shippingOptionId)), ("data", .object([])),
            ("metadata", .null),
        ]
        if let totals { members += lineTotals(totals) }
        members += [
            ("tax_lines", .array(method.taxLines.enumerated().map { index, line in
                json(taxLine: line, ownerKey: "shipping_method_id", ownerId: method.id, totals: totals?.taxLines[index])
            })),
            ("adjustments", .array(method.adjustments.enumerated().map { index, adjustment in
                json(adjustment: adjustment, ownerKey: "shipping_method_id", ownerId: method.id,
                     totals: totals?.adjustments[index])
            })),
            ("detail", .object(distinct: [("id", .string("ordspmv_" + method.id.dropFirst(6))),
                                ("version", .number(Decimal(order.version)))])),
        ]
        return .object(distinct: members)
    }

    private func lineTotals(_ totals: LineTotals) -> [(String, OrderedJSON)] {
        [("subtotal", .amount(totals.subtotal)), ("total", .amount(totals.total)),
         ("original_total", .amount(totals.originalTotal)), ("discount_total", .amount(totals.discountTotal)),
         ("discount_subtotal", .amount(totals.discountSubtotal)),
         ("discount_tax_total", .amount(totals.discountTaxTotal)), ("tax_total", .amount(totals.taxTotal)),
         ("original_tax_total", .amount(totals.originalTaxTotal))]
    }

    private func json(taxLine line: OrderTaxLineRecord, ownerKey: String, ownerId: String,
                      totals: LineTotals.TaxLine?) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [
            ("id", .string(line.id)), ("code", .string(line.code)), ("description", .string("Tax")),
            ("rate", .amount(line.rate)), ("raw_rate", .rawAmount(line.rate)),
            ("tax_rate_id", .optionalString(line.taxRateId)), ("provider_id", .null), (ownerKey, .string(ownerId)),
        ]
        if let totals { members += [("total", .amount(totals.total)), ("subtotal", .amount(totals.subtotal))] }
        return .object(distinct: members)
    }

    private func json(adjustment: OrderAdjustmentRecord, ownerKey: String, ownerId: String,
                      totals: LineTotals.Adjustment?) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [
            ("id", .string(adjustment.id)), ("code", .optionalString(adjustment.code)),
            ("amount", .amount(adjustment.amount)), ("raw_amount", .rawAmount(adjustment.amount)),
            ("promotion_id", .optionalString(adjustment.promotionId)), ("description", .null),
            ("provider_id", .null), (ownerKey, .string(ownerId)),
        ]
        if let totals { members += [("subtotal", .amount(totals.subtotal)), ("total", .amount(totals.total))] }
        return .object(distinct: members)
    }

    func json(address record: OrderAddressRecord) -> OrderedJSON {
        let address = record.address
        return .object(distinct: [
            ("id", .string(record.id)), ("customer_id", .null), ("first_name", .optionalString(address.firstName)),
            ("last_name", .optionalString(address.lastName)), ("company", .optionalString(address.company)),
            ("address_1", .optionalString(address.address1)), ("address_2", .optionalString(address.address2)),
            ("city", .optionalString(address.city)), ("province", .optionalString(address.province)),
            ("postal_code", .optionalString(address.postalCode)), ("country_code", .optionalString(address.countryCode)),
            ("phone", .optionalString(address.phone)), ("metadata", .null),
        ])
    }

    func json(customer: CustomerRecord) -> OrderedJSON {
        .object(distinct: [
            ("id", .string(customer.id)), ("company_name", .optionalString(customer.companyName)),
            ("first_name", .optionalString(customer.firstName)), ("last_name", .optionalString(customer.lastName)),
            ("email", .string(customer.email)), ("phone", .optionalString(customer.phone)), ("metadata", .null),
            ("has_account", .bool(customer.hasAccount)), ("created_by", .null),
            ("created_at", .orderDate(customer.createdAt)), ("updated_at", .orderDate(customer.updatedAt)),
            ("deleted_at", .null),
            ("addresses", .array(customer.addresses.map(json(address:)))), ("groups", .array([])),
        ])
    }
}
