import Foundation

/// Parses `2025-01-01T00:00:00+01:00` (the fixtures' and `formatFireTime`'s shape).
func isoDate(_ text: String) throws -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: text) else {
        throw BadISODate(text: text)
    }
    return date
}

struct BadISODate: Error {
    let text: String
}
