/// A set of small non-negative integers (every cron field fits in 0...59) as a bit mask,
/// so matching and "next value at or after x" are a couple of instructions.
struct CronValueSet: Hashable, Sendable {
    var bits: UInt64 = 0

    init(bits: UInt64 = 0) {
        self.bits = bits
    }

    init<S: Sequence<Int>>(_ values: S) {
        for value in values { insert(value) }
    }

    static func all(_ range: ClosedRange<Int>) -> CronValueSet {
        CronValueSet(range)
    }

    mutating func insert(_ value: Int) {
        bits |= 1 << UInt64(value)
    }

    func contains(_ value: Int) -> Bool {
        value >= 0 && value < 64 && bits & (1 << UInt64(value)) != 0
    }

    /// The smallest member that is `>= value`, if any.
    func first(atOrAfter value: Int) -> Int? {
        guard value < 64 else { return nil }
        let masked = bits & (UInt64.max << UInt64(max(value, 0)))
        return masked == 0 ? nil : masked.trailingZeroBitCount
    }

    var first: Int? { first(atOrAfter: 0) }

    var count: Int { bits.nonzeroBitCount }

    var values: [Int] {
        (0..<64).filter { contains($0) }
    }

    func isFull(_ range: ClosedRange<Int>) -> Bool {
        self == .all(range)
    }
}
