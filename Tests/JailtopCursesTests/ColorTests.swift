import JailtopUI
import Testing

import JailtopCurses

/// Pure palette logic: no curses screen needed.
@Suite struct PaletteTests {
    @Test func allocatorReusesAndCaps() {
        var a = ColorPairAllocator(colorPairs: 4)  // pairs 1...3 usable
        #expect(a.capacity == 3)
        let first = a.pair(foreground: 0, background: 6)
        #expect(first?.number == 1 && first?.isNew == true)
        #expect(a.pair(foreground: 0, background: 6)?.number == 1)
        #expect(a.pair(foreground: 0, background: 6)?.isNew == false)
        #expect(a.pair(foreground: 2, background: -1)?.number == 2)
        #expect(a.pair(foreground: 1, background: -1)?.number == 3)
        #expect(a.pair(foreground: 3, background: -1) == nil)
        #expect(a.pair(foreground: 2, background: -1)?.number == 2)
        #expect(a.allocated == 3)
    }

    @Test func allocatorNeverExceedsShort() {
        #expect(ColorPairAllocator(colorPairs: 65536).capacity == Int(Int16.max))
        #expect(ColorPairAllocator(colorPairs: 0).capacity == 0)
        #expect(ColorPairAllocator(colorPairs: 1).capacity == 0)
    }

    @Test func everyRoleHasAnEntryInBothMappings() {
        for role in ColorRole.allCases {
            #expect(Theme.standard.colored[role] != nil, "\(role)")
            #expect(Theme.standard.monochrome[role] != nil, "\(role)")
        }
        #expect(Theme.standard.entry(for: .selection) == Theme.Entry(.black, .cyan))
        #expect(Theme.standard.entry(for: .functionLabel) == Theme.Entry(.black, .cyan))
        #expect(Theme.standard.entry(for: .jailStopped).foreground == .red)
        #expect(Theme.standard.entry(for: .meterLow).foreground == .green)
        #expect(Theme.standard.entry(for: .meterMedium).foreground == .yellow)
        #expect(Theme.standard.entry(for: .meterHigh).foreground == .red)
    }

    @Test func eightColourTerminalsGetBrightAsBold() {
        var p8 = ColorPalette(theme: .standard, colorCount: 8, colorPairs: 64, defaultColors: true)
        var defined: [(Int16, Int16, Int16)] = []
        let dim = p8.resolve(Style(.dim)) { defined.append(($0, $1, $2)); return true }
        #expect(dim.attributes.contains(.bold))
        #expect(defined.count == 1 && defined[0].1 == 0 && defined[0].2 == -1)

        var p16 = ColorPalette(theme: .standard, colorCount: 16, colorPairs: 256, defaultColors: true)
        defined = []
        let dim16 = p16.resolve(Style(.dim)) { defined.append(($0, $1, $2)); return true }
        #expect(!dim16.attributes.contains(.bold))
        #expect(defined.count == 1 && defined[0].1 == 8)
    }

    @Test func sameColoursShareAPairAndDefaultIsPairZero() {
        var p = ColorPalette(theme: .standard, colorCount: 8, colorPairs: 64, defaultColors: true)
        var calls = 0
        let define: (Int16, Int16, Int16) -> Bool = { _, _, _ in calls += 1; return true }
        let selection = p.resolve(Style(.selection), initPair: define)
        let button = p.resolve(Style(.dialogButtonFocused), initPair: define)  // also black on cyan
        let boldSelection = p.resolve(Style(.selection, bold: true), initPair: define)
        #expect(selection.pair == button.pair)
        #expect(boldSelection.pair == selection.pair && boldSelection.attributes.contains(.bold))
        #expect(p.resolve(Style(.normal), initPair: define).pair == 0)
        #expect(p.resolve(Style(.title), initPair: define).pair != selection.pair)
        #expect(calls == 2)
    }

