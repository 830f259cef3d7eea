import Foundation

extension String {
    /// `trimmingCharacters(in: set)` for a set of blanks (`.whitespaces`, `.whitespacesAndNewlines`), without the
    /// Foundation bridge when there is nothing to trim. Planning trims every field of every order, three times per
    /// run; the bridged call was a tenth of a 1,000-order run's CPU.
    func trimmedBlanks(_ set: CharacterSet) -> String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        // Foundation's sets are wider than Unicode's White_Space (U+200B counts on Linux): only printable ASCII
        // ends are known to need nothing; anything else asks Foundation.
        if Self.isPrintableASCII(first) && Self.isPrintableASCII(last) { return self }
        return trimmingCharacters(in: set)
    }

    private static func isPrintableASCII(_ scalar: Unicode.Scalar) -> Bool { scalar.value > 0x20 && scalar.value < 0x7F }
}
