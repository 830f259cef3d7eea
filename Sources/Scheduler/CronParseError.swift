/// Why a cron expression was rejected, precise enough to fix `SYNC_SCHEDULE` without guessing.
///
/// `description` reads like `hour: value 24 is out of range 0-23`.
public struct CronParseError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        case emptyExpression
        case wrongFieldCount(Int)
        case unknownMacro(String)
        case emptyListEntry
        case invalidValue(String)
        case unknownName(String)
        case outOfRange(String, ClosedRange<Int>)
        case invalidStep(String)
        case nonPositiveStep
    }

    /// The field at fault; nil when the expression as a whole is wrong.
    public let field: CronField?
    public let reason: Reason

    public init(field: CronField?, reason: Reason) {
        self.field = field
        self.reason = reason
    }

    public var description: String {
        let message: String
        switch reason {
        case .emptyExpression:
            message = "expression is empty"
        case .wrongFieldCount(let count):
            message = "expected 5 fields, got \(count)"
        case .unknownMacro(let text):
            message = "unknown macro \"\(text)\" (known: @hourly @daily @midnight @weekly @monthly @yearly @annually)"
        case .emptyListEntry:
            message = "empty entry in list"
        case .invalidValue(let text):
            message = "invalid value \"\(text)\""
        case .unknownName(let text):
            message = "unknown name \"\(text)\""
        case .outOfRange(let text, let range):
            message = "value \(text) is out of range \(range.lowerBound)-\(range.upperBound)"
        case .invalidStep(let text):
            message = "invalid step \"\(text)\""
        case .nonPositiveStep:
            message = "step must be positive"
        }
        return field.map { "\($0.name): \(message)" } ?? message
    }
}
