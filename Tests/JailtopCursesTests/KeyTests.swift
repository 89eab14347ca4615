import JailtopUI
import Testing

import JailtopCurses

/// The decoding tables alone.
@Suite struct KeyDecodingTests {
    @Test(arguments: [
        (Int32(13), Key.enter), (10, .enter), (27, .escape), (9, .tab), (127, .backspace), (8, .backspace),
        (1, .control("a")), (3, .control("c")), (26, .control("z")), (17, .control("q")),
        (0x71, .character("q")), (0x20, .character(" ")), (0xE9, .character("é")), (0x65E5, .character("日")),
        (0x1F600, .character("😀")),
    ])
    func characters(value: Int32, key: Key) {
        #expect(CursesTerminal.decodeCharacter(value) == key)
    }

    @Test(arguments: [Int32(0), 28, 31, 0x9B, 0x202E])
    func unprintableCharactersAreIgnored(value: Int32) {
        #expect(CursesTerminal.decodeCharacter(value) == nil)
    }

    @Test func keyCodes() {
        typealias R = CursesTerminal.RawKey
        let size = { Size(width: 80, height: 24) }
        let table: [(Int32, Key)] = [
            (R.up, .up), (R.down, .down), (R.left, .left), (R.right, .right), (R.pageUp, .pageUp),
            (R.pageDown, .pageDown), (R.home, .home), (R.end, .end), (R.enter, .enter),
            (R.backspace, .backspace), (R.delete, .delete), (R.insert, .insert), (R.backTab, .backTab),
        ]
        for (code, key) in table {
            #expect(CursesTerminal.decodeKeyCode(code, size: size) == .key(key), "\(code)")
        }
        for n in Int32(1)...12 {
            #expect(CursesTerminal.decodeKeyCode(R.function(n), size: size) == .key(.function(Int(n))))
        }
        #expect(CursesTerminal.decodeKeyCode(R.function(13), size: size) == nil)
        #expect(CursesTerminal.decodeKeyCode(R.resize, size: size) == .resize(Size(width: 80, height: 24)))
    }

    @Test func timeoutsInMilliseconds() {
        #expect(CursesTerminal.milliseconds(.zero) == 0)
        #expect(CursesTerminal.milliseconds(.milliseconds(-5)) == 0)
        #expect(CursesTerminal.milliseconds(.milliseconds(250)) == 250)
        #expect(CursesTerminal.milliseconds(.microseconds(1)) == 1)
        #expect(CursesTerminal.milliseconds(.seconds(2)) == 2000)
        #expect(CursesTerminal.milliseconds(.seconds(Int64.max)) == Int32.max)
    }
}

extension CursesTests {
    /// Bytes typed into a private screen's input pipe, decoded by `nextEvent`: escape sequences
    /// go through curses' keypad matching against the xterm terminfo entry, and a lone ESC
    /// arrives after ESCDELAY.
    @Suite struct Keys {
        @Test(arguments: [
            ("\u{1B}OA", Key.up), ("\u{1B}OB", .down), ("\u{1B}OC", .right), ("\u{1B}OD", .left),
            ("\u{1B}[5~", .pageUp), ("\u{1B}[6~", .pageDown), ("\u{1B}[3~", .delete), ("\u{1B}[2~", .insert),
            ("\u{1B}OH", .home), ("\u{1B}OF", .end), ("\u{1B}[H", .home), ("\u{1B}[F", .end),
            ("\u{1B}[1~", .home), ("\u{1B}[4~", .end), ("\u{1B}[Z", .backTab),
            ("\u{1B}OP", .function(1)), ("\u{1B}[15~", .function(5)), ("\u{1B}[21~", .function(10)), ("\u{1B}[24~", .function(12)),
            ("\r", .enter), ("\n", .enter), ("\t", .tab), ("\u{7F}", .backspace), ("\u{08}", .backspace),
            ("\u{1B}", .escape), ("\u{01}", .control("a")), ("\u{0B}", .control("k")),
            ("q", .character("q")), ("/", .character("/")), ("é", .character("é")), ("日", .character("日")),
        ])
        func typed(input: String, key: Key) throws {
            let term = try makeScreen(width: 20, height: 5)
            defer { term.stop() }
            term.feedInput(input)
            #expect(term.nextEvent(timeout: .milliseconds(200)) == .key(key))
            #expect(term.nextEvent(timeout: .zero) == nil)
        }

        @Test func keyCodesPushedDirectly() throws {
            let term = try makeScreen(width: 20, height: 5)
            defer { term.stop() }
            term.injectKeyCode(CursesTerminal.RawKey.function(7))
            #expect(term.nextEvent(timeout: .milliseconds(100)) == .key(.function(7)))
            term.injectKeyCode(CursesTerminal.RawKey.pageDown)
            #expect(term.nextEvent(timeout: .milliseconds(100)) == .key(.pageDown))
        }

        @Test func severalKeysComeOutInOrderAndUnknownOnesAreSkipped() throws {
            let term = try makeScreen(width: 20, height: 5)
            defer { term.stop() }
            term.feedInput("\u{1C}jk\u{1B}OB")  // Ctrl-\ (ignored), j, k, Down
            #expect(term.nextEvent(timeout: .milliseconds(100)) == .key(.character("j")))
            #expect(term.nextEvent(timeout: .milliseconds(100)) == .key(.character("k")))
            #expect(term.nextEvent(timeout: .milliseconds(100)) == .key(.down))
        }

        @Test func nothingTypedTimesOut() throws {
            let term = try makeScreen(width: 20, height: 5)
            defer { term.stop() }
            let clock = ContinuousClock()
            let start = clock.now
            #expect(term.nextEvent(timeout: .milliseconds(50)) == nil)
            #expect(clock.now - start >= .milliseconds(40))  // it really waited
        }
    }
}
