/// Runs a base-system tool: an absolute path and an argv array (never a shell), with a
/// timeout. The seam between FreeBSD code and the real system; tests use a scripted double.
public protocol ToolRunner: Sendable {
    /// - Parameters:
    ///   - path: the tool's absolute host path (e.g. `/usr/sbin/jls`); runners apply `JAILTOP_ROOT`.
    ///   - arguments: argv after the program name.
    ///   - timeout: the tool is killed (with anything it started) after this long.
    /// - Returns: the exit status and both outputs; a non-zero exit is a result, not an error.
    /// - Throws: `ToolRunError` when the tool could not run or finish.
    func run(_ path: String, _ arguments: [String], timeout: Duration) async throws(ToolRunError) -> ToolResult

    /// The same, in a chosen locale (`run(_:_:timeout:)` is `.c`).
    func run(_ path: String, _ arguments: [String], locale: ToolLocale, timeout: Duration) async throws(ToolRunError) -> ToolResult

    /// The same, with `input` on the tool's stdin instead of /dev/null (a few KiB at most).
    func run(_ path: String, _ arguments: [String], input: [UInt8], timeout: Duration) async throws(ToolRunError) -> ToolResult

    /// The same, with stdout handed to `stream` as it is read instead of kept: the result's
    /// `stdout` is empty and `streamedBytes` counts what went by. The stream comes back with what
    /// it made of the output (a failed run's stream is lost with it).
    func run<Stream: ToolOutputStream>(
        _ path: String, _ arguments: [String], locale: ToolLocale, timeout: Duration, streamingTo stream: Stream
    ) async throws(ToolRunError) -> (result: ToolResult, stream: Stream)
}

/// Takes a tool's stdout a chunk at a time, on the thread that reads the pipe, so a large output
/// (ps on 50 000 processes: 8 MB) is parsed while the tool is still writing it, and is never held
/// whole. What it made of the bytes is its own state, read once the run is over.
public protocol ToolOutputStream: Sendable {
    /// The next bytes of stdout, in order; the buffer is only valid during the call.
    mutating func consume(_ chunk: UnsafeBufferPointer<UInt8>)

    /// stdout has ended (the tool closed it): what is left can be read to the end. Not called
    /// for a run that failed.
    mutating func end()
}

extension ToolRunner {
    /// Runners that ignore the locale (test doubles replaying recorded text) need not implement it.
    public func run(_ path: String, _ arguments: [String], locale: ToolLocale, timeout: Duration) async throws(ToolRunError) -> ToolResult {
        try await run(path, arguments, timeout: timeout)
    }

    /// Runners that answer from recordings ignore the input.
    public func run(_ path: String, _ arguments: [String], input: [UInt8], timeout: Duration) async throws(ToolRunError) -> ToolResult {
        try await run(path, arguments, timeout: timeout)
    }

    /// Runners that answer with a whole output (test doubles, recordings) hand it over at once.
    public func run<Stream: ToolOutputStream>(
        _ path: String, _ arguments: [String], locale: ToolLocale, timeout: Duration, streamingTo stream: Stream
    ) async throws(ToolRunError) -> (result: ToolResult, stream: Stream) {
        var result = try await run(path, arguments, locale: locale, timeout: timeout)
        var stream = stream
        result.stdout.withUnsafeBufferPointer { stream.consume($0) }
        stream.end()
        result.streamedBytes = result.stdout.count
        result.stdout = []
        return (result, stream)
    }
}

/// The locale environment a tool is started with. Nothing else of the caller's environment is
/// passed on, so a category not named here is the C locale's (FreeBSD's `__get_locale_env`:
/// LC_ALL, then LC_<category>, then LANG, then "C").
public enum ToolLocale: Sendable, Equatable {
    /// `LC_ALL=C`: numbers, times and characters as the C locale has them (every tool but ps).
    case c
    /// `LC_CTYPE=<name>` only: multibyte characters are decoded as UTF-8, so ps's vis(3) keeps
    /// printable characters and libxo pads by their display width; LC_NUMERIC and LC_TIME stay C.
    case utf8(ctype: String)
}

/// What a tool printed and how it ended.
public struct ToolResult: Sendable, Equatable {
    /// The exit code, or 128 + the signal number when a signal ended it (as shells report it).
    public var status: Int32
    /// What it printed on stdout; empty when stdout was streamed (`ToolOutputStream`).
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    /// How many bytes of stdout went to a stream instead of `stdout`.
    public var streamedBytes = 0

    /// Every byte printed on stdout, kept or streamed: what the run cost the host to write.
    public var stdoutBytes: Int { stdout.count + streamedBytes }

    public init(status: Int32, stdout: [UInt8] = [], stderr: [UInt8] = []) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    public init(status: Int32, stdout: String, stderr: String = "") {
        self.init(status: status, stdout: Array(stdout.utf8), stderr: Array(stderr.utf8))
    }

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// The first line of stderr, trimmed — what a pane shows when the tool failed.
    public var stderrSummary: String {
        stderrText.split(whereSeparator: \.isNewline).first.map { $0.trimmingASCIIWhitespace() } ?? ""
    }
}

/// Why a tool did not produce a result.
public enum ToolRunError: Error, Equatable, CustomStringConvertible {
    case notFound(path: String)
    case timedOut(path: String, after: Duration)
    case outputTooLarge(path: String, limit: Int)
    case launchFailed(path: String, reason: String)
    /// Reading what it printed failed (poll or read on its pipe): a partial answer is none.
    case outputUnreadable(path: String, reason: String)
    /// Not run: the same tool timed out earlier in this sample, so it was not waited on again.
    case skipped(path: String)
    /// The caller was cancelled (jailtop is quitting): the tool was stopped.
    case cancelled(path: String)

    public var description: String {
        switch self {
        case .notFound(let path): "\(path): not found or not executable"
        case .timedOut(let path, let after): "\(path) did not finish within \(after.secondsDescription) and was killed"
        case .outputTooLarge(let path, let limit): "\(path) printed more than \(limit / 1_048_576) MiB and was stopped"
        case .launchFailed(let path, let reason): "\(path) could not be started: \(reason)"
        case .outputUnreadable(let path, let reason): "\(path): its output could not be read: \(reason)"
        case .skipped(let path): "skipped: \(path) is not answering"
        case .cancelled(let path): "\(path) was stopped: jailtop is quitting"
        }
    }
}

extension Duration {
    /// `2s`, `0.5s`.
    var secondsDescription: String {
        let (s, atto) = components
        if atto == 0 { return "\(s)s" }
        let tenths = Int(atto / 100_000_000_000_000_000)
        return "\(s).\(tenths)s"
    }
}

import JailtopModel
