import JailtopUI
import Testing

import JailtopCurses

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything that touches curses or process-wide signal state. Curses keeps one current
/// screen per process and the guard owns signal dispositions and fd 2, so these run one at a
/// time (`.serialized` applies to the nested suites in the other files too).
@Suite(.serialized)
struct CursesTests {}

/// A private curses screen on /dev/null (style.md §8.9): no terminal needed.
func makeScreen(
    width: Int, height: Int, term: String = "xterm", colors: Bool = true, ascii: Bool = false
) throws -> CursesTerminal {
    setenv("TERM", term, 1)
    setenv("LC_ALL", "C.UTF-8", 1)
    return try CursesTerminal(
        privateScreen: Size(width: width, height: height), term: term,
        options: CursesTerminal.Options(colors: colors, forceASCII: ascii))
}

/// A buffer with the given lines written at the left edge.
func buffer(width: Int, height: Int, _ lines: [String], style: Style = .normal) -> ScreenBuffer {
    var b = ScreenBuffer(width: width, height: height)
    for (y, line) in lines.enumerated() { b.put(line, x: 0, y: y, style: style) }
    return b
}
