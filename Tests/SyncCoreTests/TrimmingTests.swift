import Foundation
import Testing
@testable import SyncCore

/// `trimmedBlanks` skips Foundation only when there is nothing to trim: it must always answer what
/// `trimmingCharacters(in:)` answers.
@Suite("Trimming blanks")
struct TrimmingTests {
    static let samples = [
        "", " ", "  ", "a", " a", "a ", "\ta\t", "jane@example.com", " jane@example.com\n", "\n", "x\r\n",
        "\u{00A0}x", "x\u{3000}", "\u{2028}y", "y\u{2029}", "\u{85}z", "\u{1680}", "\u{200B}a\u{200B}", "\u{FEFF}b",
        "é ", " ü", "\u{7F}", "\u{1}a", "a\u{0}", "日本 ", "\u{202F}c\u{205F}", "👩‍👩‍👧 ", "e\u{301} ",
    ]

    @Test("same answer as trimmingCharacters", arguments: samples)
    func sameAsFoundation(_ text: String) {
        #expect(text.trimmedBlanks(.whitespaces) == text.trimmingCharacters(in: .whitespaces))
        #expect(text.trimmedBlanks(.whitespacesAndNewlines) == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
