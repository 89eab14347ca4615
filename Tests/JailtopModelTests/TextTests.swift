import Testing

@testable import JailtopModel

/// Untrusted text must never carry a terminal escape, and widths must match the terminal's.
@Suite struct TextTests {
    @Test func controlAndFormatCharactersAreReplaced() {
        #expect(SanitizedText.clean("evil\u{1B}[31mred\u{07}") == "evil\u{FFFD}[31mred\u{FFFD}")
        #expect(SanitizedText.clean("c1\u{9B}2J") == "c1\u{FFFD}2J")
        #expect(SanitizedText.clean("bidi\u{202E}txt.exe") == "bidi\u{FFFD}txt.exe")
        #expect(SanitizedText.clean("tab\tnew\nline\r") == "tab\u{FFFD}new\u{FFFD}line\u{FFFD}")
        #expect(SanitizedText.clean("plain nginx: worker") == "plain nginx: worker")
        #expect(SanitizedText.clean("日本語 jail ✓") == "日本語 jail ✓")
        #expect(SanitizedText.ascii("naïve\u{1B}") == "na?ve?")
    }

    @Test func displayWidthCountsColumns() {
        #expect(DisplayWidth.of("www") == 3)
        #expect(DisplayWidth.of("日本") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("🚀x") == 3)
        #expect(DisplayWidth.fit("日本語", columns: 5) == "日本 ")
        #expect(DisplayWidth.fit("ab", columns: 4, alignRight: true) == "  ab")
        #expect(DisplayWidth.prefix("abc", columns: 0) == "")
    }

    @Test func unitsAreShortAndTopLike() {
        #expect(Units.bytes(0) == "0")
        #expect(Units.bytes(512) == "512B")
        #expect(Units.bytes(1536) == "1.5K")
        #expect(Units.bytes(412_753_920) == "394M")
        #expect(Units.bytes(2_147_483_648) == "2.0G")
        #expect(Units.percent(12.345) == "12.3")
        #expect(Units.uptime(seconds: 3 * 86400 + 4 * 3600 + 5 * 60) == "3 days, 04:05")
        #expect(Units.uptime(seconds: 65) == "00:01")
        #expect(Units.cpuTime(7503.45) == "125:03.45")
        #expect(JailSelector("0") == .host && JailSelector("12") == .jid(12) && JailSelector("a.b") == .name("a.b"))
    }

    /// A table measures its number columns without writing the numbers: each width function
    /// says exactly what its format writes, at every boundary (a unit's switch, a digit more,
    /// rounding up to one, NaN and infinity, the clamps).
    @Test func widthsAreWhatTheFormatsWrite() {
        var doubles: [Double] = [.nan, .infinity, -.infinity, -1, 0, 0.04, 0.05, 0.5, 0.949, 0.95, 0.999, 1, 9.94, 9.95, 9.99]
        var power = 1.0
        while power < 1e22 {
            for factor in [0.9995, 1, 1.0005, 5.5, 9.9949, 9.995, 9.9999] { doubles.append(power * factor) }
            power *= 10
        }
        doubles += [59.994, 59.995, 59.999, 3599.995, 99_999.9, 99_999.96, 1e15, 1e15 + 1, .greatestFiniteMagnitude]
        for value in doubles {
            #expect(Units.percentWidth(value) == Units.percent(value).utf8.count, "percent \(value)")
            #expect(Units.cpuTimeWidth(value) == Units.cpuTime(value).utf8.count, "cpuTime \(value)")
        }
        var sizes = [Int.min, -1, 0, 1, 9, 10, 1023, 1024, 1025, 1 << 60, (1 << 60) * 7, Int.max]
        for exponent in 0...5 {
            let unit = 1 << (10 * exponent)
            for offset in [-52, -51, -1, 0, 1, 51, 52] { sizes.append(max(0, 10 * unit + offset * unit / 100)) }
            for offset in [-1, 0, 1] { sizes += [1023 * unit + offset, 1024 * unit + offset, 9 * unit + offset] }
        }
        for size in sizes { #expect(Units.bytesWidth(size) == Units.bytes(size).utf8.count, "bytes \(size)") }
        for value in [Int.min, -1_000_001, -10, -9, -1, 0, 1, 9, 10, 99, 100, 99_999, 100_000, Int.max] {
            #expect(ASCIIText.width(of: value) == String(value).utf8.count, "\(value)")
            #expect(ASCIIText.width(of: value, width: 6) == ASCIIText.make { $0.append(value, width: 6) }.utf8.count, "\(value)")
        }
    }

    /// The formats round without libm: the same whole number as `rounded()` (half away from
    /// zero) wherever they use it, ties, the doubles either side of them, and past 2^52, where
    /// every double is whole.
    @Test func roundingWithoutLibmMatchesRounded() {
        var values: [Double] = [0, 0.5, 1.5, 2.5, 0.49999999999999994, 4_503_599_627_370_495.5, 0x1p52, 0x1p52 + 1, 0x1p53 + 2, 1e17, 0x1p62]
        for whole in [0.0, 1, 2, 9, 99, 585, 999_999, 1e15] {
            for tie in [whole + 0.5, whole + 0.25, whole + 0.75] { values += [tie.nextDown, tie, tie.nextUp] }
            values += [whole.nextUp, whole]
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<10_000 { values.append(Double.random(in: 0..<1e6, using: &random)) }
        for value in values {
            #expect(Units.roundedNonNegative(value) == Int(value.rounded()), "\(value)")
        }
    }

    @Test func asciiTextWritesNumbersWithoutInterpolation() {
        #expect(ASCIIText.make { $0.append(0) } == "0")
        #expect(ASCIIText.make { $0.append(7, width: 2) } == "07")
        #expect(ASCIIText.make { $0.append(-42) } == "-42")
        #expect(ASCIIText.make { $0.append(Int.max) } == String(Int.max))
        #expect(ASCIIText.make { $0.append(Int.min) } == String(Int.min))
        #expect(ASCIIText.make { t in t.append(12); t.append(":"); t.append(3, width: 2) } == "12:03")
        // Far past the buffer: cut, never a trap.
        #expect(ASCIIText.make { t in for _ in 0..<10 { t.append(Int.max) } }.utf8.count == 40)
        // A number cut at the end keeps its first bytes, in order.
        #expect(ASCIIText.make { t in for _ in 0..<37 { t.append(UInt8(ascii: "x")) }; t.append(-1234, width: 6) }.hasSuffix("xxx-00"))
        for value in [-1_000_001, -10, -9, 0, 5, 9, 10, 99, 100, 999_999_999_999_999_999, 1_000_000_000_000_000_000] {
            for width in 1...8 {
                let digits = String(value.magnitude)
                let expected = (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
                #expect(ASCIIText.make { $0.append(value, width: width) } == expected, "\(value) width \(width)")
            }
        }
        #expect(Units.cpuTime(0.004) == "0:00.00" && Units.cpuTime(59.999) == "1:00.00")
        #expect(Units.bytes(0) == "0" && Units.bytes(1023) == "1023B" && Units.bytes(1536) == "1.5K" && Units.bytes(10 << 20) == "10M")
        #expect(Units.percent(0) == "0.0" && Units.percent(99.96) == "100.0")
    }
}
