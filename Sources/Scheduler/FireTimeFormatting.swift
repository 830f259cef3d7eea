import Foundation

/// ISO 8601 with the zone's offset, e.g. `2026-03-29T03:00:00+02:00`, for the CLI and logs.
///
/// Always `+HH:MM` (UTC is `+00:00`, never `Z`) so every line has the same shape and the
/// local wall time an operator configured is visible. Seconds are truncated.
public func formatFireTime(_ date: Date, in zone: TimeZone) -> String {
    let offset = zone.secondsFromGMT(for: date)
    let wallSeconds = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(offset)
    let wall = WallClockTime(wallSeconds: wallSeconds)
    let second = Int(wallSeconds.floorModulo(60))
    let sign = offset < 0 ? "-" : "+"
    let offsetMinutes = abs(offset) / 60
    return "\(pad(wall.year, 4))-\(pad(wall.month))-\(pad(wall.day))T\(pad(wall.hour)):\(pad(wall.minute)):\(pad(second))"
        + "\(sign)\(pad(offsetMinutes / 60)):\(pad(offsetMinutes % 60))"
}

private func pad(_ value: Int, _ width: Int = 2) -> String {
    let digits = String(abs(value))
    let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
    return value < 0 ? "-" + padded : padded
}