    /// Issue 16 (8): the 256-colour theme draws from xterm's 256 where the terminal has them and
    /// is the standard one elsewhere; mono is attributes only on any terminal.
    @Test func the256ColourAndMonoThemes() {
        var defined: [(Int16, Int16, Int16)] = []
        var rich = ColorPalette(theme: .named(.palette256), colorCount: 256, colorPairs: 256, defaultColors: true)
        _ = rich.resolve(Style(.header)) { defined.append(($0, $1, $2)); return true }
        #expect(defined.last?.1 == ThemeColor.cube(2, 4, 5).rawValue && (defined.last?.1 ?? 0) >= 16)
        var poor = ColorPalette(theme: .named(.palette256), colorCount: 16, colorPairs: 256, defaultColors: true)
        _ = poor.resolve(Style(.header)) { defined.append(($0, $1, $2)); return true }
        #expect(defined.last?.1 == ThemeColor.cyan.rawValue)
        var mono = ColorPalette(theme: .named(.monochrome), colorCount: 256, colorPairs: 256, defaultColors: true)
        let count = defined.count
        let selection = mono.resolve(Style(.selection)) { defined.append(($0, $1, $2)); return true }
        #expect(defined.count == count && selection.pair == 0 && selection.attributes.contains(.reverse))
        #expect(mono.terminalColorCount == 256 && mono.colorCount == 0)
        #expect(ThemeColor.grey(23).rawValue == 255 && ThemeColor.cube(5, 5, 5).rawValue == 231)
    }

    @Test func withoutDefaultColoursDefaultMeansWhiteOnBlack() {
        var p = ColorPalette(theme: .standard, colorCount: 8, colorPairs: 64, defaultColors: false)
        var defined: [(Int16, Int16, Int16)] = []
        #expect(p.resolve(Style(.normal)) { defined.append(($0, $1, $2)); return true }.pair == 0)
        _ = p.resolve(Style(.header)) { defined.append(($0, $1, $2)); return true }
        #expect(defined.count == 1 && defined[0].1 == ThemeColor.cyan.rawValue && defined[0].2 == ThemeColor.black.rawValue)
    }

    @Test func runningOutOfPairsFallsBackToMonochromeAttributes() {
        var p = ColorPalette(theme: .standard, colorCount: 8, colorPairs: 2, defaultColors: true)  // one pair
        let first = p.resolve(Style(.title)) { _, _, _ in true }
        let second = p.resolve(Style(.selection)) { _, _, _ in true }
        #expect(first.pair == 1)
        #expect(second.pair == 0 && second.attributes.contains(.reverse))
    }

    @Test func monochromeUsesAttributesOnly() {
        var p = ColorPalette(theme: .standard, colorCount: 0, colorPairs: 256, defaultColors: false)
        var calls = 0
        for role in ColorRole.allCases {
            #expect(p.resolve(Style(role)) { _, _, _ in calls += 1; return true }.pair == 0)
        }
        #expect(calls == 0)
        let attrs = { (role: ColorRole) in p.resolve(Style(role)) { _, _, _ in true }.attributes }
        #expect(attrs(.selection) == .reverse)
        #expect(attrs(.title).contains(.bold))
        #expect(attrs(.warning).contains(.bold))
        #expect(attrs(.functionLabel) == .reverse)
        #expect(attrs(.normal) == [])
    }

    @Test func noColorEnvironment() {
        #expect(CursesTerminal.Options.colorsAllowed(noColorFlag: false, noColorEnvironment: nil))
        #expect(CursesTerminal.Options.colorsAllowed(noColorFlag: false, noColorEnvironment: ""))
        #expect(!CursesTerminal.Options.colorsAllowed(noColorFlag: false, noColorEnvironment: "1"))
        #expect(!CursesTerminal.Options.colorsAllowed(noColorFlag: true, noColorEnvironment: nil))
    }
}

