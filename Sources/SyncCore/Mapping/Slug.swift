/// Turns any text into `[a-z0-9]+(-[a-z0-9]+)*`: compatibility-decomposes (ﬁ → fi, é → e + accent), drops accents,
/// transliterates the few Latin letters that do not decompose (ß, æ, ø, œ, ł, đ, þ), and joins the rest with dashes.
/// Pure and deterministic on every platform, because handles must never change between runs or machines.
enum Slug {
    static func make(_ text: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in text.decomposedStringWithCompatibilityMapping.unicodeScalars {
            if isMark(scalar) || silent.contains(scalar) { continue }
            let piece = transliterations[scalar] ?? (scalar.isASCII ? String(scalar).lowercased() : "")
            if piece.isEmpty { pendingDash = true; continue }
            for character in piece.unicodeScalars {
                if ("a"..."z").contains(character) || ("0"..."9").contains(character) {
                    if pendingDash, !slug.isEmpty { slug.append("-") }
                    pendingDash = false
                    slug.unicodeScalars.append(character)
                } else {
                    pendingDash = true
                }
            }
        }
        return slug
    }

    /// Truncates to `maxLength` characters without leaving a trailing dash.
    static func truncate(_ slug: String, to maxLength: Int) -> String {
        var cut = String(slug.prefix(max(maxLength, 0)))
        while cut.hasSuffix("-") { cut.removeLast() }
        return cut
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// Apostrophes join words ("Men's" → "mens") instead of splitting them.
    private static let silent: Set<Unicode.Scalar> = ["'", "\u{2019}", "\u{02BC}"]

    private static let transliterations: [Unicode.Scalar: String] = [
        "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe",
        "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i", "ħ": "h", "Ħ": "h",
    ]
}
