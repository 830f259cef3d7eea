import Foundation

/// Why `SYNC_TIMEZONE` was rejected.
public struct TimeZoneParseError: Error, CustomStringConvertible, Equatable, Sendable {
    public let name: String

    public init(name: String) {
        self.name = name
    }

    public var description: String {
        name.isEmpty
            ? "time zone is empty; use an IANA name such as Europe/Berlin or UTC"
            : "unknown time zone \"\(name)\"; use an IANA name such as Europe/Berlin or UTC"
    }
}

/// Resolves an IANA zone name (`Europe/Berlin`, `UTC`), case-sensitive as in the tz database.
///
/// Foundation also invents zones for strings such as `GMT+2`; those are rejected (their identifier
/// comes back rewritten) because a fixed offset has no DST rules and would drift by an hour.
/// `knownTimeZoneIdentifiers` is not used: on Linux it lacks current names like `Asia/Kolkata`.
public func parseTimeZone(_ name: String) throws(TimeZoneParseError) -> TimeZone {
    let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard let zone = TimeZone(identifier: trimmed), zone.identifier == trimmed || trimmed == "UTC" else {
        throw TimeZoneParseError(name: trimmed)
    }
    return zone
}
