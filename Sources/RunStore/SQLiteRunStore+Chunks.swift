import GRDB

extension SQLiteRunStore {
    /// Ids per `IN (…)`: under SQLite's limit on bound variables.
    static let idsPerStatement = 500

    /// Every row of `table` whose `column` is one of `values`, read in chunks of `idsPerStatement`.
    static func rows<Value: DatabaseValueConvertible>(_ db: Database, from table: String, where column: String,
                                                      in values: [Value]) throws -> [Row] {
        var rows: [Row] = []
        for start in stride(from: 0, to: values.count, by: idsPerStatement) {
            let chunk = Array(values[start..<min(start + idsPerStatement, values.count)])
            rows += try Row.fetchAll(
                db, sql: "SELECT * FROM \(table) WHERE \(column) IN (\(databaseQuestionMarks(count: chunk.count)))",
                arguments: StatementArguments(chunk))
        }
        return rows
    }
}
