import Foundation

/// Which blanks `trimmedBlanks` removes: Foundation's sets of those names.
enum Blanks {
    case whitespaces
    case whitespacesAndNewlines

    /// Built only when there is something to trim: on Linux each `CharacterSet.whitespaces` is a new set, and the
    /// caller's argument used to be built for every field of every order.
    var characterSet: CharacterSet {
        switch self {
        case .whitespaces: .whitespaces
        case .whitespacesAndNewlines: .whitespacesAndNewlines
        }
    }
}

extension String {
    /// `trimmingCharacters(in:)` for a set of blanks, without the Foundation bridge when there is nothing to trim.
    /// Planning trims every field of every order, three times per run; the bridged call was a tenth of a 1,000-order
    /// run's CPU.
    func trimmedBlanks(_ blanks: Blanks) -> String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        // Foundation's sets are wider than Unicode's White_Space (U+200B counts on Linux): only printable ASCII
        // ends are known to need nothing; anything else asks Foundation.
        if Self.isPrintableASCII(first) && Self.isPrintableASCII(last) { return self }
        return trimmingCharacters(in: blanks.characterSet)
    }

    private static func isPrintableASCII(_ scalar: Unicode.Scalar) -> Bool { scalar.value > 0x20 && scalar.value < 0x7F }
}
