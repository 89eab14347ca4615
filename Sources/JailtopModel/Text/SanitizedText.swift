/// Makes untrusted text (process names and arguments, jail names, hostnames, tool output) safe
/// to print on a terminal: control characters (C0, DEL, C1 — so ESC can never start a
/// sequence), bidirectional overrides and other invisible format characters, separators that
/// break lines, and unassigned code points each become one replacement character.
public enum SanitizedText {
    /// The text with every unsafe scalar replaced by `replacement`.
    /// - Parameter replacement: U+FFFD on UTF-8 terminals, "?" for ASCII output.
    public static func clean(_ text: String, replacement: Unicode.Scalar = "\u{FFFD}") -> String {
        // Fast path: plain printable ASCII needs no work (nearly every process name).
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(isSafe(scalar) ? scalar : replacement)
        }
        return String(out)
    }

    /// Plain-ASCII form: unsafe scalars become "?", everything non-ASCII becomes "?" too.
    public static func ascii(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(scalar.value >= 0x20 && scalar.value < 0x7F ? scalar : "?")
        }
        return String(out)
    }

    /// Whether a scalar can be printed without changing the terminal's state or layout.
    public static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { return false }
        if v < 0x7F { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse:
            return false
        default:
            return true
        }
    }
}
