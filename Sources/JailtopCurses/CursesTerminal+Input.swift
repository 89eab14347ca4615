import CNcursesw
import JailtopModel
import JailtopUI

// Keys: `wget_wch` with keypad on, so curses turns escape sequences into KEY_* codes, and
// ncurses' own SIGWINCH handler turns resizes into KEY_RESIZE (pitfall 12: never touch
// SIGWINCH or SIGTSTP here).

extension CursesTerminal {
    /// Waits up to `timeout` for a key or a resize. Returns nil on timeout, when a quit signal
    /// arrived (see `TerminalGuard.quitRequested`; the signal cuts the wait short), or when
    /// curses is stopped. Keys jailtop has no use for are skipped without ending the wait.
    public func nextEvent(timeout: Duration) -> TerminalEvent? {
        guard isActive else { return nil }
        select()
        let window = jt_stdscr()
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + max(timeout, .zero)
        while true {
            if TerminalGuard.quitRequested { return nil }
            let waitMilliseconds = Self.milliseconds(deadline - clock.now)
            var value: Int32 = 0
            let rc = Int(jt_get_wch(window, waitMilliseconds, &value))
            if rc == JT_ERR {
                noteEmptyRead(asked: waitMilliseconds, waited: clock.now - start)
                return nil
            }
            instantEmptyReads = 0
            let event: TerminalEvent?
            if rc == JT_KEY_CODE_YES {
                event = Self.decodeKeyCode(value) { [unowned self] in self.size }
            } else {
                event = Self.decodeCharacter(value).map(TerminalEvent.key)
            }
            if let event {
                if case .resize = event { needsFullRepaint = true }
                return event
            }
            if clock.now >= deadline { return nil }
        }
    }

    /// Milliseconds for `wtimeout`, rounded up so a short wait is not a busy poll.
    package static func milliseconds(_ duration: Duration) -> Int32 {
        guard duration > .zero else { return 0 }
        let (seconds, attoseconds) = duration.components
        let ms = seconds.multipliedReportingOverflow(by: 1000)
        guard !ms.overflow else { return Int32.max }
        let total = ms.partialValue + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: total)
    }

    /// A read that returns "nothing" at once, over and over, means the terminal is gone (a
    /// dropped SSH link whose SIGHUP was missed or ignored): ask for an orderly quit, as htop's
    /// ScreenManager does after 100 such reads.
    private func noteEmptyRead(asked: Int32, waited: Duration) {
        guard managesRealTerminal, asked >= 10, !TerminalGuard.quitRequested else { return }
        if waited < .milliseconds(Int64(asked) / 2) {
            instantEmptyReads += 1
            if instantEmptyReads >= 100 { TerminalGuard.requestQuit(signal: SIGHUP) }
        } else {
            instantEmptyReads = 0
        }
    }

    /// A wide character from `wget_wch` (result OK) as a key; nil for ones jailtop ignores.
    package static func decodeCharacter(_ value: Int32) -> Key? {
        switch value {
        case 13, 10: return .enter  // nonl(): Enter arrives as CR
        case 27: return .escape
        case 9: return .tab
        case 127, 8: return .backspace
        case 1...26:
            guard let letter = Unicode.Scalar(UInt32(value) + 0x60) else { return nil }
            return .control(Character(letter))
        case ..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(UInt32(bitPattern: value)), SanitizedText.isSafe(scalar) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// A KEY_* code from `wget_wch` (result KEY_CODE_YES) as an event; nil for unused keys.
    package static func decodeKeyCode(_ code: Int32, size: () -> Size) -> TerminalEvent? {
        let c = Int(code)
        let key: Key
        switch c {
        case JT_KEY_UP: key = .up
        case JT_KEY_DOWN: key = .down
        case JT_KEY_LEFT: key = .left
        case JT_KEY_RIGHT: key = .right
        case JT_KEY_PPAGE, JT_KEY_A3: key = .pageUp
        case JT_KEY_NPAGE, JT_KEY_C3: key = .pageDown
        case JT_KEY_HOME, JT_KEY_FIND, JT_KEY_A1: key = .home
        case JT_KEY_END, JT_KEY_SELECT, JT_KEY_C1: key = .end
        case JT_KEY_ENTER: key = .enter
        case JT_KEY_BACKSPACE: key = .backspace
        case JT_KEY_DC: key = .delete
        case JT_KEY_IC: key = .insert
        case JT_KEY_BTAB: key = .backTab
        case JT_KEY_RESIZE: return .resize(size())
        case JT_KEY_MOUSE:
            var x: Int32 = 0, y: Int32 = 0
            switch jt_get_mouse(&x, &y) {
            case 1: return .mouse(MouseEvent(.press, x: Int(x), y: Int(y)))
            case 2: return .mouse(MouseEvent(.wheelUp, x: Int(x), y: Int(y)))
            case 3: return .mouse(MouseEvent(.wheelDown, x: Int(x), y: Int(y)))
            default: return nil
            }
        default:
            let f0 = Int(jt_key_f(0))
            guard c > f0, c <= f0 + 12 else { return nil }
            key = .function(c - f0)
        }
        return .key(key)
    }

    /// Raw ncurses key codes, for tests that feed keys with `ungetch`.
    package enum RawKey {
        package static var up: Int32 { Int32(JT_KEY_UP) }
        package static var down: Int32 { Int32(JT_KEY_DOWN) }
        package static var left: Int32 { Int32(JT_KEY_LEFT) }
        package static var right: Int32 { Int32(JT_KEY_RIGHT) }
        package static var pageUp: Int32 { Int32(JT_KEY_PPAGE) }
        package static var pageDown: Int32 { Int32(JT_KEY_NPAGE) }
        package static var home: Int32 { Int32(JT_KEY_HOME) }
        package static var end: Int32 { Int32(JT_KEY_END) }
        package static var enter: Int32 { Int32(JT_KEY_ENTER) }
        package static var backspace: Int32 { Int32(JT_KEY_BACKSPACE) }
        package static var delete: Int32 { Int32(JT_KEY_DC) }
        package static var insert: Int32 { Int32(JT_KEY_IC) }
        package static var backTab: Int32 { Int32(JT_KEY_BTAB) }
        package static var resize: Int32 { Int32(JT_KEY_RESIZE) }
        package static func function(_ n: Int32) -> Int32 { jt_key_f(n) }
    }

    /// Pushes a KEY_* code into the input as already decoded (tests; `ungetch` input skips
    /// curses' escape-sequence matching, so use `feedInput` for typed bytes).
    package func injectKeyCode(_ code: Int32) {
        select()
        _ = ungetch(code)
    }

    /// Types `text` into a private screen's input pipe (tests): curses reads and decodes the
    /// bytes as if they came from a keyboard, escape sequences and UTF-8 included.
    package func feedInput(_ text: String) {
        guard feedFD >= 0 else { return }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(feedFD, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if n <= 0 { break }
            offset += n
        }
    }
}
