import Testing

import JailtopCurses

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension CursesTests {
    /// Signal and stderr handling, in this process. The crash path (endwin, replay, re-raise to
    /// the Swift backtracer) needs a dying process and a real terminal: it is checked in tmux.
    @Suite struct Guard {
        @Test func quitSignalBecomesARequest() throws {
            TerminalGuard.clearQuitRequest()
            TerminalGuard.install(TerminalGuard.Options(crashSignals: false, captureStderr: false))
            defer {
                TerminalGuard.restore()
                TerminalGuard.clearQuitRequest()
            }
            // Sending SIGTERM is only safe with the handler in place (it is not if the test
            // runner started with SIGTERM ignored).
            try #require(TerminalGuard.handles(signal: SIGTERM))
            #expect(!TerminalGuard.quitRequested)
            // To the process, not this thread: test worker threads may block signals, and the
            // main thread takes it as it would in jailtop.
            kill(getpid(), SIGTERM)
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(5)
            while !TerminalGuard.quitRequested && clock.now < deadline { usleep(1000) }
            #expect(TerminalGuard.quitRequested)
            #expect(TerminalGuard.quitSignal == SIGTERM)
            #expect(TerminalGuard.signalName(SIGTERM) == "SIGTERM")
            TerminalGuard.clearQuitRequest()
            #expect(TerminalGuard.quitSignal == nil)
        }

        @Test func keyboardSignalsBelongToAForegroundChild() throws {
            TerminalGuard.clearQuitRequest()
            TerminalGuard.install(TerminalGuard.Options(crashSignals: false, captureStderr: false))
            defer {
                TerminalGuard.setChildInForeground(false)
                TerminalGuard.restore()
                TerminalGuard.clearQuitRequest()
            }
            try #require(TerminalGuard.handles(signal: SIGINT) && TerminalGuard.handles(signal: SIGTERM))
            TerminalGuard.setChildInForeground(true)
            kill(getpid(), SIGINT)
            usleep(100_000)
            #expect(!TerminalGuard.quitRequested)
            kill(getpid(), SIGTERM)
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(5)
            while !TerminalGuard.quitRequested && clock.now < deadline { usleep(1000) }
            #expect(TerminalGuard.quitSignal == SIGTERM)
        }

        @Test func restorePutsBackThePreviousHandlers() {
            TerminalGuard.install()
            #expect(TerminalGuard.isInstalled)
            #expect(TerminalGuard.handles(signal: SIGSEGV))
            #expect(TerminalGuard.handles(signal: SIGILL))
            #expect(!TerminalGuard.handles(signal: SIGWINCH))  // ncurses owns it
            #expect(!TerminalGuard.handles(signal: SIGTSTP))
            TerminalGuard.restore()
            #expect(!TerminalGuard.isInstalled)
            #expect(!TerminalGuard.handles(signal: SIGSEGV))
            #expect(!TerminalGuard.handles(signal: SIGTERM))
        }

        @Test func stderrIsCapturedWhileCursesIsUpAndReplayedAfter() throws {
            // Point fd 2 at a file we can read, for the duration of the test.
            let path = "/tmp/jailtop-test-stderr-\(getpid())"
            let sink = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
            try #require(sink >= 0)
            let original = dup(STDERR_FILENO)
            defer {
                dup2(original, STDERR_FILENO)
                close(original)
                close(sink)
                unlink(path)
            }
            dup2(sink, STDERR_FILENO)

            TerminalGuard.install(TerminalGuard.Options(quitSignals: false, crashSignals: false, captureStderr: true))
            defer { TerminalGuard.restore() }
            TerminalGuard.cursesDidStart()
            #expect(TerminalGuard.isCapturingStderr)
            writeFD(STDERR_FILENO, "warning while curses is up\n")
            #expect(readAll(path) == "")
            TerminalGuard.cursesDidStop()
            #expect(!TerminalGuard.isCapturingStderr)
            #expect(readAll(path) == "warning while curses is up\n")
            writeFD(STDERR_FILENO, "after\n")
            #expect(readAll(path) == "warning while curses is up\nafter\n")
        }

        @Test func noCaptureWithoutTheGuard() {
            #expect(!TerminalGuard.isInstalled)
            TerminalGuard.cursesDidStart()
            #expect(!TerminalGuard.isCapturingStderr)
            TerminalGuard.cursesDidStop()
        }
    }
}

func writeFD(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
}

func readAll(_ path: String) -> String {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return "<unreadable>" }
    defer { close(fd) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        out += chunk[0..<n]
    }
    return String(decoding: out, as: UTF8.self)
}
