import Testing

@testable import PostgresRunStore

/// `DATABASE_URL` as libpq reads it, and errors that never show the password.
@Suite("DATABASE_URL parsing")
struct PostgresURLTests {
    struct Valid: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: PostgresURL
        var testDescription: String { text }
    }

    static let valid: [Valid] = [
        Valid(text: "postgres://sync:secret@db.example.com:6543/shop?sslmode=require",
              expected: PostgresURL(user: "sync", password: "secret", host: "db.example.com", port: 6543, database: "shop",
                                    sslMode: .require)),
        Valid(text: "postgresql://sync@localhost/shop",
              expected: PostgresURL(user: "sync", password: nil, host: "localhost", port: 5432, database: "shop", sslMode: .prefer)),
        Valid(text: "POSTGRES://u:p%40ss%3Aw%2Frd%25@10.0.0.5/db",
              expected: PostgresURL(user: "u", password: "p@ss:w/rd%", host: "10.0.0.5", port: 5432, database: "db")),
        Valid(text: "postgres://u:p@ss@host:5433/db?sslmode=disable",
              expected: PostgresURL(user: "u", password: "p@ss", host: "host", port: 5433, database: "db", sslMode: .disable)),
        Valid(text: "postgres://u:@[::1]:5434/my%20db?sslmode=verify-full",
              expected: PostgresURL(user: "u", password: "", host: "::1", port: 5434, database: "my db", sslMode: .verifyFull)),
        Valid(text: "postgres://u:p@h/db?sslmode=verify-ca",
              expected: PostgresURL(user: "u", password: "p", host: "h", database: "db", sslMode: .verifyCA)),
        Valid(text: "postgres://u:p@h/db?sslmode=allow",
              expected: PostgresURL(user: "u", password: "p", host: "h", database: "db", sslMode: .allow)),
        Valid(text: " postgres://u:p@h/db?sslmode=prefer\n",
              expected: PostgresURL(user: "u", password: "p", host: "h", database: "db", sslMode: .prefer)),
    ]

    @Test("valid URLs", arguments: valid)
    func parses(_ row: Valid) throws {
        #expect(try PostgresURL(parsing: row.text) == row.expected)
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        var text: String
        var error: PostgresURL.ParseError
        var testDescription: String { text }
    }

    static let invalid: [Invalid] = [
        Invalid(text: "not a url hunter2", error: .notAURL),
        Invalid(text: "mysql://u:hunter2@h/db", error: .scheme("mysql")),
        Invalid(text: "postgres://u:hunter2@/db", error: .missingHost),
        Invalid(text: "postgres://:hunter2@h/db", error: .missingUser),
        Invalid(text: "postgres://h/db", error: .missingUser),
        Invalid(text: "postgres://u:hunter2@h", error: .missingDatabase),
        Invalid(text: "postgres://u:hunter2@h/", error: .missingDatabase),
        Invalid(text: "postgres://u:hunter2@h:99999/db", error: .port("99999")),
        Invalid(text: "postgres://u:hunter2@h:abc/db", error: .port("abc")),
        Invalid(text: "postgres://u:hunter2%zz@h/db", error: .encoding("password")),
        Invalid(text: "postgres://u:hunter2@h/db?sslmode=on", error: .sslMode("on")),
    ]

    @Test("malformed URLs are typed errors whose message never contains the password", arguments: invalid)
    func rejects(_ row: Invalid) {
        #expect(throws: row.error) { try PostgresURL(parsing: row.text) }
        #expect(!row.error.description.contains("hunter2"))
    }

    @Test("parameters other than sslmode (as hosted providers add them) are kept aside to be named, not used")
    func otherParameters() throws {
        let url = try PostgresURL(parsing: "postgresql://u:hunter2@ep-1.neon.tech/db?sslmode=require&channel_binding=require&connect_timeout=5")
        #expect(url.sslMode == .require)
        #expect(url.ignoredParameters == ["channel_binding", "connect_timeout"])
        #expect(try PostgresURL(parsing: "postgres://u@h/db").ignoredParameters.isEmpty)
    }

    @Test("the description and the store's location name no password")
    func descriptionHidesPassword() throws {
        let url = try PostgresURL(parsing: "postgres://sync:hunter2@db:5433/shop?sslmode=require")
        #expect(url.location == "db:5433/shop")
        #expect(url.description == "postgres://sync@db:5433/shop?sslmode=require")
        #expect(!String(reflecting: url).contains("hunter2"))
    }

    @Test("schema names are plain lower-case identifiers")
    func schemaNames() {
        #expect(PostgresRunStore.isPlainIdentifier("odoo_medusa_sync"))
        #expect(PostgresRunStore.isPlainIdentifier("_t1"))
        for bad in ["", "1abc", "Sync", "a-b", "a;drop", String(repeating: "a", count: 64), "é"] {
            #expect(!PostgresRunStore.isPlainIdentifier(bad), "\(bad)")
        }
    }
}
