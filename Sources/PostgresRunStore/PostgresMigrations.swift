/// The SQLite store's versioned schema (`Migrations.swift` in RunStore) as PostgreSQL DDL: the same migration ids, the
/// same tables and columns (never quoted, so they fold to lower case and every query can spell them as SQLite does),
/// 64-bit integers where SQLite has INTEGER, BOOLEAN for flags, BIGSERIAL ids. Append-only, like the SQLite list.
enum PostgresMigrations {
    struct Migration: Sendable {
        var id: String
        var statements: [String]
    }

    static let all: [Migration] = [
        Migration(id: "v1-runs-bindings-cursors", statements: [
            """
            CREATE TABLE run (
                id BIGSERIAL PRIMARY KEY,
                trigger TEXT NOT NULL,
                mode TEXT NOT NULL,
                dryRun BOOLEAN NOT NULL DEFAULT false,
                productIds TEXT NOT NULL DEFAULT '[]',
                status TEXT NOT NULL,
                createdAtMs BIGINT NOT NULL,
                startedAtMs BIGINT,
                finishedAtMs BIGINT,
                created BIGINT NOT NULL DEFAULT 0,
                updated BIGINT NOT NULL DEFAULT 0,
                unchanged BIGINT NOT NULL DEFAULT 0,
                archived BIGINT NOT NULL DEFAULT 0,
                deleted BIGINT NOT NULL DEFAULT 0,
                failed BIGINT NOT NULL DEFAULT 0,
                skipped BIGINT NOT NULL DEFAULT 0,
                progressPhase TEXT,
                progressDone BIGINT,
                progressTotal BIGINT,
                error TEXT,
                errorClass TEXT,
                cancelRequested BOOLEAN NOT NULL DEFAULT false
            )
            """,
            "CREATE INDEX run_on_status ON run (status)",
            "CREATE INDEX run_on_trigger ON run (trigger, id)",
            """
            CREATE TABLE runItem (
                id BIGSERIAL PRIMARY KEY,
                runId BIGINT NOT NULL REFERENCES run (id) ON DELETE CASCADE,
                odooTemplateId BIGINT NOT NULL,
                outcome TEXT NOT NULL,
                medusaProductId TEXT,
                title TEXT,
                message TEXT,
                failureClass TEXT,
                system TEXT,
                plannedChanges TEXT
            )
            """,
            "CREATE INDEX runItem_on_run ON runItem (runId, id)",
            "CREATE INDEX runItem_on_run_outcome ON runItem (runId, outcome, id)",
            """
            CREATE TABLE binding (
                kind TEXT NOT NULL,
                odooId BIGINT NOT NULL,
                medusaId TEXT NOT NULL,
                hash TEXT,
                parentMedusaId TEXT,
                extra TEXT,
                updatedAtMs BIGINT NOT NULL,
                PRIMARY KEY (kind, odooId)
            )
            """,
            """
            CREATE TABLE cursor (
                stream TEXT PRIMARY KEY,
                writeDate TEXT NOT NULL,
                recordId BIGINT NOT NULL,
                updatedAtMs BIGINT NOT NULL
            )
            """,
            "CREATE TABLE scheduleState (name TEXT PRIMARY KEY, lastFireAtMs BIGINT NOT NULL)",
        ]),
        Migration(id: "v2-memos", statements: [
            "CREATE TABLE memo (key TEXT PRIMARY KEY, value TEXT NOT NULL, updatedAtMs BIGINT NOT NULL)",
        ]),
        Migration(id: "v3-run-kinds", statements: [
            "ALTER TABLE run ADD COLUMN kind TEXT NOT NULL DEFAULT 'catalogue'",
        ]),
        Migration(id: "v4-retry-set", statements: [
            """
            CREATE TABLE retryItem (
                kind TEXT NOT NULL,
                odooId BIGINT NOT NULL,
                title TEXT,
                attempts BIGINT NOT NULL,
                lastError TEXT NOT NULL,
                errorClass TEXT NOT NULL,
                system TEXT,
                firstFailedAtMs BIGINT NOT NULL,
                lastFailedAtMs BIGINT NOT NULL,
                nextAttemptAtMs BIGINT,
                odooWriteDate TEXT,
                PRIMARY KEY (kind, odooId)
            )
            """,
            "CREATE INDEX retryItem_on_nextAttempt ON retryItem (nextAttemptAtMs)",
        ]),
        Migration(id: "v5-drift-corrected", statements: [
            "ALTER TABLE run ADD COLUMN driftCorrected BIGINT NOT NULL DEFAULT 0",
        ]),
        Migration(id: "v6-orders", statements: [
            """
            CREATE TABLE orderLink (
                medusaOrderId TEXT PRIMARY KEY,
                medusaDisplayId BIGINT NOT NULL,
                odooOrderId BIGINT NOT NULL,
                odooOrderName TEXT NOT NULL,
                state TEXT NOT NULL,
                currencyCode TEXT NOT NULL,
                medusaTotal TEXT NOT NULL,
                odooTotal TEXT,
                message TEXT,
                updatedAtMs BIGINT NOT NULL
            )
            """,
            "CREATE INDEX orderLink_on_updated ON orderLink (updatedAtMs)",
            "CREATE TABLE contactLink (medusaCustomerId TEXT PRIMARY KEY, odooPartnerId BIGINT NOT NULL, updatedAtMs BIGINT NOT NULL)",
            "CREATE TABLE pendingOrder (medusaOrderId TEXT PRIMARY KEY, reason TEXT NOT NULL, firstSeenAtMs BIGINT NOT NULL)",
            "ALTER TABLE runItem ADD COLUMN subject TEXT NOT NULL DEFAULT 'product'",
        ]),
        Migration(id: "v7-pending-attempts", statements: [
            "ALTER TABLE pendingOrder ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0",
        ]),
        Migration(id: "v8-deliveries", statements: [
            """
            CREATE TABLE deliveryLink (
                pickingId BIGINT PRIMARY KEY,
                pickingName TEXT NOT NULL,
                odooOrderId BIGINT NOT NULL,
                medusaOrderId TEXT NOT NULL,
                fulfilmentId TEXT,
                state TEXT NOT NULL,
                trackingNumber TEXT,
                message TEXT,
                updatedAtMs BIGINT NOT NULL
            )
            """,
            "CREATE INDEX deliveryLink_on_medusaOrder ON deliveryLink (medusaOrderId)",
            """
            CREATE TABLE pendingDelivery (
                pickingId BIGINT PRIMARY KEY,
                reason TEXT NOT NULL,
                firstSeenAtMs BIGINT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0
            )
            """,
            "CREATE INDEX orderLink_on_odooOrder ON orderLink (odooOrderId)",
            "CREATE INDEX runItem_on_medusaId ON runItem (medusaProductId, id)",
        ]),
        // Replicas: as on SQLite, plus the run lease (PostgreSQL only): one row, free when `replica` is null; its
        // expiry is the database's clock, so replicas never compare their own clocks.
        Migration(id: "v9-replicas", statements: [
            "ALTER TABLE run ADD COLUMN replica TEXT",
            """
            CREATE TABLE scheduleFire (
                name TEXT NOT NULL,
                firedAtMs BIGINT NOT NULL,
                replica TEXT NOT NULL,
                PRIMARY KEY (name, firedAtMs)
            )
            """,
            "CREATE TABLE runLease (name TEXT PRIMARY KEY, replica TEXT, runId BIGINT, expiresAt TIMESTAMPTZ)",
            "INSERT INTO runLease (name) VALUES ('run')",
        ]),
    ]
}
