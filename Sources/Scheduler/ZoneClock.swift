import Foundation

/// Converts between instants and wall-clock minutes in one time zone, reporting the two
/// awkward cases cron has to decide about: a wall time that never happens (spring-forward gap)
/// and one that happens twice (fall-back overlap).
struct ZoneClock: Sendable {
    let timeZone: TimeZone

    /// UTC offset in seconds in force at `instant` (seconds since 1970).
    func offset(at instant: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
    }

    /// Every instant whose wall clock reads `wall`, earliest first: none in a gap, two in an overlap.
    func instants(showing wall: WallClockTime) -> [Int64] {
        let seconds = wall.wallSeconds
        // Offsets lie within ±26 h, so one day either side brackets any transition that matters.
        let before = offset(at: seconds - 86_400)
        let after = offset(at: seconds + 86_400)
        var found: [Int64] = []
        for candidateOffset in [before, after] {
            let instant = seconds - candidateOffset
            if offset(at: instant) == candidateOffset, !found.contains(instant) {
                found.append(instant)
            }
        }
        return found.sorted()
    }

    /// Wall-clock seconds (since 1970 on the local clock) at `instant`, fractions kept.
    func wallSeconds(at instant: Date) -> Double {
        instant.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: instant))
    }
}
