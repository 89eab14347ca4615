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
