import CNcursesw
import JailtopModel
import JailtopUI

/// The real terminal, through ncurses (htop's CRT.c): starts and stops curses, draws a
/// `ScreenBuffer` row by row and lets curses send only what changed, decodes keys and resizes.
/// Not thread-safe, like curses itself: create, use and stop it on the UI loop's thread.
public final class CursesTerminal: Terminal {
    /// Choices made once at start.
    public struct Options: Sendable, Equatable {
        /// Use colours if the terminal has them; false for `--no-color` or `NO_COLOR`.
        public var colors: Bool
        /// Draw ASCII only, even in a UTF-8 locale.
        public var forceASCII: Bool
        public var theme: Theme
        /// Take mouse presses and the wheel (off: the terminal keeps them, for selecting text).
        public var mouse: Bool

        public init(colors: Bool = true, forceASCII: Bool = false, theme: Theme = .standard, mouse: Bool = false) {
            self.colors = colors
            self.forceASCII = forceASCII
            self.theme = theme
            self.mouse = mouse
        }

        /// Options for this process: colours unless `noColorFlag` or `NO_COLOR` is set and
        /// non-empty (no-color.org).
        public static func fromEnvironment(noColorFlag: Bool = false, forceASCII: Bool = false) -> Options {
            let value = getenv("NO_COLOR").map { String(cString: $0) }
            return Options(colors: colorsAllowed(noColorFlag: noColorFlag, noColorEnvironment: value), forceASCII: forceASCII)
        }

        public static func colorsAllowed(noColorFlag: Bool, noColorEnvironment: String?) -> Bool {
            if noColorFlag { return false }
            if let value = noColorEnvironment, !value.isEmpty { return false }
            return true
        }
    }

    /// Why curses could not start.
    public enum StartError: Error, Equatable, CustomStringConvertible {
        /// Neither stdin/stdout nor /dev/tty is a terminal.
        case noTerminal
        /// `newterm` failed, usually an unknown `TERM`.
        case cannotInitialize(term: String)

        public var description: String {
            switch self {
            case .noTerminal: "not running in a terminal"
            case .cannotInitialize(let term): "cannot initialize the terminal (TERM=\(term))"
            }
        }
    }

    public let capabilities: TerminalCapabilities
    public let options: Options

    let screen: jt_screen
    private let input: UnsafeMutablePointer<FILE>
    private let output: UnsafeMutablePointer<FILE>
    private let ownsFiles: Bool
    /// false for the private screens of tests: no stderr capture, no hang-up detection.
    let managesRealTerminal: Bool
    private(set) var active = true
    /// Next present clears and redraws the whole screen (after resize or suspend).
    var needsFullRepaint = false
    var palette: ColorPalette
    /// The buffer `present` drew last and the screen size it drew it on: rows equal to it are
    /// already in stdscr and are not encoded again.
    var presented: (buffer: ScreenBuffer, screen: Size)?
    /// The rows the last `present` encoded and put (for tests of the row diff).
    package internal(set) var lastDrawnRows: [Int] = []
    /// Reused per row by `present`.
    var rowCells: [cchar_t] = []
    var wideScratch: [wchar_t] = Array(repeating: 0, count: Int(JT_CCHARW_MAX) + 1)
    /// Consecutive reads that failed at once instead of waiting: the tty is gone.
    var instantEmptyReads = 0
    /// Write end of a private screen's input pipe (tests); -1 on a real terminal.
    var feedFD: Int32 = -1

    // MARK: - Start

    /// Starts curses on the controlling terminal (stdin/stdout, or /dev/tty if they are
    /// redirected). Install `TerminalGuard` first so every exit path restores the terminal.
    /// The default options honour `NO_COLOR`; pass `.fromEnvironment(noColorFlag:forceASCII:)`
    /// to add the command line's `--no-color` / `--ascii`.
    public convenience init(options: Options = .fromEnvironment()) throws {
        Self.setLocale()
        let inputFile: UnsafeMutablePointer<FILE>
        let outputFile: UnsafeMutablePointer<FILE>
        let owns: Bool
        if isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1, let i = jt_stdin(), let o = jt_stdout() {
            (inputFile, outputFile, owns) = (i, o, false)
        } else if let i = fopen("/dev/tty", "r") {
            guard let o = fopen("/dev/tty", "w") else {
                fclose(i)
                throw StartError.noTerminal
            }
            (inputFile, outputFile, owns) = (i, o, true)
        } else {
            throw StartError.noTerminal
        }
        try self.init(input: inputFile, output: outputFile, ownsFiles: owns, term: nil, managesRealTerminal: true, options: options)
    }

