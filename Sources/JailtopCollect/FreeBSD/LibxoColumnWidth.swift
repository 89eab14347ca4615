/// How many terminal columns libxo counts for one character when it pads a text-mode field.
///
/// ps(1) sizes a left-aligned column by `strlen()` of its longest value (bin/ps/ps.c,
/// `format_output`), but libxo pads each value to that width in *display columns*
/// (libxo.c, `xo_format_string` → `xo_format_string_direct`): `width = xo_wcwidth(wc)`, and a
/// negative width becomes 0 for control characters (`iswcntrl`) and 1 otherwise. libxo's
/// `xo_wcwidth` is Markus Kuhn's `mk_wcwidth`. So a raw ESC in a process name occupies one byte
/// but zero columns, and the field gets one more byte of padding. This table reproduces
/// `mk_wcwidth` for the characters that matter in practice (controls, the common combining
/// ranges, East Asian wide ranges); a mismatch on an exotic name is caught by the caller's
/// checks and only moves that one row's comm/args boundary.
enum LibxoColumnWidth {
    /// Columns for a Unicode scalar value as libxo counts them in a C or UTF-8 locale.
    static func columns(of scalar: UInt32) -> Int {
        if scalar < 0x20 || scalar == 0x7F { return 0 }  // C0 controls: mk_wcwidth -1, iswcntrl → 0
        if scalar < 0x7F { return 1 }
        if scalar < 0xA0 { return 1 }  // C1: -1 from mk_wcwidth; not iswcntrl in the C locale → 1
        if scalar < 0x0300 { return 1 }
        if isCombining(scalar) { return 0 }
        if isWide(scalar) { return 2 }
        return 1
    }

    private static let combiningRanges: [ClosedRange<UInt32>] = [
        0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05BD, 0x05BF...0x05BF, 0x05C1...0x05C2,
        0x05C4...0x05C5, 0x05C7...0x05C7, 0x0600...0x0603, 0x0610...0x0615, 0x064B...0x065E,
        0x0670...0x0670, 0x06D6...0x06E4, 0x06E7...0x06E8, 0x06EA...0x06ED, 0x070F...0x070F,
        0x0711...0x0711, 0x0730...0x074A, 0x07A6...0x07B0, 0x07EB...0x07F3, 0x0901...0x0902,
        0x093C...0x093C, 0x0941...0x0948, 0x094D...0x094D, 0x0951...0x0954, 0x0962...0x0963,
        0x0E31...0x0E31, 0x0E34...0x0E3A, 0x0E47...0x0E4E, 0x1160...0x11FF, 0x200B...0x200F,
        0x202A...0x202E, 0x2060...0x2063, 0x206A...0x206F, 0x20D0...0x20EF, 0x302A...0x302F,
        0x3099...0x309A, 0xFB1E...0xFB1E, 0xFE00...0xFE0F, 0xFE20...0xFE23, 0xFEFF...0xFEFF,
        0xFFF9...0xFFFB, 0x1D167...0x1D169, 0x1D173...0x1D182, 0xE0001...0xE0001,
        0xE0020...0xE007F, 0xE0100...0xE01EF,
    ]

    private static func isCombining(_ scalar: UInt32) -> Bool {
        combiningRanges.contains { $0.contains(scalar) }
    }

    /// mk_wcwidth's East Asian wide and fullwidth ranges.
    private static func isWide(_ scalar: UInt32) -> Bool {
        guard scalar >= 0x1100 else { return false }
        return scalar <= 0x115F || scalar == 0x2329 || scalar == 0x232A
            || (0x2E80...0xA4CF).contains(scalar) && scalar != 0x303F
            || (0xAC00...0xD7A3).contains(scalar) || (0xF900...0xFAFF).contains(scalar)
            || (0xFE10...0xFE19).contains(scalar) || (0xFE30...0xFE6F).contains(scalar)
            || (0xFF00...0xFF60).contains(scalar) || (0xFFE0...0xFFE6).contains(scalar)
            || (0x20000...0x2FFFD).contains(scalar) || (0x30000...0x3FFFD).contains(scalar)
    }
}