extension CursesTests {
    /// The palette wired to a real (private) curses screen.
    @Suite struct Colors {
        @Test func capabilitiesFollowTheTerminal() throws {
            let xterm = try makeScreen(width: 10, height: 2, term: "xterm")
            #expect(xterm.capabilities == TerminalCapabilities(colors: 8, unicode: true))
            xterm.stop()
            let x256 = try makeScreen(width: 10, height: 2, term: "xterm-256color")
            #expect(x256.capabilities.colors == 256)
            x256.stop()
            let mono = try makeScreen(width: 10, height: 2, term: "xterm-256color", colors: false)
            #expect(mono.capabilities.colors == 0)
            mono.stop()
            let ascii = try makeScreen(width: 10, height: 2, ascii: true)
            #expect(!ascii.capabilities.unicode)
            ascii.stop()
        }

        @Test func unknownTerminalIsAnError() {
            #expect(throws: CursesTerminal.StartError.cannotInitialize(term: "no-such-terminal-xyz")) {
                _ = try makeScreen(width: 10, height: 2, term: "no-such-terminal-xyz")
            }
        }

        @Test func pairsAreAllocatedPerColoursUsed() throws {
            let term = try makeScreen(width: 12, height: 3, term: "xterm-256color")
            defer { term.stop() }
            var b = ScreenBuffer(width: 12, height: 3)
            b.put("sel", x: 0, y: 0, style: Style(.selection))
            b.put("btn", x: 4, y: 0, style: Style(.dialogButtonFocused))
            b.put("title", x: 0, y: 1, style: Style(.title))
            b.put("plain", x: 0, y: 2)
            term.present(b)
            let sel = try #require(term.screenCell(x: 0, y: 0))
            let btn = try #require(term.screenCell(x: 4, y: 0))
            let title = try #require(term.screenCell(x: 0, y: 1))
            let plain = try #require(term.screenCell(x: 0, y: 2))
            #expect(sel.pair != 0 && sel.pair == btn.pair)
            #expect(title.pair != 0 && title.pair != sel.pair)
            #expect(plain.pair == 0)
            #expect(term.pairColors(sel.pair) == (ThemeColor.black.rawValue, ThemeColor.cyan.rawValue))
            #expect(term.pairColors(title.pair) == (ThemeColor.black.rawValue, ThemeColor.green.rawValue))
            #expect(term.allocatedColorPairs == 2)
            // Drawing the same frame again allocates nothing new.
            term.present(b)
            #expect(term.allocatedColorPairs == 2)
        }

        @Test func everyRoleDrawsWithinThePairLimit() throws {
            let term = try makeScreen(width: 40, height: 30, term: "xterm")
            defer { term.stop() }
            var b = ScreenBuffer(width: 40, height: 30)
            for (y, role) in ColorRole.allCases.enumerated() { b.put("\(role)", x: 0, y: y, style: Style(role)) }
            term.present(b)
            #expect(term.allocatedColorPairs <= term.colorPairCapacity)
            #expect(term.colorPairCapacity == 63)  // xterm: COLOR_PAIRS 64
            #expect(term.screenLines() == b.lines)
        }

        @Test func monochromeScreenHasNoPairs() throws {
            let term = try makeScreen(width: 20, height: 4, colors: false)
            defer { term.stop() }
            var b = ScreenBuffer(width: 20, height: 4)
            b.put("selected", x: 0, y: 0, style: Style(.selection))
            b.put("TITLE", x: 0, y: 1, style: Style(.title))
            b.put("careful", x: 0, y: 2, style: Style(.warning))
            b.put("under", x: 0, y: 3, style: Style(underline: true))
            term.present(b)
            #expect(term.screenCell(x: 0, y: 0)?.pair == 0)
            #expect(term.screenCell(x: 0, y: 0)?.attributes.contains(.reverse) == true)
            #expect(term.screenCell(x: 0, y: 1)?.attributes.contains(.bold) == true)
            #expect(term.screenCell(x: 0, y: 2)?.attributes.contains(.bold) == true)
            #expect(term.screenCell(x: 0, y: 3)?.attributes == .underline)
            #expect(term.allocatedColorPairs == 0)
        }
    }
}
