import GRDB

/// Versioned schema. Migrations are append-only: a released migration is never edited, a new one is added.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-runs-bindings-cursors") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("trigger", .text).notNull()
                t.column("mode", .text).notNull()
                t.column("dryRun", .boolean).notNull().defaults(to: false)
                t.column("productIds", .text).notNull().defaults(to: "[]")
                t.column("status", .text).notNull().indexed()
                t.column("createdAtMs", .integer).notNull()
                t.column("startedAtMs", .integer)
                t.column("finishedAtMs", .integer)
                t.column("created", .integer).notNull().defaults(to: 0)
                t.column("updated", .integer).notNull().defaults(to: 0)
                t.column("unchanged", .integer).notNull().defaults(to: 0)
                t.column("archived", .integer).notNull().defaults(to: 0)
                t.column("deleted", .integer).notNull().defaults(to: 0)
                t.column("failed", .integer).notNull().defaults(to: 0)
                t.column("skipped", .integer).notNull().defaults(to: 0)
                t.column("progressPhase", .text)
                t.column("progressDone", .integer)
                t.column("progressTotal", .integer)
                t.column("error", .text)
                t.column("errorClass", .text)
                t.column("cancelRequested", .boolean).notNull().defaults(to: false)
            }
            try db.create(index: "run_on_trigger", on: "run", columns: ["trigger", "id"])
            try db.create(table: "runItem") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("runId", .integer).notNull().references("run", onDelete: .cascade)
                t.column("odooTemplateId", .integer).notNull()
                t.column("outcome", .text).notNull()
                t.column("medusaProductId", .text)
                t.column("title", .text)
                t.column("message", .text)
                t.column("failureClass", .text)
                t.column("system", .text)
                t.column("plannedChanges", .text)
            }
            try db.create(index: "runItem_on_run", on: "runItem", columns: ["runId", "id"])
            try db.create(index: "runItem_on_run_outcome", on: "runItem", columns: ["runId", "outcome", "id"])
            try db.create(table: "binding") { t in
                t.column("kind", .text).notNull()
                t.column("odooId", .integer).notNull()
                t.column("medusaId", .text).notNull()
                t.column("hash", .text)
                t.column("parentMedusaId", .text)
                t.column("extra", .text)
                t.column("updatedAtMs", .integer).notNull()
                t.primaryKey(["kind", "odooId"])
            }
            try db.create(table: "cursor") { t in
                t.primaryKey("stream", .text)
                t.column("writeDate", .text).notNull()
                t.column("recordId", .integer).notNull()
                t.column("updatedAtMs", .integer).notNull()
            }
            try db.create(table: "scheduleState") { t in
                t.primaryKey("name", .text)
                t.column("lastFireAtMs", .integer).notNull()
            }
        }
        // Small values the engine keeps between runs (the Odoo session, when the setup was last read).
        migrator.registerMigration("v2-memos") { db in
            try db.create(table: "memo") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
                t.column("updatedAtMs", .integer).notNull()
            }
        }
        // Runs of several kinds of job share the table; every earlier run was a catalogue sync.
        migrator.registerMigration("v3-run-kinds") { db in
            try db.alter(table: "run") { t in
                t.add(column: "kind", .text).notNull().defaults(to: JobKind.catalogue.rawValue)
            }
        }
        // The retry set: items that failed in some run, with their attempts, last error and next attempt.
        migrator.registerMigration("v4-retry-set") { db in
            try db.create(table: "retryItem") { t in
                t.column("kind", .text).notNull()
                t.column("odooId", .integer).notNull()
                t.column("title", .text)
                t.column("attempts", .integer).notNull()
                t.column("lastError", .text).notNull()
                t.column("errorClass", .text).notNull()
                t.column("system", .text)
                t.column("firstFailedAtMs", .integer).notNull()
                t.column("lastFailedAtMs", .integer).notNull()
                t.column("nextAttemptAtMs", .integer)
                t.column("odooWriteDate", .text)
                t.primaryKey(["kind", "odooId"])
            }
            try db.create(index: "retryItem_on_nextAttempt", on: "retryItem", columns: ["nextAttemptAtMs"])
        }
        // Full runs correct Medusa products edited by hand: their own outcome, counted per run.
        migrator.registerMigration("v5-drift-corrected") { db in
            try db.alter(table: "run") { t in
                t.add(column: "driftCorrected", .integer).notNull().defaults(to: 0)
            }
        }
        // Orders, Medusa → Odoo: which order became which sale order, which customer is which contact, the orders
        // waiting for payment; run items say whether they are about a product or an order.
        migrator.registerMigration("v6-orders") { db in
            try db.create(table: "orderLink") { t in
                t.primaryKey("medusaOrderId", .text)
                t.column("medusaDisplayId", .integer).notNull()
                t.column("odooOrderId", .integer).notNull()
                t.column("odooOrderName", .text).notNull()
                t.column("state", .text).notNull()
                t.column("currencyCode", .text).notNull()
                t.column("medusaTotal", .text).notNull()
                t.column("odooTotal", .text)
                t.column("message", .text)
                t.column("updatedAtMs", .integer).notNull()
            }
            try db.create(index: "orderLink_on_updated", on: "orderLink", columns: ["updatedAtMs"])
            try db.create(table: "contactLink") { t in
                t.primaryKey("medusaCustomerId", .text)
                t.column("odooPartnerId", .integer).notNull()
                t.column("updatedAtMs", .integer).notNull()
            }
            try db.create(table: "pendingOrder") { t in
                t.primaryKey("medusaOrderId", .text)
                t.column("reason", .text).notNull()
                t.column("firstSeenAtMs", .integer).notNull()
            }
            try db.alter(table: "runItem") { t in
                t.add(column: "subject", .text).notNull().defaults(to: "product")
            }
        }
        // A pending order counts its failed creates, so a permanently failing one stops costing Odoo order numbers.
        migrator.registerMigration("v7-pending-attempts") { db in
            try db.alter(table: "pendingOrder") { t in
                t.add(column: "attempts", .integer).notNull().defaults(to: 0)
            }
        }
        // Deliveries, Odoo → Medusa: which picking became which fulfilment, the done pickings waiting to be reported,
        // and the lookup of an order link by its Odoo sale order (a picking's `sale_id`).
        migrator.registerMigration("v8-deliveries") { db in
            try db.create(table: "deliveryLink") { t in
                t.primaryKey("pickingId", .integer)
                t.column("pickingName", .text).notNull()
                t.column("odooOrderId", .integer).notNull()
                t.column("medusaOrderId", .text).notNull()
                t.column("fulfilmentId", .text)
                t.column("state", .text).notNull()
                t.column("trackingNumber", .text)
                t.column("message", .text)
                t.column("updatedAtMs", .integer).notNull()
            }
            try db.create(index: "deliveryLink_on_medusaOrder", on: "deliveryLink", columns: ["medusaOrderId"])
            try db.create(table: "pendingDelivery") { t in
                t.primaryKey("pickingId", .integer)
                t.column("reason", .text).notNull()
                t.column("firstSeenAtMs", .integer).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
            }
            try db.create(index: "orderLink_on_odooOrder", on: "orderLink", columns: ["odooOrderId"])
            // An order's latest outcomes (orders and deliveries) for the order page: GET /orders/{id}.
            try db.create(index: "runItem_on_medusaId", on: "runItem", columns: ["medusaProductId", "id"])
        }
        // Replicas: which replica ran a run, and every schedule fire once (the PostgreSQL store adds the run lease).
        migrator.registerMigration("v9-replicas") { db in
            try db.alter(table: "run") { t in
                t.add(column: "replica", .text)
            }
            try db.create(table: "scheduleFire") { t in
                t.column("name", .text).notNull()
                t.column("firedAtMs", .integer).notNull()
                t.column("replica", .text).notNull()
                t.primaryKey(["name", "firedAtMs"])
            }
        }
        return migrator
    }
}
