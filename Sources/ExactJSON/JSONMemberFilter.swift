/// The object members a filtered parse builds (`JSONText.parse(_:keepingMembers:)`), matched on the key's bytes:
/// most keys of a large answer are skipped, and a skipped key is never made into a `String` or hashed.
public struct JSONMemberFilter: Sendable {
    let keys: Set<String>
    /// ASCII keys by their length in bytes; each with its bytes, compared directly.
    private let byLength: [[(bytes: [UInt8], key: String)]]

    public init(_ keys: Set<String>) {
        self.keys = keys
        let ascii = keys.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
        var byLength = [[(bytes: [UInt8], key: String)]](repeating: [], count: (ascii.map(\.utf8.count).max() ?? 0) + 1)
        for key in ascii.sorted() { byLength[key.utf8.count].append((Array(key.utf8), key)) }
        self.byLength = byLength
    }

    /// The kept key spelled by `bytes[start..<end]` (plain ASCII, no escapes), nil when it is not kept.
    func match(_ bytes: [UInt8], from start: Int, to end: Int) -> String? {
        let length = end - start
        guard length < byLength.count else { return nil }
        candidates: for candidate in byLength[length] {
            for offset in 0..<length where bytes[start + offset] != candidate.bytes[offset] { continue candidates }
            return candidate.key
        }
        return nil
    }
}