    /// A private curses screen for tests (style.md §8.9): output goes to /dev/null, input comes
    /// from a pipe that `feedInput` writes to, so no terminal is needed, keys are decoded by
    /// curses exactly as if typed, and what `present` drew can be read back with `screenLines()`.
    package convenience init(privateScreen size: Size, term: String = "xterm", options: Options = Options()) throws {
        Self.setLocale()
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw StartError.noTerminal }
        guard let inputFile = fdopen(fds[0], "r") else {
            close(fds[0])
            close(fds[1])
            throw StartError.noTerminal
        }
        guard let outputFile = fopen("/dev/null", "w") else {
            fclose(inputFile)
            close(fds[1])
            throw StartError.noTerminal
        }
        do {
            try self.init(
                input: inputFile, output: outputFile, ownsFiles: true, term: term, managesRealTerminal: false,
                options: options)
        } catch {
            close(fds[1])
            throw error
        }
        feedFD = fds[1]
        resizePrivateScreen(to: size)
        flushinp()  // resizeterm queued a KEY_RESIZE
    }

    private init(
        input: UnsafeMutablePointer<FILE>, output: UnsafeMutablePointer<FILE>, ownsFiles: Bool,
        term: String?, managesRealTerminal: Bool, options: Options
    ) throws {
        guard let screen = term.map({ newterm($0, output, input) }) ?? newterm(nil, output, input) else {
            if ownsFiles {
                fclose(input)
                fclose(output)
            }
            throw StartError.cannotInitialize(term: term ?? getenv("TERM").map { String(cString: $0) } ?? "")
        }
        self.screen = screen
        self.input = input
        self.output = output
        self.ownsFiles = ownsFiles
        self.managesRealTerminal = managesRealTerminal
        self.options = options
        set_term(screen)

        let window = jt_stdscr()
        cbreak()
        noecho()
        nonl()
        intrflush(window, false)
        keypad(window, true)
        curs_set(0)
        set_escdelay(25)  // Esc alone arrives after 25 ms, not 1 s (pitfall 16)
        if options.mouse { jt_mouse_on() }
        Self.defineMissingKeys()

        var colorCount = 0
        var defaultColors = false
        if options.colors, has_colors() {
            start_color()
            defaultColors = use_default_colors() == JT_OK
            let n = Int(jt_colors())
            colorCount = n >= 256 ? 256 : n >= 16 ? 16 : n >= 8 ? 8 : 0
        }
        capabilities = TerminalCapabilities(colors: colorCount, unicode: !options.forceASCII && jt_codeset_is_utf8() != 0)
        palette = ColorPalette(theme: options.theme, colorCount: colorCount, colorPairs: Int(jt_color_pairs()), defaultColors: defaultColors)

        if managesRealTerminal { TerminalGuard.cursesDidStart() }
    }

    /// Another theme, from the next frame: the colour pairs are defined afresh and the whole
    /// screen is repainted.
    public func use(_ choice: ThemeChoice) {
        palette = ColorPalette(
            theme: .named(choice), colorCount: palette.terminalColorCount, colorPairs: palette.colorPairs, defaultColors: palette.defaultColors)
        needsFullRepaint = true
    }

    deinit { stop() }

    /// The user's character set, before curses starts (pitfall 6). Only LC_CTYPE, as htop
    /// does: numbers formatted or parsed by C code stay in the C locale.
    private static func setLocale() {
        _ = setlocale(LC_CTYPE, "")
    }

    /// Home/End/Shift-Tab sequences some terminfo entries lack (htop's CRT_init does the same).
    private static func defineMissingKeys() {
        let extra: [(String, Int)] = [
            ("\u{1B}[H", JT_KEY_HOME), ("\u{1B}[F", JT_KEY_END),
            ("\u{1B}OH", JT_KEY_HOME), ("\u{1B}OF", JT_KEY_END),
            ("\u{1B}[1~", JT_KEY_HOME), ("\u{1B}[4~", JT_KEY_END),
            ("\u{1B}[7~", JT_KEY_HOME), ("\u{1B}[8~", JT_KEY_END),
            ("\u{1B}[Z", JT_KEY_BTAB),
        ]
        for (sequence, code) in extra where key_defined(sequence) == 0 {
            define_key(sequence, Int32(code))
        }
    }

    /// Makes this terminal's screen the current one (tests may have several).
    func select() {
        set_term(screen)
    }

    // MARK: - Size

    public var size: Size {
        guard active else { return Size(width: 0, height: 0) }
        select()
        var rows: Int32 = 0
        var cols: Int32 = 0
        jt_getmaxyx(jt_stdscr(), &rows, &cols)
        return Size(width: Int(cols), height: Int(rows))
    }

    /// Resizes a private test screen as if the terminal had changed size.
    package func resizePrivateScreen(to size: Size) {
        guard active else { return }
        select()
        _ = resizeterm(Int32(clamping: size.height), Int32(clamping: size.width))
        needsFullRepaint = true
    }

    // MARK: - Suspend and stop

    /// Leaves curses for `body` (a shell inside a jail), then takes the screen back and makes
    /// the next `present` repaint everything — the curses "shell escape" idiom (pitfall 18).
    public func suspend<T>(_ body: () throws -> T) rethrows -> T {
        guard active else { return try body() }
        select()
        def_prog_mode()
        curs_set(1)
        endwin()
        if managesRealTerminal {
            TerminalGuard.cursesDidStop()
            TerminalGuard.setChildInForeground(true)
        }
        defer {
            if managesRealTerminal {
                TerminalGuard.setChildInForeground(false)
                TerminalGuard.cursesDidStart()
            }
            select()
            reset_prog_mode()
            curs_set(0)
            needsFullRepaint = true
            _ = wrefresh(jt_stdscr())
        }
        return try body()
    }

    /// Ends curses and gives the terminal back as it was: cursor visible, cooked mode, and
    /// whatever was written to stderr meanwhile replayed. Safe to call more than once.
    public func stop() {
        guard active else { return }
        active = false
        select()
        curs_set(1)
        endwin()
        if managesRealTerminal { TerminalGuard.cursesDidStop() }
        delscreen(screen)
        if ownsFiles {
            fclose(input)
            fclose(output)
        }
        if feedFD >= 0 {
            close(feedFD)
            feedFD = -1
        }
    }

    /// Curses is running (not stopped).
    public var isActive: Bool { active }
}
